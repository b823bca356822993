-- Which townships had the highest 不予公开率 (share of handled requests denied) in 2022?
SELECT agency, new_received, total_handled, round(denied_rate, 3) AS denied_rate, rank_denied_rate
FROM township_ranks
WHERE year = 2022
ORDER BY rank_denied_rate, agency;
