-- Who has reported in one year (and county): bodies missing or not loaded first, then by kind.
SELECT county, year, agency, agency_kind, state, status, source_file, reason
FROM reporting_coverage
WHERE year = $year AND ($county IS NULL OR county = $county)
ORDER BY county, CASE state WHEN 'missing' THEN 0 WHEN 'not_loaded' THEN 1 ELSE 2 END, agency_kind DESC, agency;
