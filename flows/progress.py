"""How far a run is, for whoever watches it: the ``ogi`` command draws a progress bar on a terminal.

The flow says each file it records (:func:`tell`); a listener set by the command (:func:`listen`)
hears it in the same process. Logging is unchanged: without a listener nothing else happens.

Files are read in worker processes, which the bar cannot hear: a worker notes the file it is
reading in a folder the bar names (:func:`reading`, through ``OGI_READING_DIR``), and the bar
names a file that has been read for more than a few seconds (a scan being recognised).
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ogi_data.messages import say

Listener = Callable[[int, int, str], None]  # files done, files in all, the file just recorded
_listeners: list[Listener] = []
READING_ENV = "OGI_READING_DIR"
SLOW_SECONDS = 3.0  # a file read longer than this is named on the bar


def listen(listener: Listener) -> None:
    """Hear every file recorded from now on."""
    _listeners.append(listener)


def stop_listening(listener: Listener) -> None:
    """Hear no more."""
    if listener in _listeners:
        _listeners.remove(listener)


def tell(done: int, total: int, path: str) -> None:
    """One more file recorded (``path``; empty when the run only says how many there are)."""
    for listener in list(_listeners):
        listener(done, total, path)


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Note, for a bar that asks (``OGI_READING_DIR`` set), that this process is reading ``path``;
    never fails: a note that cannot be written is no note."""
    folder = os.environ.get(READING_ENV)
    note = Path(folder) / str(os.getpid()) if folder else None
    if note is not None:
        try:
            note.write_text(path.name, encoding="utf-8")
        except OSError:
            note = None
    try:
        yield
    finally:
        if note is not None:
            note.unlink(missing_ok=True)


def slow_files(folder: Path, now: float, seconds: float = SLOW_SECONDS) -> list[tuple[str, float]]:
    """(file, seconds) of each file a worker has been reading for longer than ``seconds``."""
    found = []
    for note in folder.iterdir() if folder.is_dir() else []:
        try:
            age = now - note.stat().st_mtime
            name = note.read_text(encoding="utf-8")
        except OSError:
            continue  # read just now: its note is gone
        if age > seconds:
            found.append((name, age))
    return sorted(found, key=lambda f: -f[1])


class TerminalBar:
    """A rich progress bar of the files of a run, for a person at a terminal (a context manager):
    what the run is doing while Prefect starts, the file being read when it takes a while, and the
    run's log lines printed above the bar, never glued onto it."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._folder = Path(tempfile.mkdtemp(prefix="ogi-reading-"))
        self._progress = Progress(TextColumn("ogi run"), TextColumn("{task.description}"), BarColumn(),
                                  MofNCompleteColumn(), TextColumn("{task.fields[doing]}"),
                                  console=Console(stderr=True), transient=True, refresh_per_second=2)
        self._task = self._progress.add_task(say("bar_starting"), total=None, doing="")
        self._swapped: list[tuple[logging.Handler, object]] = []

    def __call__(self, done: int, total: int, path: str) -> None:
        self._progress.update(self._task, completed=done, total=total, description=say("bar_files"))

    def refresh(self) -> None:
        """Name the files read for a while (called twice a second by the bar's ticker)."""
        slow = slow_files(self._folder, time.time())
        doing = say("bar_reading", files="、".join(f"{name}（{age:.0f} 秒）" for name, age in slow)) if slow else ""
        self._progress.update(self._task, doing=doing)

    def __enter__(self) -> TerminalBar:
        os.environ[READING_ENV] = str(self._folder)
        self._progress.start()
        self._print_logs_above()
        listen(self)
        self._ticker = _Ticker(self.refresh)
        self._ticker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._ticker.stop()
        stop_listening(self)
        for handler, console in self._swapped:
            handler.console = console
        self._progress.stop()
        os.environ.pop(READING_ENV, None)
        for note in self._folder.iterdir():
            note.unlink(missing_ok=True)
        self._folder.rmdir()

    def _print_logs_above(self) -> None:
        """Prefect's console handlers print through the bar's console, which draws them above it."""
        loggers = [logging.getLogger(), *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))]
        for handler in {h for lg in loggers for h in getattr(lg, "handlers", [])}:
            if hasattr(handler, "console"):
                self._swapped.append((handler, handler.console))
                handler.console = self._progress.console


class _Ticker:
    """Calls a function about twice a second on a daemon thread until stopped."""

    def __init__(self, call: Callable[[], None]) -> None:
        import threading

        self._call, self._stop = call, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="ogi-bar")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            try:
                self._call()
            except Exception:  # noqa: BLE001 - the bar must never stop a run
                pass
