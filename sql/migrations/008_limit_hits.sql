-- Migration 8: how many runs in a row a file has hit a limit (time or worker memory), so that it
-- is retried with back-off (flows/plan.py) rather than every night at full cost.
ALTER TABLE report_file ADD COLUMN limit_hits INTEGER;
