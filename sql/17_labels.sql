-- Chinese labels of the codes the analyst pack shows in words (data/coverage_states.csv,
-- data/agency_kinds.csv, data/rules.csv). The loader sets the variables.
CREATE OR REPLACE TABLE coverage_state AS
SELECT state, label_zh
FROM read_csv(getvariable('coverage_states_csv'), header = true, all_varchar = true);

CREATE OR REPLACE TABLE agency_kind AS
SELECT agency_kind, label_zh
FROM read_csv(getvariable('agency_kinds_csv'), header = true, all_varchar = true);

CREATE OR REPLACE TABLE rule AS
SELECT rule, kind, label_zh
FROM read_csv(getvariable('rules_csv'), header = true, all_varchar = true);

COMMENT ON TABLE coverage_state IS 'The states of reporting_coverage and their Chinese labels.';
COMMENT ON TABLE agency_kind IS 'The kinds of body (township, government, department) and their Chinese labels.';
COMMENT ON TABLE rule IS 'Every check of validation_issues, its kind and its Chinese label.';
