-- What did the county's bodies receive and decide, year by year?
SELECT county, year, agencies, new_received, total_handled, carried_out,
       round(disclosure_rate, 3) AS disclosure_rate, round(denied_rate, 3) AS denied_rate,
       round(disputes_per_100_handled, 2) AS disputes_per_100_handled
FROM county_metrics
ORDER BY county, year;
