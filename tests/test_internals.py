"""The private internals of the standard library and Prefect that flows/runners.py relies on
(the engines are pinned; these fail loudly when an upgrade moves them)."""

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
