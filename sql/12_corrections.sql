-- Analysts' corrections (data/corrections.csv), re-read on every run. A correction is a
-- layer over the extracted value: facts_long shows it, the extracted value stays in
-- fact.value and in facts_provenance. The loader sets the variable corrections_csv.
CREATE OR REPLACE TABLE correction AS
SELECT
    nullif(trim(sha256), '') AS sha256,
    nullif(trim(agency), '') AS agency,
    TRY_CAST(year AS INTEGER) AS year,
    trim(table_code) AS table_code,
    trim(row_code) AS row_code,
    trim(column_code) AS column_code,
    TRY_CAST(corrected_value AS DOUBLE) AS corrected_value,
    reason,
    corrected_by,
    TRY_CAST(corrected_on AS DATE) AS corrected_on,
    row_number() OVER () AS line  -- line of the CSV after its header
FROM read_csv(
    getvariable('corrections_csv'),
    header = true,
    columns = {
        'sha256': 'VARCHAR', 'agency': 'VARCHAR', 'year': 'VARCHAR', 'table_code': 'VARCHAR',
        'row_code': 'VARCHAR', 'column_code': 'VARCHAR', 'corrected_value': 'VARCHAR',
        'reason': 'VARCHAR', 'corrected_by': 'VARCHAR', 'corrected_on': 'VARCHAR'
    }
);

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
