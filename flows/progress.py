"""How far a run is, for whoever watches it: the ``ogi`` command draws a progress bar on a terminal.

The flow says each file it records (:func:`tell`); a listener set by the command (:func:`listen`)
hears it in the same process. Logging is unchanged: without a listener nothing else happens.
"""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[int, int, str], None]  # files done, files in all, the file just recorded
_listeners: list[Listener] = []


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


class TerminalBar:
    """A rich progress bar of the files of a run, for a person at a terminal (a context manager)."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(TextColumn("ogi run"), BarColumn(), MofNCompleteColumn(), TextColumn("个文件"),
                                  TimeElapsedColumn(), TextColumn("{task.fields[path]}"), transient=False)
        self._task = self._progress.add_task("files", total=None, path="")

    def __call__(self, done: int, total: int, path: str) -> None:
        self._progress.update(self._task, completed=done, total=total, path=path)

    def __enter__(self) -> TerminalBar:
        self._progress.start()
        listen(self)
        return self

    def __exit__(self, *exc: object) -> None:
        stop_listening(self)
        self._progress.stop()
