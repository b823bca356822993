-- Every fact of the reports under review, with its box, how it was read and any correction.
SELECT
    sha256, page, table_code, row_code, column_code, printed, value_kind, value, current_value,
    row_label, row_method, column_label, column_method, ocr_confidence, x0, y0, x1, y1,
    correction_line, correction_reason, corrected_by, corrected_on
FROM facts_provenance
WHERE sha256 IN (SELECT unnest($shas))
ORDER BY sha256, page, y0, x0;
