-- Failed checks of the reports of one year (and county), counted per agency and rule, with an example.
SELECT r.agency AS 机关, v.rule AS 规则, count(*) AS 条数, any_value(v.detail) AS 示例
FROM validation_issues AS v
JOIN source_files AS r USING (sha256)
WHERE r.year = $year AND ($county IS NULL OR r.county = $county)
GROUP BY ALL
ORDER BY 1, 2;
