-- Why were requests denied in 2022? The eight 不予公开 reasons, summed over the county.
SELECT v.label_zh AS reason, sum(f.value) AS requests
FROM facts_long AS f
JOIN vocabulary AS v ON v.table_code = f.table_code AND v.axis = 'row' AND v.code = f.row_code
WHERE f.table_code = 'applications' AND f.column_code = 'total' AND v.parent_code = 'denied' AND f.year = 2022
GROUP BY v.label_zh, v.ord
ORDER BY v.ord;
