"""Nothing is lost: on the real-world corpora, every entry gets its page, and every entry that is
broken is reported with its file and line (non-strict build, as a contributor's first try).

The corpora are read in place from ../shared/corpora/ (never copied into the project); the test
skips where that folder is absent.
"""

from __future__ import annotations

import io
import logging
import shutil
from pathlib import Path

import pytest

from conftest import CORPORA, WarningCollector, build_site, copy_project
from digest.commands import cli
from digest.commands.project import read as read_project
from digest.library.loader import Library, load

pytestmark = pytest.mark.skipif(not any(CORPORA.glob("*.bib")), reason=f"no corpora at {CORPORA}")


@pytest.fixture(scope="module")
def corpora_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Library, list[str], list[str]]:
    """The project's site with bib_dir pointing at the corpora and no digests of its own."""
    root = copy_project(tmp_path_factory.mktemp("corpora"))
    shutil.rmtree(root / "docs" / "digests")
    (root / "docs" / "index.md").write_text("# The corpora\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("bib_dir: bib\n", f"bib_dir: {CORPORA}\n"), encoding="utf-8")
    out = io.StringIO()
    assert cli.check(config, out, annotate=False) == 1
    checked = out.getvalue().splitlines()[:-1]
    handler = WarningCollector()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        build_site(root, strict=False)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    project, _ = read_project(config)
    assert str(CORPORA) == project.settings.bib_dir
    library = load(root, project.docs_dir, project.settings)
    return root, library, checked, handler.messages


def test_every_entry_has_its_page(corpora_site) -> None:  # type: ignore[no-untyped-def]
    root, library, _, _ = corpora_site
    assert len(library.entries) > 1400
    missing = [key for key in library.entries if not (root / "site" / "digests" / library.slugs[key] / "index.html").is_file()]
    assert not missing, f"{len(missing)} entries without a page: {missing[:10]}"


def test_every_broken_entry_is_reported_with_file_and_line(corpora_site) -> None:  # type: ignore[no-untyped-def]
    _, library, _, warnings = corpora_site
    broken = [entry for entry in library.entries.values() if entry.broken]
    assert broken, "the corpora have at least one entry with a syntax error (Schwanhausser2011)"
    for entry in broken:
        said = f"BibTeX syntax error in the entry that starts at line {entry.line}"
        assert any(w.startswith(f"{entry.path}:") and said in w for w in warnings), entry.key
    unnamed = [key for key in library.entries if key.startswith("unnamed-")]
    assert len(unnamed) == 16
    for key in unnamed:
        assert any(w.endswith(f"(shown for now as {key})") for w in warnings), key


def test_the_build_reports_what_make_check_reports(corpora_site) -> None:  # type: ignore[no-untyped-def]
    _, _, checked, warnings = corpora_site
    missing = [line for line in checked if line not in warnings]
    assert not missing, "\n".join(missing[:10])
    assert not any("Traceback" in w for w in warnings)
