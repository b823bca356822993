-- Migration 5: numbers read from page images. A fact read by OCR keeps its lowest character
-- confidence; a file says whether its numbers came from its text layer or from OCR.
ALTER TABLE fact ADD COLUMN ocr_confidence DOUBLE;
ALTER TABLE report_file ADD COLUMN text_source VARCHAR;
