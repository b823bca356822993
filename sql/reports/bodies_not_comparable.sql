-- Bodies of one year (and county) left out of the comparison with the year before: reported in
-- only one of the two years.
SELECT county, agency, side
FROM bodies_not_comparable
WHERE year = $year AND ($county IS NULL OR county = $county)
ORDER BY county, side, agency;
