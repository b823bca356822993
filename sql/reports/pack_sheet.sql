-- One sheet of the pack for one year (and county), as its view prints it. {view} is the sheet's
-- view (warehouse/pack.py), {year} and {county} its Chinese year and county columns, all from the
-- project's own data; $unknown_year_too keeps the rows whose year (and county) was not told.
SELECT *
FROM {view}
WHERE ({year} = $year OR ($unknown_year_too AND {year} IS NULL))
  AND ($county IS NULL OR {county} = $county OR ($unknown_year_too AND {county} IS NULL));
