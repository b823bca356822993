-- Migration 1: the storage tables as release 2 made them (a warehouse of that release has no
-- schema_version table and is taken to be at this version). The public interface is the views.

-- One row per input file seen by any run (the source-file dimension).
CREATE TABLE report_file (
    path             VARCHAR PRIMARY KEY,  -- path as discovered, relative to the input folder
    source_file      VARCHAR NOT NULL,     -- base name
    sha256           VARCHAR,              -- NULL only when the bytes could not be read
    status           VARCHAR NOT NULL,     -- as the pipeline decided, before cross-report checks
    detail           VARCHAR NOT NULL,
    agency           VARCHAR,
    county           VARCHAR,
    year             INTEGER,
    template_version VARCHAR,
    issuer           VARCHAR,              -- the issuer exactly as the title prints it
    pages            INTEGER,
    size_bytes       BIGINT,               -- size and modification time when processed: an
    mtime            DOUBLE,               -- unchanged file is skipped without being opened
    present          BOOLEAN NOT NULL DEFAULT true,  -- false once the file left the input folder
    pdf_date         VARCHAR,              -- when the PDF was written (its ModDate), ISO
    superseded_by    VARCHAR,              -- path of the newer report of the same agency and year
    pipeline_version VARCHAR NOT NULL,
    processed_at     TIMESTAMP NOT NULL
);

-- One row per run of the batch flow.
CREATE TABLE run (
    run_id           VARCHAR PRIMARY KEY,
    flow_run_id      VARCHAR,
    input_dir        VARCHAR NOT NULL,
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP,
    seconds          DOUBLE,
    pipeline_version VARCHAR NOT NULL,
    files_seen       INTEGER,
    files_processed  INTEGER,
    files_skipped    INTEGER,
    files_by_status  VARCHAR,   -- JSON object status → count, over the files seen
    facts_inserted   INTEGER,
    facts_replaced   INTEGER,
    error            VARCHAR    -- why the run failed; NULL when it completed
);

COMMENT ON TABLE run IS 'One row per batch run: when, what it did, and the error if it failed.';
COMMENT ON COLUMN run.run_id IS 'Identifier of the run.';
COMMENT ON COLUMN run.flow_run_id IS 'The Prefect flow run, to find its logs and artifact in the Prefect UI.';
COMMENT ON COLUMN run.input_dir IS 'Folder the run read.';
COMMENT ON COLUMN run.started_at IS 'Start (UTC).';
COMMENT ON COLUMN run.finished_at IS 'End (UTC); NULL while running or if the process died.';
COMMENT ON COLUMN run.seconds IS 'Duration.';
COMMENT ON COLUMN run.pipeline_version IS 'Extraction version of the run.';
COMMENT ON COLUMN run.files_seen IS 'PDF files found in the input folder.';
COMMENT ON COLUMN run.files_processed IS 'Files extracted in this run (new or changed, or a new pipeline version).';
COMMENT ON COLUMN run.files_skipped IS 'Files unchanged since they were processed by this pipeline version: not opened.';
COMMENT ON COLUMN run.files_by_status IS 'JSON object: status → number of the files seen.';
COMMENT ON COLUMN run.facts_inserted IS 'Facts written by this run.';
COMMENT ON COLUMN run.facts_replaced IS 'Facts of earlier runs deleted because their file was processed again.';
COMMENT ON COLUMN run.error IS 'Why the run failed; NULL when it completed.';

-- The agency dimension: one row per canonical agency name.
CREATE TABLE agency (
    agency VARCHAR PRIMARY KEY,
    county VARCHAR
);

-- One row per printed value cell of a loaded report, with its provenance.
CREATE TABLE fact (
    sha256        VARCHAR NOT NULL,
    table_code    VARCHAR NOT NULL,
    row_code      VARCHAR NOT NULL,
    column_code   VARCHAR NOT NULL,
    value         DOUBLE,
    value_kind    VARCHAR NOT NULL,  -- number | blank | not_applicable | unparsed
    printed       VARCHAR NOT NULL,  -- the cell's text exactly as extracted
    page          INTEGER NOT NULL,
    row_label     VARCHAR NOT NULL,  -- the printed label the row code was matched from
    row_method    VARCHAR NOT NULL,  -- exact | alias | no_enumerator | prefix | fuzzy
    row_distance  INTEGER NOT NULL,  -- edit distance of a fuzzy match, else 0
    column_label  VARCHAR NOT NULL,
    column_method VARCHAR NOT NULL,
    PRIMARY KEY (sha256, table_code, row_code, column_code)
);

-- One row per failed check on one report (cross-report checks are views, 30_checks.sql).
CREATE TABLE report_issue (
    sha256      VARCHAR NOT NULL,
    rule        VARCHAR NOT NULL,
    table_code  VARCHAR,
    row_code    VARCHAR,
    column_code VARCHAR,
    detail      VARCHAR NOT NULL
);

COMMENT ON TABLE report_file IS 'Every input file seen by any run, with the status the pipeline gave it (source-file dimension).';
COMMENT ON COLUMN report_file.path IS 'Path of the file relative to the input folder it was found in; the key.';
COMMENT ON COLUMN report_file.source_file IS 'Base name of the PDF.';
COMMENT ON COLUMN report_file.sha256 IS 'Hex SHA-256 of the bytes; NULL only when the file could not be read.';
COMMENT ON COLUMN report_file.status IS 'loaded, loaded_with_issues, needs_ocr, not_a_report, unreadable, encrypted or duplicate.';
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
COMMENT ON COLUMN report_file.superseded_by IS 'Path of the newer report of the same agency and year that replaces this one; NULL when current.';
COMMENT ON COLUMN report_file.pipeline_version IS 'Extraction version that produced this row.';
COMMENT ON COLUMN report_file.processed_at IS 'When the file was last processed.';
COMMENT ON TABLE agency IS 'Agency dimension: canonical agency names and their county.';
COMMENT ON COLUMN agency.agency IS 'Canonical agency name.';
COMMENT ON COLUMN agency.county IS 'County-level division the agency belongs to, or is; NULL above county level.';
COMMENT ON TABLE fact IS 'Every printed value cell of a loaded report, with its provenance.';
COMMENT ON COLUMN fact.sha256 IS 'The report (report_file.sha256).';
COMMENT ON COLUMN fact.table_code IS 'Table code from vocabulary.csv.';
COMMENT ON COLUMN fact.row_code IS 'Row code from vocabulary.csv.';
COMMENT ON COLUMN fact.column_code IS 'Column code from vocabulary.csv.';
COMMENT ON COLUMN fact.value IS 'The number as printed; NULL unless value_kind is number.';
COMMENT ON COLUMN fact.value_kind IS 'number, blank, not_applicable (/ - —) or unparsed (text where a number belongs).';
COMMENT ON COLUMN fact.printed IS 'The cell text exactly as extracted.';
COMMENT ON COLUMN fact.page IS 'Page (1-based) the cell is printed on.';
COMMENT ON COLUMN fact.row_label IS 'Printed label the row code was matched from.';
COMMENT ON COLUMN fact.row_method IS 'How the row label matched: exact, alias, no_enumerator, prefix or fuzzy.';
COMMENT ON COLUMN fact.row_distance IS 'Edit distance of a fuzzy row match, else 0.';
COMMENT ON COLUMN fact.column_label IS 'Printed header the column code was matched from.';
COMMENT ON COLUMN fact.column_method IS 'How the column header matched.';
COMMENT ON TABLE report_issue IS 'Failed checks of one report alone (identities, structure).';
COMMENT ON COLUMN report_issue.sha256 IS 'The report.';
COMMENT ON COLUMN report_issue.rule IS 'Stable rule code.';
COMMENT ON COLUMN report_issue.table_code IS 'Table concerned, NULL where the rule spans more.';
COMMENT ON COLUMN report_issue.row_code IS 'Row concerned, NULL where the rule spans more.';
COMMENT ON COLUMN report_issue.column_code IS 'Column concerned, NULL where the rule spans more.';
COMMENT ON COLUMN report_issue.detail IS 'One sentence with the numbers involved.';
