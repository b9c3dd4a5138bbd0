"""`make serve` notices a save at once: docs/ watched by the system's notifications beside MkDocs' polling,
one rebuild asked for a change whichever sees it first (digest_hooks._notice_at_once), with MkDocs'
own server and watchdog's real observers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

import digest_hooks


def _server(tmp_path: Path, polling: float = 2.0) -> tuple[LiveReloadServer, Path]:
    docs = tmp_path / "docs"
    (docs / "digests").mkdir(parents=True)
    (docs / "digests" / "a2020.md").write_text("Text.\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"),
                              polling_interval=polling)
    server.watch(str(docs))
    return server, docs


def _asked(server: LiveReloadServer, within: float) -> bool:
    """Whether a rebuild was asked for within ``within`` s, taken as MkDocs' build loop takes it: asks
    that follow each other closer than its ``build_delay`` (0.1 s) are one rebuild. A save is often two
    notifications (the file emptied, then written), each stamped apart when the machine is busy."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with server._rebuild_cond:
            if server._want_rebuild:
                while server._rebuild_cond.wait(timeout=server.build_delay):
                    pass
                server._want_rebuild = False
                return True
        time.sleep(0.02)
    return False


def test_a_save_asks_for_one_rebuild_at_once_and_polling_does_not_ask_again(tmp_path: Path) -> None:
    server, docs = _server(tmp_path)
    native = digest_hooks._notice_at_once(server, str(docs))
    if native is None:
        pytest.skip("this system sends no file change notifications (MkDocs' polling alone, tested below)")
    server.observer.start()
    try:
        time.sleep(0.3)  # the polling observer's first look (then every 2 s)
        (docs / "digests" / "a2020.md").read_text(encoding="utf-8")  # a file read is no change
        assert not _asked(server, 0.5)
        saved = time.monotonic()
        (docs / "digests" / "a2020.md").write_text("Text, edited.\n", encoding="utf-8")
        assert _asked(server, 5)
        print(f"\nnoticed {time.monotonic() - saved:.3f} s after saving")
        assert time.monotonic() - saved < 1.0, "noticed before a polling cycle (2 s)"
        assert not _asked(server, 3.0), "the polling observer saw the same change: no second rebuild"
        (docs / "digests" / "a2020.md").unlink()
        assert _asked(server, 5), "a removed file too"
    finally:
        native.stop()
        server.observer.stop()


def test_without_notifications_mkdocs_polling_watches_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import watchdog.observers

    class Refusing(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
        def schedule(self, *args: object, **kw: object) -> object:
            raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watchdog.observers, "Observer", Refusing)
    server, docs = _server(tmp_path, polling=0.2)
    assert digest_hooks._notice_at_once(server, str(docs)) is None
    assert str(docs) in server._watched_paths, "MkDocs' own watch is kept"
    server.observer.start()
    try:
        time.sleep(0.5)
        (docs / "digests" / "a2020.md").write_text("Text, edited.\n", encoding="utf-8")
        assert _asked(server, 5)
    finally:
        server.observer.stop()
