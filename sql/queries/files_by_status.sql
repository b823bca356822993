-- Every input file and what became of it.
SELECT status, count(*) AS files, string_agg(source_file, ', ' ORDER BY source_file) AS names
FROM source_files
GROUP BY status
ORDER BY status;
