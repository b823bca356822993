-- County totals of one year beside the year before (and of one county).
SELECT *
FROM county_metrics
WHERE year IN ($year, $year - 1) AND ($county IS NULL OR county = $county)
ORDER BY county, year;
