"""The warehouse: the DuckDB file analysts open and everything that reads or writes it — migrations
and ``sql/`` applied (load), one report's rows replaced at a time, the working file and its
publication, the writer's lock, the pack's views, and the named queries of ``sql/reports/``.
It knows nothing of Prefect or of how a file is read (tests/test_architecture.py)."""
