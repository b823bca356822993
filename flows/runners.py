"""Worker processes that cannot take the night down with them.

- A worker killed by the system (the out-of-memory killer, an operator) breaks a
  ``ProcessPoolExecutor`` for good: every later submission fails. The runner below replaces a
  broken pool before the next submission, so only the files that were in flight are affected,
  and the flow runs those again (flows/pipeline.py).
- Each worker reads a file under an address-space limit (``RLIMIT_AS``, flows/memory.py), so a
  file that needs more memory fails with ``MemoryError`` in its own extraction instead of
  exhausting the machine.
- Each worker (and the temporary Prefect server) asks the kernel to kill it when the ``ogi run``
  process dies, so a killed run leaves no orphans holding a gigabyte.
- A worker stuck where no time limit reaches it (a deadlock inside the process) is killed once no
  task has been submitted or finished for longer than any task may take (``StallWatch``); its
  files are then run again like those of a worker that died.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import importlib
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

import prefect
from prefect.server.api.server import SubprocessASGIServer
from prefect.settings import get_current_settings
from prefect.task_runners import ProcessPoolTaskRunner, _initialize_process_pool_worker

from flows.memory import set_worker_limit
from ogi_data.messages import say

PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Held while a broken pool is replaced (module level: the runner itself is pickled with task context).
_REPLACING = threading.Lock()
# Modules a worker would otherwise import while a file is under its time limit (Prefect's HTTP
# client in its event-loop thread, the OCR engine in the main thread). A limit that fires inside
# the interpreter's import bookkeeping can leave its import lock held, and the worker then hangs
# for good after its task (seen: its event-loop thread waiting on that lock, the task waiting on
# the event-loop thread); imported up front, they cannot be interrupted so.
WORKER_IMPORTS = ("anyio._backends._asyncio", "encodings.utf_16_le", "onnxruntime")
# How often a wait for a task looks whether the run has stalled (seconds).
STALL_POLL_SECONDS = 1.0


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to SIGKILL this process when its parent (pid ``parent``, by default the
    current one) dies (Linux; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    parent = parent or os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def setup_worker(memory_limit_mb: int, parent: int) -> None:
    """Run once in each worker process: die with the flow's process (pid ``parent``); read each
    file under the memory limit (flows/memory.py: the limit holds while a file is read, not
    while Prefect or the imports run)."""
    die_with_parent(parent)
    set_worker_limit(memory_limit_mb)
    for name in WORKER_IMPORTS:
        importlib.import_module(name)


class RecoveringProcessPoolTaskRunner(ProcessPoolTaskRunner):
    """Prefect's process-pool runner that replaces its pool when a dead worker broke it.

    The futures that were pending on the broken pool still fail (with ``BrokenProcessPool``);
    the flow decides what to run again.
    """

    def __init__(self, max_workers: int | None = None, memory_limit_mb: int = 0):
        super().__init__(max_workers=max_workers, initializer=setup_worker, initargs=(memory_limit_mb, os.getpid()))
        self._memory_limit_mb = memory_limit_mb

    def duplicate(self) -> RecoveringProcessPoolTaskRunner:
        return type(self)(max_workers=self._max_workers, memory_limit_mb=self._memory_limit_mb)

    def _resolve_futures_and_submit(self, *args, **kwargs):
        self._replace_if_broken()
        return super()._resolve_futures_and_submit(*args, **kwargs)

    def stop_workers(self) -> None:
        """Kill every worker process of the pool (stuck ones): the pool breaks, the futures in
        flight fail with ``BrokenProcessPool``, and the next submission gets a new pool."""
        processes = list(self._executor._processes or {})  # pid → process (tests/test_internals.py)
        for pid in processes:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.logger.warning(say("log_workers_stuck", workers=len(processes)))

    def _replace_if_broken(self) -> None:
        with _REPLACING:
            executor = self._executor
            if executor is None or not getattr(executor, "_broken", False):
                return
            executor.shutdown(wait=False, cancel_futures=True)
            # the same arguments as ProcessPoolTaskRunner.__enter__ gives its pool
            self._executor = ProcessPoolExecutor(
                max_workers=self._max_workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_initialize_process_pool_worker,
                initargs=(self._subprocess_message_queue, self._initializer, self._initargs))
            self.logger.warning(say("log_worker_died"))


class TemporaryServer(SubprocessASGIServer):
    """Prefect's temporary API server for one run, killed by the kernel if the run's process dies."""

    def _run_uvicorn_command(self) -> subprocess.Popen:
        server_env = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        # the command of SubprocessASGIServer._run_uvicorn_command, started with die_with_parent
        return subprocess.Popen(
            args=[sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent), "--factory",
                  "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
                  "--log-level", "error", "--lifespan", "on"],
            env={**os.environ, **server_env, **get_current_settings().to_environment_variables(exclude_unset=True)},
            preexec_fn=die_with_parent,
        )


class StallWatch:
    """Waits for task results and stops the workers of a run that has stalled.

    A task is submitted or finishes at least every ``seconds`` while the run goes well: each task
    has its own time limit (its backstop), below ``seconds``, and a worker starts a task only when
    one is submitted or another finishes. When neither has happened for ``seconds``, every task
    running has outrun its limit, so its worker is stuck where the limit cannot reach: the
    runner's workers are killed (a process pool; other runners are waited on as before).
    """

    def __init__(self, runner: object, seconds: float):
        self._stop = getattr(runner, "stop_workers", None)
        self._seconds = seconds
        self._last = time.monotonic()

    def submitted(self, future):
        """Count ``future`` as submitted now, and its end, whenever it comes, as a finish."""
        self._touch()
        future.add_done_callback(lambda _: self._touch())
        return future

    def result(self, future):
        """``future``'s result (or its exception), stopping the workers each time the run stalls
        while waiting for it."""
        wrapped = getattr(future, "wrapped_future", None)
        if self._stop is not None and isinstance(wrapped, concurrent.futures.Future):
            while not _done_within(wrapped, STALL_POLL_SECONDS):
                if time.monotonic() - self._last > self._seconds:
                    self._stop()
                    self._touch()
        return future.result()

    def _touch(self) -> None:
        self._last = time.monotonic()


def _done_within(future: concurrent.futures.Future, seconds: float) -> bool:
    """Whether ``future`` is done, waiting at most ``seconds`` (by ``exception()``: Prefect's
    process futures do not support ``concurrent.futures.wait``)."""
    try:
        future.exception(timeout=seconds)
    except concurrent.futures.TimeoutError:
        return False
    except concurrent.futures.CancelledError:
        pass
    return True
