"""Shared test helpers: build a sample site in-process and capture its warnings."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
CORPORA = ROOT.parent / "shared" / "corpora"


@dataclass
class Built:
    """A site built by :func:`build_site`."""

    root: Path
    site: Path
    warnings: list[str]

    def page(self, url: str) -> str:
        """The HTML of the page at ``url`` (``digests/lener2016/``)."""
        path = self.site / url
        if url.endswith("/") or url == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


class WarningCollector(logging.Handler):
    """Collects the messages of warnings logged while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(root: Path, strict: bool = False, **overrides: object) -> Built:
    """Build the MkDocs project at ``root`` in-process (as `mkdocs build` would) into root/site."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=strict, **overrides)
        build(config)
    finally:
        logger.removeHandler(handler)
    return Built(root, root / "site", handler.messages)


def copy_site(name: str, dest: Path) -> Path:
    """A fresh copy of tests/sites/<name>, with the project's hooks/ and overrides/ beside it."""
    target = dest / name
    shutil.copytree(SITES / name, target)
    for shared in ("hooks", "overrides"):
        if not (target / shared).exists():
            shutil.copytree(ROOT / shared, target / shared, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def copy_project(dest: Path) -> Path:
    """A copy of the project itself (content, config, hooks), for tests that change it."""
    target = dest / "project"
    keep = ("mkdocs.yml", "bib", "docs", "hooks", "overrides")
    target.mkdir()
    for name in keep:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy(src, target / name)
    return target


@pytest.fixture(scope="session")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The project's own site, built once per test session (strict, as `make build` does)."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    return build_site(root, strict=True)


def page_maker(library: Any, links: Any = None) -> Any:
    """A PageMaker for ``library`` with the project's own templates, as the hook makes one."""
    from digest import contributed, pages
    from digest.urls import Links

    return pages.PageMaker(library, links or Links(), pages.environment(), contributed.Renderer())


def generated_pages(library: Any, links: Any = None) -> dict[str, Any]:
    """Every generated page of ``library`` by source path (PageOut: title, signature, make())."""
    return {page.src_uri: page for page in page_maker(library, links).pages({}, has_home=False)}
