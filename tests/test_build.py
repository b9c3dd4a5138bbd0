"""One build sequence (digest/build.py) for the build and `make check`; mkdocs.yml read by MkDocs itself
(commands/project.py); the hook's two lifetimes (a serve session, one build)."""

from __future__ import annotations

import io
from pathlib import Path

from mkdocs.config import load_config

from conftest import build_site, copy_site
from digest import build
from digest.commands import cli
from digest.markdown.render import Renderer
from digest.settings import Settings
from digest.urls import Links


def _check(root: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = cli.check(root / "mkdocs.yml", out, annotate=False)
    return code, out.getvalue().splitlines()


def _edit_config(root: Path, old: str, new: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_broken_yaml_in_mkdocs_yml_is_a_line_not_a_traceback(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    _edit_config(root, "nav:\n", "nav: [oops\n")
    code, lines = _check(root)
    assert code == 1
    assert lines[0].startswith("mkdocs.yml:") and "not valid YAML" in lines[0] and "; fix the YAML" in lines[0]
    line = int(lines[0].split(":")[1])
    assert (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()[line - 1].startswith(("nav", "  -", "extra"))
    assert lines[-1] == "1 problem(s) in mkdocs.yml; fix each as it says, then run make check again"
    assert not any("Traceback" in line for line in lines)


def test_a_setting_mkdocs_refuses_is_reported_at_its_line(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    _edit_config(root, "  name: material\n", "  name: nosuchtheme\n")
    code, lines = _check(root)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    theme_line = next(i for i, line in enumerate(text, 1) if line.startswith("theme:"))
    assert code == 1
    assert lines[0].startswith(f"mkdocs.yml:{theme_line}: MkDocs refuses it: Config value 'theme': Unrecognised theme name")
    assert cli.main(["--config", str(root / "mkdocs.yml"), "summary", "--base", "HEAD"]) == 2  # cannot run


def test_check_and_build_list_the_same_pages_and_files(tmp_path: Path) -> None:
    """exclude_docs leaves a page and a script out of both; what is in is reported by both alike."""
    root = copy_site("clean", tmp_path)
    _edit_config(root, "nav:\n", "exclude_docs: |\n  drafts/\nnav:\n")
    (root / "docs" / "drafts").mkdir()
    (root / "docs" / "drafts" / "wip.md").write_text("# Work in progress\n\nSee [@nosuchdraft2020].\n", encoding="utf-8")
    (root / "docs" / "drafts" / "tool.js").write_text("alert(1)\n", encoding="utf-8")
    (root / "docs" / "about.md").write_text("# About\n\nSee [@nosuchpage2020].\n", encoding="utf-8")
    (root / "docs" / "evil.html").write_text("<script>alert(1)</script>\n", encoding="utf-8")
    code, lines = _check(root)
    built = build_site(root)
    assert code == 1
    checked = lines[:-1]
    assert any("nosuchpage2020" in line and line.startswith("docs/about.md:3:") for line in checked)
    assert any(line.startswith("docs/evil.html: a file a browser runs") for line in checked)
    assert not any("nosuchdraft2020" in line or "tool.js" in line for line in checked + built.warnings)
    assert [line for line in checked if line not in built.warnings] == []
    assert not (built.site / "evil.html").exists()


def test_the_sequence_takes_plain_data(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    settings = Settings(bib_dir="bib", topics_file="bib/topics.yml")
    site = build.Site(root, root / "docs", settings, Links(True, settings.digests_dir), ("assets/own.js",))
    pages = [build.HandWritten("notes.md", "docs/notes.md", "# Notes\n\nAs [@nobody1999] found.\n")]
    built = build.run(site, build.Sources(pages, ["assets/own.js", "x.svg", "a.png"]), Renderer())
    assert built.library.entries
    assert [uri for uri, _ in built.refused] == ["x.svg"]
    said = [str(problem) for problem in built.problems]
    assert any(line.startswith("docs/notes.md:3:") and "nobody1999" in line for line in said)
    assert said[-1].startswith("docs/x.svg: a file a browser runs")


def test_each_build_starts_fresh_and_the_session_lasts(tmp_path: Path) -> None:
    """MkDocs loads the hook once per path: a second build in the same process keeps the session
    (the renderer and its rendered digests) but none of the first build's state."""
    root = copy_site("clean", tmp_path)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    hook = config.hooks["hooks/digest_hooks.py"]
    config.plugins.on_startup(command="serve", dirty=False)
    session = hook.session
    build_site(root)
    first = hook.this_build
    assert first.maker is not None and first.renderer is session.renderer(config)
    build_site(root)
    assert hook.session is session and session.serving
    assert hook.this_build is not first and hook.this_build.renderer is first.renderer
