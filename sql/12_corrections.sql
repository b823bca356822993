-- Analysts' corrections (data/corrections.csv), re-read on every run. A correction is a
-- layer over the extracted value: facts_long shows it, the extracted value stays in
-- fact.value and in facts_provenance. The file is read and checked line by line by
-- transform/corrections.py; the loader registers its accepted lines as incoming_corrections
-- and its rejected lines as incoming_rejected_corrections.
CREATE OR REPLACE TABLE correction AS
SELECT
    sha256,
    agency,
    CAST(year AS INTEGER) AS year,
    table_code,
    row_code,
    column_code,
    CAST(corrected_value AS DOUBLE) AS corrected_value,
    reason,
    corrected_by,
    CAST(corrected_on AS DATE) AS corrected_on,
    CAST(line AS BIGINT) AS line  -- line of the CSV after its header
FROM incoming_corrections;

-- Lines of the corrections file that are not applied, with why.
CREATE OR REPLACE TABLE correction_rejected AS
SELECT CAST(line AS BIGINT) AS line, text, problem
FROM incoming_rejected_corrections;

COMMENT ON TABLE correction IS 'Corrections recorded by analysts in data/corrections.csv, applied over the extracted values.';
COMMENT ON COLUMN correction.sha256 IS 'The report corrected, by its bytes; NULL to name it by agency and year.';
COMMENT ON COLUMN correction.agency IS 'The report corrected, by canonical agency (with year), when sha256 is empty.';
COMMENT ON COLUMN correction.year IS 'Report year, with agency.';
COMMENT ON COLUMN correction.table_code IS 'Table of the corrected cell.';
COMMENT ON COLUMN correction.row_code IS 'Row of the corrected cell.';
COMMENT ON COLUMN correction.column_code IS 'Column of the corrected cell.';
COMMENT ON COLUMN correction.corrected_value IS 'The value to use instead of the extracted one (NULL for blank).';
COMMENT ON COLUMN correction.reason IS 'Why: what the analyst checked.';
COMMENT ON COLUMN correction.corrected_by IS 'Who recorded it.';
COMMENT ON COLUMN correction.corrected_on IS 'When it was recorded.';
COMMENT ON COLUMN correction.line IS 'Line of the correction in the CSV, counting from the first after the header.';
COMMENT ON TABLE correction_rejected IS 'Lines of data/corrections.csv that are not applied (not a number, unknown code, short row …).';
COMMENT ON COLUMN correction_rejected.line IS 'Line in the CSV, counting from the first after the header.';
COMMENT ON COLUMN correction_rejected.text IS 'The line as written.';
COMMENT ON COLUMN correction_rejected.problem IS 'One sentence: why the line is not applied.';
