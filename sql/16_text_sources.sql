-- Where a report's numbers were read from (data/text_sources.csv), and how exact each source is:
-- of two copies of one report in different formats, the more exact one (lower `exactness`) is
-- current (sql/after_run/supersede.sql). The loader sets the variable text_sources_csv.
CREATE OR REPLACE TABLE text_source AS
SELECT text_source, CAST(exactness AS INTEGER) AS exactness, label_zh, meaning
FROM read_csv(getvariable('text_sources_csv'), header = true, all_varchar = true);

COMMENT ON TABLE text_source IS 'Where a report''s numbers can be read from (web page, Word document, PDF text layer, copied text, OCR), how exact each is, and its Chinese label.';
