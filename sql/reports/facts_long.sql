-- The long facts of one year (and county).
SELECT *
FROM facts_long
WHERE year = $year AND ($county IS NULL OR county = $county)
ORDER BY ALL;
