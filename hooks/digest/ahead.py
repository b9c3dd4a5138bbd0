"""Work done in forked processes beside the build: the generated pages across every core.

:class:`Shares` (the build's default): the generated pages, theme included, rendered and written by
a forked worker a core but one, each taking the next share of pages as it finishes one (the first
share: the search index and the downloads, in a child of its own, :func:`in_child`), while the
parent goes through MkDocs' own page loop for the hand-written pages, then takes shares too
(:meth:`Shares.take`). A share a worker did not finish (it died, or failed) is done by the parent,
so the output never depends on them.

A worker is a fork of the parent after the library is loaded and frozen (``gc.freeze``): same data,
same code, so the same bytes as making the page in-process, and the memory pages it only reads
stay shared with the parent. Anything unexpected (a worker gone, a share that failed) falls
back to doing the work in-process, so the output never depends on a worker.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Any


def worth_it() -> bool:
    """Whether a second process can run beside this one: two cores or more, and no other thread in
    this process (a fork copies a thread's locks, not the thread: `mkdocs build` runs none)."""
    return can_fork() and cores() > 1


def can_fork() -> bool:
    """Whether this process may fork workers: no other thread runs in it (a fork copies a thread's
    locks, not the thread: `mkdocs build` runs none, `mkdocs serve` does) and the system forks."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


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

    def take(self) -> int | None:
        """The next share, for the caller to do itself (no worker will), or None when none is left."""
        return _take(self._next, self.count)

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
        while (share := _take(counter, count)) is not None:
            done[share] = work(share)
    except Exception:  # the share that failed, and those not taken, are done by the parent
        pass
    try:
        send.send(done)
    finally:
        send.close()
        os._exit(0)


def _take(counter: Any, count: int) -> int | None:
    """The next of ``count`` shares from the shared ``counter`` (each is taken once), or None."""
    with counter.get_lock():
        share = int(counter.value)
        if share >= count:
            return None
        counter.value += 1
    return share


class ChildFailed(Exception):
    """The child of :func:`in_child` sent no result: it died, or its work raised."""


def in_child(work: Callable[[], Any]) -> Any:
    """``work()`` done in a forked child of this process, its result sent back (pickled): the memory
    the work took is given back when the child exits, not carried by this process through the rest
    of its work (the search index and the downloads, in a worker that renders pages next)."""
    return Child(work).result()


class Child:
    """``work()`` started now in a forked child of this process, beside what this process does next;
    :meth:`result` waits for it and gives its result (pickled through a pipe), :meth:`close` stops it
    when its result is no longer wanted."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self._receive, send = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: never returns
            code = 1
            try:
                os.close(self._receive)
                data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(send, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(send)

    def fileno(self) -> int:
        """The pipe the result comes through: readable once the child's work is done (for ``select``)."""
        return self._receive

    def result(self) -> Any:
        """The child's result; :class:`ChildFailed` when it sent none (it died, or its work raised)."""
        with os.fdopen(self._receive, "rb") as got:
            data = got.read()
        _, status = os.waitpid(self._pid, 0)
        if status != 0 or not data:
            raise ChildFailed(f"exit status {status}")
        return pickle.loads(data)

    def close(self) -> None:
        """The child stopped and waited for, its result dropped."""
        os.close(self._receive)
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self._pid, 0)


class Beside:
    """``work()`` done in a forked child while this process goes on, or here when no child can be
    forked or the child fails: :meth:`result` gives the same either way (once); :meth:`close` stops a
    child whose result was not asked for."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self._work = work
        try:
            self._child: Child | None = Child(work)
        except OSError:  # no fork to be had (EAGAIN, ENOMEM): done here when asked
            self._child = None

    def result(self) -> Any:
        child, self._child = self._child, None
        if child is not None:
            try:
                return child.result()
            except ChildFailed:
                pass
        return self._work()

    def close(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            child.close()


def may_fork(workers: int) -> bool:
    """Whether a build set to ``workers`` processes (``extra.digest.workers``, 0: one a core) may fork
    helpers: more than one process, and no other thread in this one (:func:`can_fork`)."""
    return (workers or cores()) > 1 and can_fork()


def in_halves(work: Callable[[list[Any]], list[Any]], items: list[Any], fork: bool, least: int = 200) -> list[Any]:
    """``work(items)``, its list of results made in two halves at once where ``fork`` is true and there
    are ``least`` items or more: the second half's in a forked child (:class:`Beside`), the first here.
    ``work`` must give one result an item, in order, from the items alone (the same either way)."""
    if not fork or len(items) < least:
        return work(items)
    middle = len(items) // 2
    rest = Beside(lambda: work(items[middle:]))
    try:
        first = work(items[:middle])
        return first + rest.result()
    finally:
        rest.close()


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
