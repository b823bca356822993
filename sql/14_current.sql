-- Current reports and their facts with corrections applied: the base of the contract views.

-- Loaded reports that no newer copy of the same agency and year replaces.
CREATE OR REPLACE VIEW current_report AS
SELECT *
FROM report_file
WHERE status IN (SELECT status FROM status WHERE loads)
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

-- Corrections not applied: lines rejected when the file was read (not a number, unknown
-- code, short row …) and accepted lines that match no fact of a current report (the report
-- was replaced, or named wrongly). Reported with why, never silently dropped.
CREATE OR REPLACE VIEW corrections_unmatched AS
SELECT c.*, msg('sql_correction_unmatched') AS problem
FROM correction AS c
WHERE NOT EXISTS (
    SELECT 1 FROM fact_corrected AS f WHERE f.correction_line = c.line
)
UNION ALL BY NAME
SELECT line, problem
FROM correction_rejected;

COMMENT ON VIEW current_report IS 'Loaded reports not superseded by a newer copy of the same agency and year.';
COMMENT ON VIEW fact_corrected IS 'Facts of current reports with the matching correction, if any: value is as extracted, current_value as corrected.';
COMMENT ON VIEW corrections_unmatched IS 'Lines of data/corrections.csv not applied: rejected when read, or matching no fact of a current report.';
