-- Lines of data/file_metadata.csv that name no report (malformed, a second line for the same
-- bytes, or the bytes of no file seen), one sentence each, as the last run found them. Kept
-- between runs: the run replaces its rows (warehouse/load.py: record_metadata_problems).
CREATE TABLE IF NOT EXISTS file_metadata_problems (
    problem VARCHAR  -- one sentence, naming the line
);

COMMENT ON TABLE file_metadata_problems IS 'Lines of data/file_metadata.csv that name no report, with why (as the last run found them).';
