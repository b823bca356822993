-- Who has reported, per county and year: every body that published a report that year or
-- before, reported / not_loaded (with why) / missing.
SELECT county, year, agency, agency_kind, state, status, reason
FROM reporting_coverage
ORDER BY county, year, state DESC, agency;
