-- How many files present have each status.
SELECT status, count(*) AS files
FROM source_files
WHERE present
GROUP BY status;
