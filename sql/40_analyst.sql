-- The analyst layer: reports read back as printed, the usual measures per agency and
-- year, county totals, township ranks and year-over-year change.
--
-- Comparability of the two templates: table 二 measures different things in V2019 and
-- V2021 (other columns), so no measure here uses it across templates. Table 三 is the
-- same in both except （六）其他处理, one row in V2019 and three in V2021: measures use
-- it at its total level only (other_handling, or the sum of its three sub-rows).
-- A ratio whose denominator is 0 is NULL. Blank and "/" cells count as 0 in sums.

-- Table 二 as printed: one row per agency, year and row, a column per column code.
CREATE OR REPLACE VIEW active_disclosure_wide AS
SELECT
    f.agency, f.county, f.year, f.template_version, f.source_file,
    v.ord AS row_ord, f.row_code, v.label_zh AS row_label,
    max(f.value) FILTER (WHERE f.column_code = 'newly_made') AS newly_made,
    max(f.value) FILTER (WHERE f.column_code = 'newly_disclosed') AS newly_disclosed,
    max(f.value) FILTER (WHERE f.column_code = 'total_disclosed') AS total_disclosed,
    max(f.value) FILTER (WHERE f.column_code = 'issued') AS issued,
    max(f.value) FILTER (WHERE f.column_code = 'repealed') AS repealed,
    max(f.value) FILTER (WHERE f.column_code = 'in_force') AS in_force,
    max(f.value) FILTER (WHERE f.column_code = 'items_last_year') AS items_last_year,
    max(f.value) FILTER (WHERE f.column_code = 'items_change') AS items_change,
    max(f.value) FILTER (WHERE f.column_code = 'decisions') AS decisions,
    max(f.value) FILTER (WHERE f.column_code = 'procurement_items') AS procurement_items,
    max(f.value) FILTER (WHERE f.column_code = 'procurement_amount_yuan') AS procurement_amount_yuan,
    max(f.value) FILTER (WHERE f.column_code = 'fee_amount_10k_yuan') AS fee_amount_10k_yuan
FROM facts_long AS f
JOIN vocabulary AS v ON v.table_code = f.table_code AND v.axis = 'row' AND v.code = f.row_code
WHERE f.table_code = 'active_disclosure'
GROUP BY ALL;

-- Table 三 as printed: one row per agency, year and row, a column per requester type.
CREATE OR REPLACE VIEW applications_wide AS
SELECT
    f.agency, f.county, f.year, f.template_version, f.source_file,
    v.ord AS row_ord, f.row_code, v.label_zh AS row_label,
    max(f.value) FILTER (WHERE f.column_code = 'natural_person') AS natural_person,
    max(f.value) FILTER (WHERE f.column_code = 'commercial_enterprise') AS commercial_enterprise,
    max(f.value) FILTER (WHERE f.column_code = 'research_institution') AS research_institution,
    max(f.value) FILTER (WHERE f.column_code = 'social_welfare_org') AS social_welfare_org,
    max(f.value) FILTER (WHERE f.column_code = 'legal_service_org') AS legal_service_org,
    max(f.value) FILTER (WHERE f.column_code = 'other_org') AS other_org,
    max(f.value) FILTER (WHERE f.column_code = 'total') AS total
FROM facts_long AS f
JOIN vocabulary AS v ON v.table_code = f.table_code AND v.axis = 'row' AND v.code = f.row_code
WHERE f.table_code = 'applications'
GROUP BY ALL;

-- Table 四 as printed: one row per agency, year and kind of case, a column per result.
CREATE OR REPLACE VIEW review_litigation_wide AS
SELECT
    f.agency, f.county, f.year, f.template_version, f.source_file,
    v.ord AS row_ord, f.row_code, v.label_zh AS row_label,
    max(f.value) FILTER (WHERE f.column_code = 'upheld') AS upheld,
    max(f.value) FILTER (WHERE f.column_code = 'corrected') AS corrected,
    max(f.value) FILTER (WHERE f.column_code = 'other_result') AS other_result,
    max(f.value) FILTER (WHERE f.column_code = 'pending') AS pending,
    max(f.value) FILTER (WHERE f.column_code = 'total') AS total
FROM facts_long AS f
JOIN vocabulary AS v ON v.table_code = f.table_code AND v.axis = 'row' AND v.code = f.row_code
WHERE f.table_code = 'review_litigation'
GROUP BY ALL;

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

-- Measures per agency and year; is_township tells townships (乡/镇/街道) from departments.
CREATE OR REPLACE VIEW agency_metrics AS
SELECT
    m.*,
    EXISTS (SELECT 1 FROM division_suffix AS d
            WHERE d.level = 'township' AND m.agency LIKE '%' || d.suffix) AS is_township
FROM measures(agency_counts) AS m;

-- Measures per county and year over all its agencies.
CREATE OR REPLACE VIEW county_metrics AS
SELECT * FROM measures(county_counts);

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

-- Comments (labels and meanings as in data/metric_labels.csv).
COMMENT ON VIEW active_disclosure_wide IS 'Table 二 as printed: one row per agency, year and row; a column per column code (V2019 and V2021 columns side by side, NULL where a template has no such column).';
COMMENT ON VIEW applications_wide IS 'Table 三 as printed: one row per agency, year and row; a column per requester type.';
COMMENT ON VIEW review_litigation_wide IS 'Table 四 as printed: one row per agency, year and kind of case; a column per result.';
COMMENT ON VIEW agency_counts IS 'The counts the measures are made of, per agency and year; a row the report did not print is NULL, a blank or / cell 0.';
COMMENT ON VIEW county_counts IS 'agency_counts summed per county and year.';
COMMENT ON VIEW agency_metrics IS 'Measures per agency and year (公开率, 不予公开率 …); a ratio with a 0 denominator is NULL. （六）其他处理 compares at its total level across templates.';
COMMENT ON VIEW county_metrics IS 'The measures of agency_metrics over the agencies of each county per year.';
COMMENT ON VIEW township_ranks IS 'Rank of each township among the townships of its county per year.';
COMMENT ON VIEW agency_metrics_yoy IS 'Year-over-year change per agency against the year just before (NULL when that year is missing).';
COMMENT ON COLUMN active_disclosure_wide.agency IS '机关: canonical agency name';
COMMENT ON COLUMN active_disclosure_wide.county IS '县（区）: county-level division of the agency';
COMMENT ON COLUMN active_disclosure_wide.year IS '年度: report year';
COMMENT ON COLUMN active_disclosure_wide.template_version IS '模板版本: V2019 or V2021';
COMMENT ON COLUMN active_disclosure_wide.source_file IS '来源文件: the PDF the numbers come from';
COMMENT ON COLUMN active_disclosure_wide.row_ord IS 'Order of the row in the official table.';
COMMENT ON COLUMN active_disclosure_wide.row_code IS 'Row code from vocabulary.csv.';
COMMENT ON COLUMN active_disclosure_wide.row_label IS 'Official label of the row.';
COMMENT ON COLUMN active_disclosure_wide.newly_made IS '本年新制作数量 (newly_made)';
COMMENT ON COLUMN active_disclosure_wide.newly_disclosed IS '本年新公开数量 (newly_disclosed)';
COMMENT ON COLUMN active_disclosure_wide.total_disclosed IS '对外公开总数量 (total_disclosed)';
COMMENT ON COLUMN active_disclosure_wide.issued IS '本年制发件数 (issued)';
COMMENT ON COLUMN active_disclosure_wide.repealed IS '本年废止件数 (repealed)';
COMMENT ON COLUMN active_disclosure_wide.in_force IS '现行有效件数 (in_force)';
COMMENT ON COLUMN active_disclosure_wide.items_last_year IS '上一年项目数量 (items_last_year)';
COMMENT ON COLUMN active_disclosure_wide.items_change IS '本年增/减 (items_change)';
COMMENT ON COLUMN active_disclosure_wide.decisions IS '本年处理决定数量 (decisions)';
COMMENT ON COLUMN active_disclosure_wide.procurement_items IS '采购项目数量 (procurement_items)';
COMMENT ON COLUMN active_disclosure_wide.procurement_amount_yuan IS '采购总金额 (procurement_amount_yuan)';
COMMENT ON COLUMN active_disclosure_wide.fee_amount_10k_yuan IS '本年收费金额（单位：万元） (fee_amount_10k_yuan)';
COMMENT ON COLUMN applications_wide.agency IS '机关: canonical agency name';
COMMENT ON COLUMN applications_wide.county IS '县（区）: county-level division of the agency';
COMMENT ON COLUMN applications_wide.year IS '年度: report year';
COMMENT ON COLUMN applications_wide.template_version IS '模板版本: V2019 or V2021';
COMMENT ON COLUMN applications_wide.source_file IS '来源文件: the PDF the numbers come from';
COMMENT ON COLUMN applications_wide.row_ord IS 'Order of the row in the official table.';
COMMENT ON COLUMN applications_wide.row_code IS 'Row code from vocabulary.csv.';
COMMENT ON COLUMN applications_wide.row_label IS 'Official label of the row.';
COMMENT ON COLUMN applications_wide.natural_person IS '自然人 (natural_person)';
COMMENT ON COLUMN applications_wide.commercial_enterprise IS '商业企业 (commercial_enterprise)';
COMMENT ON COLUMN applications_wide.research_institution IS '科研机构 (research_institution)';
COMMENT ON COLUMN applications_wide.social_welfare_org IS '社会公益组织 (social_welfare_org)';
COMMENT ON COLUMN applications_wide.legal_service_org IS '法律服务机构 (legal_service_org)';
COMMENT ON COLUMN applications_wide.other_org IS '其他 (other_org)';
COMMENT ON COLUMN applications_wide.total IS '总计 (total)';
COMMENT ON COLUMN review_litigation_wide.agency IS '机关: canonical agency name';
COMMENT ON COLUMN review_litigation_wide.county IS '县（区）: county-level division of the agency';
COMMENT ON COLUMN review_litigation_wide.year IS '年度: report year';
COMMENT ON COLUMN review_litigation_wide.template_version IS '模板版本: V2019 or V2021';
COMMENT ON COLUMN review_litigation_wide.source_file IS '来源文件: the PDF the numbers come from';
COMMENT ON COLUMN review_litigation_wide.row_ord IS 'Order of the row in the official table.';
COMMENT ON COLUMN review_litigation_wide.row_code IS 'Row code from vocabulary.csv.';
COMMENT ON COLUMN review_litigation_wide.row_label IS 'Official label of the row.';
COMMENT ON COLUMN review_litigation_wide.upheld IS '结果维持 (upheld)';
COMMENT ON COLUMN review_litigation_wide.corrected IS '结果纠正 (corrected)';
COMMENT ON COLUMN review_litigation_wide.other_result IS '其他结果 (other_result)';
COMMENT ON COLUMN review_litigation_wide.pending IS '尚未审结 (pending)';
COMMENT ON COLUMN review_litigation_wide.total IS '总计 (total)';
COMMENT ON COLUMN agency_counts.agency IS '机关: canonical agency name';
COMMENT ON COLUMN agency_counts.county IS '县（区）: county-level division of the agency';
COMMENT ON COLUMN agency_counts.year IS '年度: report year';
COMMENT ON COLUMN agency_counts.template_version IS '模板版本: V2019 or V2021';
COMMENT ON COLUMN agency_counts.source_file IS '来源文件: the PDF the numbers come from';
COMMENT ON COLUMN agency_counts.agencies IS '机关数: number of agencies summed';
COMMENT ON COLUMN agency_counts.new_received IS '本年新收申请数: 一、本年新收 (total column)';
COMMENT ON COLUMN agency_counts.carried_in IS '上年结转数: 二、上年结转 (total column)';
COMMENT ON COLUMN agency_counts.total_handled IS '办理总数: （七）总计 (total column)';
COMMENT ON COLUMN agency_counts.carried_out IS '结转下年度数: 四、结转下年度继续办理 (total column)';
COMMENT ON COLUMN agency_counts.granted IS '予以公开数: （一）予以公开';
COMMENT ON COLUMN agency_counts.partially_granted IS '部分公开数: （二）部分公开';
COMMENT ON COLUMN agency_counts.denied IS '不予公开数: （三）不予公开: sum of its eight reasons';
COMMENT ON COLUMN agency_counts.denied_state_secret IS '属于国家秘密: （三）1';
COMMENT ON COLUMN agency_counts.denied_prohibited_by_law IS '其他法律行政法规禁止公开: （三）2';
COMMENT ON COLUMN agency_counts.denied_security_stability IS '危及“三安全一稳定”: （三）3';
COMMENT ON COLUMN agency_counts.denied_third_party_rights IS '保护第三方合法权益: （三）4';
COMMENT ON COLUMN agency_counts.denied_internal_affairs IS '属于三类内部事务信息: （三）5';
COMMENT ON COLUMN agency_counts.denied_process_info IS '属于四类过程性信息: （三）6';
COMMENT ON COLUMN agency_counts.denied_enforcement_file IS '属于行政执法案卷: （三）7';
COMMENT ON COLUMN agency_counts.denied_admin_query IS '属于行政查询事项: （三）8';
COMMENT ON COLUMN agency_counts.unable IS '无法提供数: （四）无法提供: sum of its three reasons';
COMMENT ON COLUMN agency_counts.unable_not_held IS '本机关不掌握相关政府信息: （四）1';
COMMENT ON COLUMN agency_counts.not_processed IS '不予处理数: （五）不予处理: sum of its five reasons';
COMMENT ON COLUMN agency_counts.other_handling IS '其他处理数: （六）其他处理 at its total level (one row or the sum of the V2021 sub-rows)';
COMMENT ON COLUMN agency_counts.new_from_legal_persons IS '法人或其他组织新收申请数: new requests from 法人或其他组织 (five columns)';
COMMENT ON COLUMN agency_counts.new_from_legal_services IS '法律服务机构新收申请数: new requests from 法律服务机构';
COMMENT ON COLUMN agency_counts.reviews IS '行政复议数: 行政复议 总计';
COMMENT ON COLUMN agency_counts.lawsuits IS '行政诉讼数: 行政诉讼 总计 (both kinds)';
COMMENT ON COLUMN agency_counts.reviews_corrected IS '复议结果纠正数: 行政复议 结果纠正';
COMMENT ON COLUMN agency_counts.reviews_decided IS '复议已审结数: 行政复议 结果维持 + 结果纠正 + 其他结果';
COMMENT ON COLUMN agency_counts.lawsuits_lost IS '诉讼结果纠正数: 行政诉讼 结果纠正 (both kinds)';
COMMENT ON COLUMN agency_counts.lawsuits_decided IS '诉讼已审结数: 行政诉讼 结果维持 + 结果纠正 + 其他结果 (both kinds)';
COMMENT ON COLUMN county_counts.county IS '县（区）: county-level division of the agency';
COMMENT ON COLUMN county_counts.year IS '年度: report year';
COMMENT ON COLUMN county_counts.agencies IS '机关数: number of agencies summed';
COMMENT ON COLUMN county_counts.new_received IS '本年新收申请数: 一、本年新收 (total column)';
COMMENT ON COLUMN county_counts.carried_in IS '上年结转数: 二、上年结转 (total column)';
COMMENT ON COLUMN county_counts.total_handled IS '办理总数: （七）总计 (total column)';
COMMENT ON COLUMN county_counts.carried_out IS '结转下年度数: 四、结转下年度继续办理 (total column)';
COMMENT ON COLUMN county_counts.granted IS '予以公开数: （一）予以公开';
COMMENT ON COLUMN county_counts.partially_granted IS '部分公开数: （二）部分公开';
COMMENT ON COLUMN county_counts.denied IS '不予公开数: （三）不予公开: sum of its eight reasons';
COMMENT ON COLUMN county_counts.denied_state_secret IS '属于国家秘密: （三）1';
COMMENT ON COLUMN county_counts.denied_prohibited_by_law IS '其他法律行政法规禁止公开: （三）2';
COMMENT ON COLUMN county_counts.denied_security_stability IS '危及“三安全一稳定”: （三）3';
COMMENT ON COLUMN county_counts.denied_third_party_rights IS '保护第三方合法权益: （三）4';
COMMENT ON COLUMN county_counts.denied_internal_affairs IS '属于三类内部事务信息: （三）5';
COMMENT ON COLUMN county_counts.denied_process_info IS '属于四类过程性信息: （三）6';
COMMENT ON COLUMN county_counts.denied_enforcement_file IS '属于行政执法案卷: （三）7';
COMMENT ON COLUMN county_counts.denied_admin_query IS '属于行政查询事项: （三）8';
COMMENT ON COLUMN county_counts.unable IS '无法提供数: （四）无法提供: sum of its three reasons';
COMMENT ON COLUMN county_counts.unable_not_held IS '本机关不掌握相关政府信息: （四）1';
COMMENT ON COLUMN county_counts.not_processed IS '不予处理数: （五）不予处理: sum of its five reasons';
COMMENT ON COLUMN county_counts.other_handling IS '其他处理数: （六）其他处理 at its total level (one row or the sum of the V2021 sub-rows)';
COMMENT ON COLUMN county_counts.new_from_legal_persons IS '法人或其他组织新收申请数: new requests from 法人或其他组织 (five columns)';
COMMENT ON COLUMN county_counts.new_from_legal_services IS '法律服务机构新收申请数: new requests from 法律服务机构';
COMMENT ON COLUMN county_counts.reviews IS '行政复议数: 行政复议 总计';
COMMENT ON COLUMN county_counts.lawsuits IS '行政诉讼数: 行政诉讼 总计 (both kinds)';
COMMENT ON COLUMN county_counts.reviews_corrected IS '复议结果纠正数: 行政复议 结果纠正';
COMMENT ON COLUMN county_counts.reviews_decided IS '复议已审结数: 行政复议 结果维持 + 结果纠正 + 其他结果';
COMMENT ON COLUMN county_counts.lawsuits_lost IS '诉讼结果纠正数: 行政诉讼 结果纠正 (both kinds)';
COMMENT ON COLUMN county_counts.lawsuits_decided IS '诉讼已审结数: 行政诉讼 结果维持 + 结果纠正 + 其他结果 (both kinds)';
COMMENT ON COLUMN agency_metrics.agency IS '机关: canonical agency name';
COMMENT ON COLUMN agency_metrics.county IS '县（区）: county-level division of the agency';
COMMENT ON COLUMN agency_metrics.year IS '年度: report year';
COMMENT ON COLUMN agency_metrics.template_version IS '模板版本: V2019 or V2021';
COMMENT ON COLUMN agency_metrics.source_file IS '来源文件: the PDF the numbers come from';
COMMENT ON COLUMN agency_metrics.agencies IS '机关数: number of agencies summed';
COMMENT ON COLUMN agency_metrics.new_received IS '本年新收申请数: 一、本年新收 (total column)';
COMMENT ON COLUMN agency_metrics.carried_in IS '上年结转数: 二、上年结转 (total column)';
COMMENT ON COLUMN agency_metrics.total_handled IS '办理总数: （七）总计 (total column)';
COMMENT ON COLUMN agency_metrics.carried_out IS '结转下年度数: 四、结转下年度继续办理 (total column)';
COMMENT ON COLUMN agency_metrics.granted IS '予以公开数: （一）予以公开';
COMMENT ON COLUMN agency_metrics.partially_granted IS '部分公开数: （二）部分公开';
COMMENT ON COLUMN agency_metrics.denied IS '不予公开数: （三）不予公开: sum of its eight reasons';
COMMENT ON COLUMN agency_metrics.denied_state_secret IS '属于国家秘密: （三）1';
COMMENT ON COLUMN agency_metrics.denied_prohibited_by_law IS '其他法律行政法规禁止公开: （三）2';
COMMENT ON COLUMN agency_metrics.denied_security_stability IS '危及“三安全一稳定”: （三）3';
COMMENT ON COLUMN agency_metrics.denied_third_party_rights IS '保护第三方合法权益: （三）4';
COMMENT ON COLUMN agency_metrics.denied_internal_affairs IS '属于三类内部事务信息: （三）5';
COMMENT ON COLUMN agency_metrics.denied_process_info IS '属于四类过程性信息: （三）6';
COMMENT ON COLUMN agency_metrics.denied_enforcement_file IS '属于行政执法案卷: （三）7';
COMMENT ON COLUMN agency_metrics.denied_admin_query IS '属于行政查询事项: （三）8';
COMMENT ON COLUMN agency_metrics.unable IS '无法提供数: （四）无法提供: sum of its three reasons';
COMMENT ON COLUMN agency_metrics.unable_not_held IS '本机关不掌握相关政府信息: （四）1';
COMMENT ON COLUMN agency_metrics.not_processed IS '不予处理数: （五）不予处理: sum of its five reasons';
COMMENT ON COLUMN agency_metrics.other_handling IS '其他处理数: （六）其他处理 at its total level (one row or the sum of the V2021 sub-rows)';
COMMENT ON COLUMN agency_metrics.new_from_legal_persons IS '法人或其他组织新收申请数: new requests from 法人或其他组织 (five columns)';
COMMENT ON COLUMN agency_metrics.new_from_legal_services IS '法律服务机构新收申请数: new requests from 法律服务机构';
COMMENT ON COLUMN agency_metrics.reviews IS '行政复议数: 行政复议 总计';
COMMENT ON COLUMN agency_metrics.lawsuits IS '行政诉讼数: 行政诉讼 总计 (both kinds)';
COMMENT ON COLUMN agency_metrics.reviews_corrected IS '复议结果纠正数: 行政复议 结果纠正';
COMMENT ON COLUMN agency_metrics.reviews_decided IS '复议已审结数: 行政复议 结果维持 + 结果纠正 + 其他结果';
COMMENT ON COLUMN agency_metrics.lawsuits_lost IS '诉讼结果纠正数: 行政诉讼 结果纠正 (both kinds)';
COMMENT ON COLUMN agency_metrics.lawsuits_decided IS '诉讼已审结数: 行政诉讼 结果维持 + 结果纠正 + 其他结果 (both kinds)';
COMMENT ON COLUMN agency_metrics.disclosure_rate IS '公开率: (granted + partially_granted) / total_handled';
COMMENT ON COLUMN agency_metrics.granted_rate IS '予以公开率: granted / total_handled';
COMMENT ON COLUMN agency_metrics.denied_rate IS '不予公开率: denied / total_handled';
COMMENT ON COLUMN agency_metrics.denied_state_secret_share IS '不予公开中属于国家秘密占比: denied_state_secret / denied';
COMMENT ON COLUMN agency_metrics.denied_prohibited_by_law_share IS '不予公开中法律行政法规禁止占比: denied_prohibited_by_law / denied';
COMMENT ON COLUMN agency_metrics.denied_security_stability_share IS '不予公开中危及“三安全一稳定”占比: denied_security_stability / denied';
COMMENT ON COLUMN agency_metrics.denied_third_party_rights_share IS '不予公开中保护第三方合法权益占比: denied_third_party_rights / denied';
COMMENT ON COLUMN agency_metrics.denied_internal_affairs_share IS '不予公开中三类内部事务信息占比: denied_internal_affairs / denied';
COMMENT ON COLUMN agency_metrics.denied_process_info_share IS '不予公开中四类过程性信息占比: denied_process_info / denied';
COMMENT ON COLUMN agency_metrics.denied_enforcement_file_share IS '不予公开中行政执法案卷占比: denied_enforcement_file / denied';
COMMENT ON COLUMN agency_metrics.denied_admin_query_share IS '不予公开中行政查询事项占比: denied_admin_query / denied';
COMMENT ON COLUMN agency_metrics.unable_rate IS '无法提供率: unable / total_handled';
COMMENT ON COLUMN agency_metrics.unable_not_held_share IS '无法提供中本机关不掌握占比: unable_not_held / unable';
COMMENT ON COLUMN agency_metrics.not_processed_rate IS '不予处理率: not_processed / total_handled';
COMMENT ON COLUMN agency_metrics.other_handling_rate IS '其他处理率: other_handling / total_handled';
COMMENT ON COLUMN agency_metrics.carry_over_rate IS '结转率: carried_out / (new_received + carried_in)';
COMMENT ON COLUMN agency_metrics.legal_person_share IS '法人或其他组织申请占比: new_from_legal_persons / new_received';
COMMENT ON COLUMN agency_metrics.legal_service_share IS '法律服务机构申请占比: new_from_legal_services / new_received';
COMMENT ON COLUMN agency_metrics.disputes_per_100_handled IS '每百件申请复议诉讼数: (reviews + lawsuits) / total_handled × 100';
COMMENT ON COLUMN agency_metrics.review_correction_rate IS '复议纠错率: reviews_corrected / reviews_decided';
COMMENT ON COLUMN agency_metrics.litigation_loss_rate IS '诉讼败诉率: lawsuits_lost / lawsuits_decided';
COMMENT ON COLUMN agency_metrics.is_township IS '是否乡镇街道: township (乡/镇/街道) rather than a department';
COMMENT ON COLUMN county_metrics.county IS '县（区）: county-level division of the agency';
COMMENT ON COLUMN county_metrics.year IS '年度: report year';
COMMENT ON COLUMN county_metrics.agencies IS '机关数: number of agencies summed';
COMMENT ON COLUMN county_metrics.new_received IS '本年新收申请数: 一、本年新收 (total column)';
COMMENT ON COLUMN county_metrics.carried_in IS '上年结转数: 二、上年结转 (total column)';
COMMENT ON COLUMN county_metrics.total_handled IS '办理总数: （七）总计 (total column)';
COMMENT ON COLUMN county_metrics.carried_out IS '结转下年度数: 四、结转下年度继续办理 (total column)';
COMMENT ON COLUMN county_metrics.granted IS '予以公开数: （一）予以公开';
COMMENT ON COLUMN county_metrics.partially_granted IS '部分公开数: （二）部分公开';
COMMENT ON COLUMN county_metrics.denied IS '不予公开数: （三）不予公开: sum of its eight reasons';
COMMENT ON COLUMN county_metrics.denied_state_secret IS '属于国家秘密: （三）1';
COMMENT ON COLUMN county_metrics.denied_prohibited_by_law IS '其他法律行政法规禁止公开: （三）2';
COMMENT ON COLUMN county_metrics.denied_security_stability IS '危及“三安全一稳定”: （三）3';
COMMENT ON COLUMN county_metrics.denied_third_party_rights IS '保护第三方合法权益: （三）4';
COMMENT ON COLUMN county_metrics.denied_internal_affairs IS '属于三类内部事务信息: （三）5';
COMMENT ON COLUMN county_metrics.denied_process_info IS '属于四类过程性信息: （三）6';
COMMENT ON COLUMN county_metrics.denied_enforcement_file IS '属于行政执法案卷: （三）7';
COMMENT ON COLUMN county_metrics.denied_admin_query IS '属于行政查询事项: （三）8';
COMMENT ON COLUMN county_metrics.unable IS '无法提供数: （四）无法提供: sum of its three reasons';
COMMENT ON COLUMN county_metrics.unable_not_held IS '本机关不掌握相关政府信息: （四）1';
COMMENT ON COLUMN county_metrics.not_processed IS '不予处理数: （五）不予处理: sum of its five reasons';
COMMENT ON COLUMN county_metrics.other_handling IS '其他处理数: （六）其他处理 at its total level (one row or the sum of the V2021 sub-rows)';
COMMENT ON COLUMN county_metrics.new_from_legal_persons IS '法人或其他组织新收申请数: new requests from 法人或其他组织 (five columns)';
COMMENT ON COLUMN county_metrics.new_from_legal_services IS '法律服务机构新收申请数: new requests from 法律服务机构';
COMMENT ON COLUMN county_metrics.reviews IS '行政复议数: 行政复议 总计';
COMMENT ON COLUMN county_metrics.lawsuits IS '行政诉讼数: 行政诉讼 总计 (both kinds)';
COMMENT ON COLUMN county_metrics.reviews_corrected IS '复议结果纠正数: 行政复议 结果纠正';
COMMENT ON COLUMN county_metrics.reviews_decided IS '复议已审结数: 行政复议 结果维持 + 结果纠正 + 其他结果';
COMMENT ON COLUMN county_metrics.lawsuits_lost IS '诉讼结果纠正数: 行政诉讼 结果纠正 (both kinds)';
COMMENT ON COLUMN county_metrics.lawsuits_decided IS '诉讼已审结数: 行政诉讼 结果维持 + 结果纠正 + 其他结果 (both kinds)';
COMMENT ON COLUMN county_metrics.disclosure_rate IS '公开率: (granted + partially_granted) / total_handled';
COMMENT ON COLUMN county_metrics.granted_rate IS '予以公开率: granted / total_handled';
COMMENT ON COLUMN county_metrics.denied_rate IS '不予公开率: denied / total_handled';
COMMENT ON COLUMN county_metrics.denied_state_secret_share IS '不予公开中属于国家秘密占比: denied_state_secret / denied';
COMMENT ON COLUMN county_metrics.denied_prohibited_by_law_share IS '不予公开中法律行政法规禁止占比: denied_prohibited_by_law / denied';
COMMENT ON COLUMN county_metrics.denied_security_stability_share IS '不予公开中危及“三安全一稳定”占比: denied_security_stability / denied';
COMMENT ON COLUMN county_metrics.denied_third_party_rights_share IS '不予公开中保护第三方合法权益占比: denied_third_party_rights / denied';
COMMENT ON COLUMN county_metrics.denied_internal_affairs_share IS '不予公开中三类内部事务信息占比: denied_internal_affairs / denied';
COMMENT ON COLUMN county_metrics.denied_process_info_share IS '不予公开中四类过程性信息占比: denied_process_info / denied';
COMMENT ON COLUMN county_metrics.denied_enforcement_file_share IS '不予公开中行政执法案卷占比: denied_enforcement_file / denied';
COMMENT ON COLUMN county_metrics.denied_admin_query_share IS '不予公开中行政查询事项占比: denied_admin_query / denied';
COMMENT ON COLUMN county_metrics.unable_rate IS '无法提供率: unable / total_handled';
COMMENT ON COLUMN county_metrics.unable_not_held_share IS '无法提供中本机关不掌握占比: unable_not_held / unable';
COMMENT ON COLUMN county_metrics.not_processed_rate IS '不予处理率: not_processed / total_handled';
COMMENT ON COLUMN county_metrics.other_handling_rate IS '其他处理率: other_handling / total_handled';
COMMENT ON COLUMN county_metrics.carry_over_rate IS '结转率: carried_out / (new_received + carried_in)';
COMMENT ON COLUMN county_metrics.legal_person_share IS '法人或其他组织申请占比: new_from_legal_persons / new_received';
COMMENT ON COLUMN county_metrics.legal_service_share IS '法律服务机构申请占比: new_from_legal_services / new_received';
COMMENT ON COLUMN county_metrics.disputes_per_100_handled IS '每百件申请复议诉讼数: (reviews + lawsuits) / total_handled × 100';
COMMENT ON COLUMN county_metrics.review_correction_rate IS '复议纠错率: reviews_corrected / reviews_decided';
COMMENT ON COLUMN county_metrics.litigation_loss_rate IS '诉讼败诉率: lawsuits_lost / lawsuits_decided';
COMMENT ON COLUMN township_ranks.county IS '县（区）: county-level division of the agency';
COMMENT ON COLUMN township_ranks.year IS '年度: report year';
COMMENT ON COLUMN township_ranks.agency IS '机关: canonical agency name';
COMMENT ON COLUMN township_ranks.total_handled IS '办理总数: （七）总计 (total column)';
COMMENT ON COLUMN township_ranks.new_received IS '本年新收申请数: 一、本年新收 (total column)';
COMMENT ON COLUMN township_ranks.disclosure_rate IS '公开率: (granted + partially_granted) / total_handled';
COMMENT ON COLUMN township_ranks.denied_rate IS '不予公开率: denied / total_handled';
COMMENT ON COLUMN township_ranks.townships IS '乡镇街道数: townships of the county in the year';
COMMENT ON COLUMN township_ranks.rank_new_received IS '新收申请数排名: rank among the county''s townships (1 = most)';
COMMENT ON COLUMN township_ranks.rank_disclosure_rate IS '公开率排名: rank among the county''s townships (1 = highest)';
COMMENT ON COLUMN township_ranks.rank_denied_rate IS '不予公开率排名: rank among the county''s townships (1 = highest)';
COMMENT ON COLUMN agency_metrics_yoy.agency IS '机关: canonical agency name';
COMMENT ON COLUMN agency_metrics_yoy.county IS '县（区）: county-level division of the agency';
COMMENT ON COLUMN agency_metrics_yoy.year IS '年度: report year';
COMMENT ON COLUMN agency_metrics_yoy.template_version IS '模板版本: V2019 or V2021';
COMMENT ON COLUMN agency_metrics_yoy.new_received IS '本年新收申请数: 一、本年新收 (total column)';
COMMENT ON COLUMN agency_metrics_yoy.total_handled IS '办理总数: （七）总计 (total column)';
COMMENT ON COLUMN agency_metrics_yoy.disclosure_rate IS '公开率: (granted + partially_granted) / total_handled';
COMMENT ON COLUMN agency_metrics_yoy.denied_rate IS '不予公开率: denied / total_handled';
COMMENT ON COLUMN agency_metrics_yoy.new_received_change IS '新收申请数同比增减: new_received minus the year before';
COMMENT ON COLUMN agency_metrics_yoy.new_received_change_rate IS '新收申请数同比增长率: (new_received - year before) / year before';
COMMENT ON COLUMN agency_metrics_yoy.total_handled_change IS '办理总数同比增减: total_handled minus the year before';
COMMENT ON COLUMN agency_metrics_yoy.disclosure_rate_change IS '公开率同比变化: disclosure_rate minus the year before';
COMMENT ON COLUMN agency_metrics_yoy.denied_rate_change IS '不予公开率同比变化: denied_rate minus the year before';
