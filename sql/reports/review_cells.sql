-- The cells to review of the reports under review, with why.
SELECT sha256, table_code, row_code, column_code, reason, detail
FROM cells_to_review
WHERE sha256 IN (SELECT unnest($shas))
ORDER BY sha256, table_code, row_code, column_code, reason;
