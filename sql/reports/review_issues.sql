-- The failed checks of the reports under review.
SELECT sha256, rule, table_code, row_code, column_code, detail
FROM validation_issues
WHERE sha256 IN (SELECT unnest($shas))
ORDER BY sha256, table_code, rule, row_code, column_code;
