-- Files present in the input folder whose status loads no facts, with why: those of one year
-- ($year; NULL for every year) and those whose year could not be told.
SELECT source_file, path, year, status, detail
FROM source_files
WHERE present AND status NOT IN (SELECT status FROM status WHERE loads)
  AND ($year IS NULL OR year = $year OR year IS NULL)
ORDER BY year NULLS LAST, path;
