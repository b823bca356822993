-- County totals for one year (and county).
SELECT *
FROM county_metrics
WHERE year = $year AND ($county IS NULL OR county = $county)
ORDER BY county;
