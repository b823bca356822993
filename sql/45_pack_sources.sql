-- What each sheet of the analyst pack shows, with English column names and codes in words
-- where a person reads them (state, status, rule and kind labels). warehouse/pack.py makes a view
-- of each, named as its sheet (指标_各机关 …), with Chinese columns and numbers as the pack
-- prints them; `ogi export` writes those views, so the pack and the views are one thing.

-- 指标_各机关: the measures of every agency and year, townships first.
CREATE OR REPLACE VIEW pack_agency_metrics AS
SELECT m.* EXCLUDE (agencies) REPLACE (k.label_zh AS agency_kind)
FROM agency_metrics AS m
LEFT JOIN agency_kind AS k ON k.agency_kind = m.agency_kind
ORDER BY m.year, m.is_township DESC, m.agency_kind, m.agency;

-- 合计_各县: the measures of every county and year.
CREATE OR REPLACE VIEW pack_county_metrics AS
SELECT *
FROM county_metrics
ORDER BY year, county;

-- 报送情况: who has reported, per county and year; bodies missing or not loaded first.
CREATE OR REPLACE VIEW pack_coverage AS
SELECT c.county, c.year, c.agency, k.label_zh AS agency_kind, c.state, s.label_zh AS state_label,
       c.status, c.source_file, c.reason
FROM reporting_coverage AS c
LEFT JOIN agency_kind AS k ON k.agency_kind = c.agency_kind
LEFT JOIN coverage_state AS s ON s.state = c.state
ORDER BY c.year, c.county, CASE c.state WHEN 'missing' THEN 0 WHEN 'not_loaded' THEN 1 ELSE 2 END,
         c.agency_kind DESC, c.agency;

-- 校验问题: every failed check of a current report.
CREATE OR REPLACE VIEW pack_issues AS
SELECT r.agency, r.county, r.year, v.source_file, v.rule, l.label_zh AS rule_label, v.table_code, v.row_code,
       v.column_code, v.detail
FROM validation_issues AS v
JOIN source_files AS r USING (sha256)
LEFT JOIN rule AS l ON l.rule = v.rule
ORDER BY r.year, r.agency, v.rule;

-- 未入库文件: files in the input folder that load nothing, with why (year NULL: not told).
CREATE OR REPLACE VIEW pack_files_not_loaded AS
SELECT f.county, f.year, f.source_file, f.path, f.status, s.label_zh AS status_label, f.detail
FROM source_files AS f
LEFT JOIN status AS s USING (status)
WHERE f.present AND NOT coalesce(s.loads, false)
ORDER BY f.year NULLS LAST, f.path;

COMMENT ON VIEW pack_agency_metrics IS 'The sheet 指标_各机关 of the pack, with English columns.';
COMMENT ON VIEW pack_county_metrics IS 'The sheet 合计_各县 of the pack, with English columns.';
COMMENT ON VIEW pack_coverage IS 'The sheet 报送情况 of the pack, with English columns.';
COMMENT ON VIEW pack_issues IS 'The sheet 校验问题 of the pack, with English columns.';
COMMENT ON VIEW pack_files_not_loaded IS 'The sheet 未入库文件 of the pack, with English columns.';
