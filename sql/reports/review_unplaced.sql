-- The printed values of the reports under review that no row and column were found for.
SELECT sha256, table_code, page, printed, labels, x0, y0, x1, y1
FROM unplaced_values
WHERE sha256 IN (SELECT unnest($shas))
ORDER BY sha256, page, y0, x0;
