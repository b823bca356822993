-- Requests received (一、本年新收, all requester types) per agency and year:
-- the first cross-township comparison an analyst makes.
SELECT
    agency,
    year,
    template_version,
    max(value) FILTER (WHERE row_code = 'new_received') AS new_received,
    max(value) FILTER (WHERE row_code = 'total_handled') AS total_handled,
    max(value) FILTER (WHERE row_code = 'granted') AS granted
FROM facts_long
WHERE table_code = 'applications'
  AND column_code = 'total'
GROUP BY agency, year, template_version
ORDER BY agency, year;
