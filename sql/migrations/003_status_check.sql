-- Migration 3: a recorded status is one of the contract's codes (data/statuses.csv, rows with
-- recorded = true; superseded is decided in the views). DuckDB cannot add a CHECK to an
-- existing table, so report_file is rebuilt with it, columns and rows unchanged.
CREATE TABLE report_file_checked (
    path             VARCHAR PRIMARY KEY,
    source_file      VARCHAR NOT NULL,
    sha256           VARCHAR,
    status           VARCHAR NOT NULL CHECK (status IN ('loaded', 'loaded_with_issues', 'needs_ocr', 'not_a_report',
                                                        'unidentified', 'unreadable', 'encrypted', 'duplicate')),
    detail           VARCHAR NOT NULL,
    agency           VARCHAR,
    county           VARCHAR,
    year             INTEGER,
    template_version VARCHAR,
    issuer           VARCHAR,
    pages            INTEGER,
    size_bytes       BIGINT,
    mtime            DOUBLE,
    present          BOOLEAN NOT NULL DEFAULT true,
    pdf_date         VARCHAR,
    superseded_by    VARCHAR,
    pipeline_version VARCHAR NOT NULL,
    processed_at     TIMESTAMP NOT NULL,
    retry            BOOLEAN DEFAULT false,
    duplicate_of     VARCHAR,
    superseded_why   VARCHAR
);

INSERT INTO report_file_checked BY NAME SELECT * FROM report_file;
DROP TABLE report_file;
ALTER TABLE report_file_checked RENAME TO report_file;

COMMENT ON TABLE report_file IS 'Every input file seen by any run, with the status the pipeline gave it (source-file dimension).';
COMMENT ON COLUMN report_file.path IS 'Path of the file relative to the input folder it was found in; the key.';
COMMENT ON COLUMN report_file.source_file IS 'Base name of the PDF.';
COMMENT ON COLUMN report_file.sha256 IS 'Hex SHA-256 of the bytes; NULL only when the file could not be read.';
COMMENT ON COLUMN report_file.status IS 'loaded, loaded_with_issues, needs_ocr, not_a_report, unidentified, unreadable, encrypted or duplicate (data/statuses.csv).';
COMMENT ON COLUMN report_file.detail IS 'One sentence: why this status.';
COMMENT ON COLUMN report_file.agency IS 'Canonical agency name (contract rules) taken from the title.';
COMMENT ON COLUMN report_file.county IS 'County-level division of the agency; NULL above county level.';
COMMENT ON COLUMN report_file.year IS 'Year reported on, from the title.';
COMMENT ON COLUMN report_file.template_version IS 'V2019 or V2021, detected from the printed labels.';
COMMENT ON COLUMN report_file.issuer IS 'Issuer exactly as the title prints it.';
COMMENT ON COLUMN report_file.pages IS 'Number of pages of the PDF.';
COMMENT ON COLUMN report_file.size_bytes IS 'File size when processed.';
COMMENT ON COLUMN report_file.mtime IS 'File modification time (seconds since the epoch) when processed.';
COMMENT ON COLUMN report_file.present IS 'Whether the last run found the file in its input folder; data of vanished files is kept.';
COMMENT ON COLUMN report_file.pdf_date IS 'When the PDF was written (ModDate, else CreationDate), ISO 8601; decides which re-published copy is current.';
COMMENT ON COLUMN report_file.superseded_by IS 'Path of the copy of the same report (county, agency, year) that replaces this one; NULL when current.';
COMMENT ON COLUMN report_file.pipeline_version IS 'Extraction version that produced this row.';
COMMENT ON COLUMN report_file.processed_at IS 'When the file was last processed.';
COMMENT ON COLUMN report_file.retry IS 'The outcome came from a cause outside the file''s bytes (time or memory limit, permissions, a dead worker, a defect): the next run processes the file again.';
COMMENT ON COLUMN report_file.duplicate_of IS 'For a duplicate: the path of the file with the same bytes that is processed instead.';
COMMENT ON COLUMN report_file.superseded_why IS 'For a superseded copy: why the other copy is preferred.';
