-- Which reports do not add up, and which files could not be loaded?
SELECT source_file, status, detail
FROM source_files
WHERE status NOT IN ('loaded')
ORDER BY status, source_file;
