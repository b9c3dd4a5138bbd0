"""Work done in forked processes beside the build: pages across every core, a job in the background.

:class:`Shares` (the build's default): the generated pages, theme included, rendered and written by
as many forked workers as there are cores, each taking the next share of pages as it finishes one,
while the parent goes through MkDocs' own page loop for the hand-written pages. A share a worker
did not finish (it died, or failed) is rendered by the parent, so the output never depends on them.

:class:`Ahead`: results made ahead in a second process, taken in order; :class:`Background`: one job
(the search index and the downloads) done beside the build.

A worker is a fork of the parent after the library is loaded and frozen (``gc.freeze``): same data,
same code, so the same bytes as making the page in-process, and the memory pages it only reads
stay shared with the parent. Anything unexpected (a result asked out of order, a worker gone) falls
back to doing the work in-process, so the output never depends on a worker.
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
    return can_fork() and cores() > 1


def can_fork() -> bool:
    """Whether this process may fork workers: no other thread runs in it (a fork copies a thread's
    locks, not the thread: `mkdocs build` runs none, `mkdocs serve` does) and the system forks."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


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


class Shares:
    """``count`` shares of work, done by ``processes`` forked workers, each taking the next share
    (a shared counter) as it finishes one: ``work(i)`` for share ``i`` in a worker, its result sent
    back at the end. :meth:`results` waits for the workers and gives the result of every share a
    worker finished; the caller does the others itself."""

    def __init__(self, count: int, processes: int, work: Callable[[int], Any],
                 start: Callable[[], None] = lambda: None) -> None:
        context = multiprocessing.get_context("fork")
        self.count = count
        self._next = context.Value("l", 0)
        self._workers: list[tuple[Any, Any]] = []
        for _ in range(max(1, processes)):
            receive, send = context.Pipe(duplex=False)
            worker = context.Process(target=_share_work, args=(self._next, count, work, start, send), daemon=True)
            worker.start()
            send.close()
            self._workers.append((worker, receive))

    def results(self) -> dict[int, Any]:
        """Share -> result, for every share a worker finished (all of them, unless one failed)."""
        done: dict[int, Any] = {}
        for worker, receive in self._workers:
            try:
                done.update(receive.recv())
            except (EOFError, OSError):
                pass  # this worker's shares are done again by the caller
            receive.close()
            worker.join()
        self._workers = []
        return done

    def close(self) -> None:
        for worker, receive in self._workers:
            receive.close()
            worker.kill()
            worker.join()
        self._workers = []


def _share_work(counter: Any, count: int, work: Callable[[int], Any], start: Callable[[], None], send: Any) -> None:
    done: dict[int, Any] = {}
    try:
        start()
        while True:
            with counter.get_lock():
                share = counter.value
                counter.value += 1
            if share >= count:
                break
            done[share] = work(share)
    except Exception:  # the share that failed, and those not taken, are done by the parent
        pass
    try:
        send.send(done)
    finally:
        send.close()
        os._exit(0)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
