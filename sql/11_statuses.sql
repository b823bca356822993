-- The statuses of source_files (data/statuses.csv): which load facts, and their Chinese
-- labels. The loader sets the variable statuses_csv.
CREATE OR REPLACE TABLE status AS
SELECT status, CAST(loads AS BOOLEAN) AS loads, CAST(recorded AS BOOLEAN) AS recorded, label_zh, meaning
FROM read_csv(getvariable('statuses_csv'), header = true, all_varchar = true);

COMMENT ON TABLE status IS 'Every status a file can have in source_files, whether it loads facts, and its Chinese label.';
