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
COMMENT ON TABLE correction_rejected IS 'Lines of data/corrections.csv that are not applied (not a number, unknown code, short row …).';
