-- Files in the input folder that another copy of the same report supersedes.
SELECT path, superseded_by
FROM report_file
WHERE superseded_by IS NOT NULL AND present
ORDER BY path;
