"""Generated pages made ahead, in a second process, while MkDocs renders the theme around them.

MkDocs builds pages one at a time: for each, the hook makes its HTML (views and templates), then
Material renders the page around it, then MkDocs writes it. The two renderings are about the same
cost and independent, so a forked child makes the pages' HTML in the order MkDocs will ask for it
and sends each through a pipe; the parent, busy with the theme, takes them as they come. On a
machine with two cores or more this takes the hook's own rendering off the build's critical path.

The child is a fork of the parent after the library is loaded: same data, same code, so the same
bytes as making the page in-process. Anything unexpected (a page asked out of order, the child
gone) falls back to making the page in-process, so the output never depends on the child.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any


class Ahead:
    """Made-ahead results of ``jobs`` ((name, make) pairs), taken in order with :meth:`take`."""

    def __init__(self, jobs: Sequence[tuple[str, Callable[[], Any]]]) -> None:
        context = multiprocessing.get_context("fork")
        self._names = [name for name, _ in jobs]
        self._next = 0
        self._receive, send = context.Pipe(duplex=False)
        self._child: Any = context.Process(target=_work, args=(jobs, send), daemon=True)
        self._child.start()
        send.close()

    def take(self, name: str) -> Any | None:
        """The result for ``name`` if it is the next one made, else None (and no more from the child)."""
        if self._child is None or self._next >= len(self._names) or self._names[self._next] != name:
            self.close()
            return None
        self._next += 1
        try:
            return self._receive.recv()
        except (EOFError, OSError):
            self.close()
            return None

    def close(self) -> None:
        if self._child is not None:
            self._receive.close()
            self._child.kill()
            self._child.join()
            self._child = None


def _work(jobs: Sequence[tuple[str, Callable[[], Any]]], send: Any) -> None:
    try:
        for _, make in jobs:
            send.send(make())
    except BaseException:  # the parent makes what is missing; never the parent's cleanup here
        pass
    finally:
        send.close()
        os._exit(0)


def worth_it() -> bool:
    """Whether a second process can run beside this one: two cores or more, and no other thread in
    this process (a fork copies a thread's locks, not the thread: `mkdocs build` runs none)."""
    if threading.active_count() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:  # not on Linux
        return (os.cpu_count() or 1) > 1


class Background(Ahead):
    """One job done in a forked child while the build goes on (the search index and the downloads,
    while MkDocs renders the pages); :meth:`result` waits for it. None from it means the child
    failed: the caller does the job itself, so the output never depends on the child."""

    def __init__(self, job: Callable[[], Any]) -> None:
        super().__init__([("", job)])

    def result(self) -> Any | None:
        try:
            return self.take("")
        finally:
            self.close()
