-- One statistical table as printed, every agency of one year (and county), rows in printed
-- order. {view} is a generated *_wide view (sql/35_tables_wide.sql), named from data/tables.csv.
SELECT *
FROM {view}
WHERE year = $year AND ($county IS NULL OR county = $county)
ORDER BY agency, row_ord;
