-- Whether a file (its base name, as in source_files) is known to the warehouse.
SELECT count(*) > 0 AS known
FROM source_files
WHERE source_file = $file;
