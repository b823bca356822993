-- Current reports and their facts with corrections applied: the base of the contract views.

-- Loaded reports that no newer copy of the same agency and year replaces.
CREATE OR REPLACE VIEW current_report AS
SELECT *
FROM report_file
WHERE status IN ('loaded', 'loaded_with_issues')
  AND superseded_by IS NULL;

-- Every fact of a current report, with the analyst's correction where one matches
-- (by sha256, else by agency and year; the latest correction wins).
CREATE OR REPLACE VIEW fact_corrected AS
SELECT
    f.*,
    c.corrected_value,
    c.reason AS correction_reason,
    c.corrected_by,
    c.corrected_on,
    c.line AS correction_line,
    CASE WHEN c.line IS NULL THEN f.value ELSE c.corrected_value END AS current_value
FROM fact AS f
JOIN current_report AS r USING (sha256)
LEFT JOIN correction AS c
  ON c.table_code = f.table_code
 AND c.row_code = f.row_code
 AND c.column_code = f.column_code
 AND (c.sha256 = f.sha256 OR (c.sha256 IS NULL AND c.agency = r.agency AND c.year = r.year))
QUALIFY row_number() OVER (
    PARTITION BY f.sha256, f.table_code, f.row_code, f.column_code
    ORDER BY c.corrected_on DESC NULLS LAST, c.line DESC NULLS LAST
) = 1;

-- Corrections that match no fact of a current report (a typo in a code, or the report
-- was replaced): reported, never silently dropped.
CREATE OR REPLACE VIEW corrections_unmatched AS
SELECT c.*
FROM correction AS c
WHERE NOT EXISTS (
    SELECT 1 FROM fact_corrected AS f WHERE f.correction_line = c.line
);

COMMENT ON VIEW current_report IS 'Loaded reports not superseded by a newer copy of the same agency and year.';
COMMENT ON VIEW fact_corrected IS 'Facts of current reports with the matching correction, if any: value is as extracted, current_value as corrected.';
COMMENT ON VIEW corrections_unmatched IS 'Corrections in data/corrections.csv that match no fact of a current report.';
