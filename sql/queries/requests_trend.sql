-- How did requests to 盐池县教育体育局 change since 2020?
SELECT year, template_version, new_received, new_received_change, round(new_received_change_rate, 3) AS change_rate,
       round(disclosure_rate, 3) AS disclosure_rate
FROM agency_metrics_yoy
WHERE agency = '盐池县教育体育局'
ORDER BY year;
