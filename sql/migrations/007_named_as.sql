-- Migration 7: the line of data/file_metadata.csv a file was processed under (agency|year|county,
-- NULL for none), so that a line added, changed or removed re-decides the report it names.
ALTER TABLE report_file ADD COLUMN named_as VARCHAR;
