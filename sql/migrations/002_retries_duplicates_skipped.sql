-- Migration 2: what a run needs to re-decide a folder's statuses every night, and to count
-- what it could not read for reasons outside a file's bytes.

ALTER TABLE report_file ADD COLUMN retry BOOLEAN DEFAULT false;
ALTER TABLE report_file ADD COLUMN duplicate_of VARCHAR;
ALTER TABLE report_file ADD COLUMN superseded_why VARCHAR;
ALTER TABLE run ADD COLUMN files_errored INTEGER;
ALTER TABLE run ADD COLUMN paths_skipped INTEGER;

COMMENT ON COLUMN report_file.status IS 'loaded, loaded_with_issues, needs_ocr, not_a_report, unidentified, unreadable, encrypted or duplicate.';
COMMENT ON COLUMN report_file.superseded_by IS 'Path of the copy of the same report (county, agency, year) that replaces this one; NULL when current.';
COMMENT ON COLUMN report_file.retry IS 'The outcome came from a cause outside the file''s bytes (time or memory limit, permissions, a dead worker, a defect): the next run processes the file again.';
COMMENT ON COLUMN report_file.duplicate_of IS 'For a duplicate: the path of the file with the same bytes that is processed instead.';
COMMENT ON COLUMN report_file.superseded_why IS 'For a superseded copy: why the other copy is preferred.';
COMMENT ON COLUMN run.files_errored IS 'Files this program''s own code failed on (a defect to report; they are tried again next run).';
COMMENT ON COLUMN run.paths_skipped IS 'Paths named *.pdf that are not regular files inside the input folder (links outside it, dangling links, FIFOs …), logged and skipped.';
