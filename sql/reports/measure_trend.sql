-- One measure per agency over the years up to $year (and of one county). {measure} is a
-- column of agency_metrics named in data/review_page.csv.
SELECT agency, agency_kind, year, {measure} AS measure
FROM agency_metrics
WHERE year <= $year AND ($county IS NULL OR county = $county)
ORDER BY agency, year;
