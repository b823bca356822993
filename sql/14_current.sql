-- Current reports and their facts with corrections applied: the base of the contract views.

-- Loaded reports that no newer copy of the same agency and year replaces.
CREATE OR REPLACE VIEW current_report AS
SELECT *
FROM report_file
WHERE status IN (SELECT status FROM status WHERE loads)
  AND superseded_by IS NULL;

-- Every fact of a current report, with the analyst's correction where one matches
-- (by sha256, else by agency and year; the latest correction wins).
CREATE OR REPLACE VIEW fact_corrected AS
SELECT
    f.*,
    c.corrected_value,
    c.reason AS correction_reason,
    c.corrected_by,
    c.corrected_on,
    c.line AS correction_line,
    CASE WHEN c.line IS NULL THEN f.value ELSE c.corrected_value END AS current_value
FROM fact AS f
JOIN current_report AS r USING (sha256)
LEFT JOIN correction AS c
  ON c.table_code = f.table_code
 AND c.row_code = f.row_code
 AND c.column_code = f.column_code
 AND (c.sha256 = f.sha256 OR (c.sha256 IS NULL AND c.agency = r.agency AND c.year = r.year))
QUALIFY row_number() OVER (
    PARTITION BY f.sha256, f.table_code, f.row_code, f.column_code
    ORDER BY c.corrected_on DESC NULLS LAST, c.line DESC NULLS LAST
) = 1;

-- Corrections not applied: lines rejected when the file was read (not a number, unknown
-- code, short row …) and accepted lines that match no fact of a current report (the report
-- was replaced, or named wrongly). Reported with why, never silently dropped.
CREATE OR REPLACE VIEW corrections_unmatched AS
SELECT c.*, 'The correction matches no fact of a current report.' AS problem
FROM correction AS c
WHERE NOT EXISTS (
    SELECT 1 FROM fact_corrected AS f WHERE f.correction_line = c.line
)
UNION ALL BY NAME
SELECT line, problem
FROM correction_rejected;

COMMENT ON VIEW current_report IS 'Loaded reports not superseded by a newer copy of the same agency and year.';
COMMENT ON VIEW fact_corrected IS 'Facts of current reports with the matching correction, if any: value is as extracted, current_value as corrected.';
COMMENT ON VIEW corrections_unmatched IS 'Lines of data/corrections.csv not applied: rejected when read, or matching no fact of a current report.';

-- Column comments of the views above.
COMMENT ON COLUMN current_report.path IS 'Path of the file relative to the input folder it was found in; the key.';
COMMENT ON COLUMN current_report.source_file IS 'The PDF''s base name.';
COMMENT ON COLUMN current_report.sha256 IS 'The report corrected, by its bytes; NULL to name it by agency and year.';
COMMENT ON COLUMN current_report.status IS 'loaded, loaded_with_issues, needs_ocr, not_a_report, unreadable, encrypted or duplicate.';
COMMENT ON COLUMN current_report.detail IS 'One sentence with the numbers involved.';
COMMENT ON COLUMN current_report.agency IS 'The report corrected, by canonical agency (with year), when sha256 is empty.';
COMMENT ON COLUMN current_report.county IS 'County-level division the body belongs to, or is; NULL above county level.';
COMMENT ON COLUMN current_report.year IS 'Report year, with agency.';
COMMENT ON COLUMN current_report.template_version IS 'V2019 or V2021.';
COMMENT ON COLUMN current_report.issuer IS 'Issuer exactly as the title prints it.';
COMMENT ON COLUMN current_report.pages IS 'Number of pages of the PDF.';
COMMENT ON COLUMN current_report.size_bytes IS 'File size when processed.';
COMMENT ON COLUMN current_report.mtime IS 'File modification time (seconds since the epoch) when processed.';
COMMENT ON COLUMN current_report.present IS 'Whether the last run found the file in its input folder; data of vanished files is kept.';
COMMENT ON COLUMN current_report.pdf_date IS 'When the PDF was written (ModDate, else CreationDate), ISO 8601; decides which re-published copy is current.';
COMMENT ON COLUMN current_report.superseded_by IS 'Path of the newer report of the same agency and year that replaces this one; NULL when current.';
COMMENT ON COLUMN current_report.pipeline_version IS 'Extraction version that produced this row.';
COMMENT ON COLUMN current_report.processed_at IS 'When the file was last processed.';
COMMENT ON COLUMN current_report.retry IS 'The outcome came from a cause outside the file''s bytes: the next run processes it again.';
COMMENT ON COLUMN current_report.duplicate_of IS 'For a duplicate: the path processed instead.';
COMMENT ON COLUMN current_report.superseded_why IS 'For a superseded copy: why the other copy is preferred.';
COMMENT ON COLUMN fact_corrected.sha256 IS 'The report corrected, by its bytes; NULL to name it by agency and year.';
COMMENT ON COLUMN fact_corrected.table_code IS 'Table of the corrected cell.';
COMMENT ON COLUMN fact_corrected.row_code IS 'Row of the corrected cell.';
COMMENT ON COLUMN fact_corrected.column_code IS 'Column of the corrected cell.';
COMMENT ON COLUMN fact_corrected.value IS 'The number as printed; NULL unless value_kind is number.';
COMMENT ON COLUMN fact_corrected.value_kind IS 'number, blank, not_applicable (/ - —) or unparsed (text where a number belongs).';
COMMENT ON COLUMN fact_corrected.printed IS 'The cell text exactly as extracted.';
COMMENT ON COLUMN fact_corrected.page IS 'Page (1-based) the cell is printed on.';
COMMENT ON COLUMN fact_corrected.row_label IS 'Printed label the row code was matched from.';
COMMENT ON COLUMN fact_corrected.row_method IS 'How the row label matched: exact, alias, no_enumerator, prefix or fuzzy.';
COMMENT ON COLUMN fact_corrected.row_distance IS 'Edit distance of a fuzzy row match, else 0.';
COMMENT ON COLUMN fact_corrected.column_label IS 'Printed header the column code was matched from.';
COMMENT ON COLUMN fact_corrected.column_method IS 'How the column header matched.';
COMMENT ON COLUMN fact_corrected.corrected_value IS 'The corrected value.';
COMMENT ON COLUMN fact_corrected.correction_reason IS 'Why the value was corrected (from data/corrections.csv).';
COMMENT ON COLUMN fact_corrected.corrected_by IS 'Who recorded the correction.';
COMMENT ON COLUMN fact_corrected.corrected_on IS 'When the correction was recorded.';
COMMENT ON COLUMN fact_corrected.correction_line IS 'Line of the matching correction in data/corrections.csv.';
COMMENT ON COLUMN fact_corrected.current_value IS 'The value facts_long shows: the correction where one matches, else the extracted value.';
COMMENT ON COLUMN corrections_unmatched.sha256 IS 'The report corrected, by its bytes; NULL to name it by agency and year.';
COMMENT ON COLUMN corrections_unmatched.agency IS 'The report corrected, by canonical agency (with year), when sha256 is empty.';
COMMENT ON COLUMN corrections_unmatched.year IS 'Report year, with agency.';
COMMENT ON COLUMN corrections_unmatched.table_code IS 'Table of the corrected cell.';
COMMENT ON COLUMN corrections_unmatched.row_code IS 'Row of the corrected cell.';
COMMENT ON COLUMN corrections_unmatched.column_code IS 'Column of the corrected cell.';
COMMENT ON COLUMN corrections_unmatched.corrected_value IS 'The corrected value.';
COMMENT ON COLUMN corrections_unmatched.reason IS 'Why: what the analyst checked.';
COMMENT ON COLUMN corrections_unmatched.corrected_by IS 'Who recorded the correction.';
COMMENT ON COLUMN corrections_unmatched.corrected_on IS 'When the correction was recorded.';
COMMENT ON COLUMN corrections_unmatched.line IS 'Line of the correction in the CSV after its header.';
COMMENT ON COLUMN corrections_unmatched.problem IS 'One sentence: why the line is not applied.';
