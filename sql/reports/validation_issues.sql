-- Failed checks of the reports of one year (and county).
SELECT r.agency, r.year, v.source_file, v.rule, v.table_code, v.row_code, v.column_code, v.detail
FROM validation_issues AS v
JOIN source_files AS r USING (sha256)
WHERE r.year = $year AND ($county IS NULL OR r.county = $county)
ORDER BY r.agency, v.rule;
