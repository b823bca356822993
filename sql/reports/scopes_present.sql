-- The counties and years the warehouse holds current reports of, and how many: what a command
-- asked for a county or year with no data names instead.
SELECT coalesce(county, '') AS county, year, count(*) AS reports
FROM current_report
GROUP BY ALL
ORDER BY county, year;
