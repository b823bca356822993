-- The analyst layer: reports read back as printed, the usual measures per agency and
-- year, county totals, township ranks and year-over-year change.
--
-- Comparability of the two templates: table 二 measures different things in V2019 and
-- V2021 (other columns), so no measure here uses it across templates. Table 三 is the
-- same in both except （六）其他处理, one row in V2019 and three in V2021: measures use
-- it at its total level only (other_handling, or the sum of its three sub-rows).
-- A ratio whose denominator is 0 is NULL. Blank and "/" cells count as 0 in sums.

-- The counts the measures are made of, one row per agency and year (table 三 totals column
-- and table 四). Blank and "/" cells count as 0.
CREATE OR REPLACE VIEW agency_counts AS
WITH cells AS (
    SELECT f.*, coalesce(f.value, 0) AS amount, v.parent_code
    FROM facts_long AS f
    JOIN vocabulary AS v ON v.table_code = f.table_code AND v.axis = 'row' AND v.code = f.row_code
)
SELECT
    agency,
    any_value(county) AS county,
    year,
    any_value(template_version) AS template_version,
    any_value(source_file) AS source_file,
    1 AS agencies,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'new_received') AS new_received,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'carried_in') AS carried_in,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'total_handled') AS total_handled,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'carried_out') AS carried_out,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'granted') AS granted,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'partially_granted') AS partially_granted,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND parent_code = 'denied') AS denied,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'denied_state_secret') AS denied_state_secret,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'denied_prohibited_by_law') AS denied_prohibited_by_law,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'denied_security_stability') AS denied_security_stability,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'denied_third_party_rights') AS denied_third_party_rights,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'denied_internal_affairs') AS denied_internal_affairs,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'denied_process_info') AS denied_process_info,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'denied_enforcement_file') AS denied_enforcement_file,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'denied_admin_query') AS denied_admin_query,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND parent_code = 'unable') AS unable,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND row_code = 'unable_not_held') AS unable_not_held,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND parent_code = 'not_processed') AS not_processed,
    sum(amount) FILTER (WHERE table_code = 'applications' AND column_code = 'total' AND (row_code = 'other_handling' OR parent_code = 'other_handling')) AS other_handling,
    sum(amount) FILTER (WHERE table_code = 'applications' AND row_code = 'new_received'
                        AND column_code IN ('commercial_enterprise', 'research_institution', 'social_welfare_org',
                                            'legal_service_org', 'other_org')) AS new_from_legal_persons,
    sum(amount) FILTER (WHERE table_code = 'applications' AND row_code = 'new_received'
                        AND column_code = 'legal_service_org') AS new_from_legal_services,
    sum(amount) FILTER (WHERE table_code = 'review_litigation' AND column_code = 'total'
                        AND row_code = 'administrative_review') AS reviews,
    sum(amount) FILTER (WHERE table_code = 'review_litigation' AND column_code = 'total'
                        AND row_code IN ('litigation_direct', 'litigation_after_review')) AS lawsuits,
    sum(amount) FILTER (WHERE table_code = 'review_litigation' AND row_code = 'administrative_review'
                        AND column_code = 'corrected') AS reviews_corrected,
    sum(amount) FILTER (WHERE table_code = 'review_litigation' AND row_code = 'administrative_review'
                        AND column_code IN ('upheld', 'corrected', 'other_result')) AS reviews_decided,
    sum(amount) FILTER (WHERE table_code = 'review_litigation'
                        AND row_code IN ('litigation_direct', 'litigation_after_review')
                        AND column_code = 'corrected') AS lawsuits_lost,
    sum(amount) FILTER (WHERE table_code = 'review_litigation'
                        AND row_code IN ('litigation_direct', 'litigation_after_review')
                        AND column_code IN ('upheld', 'corrected', 'other_result')) AS lawsuits_decided
FROM cells
GROUP BY agency, year;

-- The same counts for every county and year (the sum over its agencies).
CREATE OR REPLACE VIEW county_counts AS
SELECT
    county,
    year,
    sum(agencies) AS agencies,
    sum(COLUMNS(* EXCLUDE (agency, county, year, template_version, source_file, agencies)))
FROM agency_counts
WHERE county IS NOT NULL
GROUP BY county, year;

-- Two years of a county over the same bodies, for a comparison that is true: for each county
-- and year, the bodies that reported both that year and the year before, and their counts
-- summed in each of the two years (of_year). A body that reported in one year only is in
-- neither sum (bodies_not_comparable lists them).
CREATE OR REPLACE VIEW county_counts_comparable AS
WITH pairs AS (
    SELECT this.county, this.year, this.agency
    FROM agency_counts AS this
    JOIN agency_counts AS prev
      ON prev.agency = this.agency AND prev.county = this.county AND prev.year = this.year - 1
)
SELECT
    p.county,
    p.year,
    c.year AS of_year,
    sum(c.agencies) AS agencies,
    sum(COLUMNS(c.* EXCLUDE (agency, county, year, template_version, source_file, agencies)))
FROM pairs AS p
JOIN agency_counts AS c ON c.agency = p.agency AND c.county = p.county AND c.year IN (p.year, p.year - 1)
GROUP BY p.county, p.year, c.year;

-- Per county and year, the bodies that reported that year but not the year before (new) or the
-- year before but not that year (gone): left out of the comparison, and listed beside it.
CREATE OR REPLACE VIEW bodies_not_comparable AS
WITH years AS (
    SELECT DISTINCT county, year FROM agency_counts WHERE county IS NOT NULL
)
SELECT y.county, y.year, a.agency, CASE WHEN a.year = y.year THEN 'this_year_only' ELSE 'last_year_only' END AS side
FROM years AS y
JOIN agency_counts AS a ON a.county = y.county AND a.year IN (y.year, y.year - 1)
WHERE NOT EXISTS (
    SELECT 1 FROM agency_counts AS b
    WHERE b.agency = a.agency AND b.county = a.county
      AND b.year = CASE WHEN a.year = y.year THEN y.year - 1 ELSE y.year END
);

-- A ratio, NULL (never 0, never an error) when its denominator is 0.
CREATE OR REPLACE MACRO ratio(numerator, denominator) AS numerator / nullif(denominator, 0);

-- The measures of one unit of counts (an agency or a county in a year).
CREATE OR REPLACE MACRO measures(c) AS TABLE
SELECT
    *,
    ratio(granted + partially_granted, total_handled) AS disclosure_rate,
    ratio(granted, total_handled) AS granted_rate,
    ratio(denied, total_handled) AS denied_rate,
    ratio(denied_state_secret, denied) AS denied_state_secret_share,
    ratio(denied_prohibited_by_law, denied) AS denied_prohibited_by_law_share,
    ratio(denied_security_stability, denied) AS denied_security_stability_share,
    ratio(denied_third_party_rights, denied) AS denied_third_party_rights_share,
    ratio(denied_internal_affairs, denied) AS denied_internal_affairs_share,
    ratio(denied_process_info, denied) AS denied_process_info_share,
    ratio(denied_enforcement_file, denied) AS denied_enforcement_file_share,
    ratio(denied_admin_query, denied) AS denied_admin_query_share,
    ratio(unable, total_handled) AS unable_rate,
    ratio(unable_not_held, unable) AS unable_not_held_share,
    ratio(not_processed, total_handled) AS not_processed_rate,
    ratio(other_handling, total_handled) AS other_handling_rate,
    ratio(carried_out, new_received + carried_in) AS carry_over_rate,
    ratio(new_from_legal_persons, new_received) AS legal_person_share,
    ratio(new_from_legal_services, new_received) AS legal_service_share,
    100 * ratio(reviews + lawsuits, total_handled) AS disputes_per_100_handled,
    ratio(reviews_corrected, reviews_decided) AS review_correction_rate,
    ratio(lawsuits_lost, lawsuits_decided) AS litigation_loss_rate
FROM query_table(c);

-- What kind of body an agency is (data/agency_kinds.csv), told from the division suffixes
-- (data/division_suffixes.csv), never from a list of names: a township (乡/镇/街道), the
-- government of a division itself (its name is its county's, or a division above county
-- level), or a department.
CREATE OR REPLACE MACRO agency_kind_of(agency_name, county_name) AS
    CASE
        WHEN EXISTS (SELECT 1 FROM division_suffix AS d
                     WHERE d.level = 'township' AND agency_name LIKE '%' || d.suffix)
        THEN 'township'
        WHEN agency_name = county_name
          OR (county_name IS NULL AND EXISTS (SELECT 1 FROM division_suffix AS d
                                              WHERE d.level <> 'township' AND agency_name LIKE '%' || d.suffix))
        THEN 'government'
        ELSE 'department'
    END;

-- Measures per agency and year; agency_kind (and is_township) tell townships from departments.
CREATE OR REPLACE VIEW agency_metrics AS
SELECT
    m.*,
    agency_kind_of(m.agency, m.county) AS agency_kind,
    agency_kind_of(m.agency, m.county) = 'township' AS is_township
FROM measures(agency_counts) AS m;

-- Measures per county and year over all its agencies.
CREATE OR REPLACE VIEW county_metrics AS
SELECT * FROM measures(county_counts);

-- County measures of each year and the year before over the bodies that reported in both
-- (county_counts_comparable): year is the later year, of_year the year the figures are of,
-- agencies the number of comparable bodies.
CREATE OR REPLACE VIEW county_metrics_comparable AS
SELECT * FROM measures(county_counts_comparable);

-- Each township's rank among its county's townships in a year (1 = most requests, or the
-- highest rate); NULL rates rank last.
CREATE OR REPLACE VIEW township_ranks AS
SELECT
    county, year, agency, new_received, total_handled, disclosure_rate, denied_rate,
    count(*) OVER (PARTITION BY county, year) AS townships,
    rank() OVER (PARTITION BY county, year ORDER BY new_received DESC) AS rank_new_received,
    rank() OVER (PARTITION BY county, year ORDER BY disclosure_rate DESC NULLS LAST) AS rank_disclosure_rate,
    rank() OVER (PARTITION BY county, year ORDER BY denied_rate DESC NULLS LAST) AS rank_denied_rate
FROM agency_metrics
WHERE is_township AND county IS NOT NULL;

-- Year-over-year change per agency, against the year just before (NULL when that year is missing).
CREATE OR REPLACE VIEW agency_metrics_yoy AS
WITH prev AS (
    SELECT
        *,
        lag(year) OVER w AS prev_year,
        lag(new_received) OVER w AS prev_new_received,
        lag(total_handled) OVER w AS prev_total_handled,
        lag(disclosure_rate) OVER w AS prev_disclosure_rate,
        lag(denied_rate) OVER w AS prev_denied_rate
    FROM agency_metrics
    WINDOW w AS (PARTITION BY agency ORDER BY year)
)
SELECT
    agency, county, year, template_version, new_received, total_handled, disclosure_rate, denied_rate,
    CASE WHEN prev_year = year - 1 THEN new_received - prev_new_received END AS new_received_change,
    CASE WHEN prev_year = year - 1 THEN ratio(new_received - prev_new_received, prev_new_received) END
        AS new_received_change_rate,
    CASE WHEN prev_year = year - 1 THEN total_handled - prev_total_handled END AS total_handled_change,
    CASE WHEN prev_year = year - 1 THEN disclosure_rate - prev_disclosure_rate END AS disclosure_rate_change,
    CASE WHEN prev_year = year - 1 THEN denied_rate - prev_denied_rate END AS denied_rate_change
FROM prev;

-- Who has reported, per county and year, among the bodies that published a report that year or
-- in an earlier one: reported (a current report is loaded), not_loaded (a file of that body and
-- year is known but loads nothing: its status and why), or missing (the body published in an
-- earlier year and nothing of this year was found) — what a supervising office checks first.
CREATE OR REPLACE VIEW reporting_coverage AS
WITH files AS (
    SELECT agency, county, year, status, detail, source_file, processed_at
    FROM source_files
    WHERE agency IS NOT NULL AND year IS NOT NULL AND status NOT IN ('superseded', 'duplicate')
),
bodies AS (
    SELECT agency, county, min(year) AS first_year
    FROM files
    GROUP BY agency, county
),
county_years AS (
    SELECT DISTINCT county, year FROM files
),
best AS (  -- per body and year, its loaded report, else its latest file
    SELECT *
    FROM files
    QUALIFY row_number() OVER (
        PARTITION BY agency, county, year
        ORDER BY status IN (SELECT status FROM status WHERE loads) DESC, processed_at DESC, source_file
    ) = 1
)
SELECT
    cy.county,
    cy.year,
    b.agency,
    agency_kind_of(b.agency, b.county) AS agency_kind,
    CASE
        WHEN f.status IN (SELECT status FROM status WHERE loads) THEN 'reported'
        WHEN f.status IS NOT NULL THEN 'not_loaded'
        ELSE 'missing'
    END AS state,
    f.status,
    f.source_file,
    CASE
        WHEN f.status IS NULL THEN format(msg('sql_missing'), b.first_year, cy.year)
        WHEN f.status NOT IN (SELECT status FROM status WHERE loads) THEN f.detail
    END AS reason
FROM county_years AS cy
JOIN bodies AS b ON b.county IS NOT DISTINCT FROM cy.county AND b.first_year <= cy.year
LEFT JOIN best AS f
  ON f.agency = b.agency AND f.county IS NOT DISTINCT FROM b.county AND f.year = cy.year;

-- Comments (labels and meanings as in data/metric_labels.csv).
COMMENT ON VIEW agency_counts IS 'The counts the measures are made of, per agency and year; a row the report did not print is NULL, a blank or / cell 0.';
COMMENT ON VIEW county_counts IS 'agency_counts summed per county and year.';
COMMENT ON VIEW agency_metrics IS 'Measures per agency and year (公开率, 不予公开率 …); a ratio with a 0 denominator is NULL. （六）其他处理 compares at its total level across templates.';
COMMENT ON VIEW county_counts_comparable IS 'County counts of a year and the year before, summed over the bodies that reported in both years only.';
COMMENT ON VIEW bodies_not_comparable IS 'Per county and year, bodies that reported in only one of that year and the year before: left out of county_metrics_comparable.';
COMMENT ON VIEW county_metrics_comparable IS 'County measures of a year (of_year) and of the year before, over the same bodies (those that reported in both).';
COMMENT ON VIEW county_metrics IS 'The measures of agency_metrics over the agencies of each county per year.';
COMMENT ON VIEW township_ranks IS 'Rank of each township among the townships of its county per year.';
COMMENT ON VIEW reporting_coverage IS 'Per county and year, every body that has published: reported, not_loaded (status and why) or missing (published in an earlier year, nothing this year).';
COMMENT ON VIEW agency_metrics_yoy IS 'Year-over-year change per agency against the year just before (NULL when that year is missing).';
