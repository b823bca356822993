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
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

import prefect
from prefect.server.api.server import SubprocessASGIServer
from prefect.settings import get_current_settings
from prefect.task_runners import ProcessPoolTaskRunner, _initialize_process_pool_worker

from extract.messages import say
from flows.memory import set_worker_limit

PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Held while a broken pool is replaced (module level: the runner itself is pickled with task context).
_REPLACING = threading.Lock()


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
