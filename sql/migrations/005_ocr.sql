-- Migration 5: numbers read from page images, and where every number was printed. A fact read
-- by OCR keeps its lowest character confidence; every fact its cell's box on the page (PDF
-- points, origin top left); a file says whether its numbers came from its text layer or OCR.
ALTER TABLE fact ADD COLUMN ocr_confidence DOUBLE;
ALTER TABLE fact ADD COLUMN x0 DOUBLE;
ALTER TABLE fact ADD COLUMN y0 DOUBLE;
ALTER TABLE fact ADD COLUMN x1 DOUBLE;
ALTER TABLE fact ADD COLUMN y1 DOUBLE;
ALTER TABLE report_file ADD COLUMN text_source VARCHAR;
