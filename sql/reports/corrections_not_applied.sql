-- Lines of the corrections file that are not applied, with why.
SELECT line, problem
FROM corrections_unmatched
ORDER BY line;
