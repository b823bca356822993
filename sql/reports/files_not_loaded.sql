-- Files present in the input folder whose status loads no facts, with why.
SELECT source_file, path, status, detail
FROM source_files
WHERE present AND status NOT IN (SELECT status FROM status WHERE loads)
ORDER BY path;
