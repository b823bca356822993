"""The private internals of the standard library and Prefect that flows/runners.py relies on, and
of camelot that extract/grids.py (and extract/ocr.py's image parser) extends (the engines are
pinned; these fail loudly when an upgrade moves them)."""

from concurrent.futures import ProcessPoolExecutor


def test_a_process_pool_keeps_its_workers_and_its_broken_flag_where_the_runner_reads_them() -> None:
    with ProcessPoolExecutor(max_workers=1) as executor:
        assert executor.submit(abs, -3).result() == 3
        assert [type(pid) for pid in executor._processes] == [int]  # pid → process: StallWatch kills them
        assert executor._broken is False  # the runner replaces a pool whose flag is set


def test_prefect_s_process_runner_and_server_have_the_hooks_the_runner_overrides() -> None:
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.task_runners import ProcessPoolTaskRunner, _initialize_process_pool_worker

    assert callable(_initialize_process_pool_worker)
    assert callable(ProcessPoolTaskRunner._resolve_futures_and_submit)
    assert callable(SubprocessASGIServer._run_uvicorn_command)


def test_camelot_s_lattice_has_the_hooks_the_parsers_override() -> None:
    import inspect

    from camelot.core import Table
    from camelot.parsers import Lattice

    for hook in ("_reject_table", "_document_has_no_text", "_generate_table_bbox", "_generate_table"):
        assert callable(getattr(Lattice, hook)), hook
    # a table's segments come to _generate_table as keywords, and set its edges there
    assert 'kwargs.get("h_s")' in inspect.getsource(Lattice._generate_table)
    # the raster line finding leaves its segments here, and a rule sets edges from where it starts
    assert "self.horizontal_segments" in inspect.getsource(Lattice._generate_table_bbox)
    assert "_find_close_point(self.cols, h[0]" in inspect.getsource(Table._set_horizontal_edges)
