"""The ``ogi`` command."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from importlib.resources import files
from pathlib import Path

from flows.config import load_settings
from ogi_data.messages import say, set_language

QUERIES = Path(str(files("ogi_sql") / "queries"))
EXIT_BUSY = 75  # EX_TEMPFAIL: another run holds the warehouse; try again later
EXIT_DEFECT = 3  # the run completed, but this program's own code failed on some files
EXIT_NO_DATA = 4  # a county, year or file asked for that the warehouse has no data of
EXIT_TERMINATED = 143  # 128 + SIGTERM, as a shell reports a process ended by it
TERM_GRACE_SECONDS = 5  # after SIGTERM, how long the run may take to unwind before it ends as if killed


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ogi`` command."""
    parser = argparse.ArgumentParser(prog="ogi", description="政府信息公开工作年度报告 reports → DuckDB warehouse")
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run", help="load every report file (PDF, web page, Word, text) under a folder "
                                       "into the warehouse (a Prefect flow)")
    run_p.add_argument("--input", type=Path, help="folder of report files, searched recursively (ogi.toml: input)")
    run_p.add_argument("--warehouse", type=Path, help="DuckDB file to load into (ogi.toml: warehouse)")
    run_p.add_argument("--workers", type=int, help="extraction workers (default: one per CPU core)")
    run_p.add_argument("--runner", choices=["processes", "threads", "dask"], help="Prefect task runner for extraction")
    run_p.add_argument("--dask-address", help="with --runner dask: the scheduler of an existing Dask cluster")
    run_p.add_argument("--wait", type=float, dest="lock_wait_seconds",
                       help="seconds to wait for another run on the same warehouse to finish")
    run_p.add_argument("--file-timeout", type=float, dest="file_timeout_seconds",
                       help="seconds one file may take before it is recorded as unreadable")
    show_p = sub.add_parser("show", help="print a query from sql/queries/ against the warehouse")
    show_p.add_argument("query", nargs="?", default="requests_by_agency",
                        help=f"one of: {', '.join(sorted(p.stem for p in QUERIES.glob('*.sql')))}")
    show_p.add_argument("--warehouse", type=Path)
    sql_p = sub.add_parser("sql", help="SQL on the published warehouse (read-only): one query, or an interactive "
                                       "session when none is given")
    sql_p.add_argument("query", nargs="?", help="e.g. \"SELECT agency, year, count(*) FROM facts_long GROUP BY ALL\"")
    sql_p.add_argument("--warehouse", type=Path)
    sql_p.add_argument("--write", action="store_true",
                       help="open for writing (the next run publishes a new file: what is written does not last)")
    serve_p = sub.add_parser("serve", help="serve the flow as a Prefect deployment on its nightly schedule")
    serve_p.add_argument("--input", type=Path, help="folder of report PDFs (ogi.toml: input)")
    serve_p.add_argument("--warehouse", type=Path, help="DuckDB file (ogi.toml: warehouse)")
    serve_p.add_argument("--cron", dest="schedule_cron", help="cron expression (ogi.toml: schedule_cron)")
    serve_p.add_argument("--timezone", dest="schedule_timezone", help="IANA zone of the cron (ogi.toml)")
    for name, help_text in (("export", "write the yearly review pack (CSV for Excel, Parquet)"),
                            ("report", "write the yearly review as one self-contained HTML page with charts")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--year", type=int, required=True)
        p.add_argument("--county", help="only this county (e.g. 盐池县)")
        p.add_argument("--warehouse", type=Path)
        if name == "export":
            p.add_argument("--out", type=Path, default=Path("review"), help="folder to write (default ./review)")
        else:
            p.add_argument("--out", type=Path, default=Path("review.html"), help="HTML file to write")
    inspect_p = sub.add_parser("inspect", help="print one report as the pipeline understands it (no warehouse)")
    inspect_p.add_argument("pdf", type=Path, metavar="FILE", help="a report file: PDF, web page, Word document or text")
    inspect_p.add_argument("--html", type=Path, help="also write its review page (page pictures with cell boxes)")
    review_p = sub.add_parser("review", help="write a review page (HTML) per report that needs a person, and an index")
    review_p.add_argument("--warehouse", type=Path)
    review_p.add_argument("--out", type=Path, default=Path("review_pages"),
                          help="folder to write (default ./review_pages)")
    review_p.add_argument("--county", help="only this county (e.g. 盐池县)")
    review_p.add_argument("--year", type=int, help="only this report year")
    review_p.add_argument("--file", help="only this file (its base name, as in source_files)")
    review_p.add_argument("--input", type=Path, help="where the report files are now (default: the last run's folder)")
    args = parser.parse_args(argv)
    set_language(load_settings().language)  # every sentence this command writes

    if args.command == "run":
        settings = load_settings(input=args.input, warehouse=args.warehouse, workers=args.workers,
                                 runner=args.runner, dask_address=args.dask_address,
                                 file_timeout_seconds=args.file_timeout_seconds,
                                 lock_wait_seconds=args.lock_wait_seconds)
        if not settings.input.is_dir():
            print(say("cli_no_input", path=settings.input), file=sys.stderr)
            return 2
        _quiet_prefect()
        at_terminal = sys.stderr.isatty()
        if at_terminal:  # a progress bar instead of a log line per file; warnings still show
            os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        from contextlib import nullcontext

        from flows.pipeline import run  # Prefect is imported only when a flow runs
        from flows.progress import TerminalBar
        from warehouse.lock import WarehouseBusy

        if problem := memory_problem(settings):
            print(problem, file=sys.stderr)
            return 2
        signal.signal(signal.SIGTERM, _terminated)  # a scheduler's stop ends the run cleanly, at any moment
        watch_for_termination()
        try:
            with TerminalBar() if at_terminal else nullcontext():
                summary = run(settings)
        except Terminated:
            print(say("cli_terminated"), file=sys.stderr)
            return EXIT_TERMINATED
        except WarehouseBusy as busy:
            print(f"ogi run：{busy}", file=sys.stderr)
            return EXIT_BUSY
        except Exception as exc:  # noqa: BLE001 - the cause in one line (disk full, permission), not a traceback
            if _TERMINATING.is_set():  # the signal met a query, which says it was interrupted
                print(say("cli_terminated"), file=sys.stderr)
                return EXIT_TERMINATED
            print(say("cli_failed", why=_cause(exc)), file=sys.stderr)
            return 1
        print(say("cli_summary", line=summary.line(), warehouse=settings.warehouse))
        if summary.errors:
            print(say("cli_defects", count=summary.errors), file=sys.stderr)
            return EXIT_DEFECT
        return 0
    if args.command == "serve":
        _quiet_prefect()
        from flows.pipeline import serve

        serve(load_settings(input=args.input, warehouse=args.warehouse, schedule_cron=args.schedule_cron,
                            schedule_timezone=args.schedule_timezone))
        return 0
    if args.command in ("export", "report"):
        warehouse = load_settings(warehouse=args.warehouse).warehouse
        if not warehouse.is_file():
            print(say("cli_no_warehouse", command=args.command, path=warehouse), file=sys.stderr)
            return 2
        from outputs.export import Selection, export_pack

        if problem := scope_problem(warehouse, args.command, args.county, args.year):
            print(problem, file=sys.stderr)
            return EXIT_NO_DATA
        sel = Selection(args.year, args.county)
        if args.command == "export":
            written = export_pack(warehouse, args.out, sel)
            print(say("cli_exported", count=len(written), scope=args.county or say("cli_all_counties"),
                      year=args.year, out=args.out.resolve(), names=", ".join(p.name for p in written)))
        else:
            from outputs.yearly_page import write_yearly_page

            agencies = write_yearly_page(warehouse, args.out, sel)
            print(say("cli_reported", out=args.out.resolve(), agencies=agencies,
                      scope=args.county or say("cli_all_counties"), year=args.year))
        return 0
    if args.command == "inspect":
        if not args.pdf.is_file():
            print(say("cli_no_file", path=args.pdf), file=sys.stderr)
            return 2
        from outputs.inspect import inspect_file

        print(inspect_file(args.pdf, args.html))
        if args.html:
            print(say("cli_wrote", command="inspect", path=args.html.resolve()))
        return 0
    if args.command == "review":
        return review(args)
    if args.command == "show":
        return show(QUERIES / f"{args.query}.sql", load_settings(warehouse=args.warehouse).warehouse)
    if args.command == "sql":
        warehouse = load_settings(warehouse=args.warehouse).warehouse
        if args.query is not None:
            return query(args.query, warehouse)
        if not warehouse.is_file():
            print(say("cli_no_warehouse", command="sql", path=warehouse), file=sys.stderr)
            return 2
        from outputs.sql_shell import session

        return session(warehouse, write=args.write)
    return 2


def review(args: argparse.Namespace) -> int:
    """``ogi review``: the review pages of the reports that need a person."""
    import duckdb

    from outputs.evidence import from_warehouse
    from outputs.review_pages import write_review_pages

    warehouse = load_settings(warehouse=args.warehouse).warehouse
    if not warehouse.is_file():
        print(say("cli_no_warehouse", command="review", path=warehouse), file=sys.stderr)
        return 2
    if problem := scope_problem(warehouse, "review", args.county, args.year, args.file):
        print(problem, file=sys.stderr)
        return EXIT_NO_DATA
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        evidence = from_warehouse(con, args.county, args.year, args.file, args.input)
    finally:
        con.close()
    written = write_review_pages(evidence, args.out)
    print(say("cli_reviewed", count=len(evidence), index=written[0].resolve(), pages=len(written) - 1))
    return 0


def scope_problem(warehouse: Path, command: str, county: str | None, year: int | None,
                  file: str | None = None) -> str | None:
    """The sentence to stop with when the county, year or file asked for has no data in the
    warehouse, naming the counties and years it has; None when there is data to work on."""
    import duckdb

    from warehouse.queries import query_rows

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        present = query_rows(con, "scopes_present")
        if file is not None and not query_rows(con, "file_known", file=file)[0][0]:
            example = con.execute("SELECT min(source_file) FROM source_files").fetchone()[0]
            return say("cli_no_such_file", file=file, example=example or say("cli_present_none"))
    finally:
        con.close()
    matching = [(c, y) for c, y, _ in present if (county is None or c == county) and (year is None or y == year)]
    if matching:
        return None
    by_county: dict[str, list[int]] = {}
    for c, y, _ in present:
        by_county.setdefault(c or say("cli_no_county"), []).append(y)
    listed = "；".join(say("cli_present_county", county=c, years="、".join(map(str, ys)))
                      for c, ys in by_county.items()) or say("cli_present_none")
    scope = (say("cli_scope_year", county=county or say("cli_all_counties"), year=year) if year is not None
             else say("cli_scope_county", county=county))
    return say("cli_no_data", command=command, scope=scope, present=listed)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread: unwinds the run as an interrupt does (the working copy
    dropped, the lock released, the temporary server stopped; workers die with the process)."""


_TERMINATING = threading.Event()
_WAKEUP: list = []  # the wake-up socket pair SIGTERM writes to (watch_for_termination)


def _terminated(signum: int, frame: object) -> None:
    _TERMINATING.set()
    raise Terminated


def watch_for_termination() -> None:
    """End the run within a grace period of SIGTERM, whatever the main thread is doing.

    Python runs a signal's handler in the main thread, which may be waiting in C on a worker and
    hear the signal only when that worker's file is done. The signal also writes a byte to a
    wake-up socket at once; a thread reading it gives the run TERM_GRACE_SECONDS to unwind, then
    ends the process as a kill would, which the run survives (the published file is only ever
    replaced whole; workers and the temporary server die with the process)."""
    import socket

    reader, writer = socket.socketpair()
    writer.setblocking(False)
    _WAKEUP.extend((reader, writer))  # kept open for the life of the process
    signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)

    def watch() -> None:
        while data := reader.recv(64):
            if signal.SIGTERM in data:
                _TERMINATING.set()
                threading.Timer(TERM_GRACE_SECONDS, _end_now).start()
                return

    threading.Thread(target=watch, daemon=True, name="ogi-sigterm").start()


def _end_now() -> None:
    print(say("cli_terminated"), file=sys.stderr, flush=True)
    os._exit(EXIT_TERMINATED)


def memory_problem(settings) -> str | None:
    """Why the run cannot start with its ``worker_memory_mb`` (too low to read any file), or None."""
    from flows.memory import setting_problem, worker_baseline_mb

    if settings.runner != "processes" or settings.worker_memory_mb <= 0:
        return None
    return setting_problem(settings.worker_memory_mb, worker_baseline_mb())


def _cause(exc: BaseException) -> str:
    """The innermost cause of an exception, as one line."""
    while exc.__cause__ is not None or (exc.__context__ is not None and not exc.__suppress_context__):
        exc = exc.__cause__ or exc.__context__
    return f"{type(exc).__name__}: {exc}".replace("\n", " ")


def _quiet_prefect() -> None:
    """Keep Prefect from phoning home: this machine may have no network."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def show(query_file: Path, warehouse: Path) -> int:
    """Print the result of one saved query as a table."""
    if not query_file.is_file():
        print(say("cli_no_query", name=query_file.stem, folder=QUERIES), file=sys.stderr)
        return 2
    return query(query_file.read_text(encoding="utf-8"), warehouse, "show")


def query(sql: str, warehouse: Path, command: str = "sql") -> int:
    """Print the result of one query against the published warehouse, opened read-only."""
    from outputs.sql_shell import one_query

    if not warehouse.is_file():
        print(say("cli_no_warehouse", command=command, path=warehouse), file=sys.stderr)
        return 2
    return one_query(warehouse, sql)


if __name__ == "__main__":
    sys.exit(main())
