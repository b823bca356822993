-- Measures per agency for one year (and county, when $county is given): townships first.
SELECT * EXCLUDE (agencies)
FROM agency_metrics
WHERE year = $year AND ($county IS NULL OR county = $county)
ORDER BY is_township DESC, agency_kind, agency;
