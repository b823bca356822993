-- County measures of one year and the year before over the bodies that reported in both (and of
-- one county).
SELECT *
FROM county_metrics_comparable
WHERE year = $year AND ($county IS NULL OR county = $county)
ORDER BY county, of_year;
