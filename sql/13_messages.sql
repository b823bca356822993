-- The sentences this SQL writes for people (data/messages.csv, codes sql_*), in the language
-- of the run that rebuilt the views (setting `language`); the loader registers them as
-- incoming_messages. msg('sql_…') is one template, filled with format().
CREATE OR REPLACE TABLE message AS
SELECT code, template
FROM incoming_messages;

CREATE OR REPLACE MACRO msg(wanted) AS (SELECT template FROM message WHERE code = wanted);

COMMENT ON TABLE message IS 'Templates of the sentences the warehouse''s SQL writes (source_files, validation_issues, corrections_unmatched), in the run''s language.';
