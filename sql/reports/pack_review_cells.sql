-- The cells still to check of the reports of one year (and county), one row per cell, with its
-- reasons: the pack marks them in the table sheets.
SELECT r.agency, r.year, c.table_code, c.row_code, c.column_code,
       string_agg(DISTINCT c.detail, '；' ORDER BY c.detail) AS detail
FROM cells_to_review AS c
JOIN source_files AS r USING (sha256)
WHERE r.year = $year AND ($county IS NULL OR r.county = $county)
GROUP BY ALL
ORDER BY ALL;
