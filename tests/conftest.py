"""Shared test helpers: build a sample site in-process and capture its warnings.

Where a test goes: ``unit/<package>/test_<module>.py`` mirrors ``hooks/digest/`` and holds tests on
in-memory values and small temporary folders (no site build, browser, node or java: `make test-fast`);
entries are made with ``factories.make_entry``. At the top of tests/: whatever builds a site (the
sample projects in ``sites/``, the starter project), runs a command on a copied project, or checks
lint and workflows; ``browser/``: Playwright; ``golden/``: BibTeX in, references out.
"""

from __future__ import annotations

import logging
import os
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


def build_site(root: Path, strict: bool = False, env: dict[str, str] | None = None, **overrides: object) -> Built:
    """Build the MkDocs project at ``root`` in-process (as `mkdocs build` would) into root/site;
    ``env``: environment variables set during the build (``OFFLINE_ZIP``, as `make offline-zip` sets it)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    kept = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=strict, **overrides)
        build(config)
    finally:
        logger.removeHandler(handler)
        for name, value in kept.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return Built(root, root / "site", handler.messages)


def copy_site(name: str, dest: Path) -> Path:
    """A fresh copy of tests/sites/<name>, with the project's hooks/ and overrides/ beside it."""
    target = dest / name
    shutil.copytree(SITES / name, target)
    for shared in ("hooks", "overrides"):
        if not (target / shared).exists():
            shutil.copytree(ROOT / shared, target / shared, ignore=shutil.ignore_patterns("__pycache__"))
    return target


STARTER = SITES / "starter"
"""A frozen copy of the starter library (bib/ and the digests): what the project-site tests build, so
that contributors adding, editing or removing entries in bib/ and docs/ never turn a test red."""


def copy_project(dest: Path, content: Path = STARTER) -> Path:
    """A copy of the project's code and settings (mkdocs.yml, hooks/, overrides/, docs/assets/) with the
    content (bib/, docs/ pages and digests) of ``content``: the starter fixture, or ``ROOT`` for the
    project's real library."""
    target = dest / "project"
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for name in ("hooks", "overrides", "docs/assets"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    shutil.copytree(content / "bib", target / "bib", ignore=ignore)
    shutil.copytree(content / "docs", target / "docs", ignore=shutil.ignore_patterns("__pycache__", "assets"), dirs_exist_ok=True)
    return target


@pytest.fixture(scope="session", autouse=True)
def _bytecode_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """What builds keep for the next (templates' bytecode, large YAML files read: digest/kept.py) kept
    between this session's in-process builds in a folder of the session's own, not in the user's."""
    from digest import kept

    kept.FOLDER = str(tmp_path_factory.mktemp("kept"))


@pytest.fixture(scope="session")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The project built with the starter fixture's content, once per test session (strict, as
    `make build` does)."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    return build_site(root, strict=True)


def page_maker(library: Any, links: Any = None) -> Any:
    """A PageMaker for ``library`` with the project's own templates, as the hook makes one."""
    from digest.markdown.render import Renderer
    from digest.site.pages.maker import PageMaker, environment
    from digest.urls import Links

    return PageMaker(library, links or Links(), environment(), Renderer())


def generated_pages(library: Any, links: Any = None) -> dict[str, Any]:
    """Every generated page of ``library`` by source path (PageOut: title, signature, make())."""
    from digest.site.pages import every_page

    return {page.src_uri: page for page in every_page(page_maker(library, links), {}, has_home=False)}


def braced(text: str) -> str:
    """``text`` as a BibTeX value that parses: braces balanced by dropping the unmatched ones."""
    depth, out = 0, []
    for char in text:
        if char == "}" and depth == 0:
            continue
        depth += char == "{"
        depth -= char == "}"
        out.append(char)
    return "".join(out) + "}" * depth


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on (for a `mkdocs serve` a test starts)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch_text(url: str) -> str:
    """The page at ``url`` as text, or "" while the server does not answer yet."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return ""
