"""`make serve` live reload: the hook asks the server to watch bib/ and the topic vocabulary too."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config

from conftest import copy_site


class _Server:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_bib_and_topics(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_config(config)
    server = _Server()
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    assert str(root / "bib") in server.watched
    assert str(root / "bib" / "topics.yml") in server.watched
