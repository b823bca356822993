-- Failed checks of the reports of one year (and county), counted per agency and rule, with an example.
SELECT r.agency, v.rule, count(*) AS checks, any_value(v.detail) AS example
FROM validation_issues AS v
JOIN source_files AS r USING (sha256)
WHERE r.year = $year AND ($county IS NULL OR r.county = $county)
GROUP BY ALL
ORDER BY 1, 2;
