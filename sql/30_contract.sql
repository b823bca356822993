-- The public contract (shared/spec/CONTRACT.md). Names and meanings here are stable.

-- Every failed check: one report's own (report_issue) and across reports (carry_over_issues).
CREATE OR REPLACE VIEW validation_issues AS
SELECT r.source_file, i.sha256, i.rule, i.table_code, i.row_code, i.column_code, i.detail
FROM report_issue AS i
JOIN current_report AS r USING (sha256)
UNION ALL
SELECT source_file, sha256, rule, table_code, row_code, column_code, detail
FROM carry_over_issues;

-- Every file seen; a loaded report with any failed check (cross-report ones included)
-- shows loaded_with_issues.
CREATE OR REPLACE VIEW source_files AS
SELECT
    r.source_file,
    r.sha256,
    CASE
        WHEN r.superseded_by IS NOT NULL THEN 'superseded'
        WHEN r.status = 'loaded'
         AND EXISTS (SELECT 1 FROM validation_issues AS v WHERE v.sha256 = r.sha256)
        THEN 'loaded_with_issues'
        ELSE r.status
    END AS status,
    CASE
        WHEN r.superseded_by IS NOT NULL
        THEN format('Superseded by {}, another copy of the {} {} report: {}.',
                    r.superseded_by, r.agency, r.year, r.superseded_why)
        ELSE r.detail
    END AS detail,
    r.path,
    r.present,
    r.agency,
    r.county,
    r.year,
    r.template_version,
    r.processed_at,
    -- where the numbers were read from: every report read so far came from its text layer
    CASE WHEN r.status IN (SELECT status FROM status WHERE loads) THEN 'text' END AS text_source
FROM report_file AS r;

-- One row per numeric cell printed in a current loaded report; value as corrected by an
-- analyst where data/corrections.csv says so (the extracted value is in facts_provenance).
CREATE OR REPLACE VIEW facts_long AS
SELECT
    r.source_file,
    f.sha256,
    r.agency,
    r.county,
    r.year,
    r.template_version,
    f.table_code,
    f.row_code,
    f.column_code,
    f.current_value AS value
FROM fact_corrected AS f
JOIN current_report AS r USING (sha256);

-- Labels matched by edit distance or by prefix, for a person to review.
CREATE OR REPLACE VIEW label_matches_to_review AS
SELECT r.source_file, f.sha256, f.page, f.table_code, f.row_code, f.column_code,
       f.row_label, f.row_method, f.row_distance, f.column_label, f.column_method
FROM fact AS f
JOIN report_file AS r ON r.sha256 = f.sha256
WHERE f.row_method IN ('fuzzy', 'prefix') OR f.column_method IN ('fuzzy', 'prefix');

-- Provenance of every fact of a current report: the printed text, how its labels were
-- matched, the extracted value and any correction over it.
CREATE OR REPLACE VIEW facts_provenance AS
SELECT r.source_file, r.agency, r.year, f.* EXCLUDE (current_value), f.current_value
FROM fact_corrected AS f
JOIN current_report AS r USING (sha256);

COMMENT ON VIEW facts_long IS 'One row per numeric cell printed in a loaded report (contract view).';
COMMENT ON COLUMN facts_long.source_file IS 'The PDF''s base name.';
COMMENT ON COLUMN facts_long.sha256 IS 'Hex SHA-256 of the PDF''s bytes.';
COMMENT ON COLUMN facts_long.agency IS 'The issuing body, canonical form.';
COMMENT ON COLUMN facts_long.county IS 'County-level division the body belongs to, or is; NULL above county level.';
COMMENT ON COLUMN facts_long.year IS 'The report year (the year reported on).';
COMMENT ON COLUMN facts_long.template_version IS 'V2019 or V2021.';
COMMENT ON COLUMN facts_long.table_code IS 'Table code from vocabulary.csv.';
COMMENT ON COLUMN facts_long.row_code IS 'Row code from vocabulary.csv.';
COMMENT ON COLUMN facts_long.column_code IS 'Column code from vocabulary.csv.';
COMMENT ON COLUMN facts_long.value IS 'The number (as corrected in data/corrections.csv, if it is); NULL where the cell is blank or marks not applicable.';
COMMENT ON VIEW source_files IS 'One row per input file seen by any run, with its status and why (contract view).';
COMMENT ON COLUMN source_files.source_file IS 'The PDF''s base name.';
COMMENT ON COLUMN source_files.sha256 IS 'Hex SHA-256 of the bytes; NULL only when the file cannot be read at all.';
COMMENT ON COLUMN source_files.status IS 'loaded, loaded_with_issues, needs_ocr, not_a_report, unidentified, unreadable, encrypted, duplicate or superseded (another copy of the same report is current).';
COMMENT ON COLUMN source_files.detail IS 'One human-readable sentence: why; for duplicate, which file it duplicates.';
COMMENT ON COLUMN source_files.path IS 'Path relative to the input folder.';
COMMENT ON COLUMN source_files.present IS 'Whether the last run still found the file; data of a vanished file is kept.';
COMMENT ON COLUMN source_files.agency IS 'Canonical agency, for loaded reports.';
COMMENT ON COLUMN source_files.county IS 'County of the agency, for loaded reports.';
COMMENT ON COLUMN source_files.year IS 'Report year, for loaded reports.';
COMMENT ON COLUMN source_files.template_version IS 'Template version, for loaded reports.';
COMMENT ON COLUMN source_files.processed_at IS 'When the file was last processed.';
COMMENT ON COLUMN source_files.text_source IS 'text: the numbers were read from the PDF''s own text layer; ocr: from page images; NULL for a file whose numbers were not read.';
COMMENT ON VIEW validation_issues IS 'One row per failed check on a loaded report (contract view).';
COMMENT ON COLUMN validation_issues.source_file IS 'The report''s base name.';
COMMENT ON COLUMN validation_issues.sha256 IS 'The report''s SHA-256.';
COMMENT ON COLUMN validation_issues.rule IS 'Stable rule code, e.g. applications_balance.';
COMMENT ON COLUMN validation_issues.table_code IS 'Where; NULL where the rule spans more.';
COMMENT ON COLUMN validation_issues.row_code IS 'Where; NULL where the rule spans more.';
COMMENT ON COLUMN validation_issues.column_code IS 'Where; NULL where the rule spans more.';
COMMENT ON COLUMN validation_issues.detail IS 'One sentence with the numbers involved.';
COMMENT ON VIEW label_matches_to_review IS 'Facts whose row or column label was matched by edit distance or prefix: to be reviewed by a person.';
COMMENT ON VIEW facts_provenance IS 'Every fact with its page, printed text and how its labels were matched.';

-- The runs, newest first.
CREATE OR REPLACE VIEW runs AS
SELECT * FROM run ORDER BY started_at DESC;

COMMENT ON VIEW runs IS 'Every batch run, newest first: duration, files by status, facts inserted and replaced, error.';

-- Column comments of the views above.
COMMENT ON COLUMN facts_provenance.source_file IS 'The PDF''s base name.';
COMMENT ON COLUMN facts_provenance.agency IS 'The report corrected, by canonical agency (with year), when sha256 is empty.';
COMMENT ON COLUMN facts_provenance.year IS 'Report year, with agency.';
COMMENT ON COLUMN facts_provenance.sha256 IS 'The report corrected, by its bytes; NULL to name it by agency and year.';
COMMENT ON COLUMN facts_provenance.table_code IS 'Table of the corrected cell.';
COMMENT ON COLUMN facts_provenance.row_code IS 'Row of the corrected cell.';
COMMENT ON COLUMN facts_provenance.column_code IS 'Column of the corrected cell.';
COMMENT ON COLUMN facts_provenance.value IS 'The number as printed; NULL unless value_kind is number.';
COMMENT ON COLUMN facts_provenance.value_kind IS 'number, blank, not_applicable (/ - —) or unparsed (text where a number belongs).';
COMMENT ON COLUMN facts_provenance.printed IS 'The cell text exactly as extracted.';
COMMENT ON COLUMN facts_provenance.page IS 'Page (1-based) the cell is printed on.';
COMMENT ON COLUMN facts_provenance.row_label IS 'Printed label the row code was matched from.';
COMMENT ON COLUMN facts_provenance.row_method IS 'How the row label matched: exact, alias, no_enumerator, prefix or fuzzy.';
COMMENT ON COLUMN facts_provenance.row_distance IS 'Edit distance of a fuzzy row match, else 0.';
COMMENT ON COLUMN facts_provenance.column_label IS 'Printed header the column code was matched from.';
COMMENT ON COLUMN facts_provenance.column_method IS 'How the column header matched.';
COMMENT ON COLUMN facts_provenance.corrected_value IS 'The corrected value.';
COMMENT ON COLUMN facts_provenance.correction_reason IS 'Why the value was corrected (from data/corrections.csv).';
COMMENT ON COLUMN facts_provenance.corrected_by IS 'Who recorded the correction.';
COMMENT ON COLUMN facts_provenance.corrected_on IS 'When the correction was recorded.';
COMMENT ON COLUMN facts_provenance.correction_line IS 'Line of the matching correction in data/corrections.csv.';
COMMENT ON COLUMN facts_provenance.current_value IS 'The value facts_long shows: the correction where one matches, else the extracted value.';
COMMENT ON COLUMN label_matches_to_review.source_file IS 'The PDF''s base name.';
COMMENT ON COLUMN label_matches_to_review.sha256 IS 'The report corrected, by its bytes; NULL to name it by agency and year.';
COMMENT ON COLUMN label_matches_to_review.page IS 'Page (1-based) the cell is printed on.';
COMMENT ON COLUMN label_matches_to_review.table_code IS 'Table of the corrected cell.';
COMMENT ON COLUMN label_matches_to_review.row_code IS 'Row of the corrected cell.';
COMMENT ON COLUMN label_matches_to_review.column_code IS 'Column of the corrected cell.';
COMMENT ON COLUMN label_matches_to_review.row_label IS 'Printed label the row code was matched from.';
COMMENT ON COLUMN label_matches_to_review.row_method IS 'How the row label matched: exact, alias, no_enumerator, prefix or fuzzy.';
COMMENT ON COLUMN label_matches_to_review.row_distance IS 'Edit distance of a fuzzy row match, else 0.';
COMMENT ON COLUMN label_matches_to_review.column_label IS 'Printed header the column code was matched from.';
COMMENT ON COLUMN label_matches_to_review.column_method IS 'How the column header matched.';
COMMENT ON COLUMN runs.run_id IS 'Identifier of the run.';
COMMENT ON COLUMN runs.flow_run_id IS 'The Prefect flow run, to find its logs and artifact in the Prefect UI.';
COMMENT ON COLUMN runs.input_dir IS 'Folder the run read.';
COMMENT ON COLUMN runs.started_at IS 'Start (UTC).';
COMMENT ON COLUMN runs.finished_at IS 'End (UTC); NULL while running or if the process died.';
COMMENT ON COLUMN runs.seconds IS 'Duration.';
COMMENT ON COLUMN runs.pipeline_version IS 'Extraction version that produced this row.';
COMMENT ON COLUMN runs.files_seen IS 'PDF files found in the input folder.';
COMMENT ON COLUMN runs.files_processed IS 'Files extracted in this run (new or changed, or a new pipeline version).';
COMMENT ON COLUMN runs.files_skipped IS 'Files unchanged since they were processed by this pipeline version: not opened.';
COMMENT ON COLUMN runs.files_by_status IS 'JSON object: status → number of the files seen.';
COMMENT ON COLUMN runs.facts_inserted IS 'Facts written by this run.';
COMMENT ON COLUMN runs.facts_replaced IS 'Facts of earlier runs deleted because their file was processed again.';
COMMENT ON COLUMN runs.error IS 'Why the run failed; NULL when it completed.';
COMMENT ON COLUMN runs.files_errored IS 'Files this program''s own code failed on (a defect to report; they are tried again next run).';
COMMENT ON COLUMN runs.paths_skipped IS 'Paths named *.pdf that are not regular files inside the input folder, logged and skipped.';
