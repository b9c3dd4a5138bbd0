"""Templates compiled beside the build (site/precompile.py): used only for the same source and options."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import Any

import jinja2
import pytest

from digest import kept
from digest.site import precompile


def _env(folder: Path, **options: Any) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), **options)


def _compiles(env: jinja2.Environment, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    compiled: list[str] = []
    original = env.compile

    def compile(source: str, name: str | None = None, *args: Any, **kw: Any) -> Any:
        compiled.append(name or "")
        return original(source, name, *args, **kw)

    monkeypatch.setattr(env, "compile", compile)
    return compiled


def test_a_template_compiled_elsewhere_is_loaded_not_compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "page.html").write_text("<p>{{ x }}</p>{% for i in items %}{{ i }}{% endfor %}", encoding="utf-8")
    (tmp_path / "icon.svg").write_text("<svg/>", encoding="utf-8")
    store = precompile.compile_all([_env(tmp_path, autoescape=True)])
    assert len(store) == 1, "templates only, not the theme's other files"
    here = _env(tmp_path, autoescape=True)
    here.bytecode_cache = precompile.Kept(here, store)
    compiled = _compiles(here, monkeypatch)
    assert here.get_template("page.html").render(x="<b>", items=[1, 2]) == "<p>&lt;b&gt;</p>12"
    assert compiled == []


def test_other_options_or_another_source_are_compiled_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "page.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    store = precompile.compile_all([_env(tmp_path, autoescape=True)])
    plain = _env(tmp_path, autoescape=False)  # the same source compiles to other code without escaping
    plain.bytecode_cache = precompile.Kept(plain, store)
    compiled = _compiles(plain, monkeypatch)
    assert plain.get_template("page.html").render(x="<b>") == "<p><b></p>"
    assert compiled == ["page.html"]
    (tmp_path / "page.html").write_text("<div>{{ x }}</div>", encoding="utf-8")  # edited since
    escaping = _env(tmp_path, autoescape=True)
    escaping.bytecode_cache = precompile.Kept(escaping, store)
    compiled = _compiles(escaping, monkeypatch)
    assert escaping.get_template("page.html").render(x="<b>") == "<div>&lt;b&gt;</div>"
    assert compiled == ["page.html"]


def test_a_child_not_done_is_not_waited_for(tmp_path: Path) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this system")
    (tmp_path / "page.html").write_text("{{ x }}", encoding="utf-8")

    def slow() -> list[jinja2.Environment]:
        time.sleep(30)
        return [_env(tmp_path)]

    env = _env(tmp_path)
    started = time.monotonic()
    assert precompile.Ahead(slow).use([env]) is False
    assert time.monotonic() - started < 5
    assert isinstance(env.bytecode_cache, precompile.Kept) and env.bytecode_cache.store == {}
    done = precompile.Ahead(lambda: [_env(tmp_path)])
    time.sleep(1)
    assert done.use([env]) is True and isinstance(env.bytecode_cache, precompile.Kept)
    assert env.get_template("page.html").render(x=1) == "1"


def test_a_template_compiled_by_an_earlier_build_is_loaded_from_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    monkeypatch.setattr(kept, "FOLDER", str(tmp_path / "kept"))
    (tmp_path / "kept").mkdir()
    first = _env(tmp_path / "t", autoescape=True)
    precompile.cache([first])
    assert first.get_template("page.html").render(x="<b>") == "<p>&lt;b&gt;</p>"
    assert len(list((tmp_path / "kept").iterdir())) == 1
    again = _env(tmp_path / "t", autoescape=True)  # the next build: another process, nothing in memory
    precompile.cache([again])
    compiled = _compiles(again, monkeypatch)
    assert again.get_template("page.html").render(x="<b>") == "<p>&lt;b&gt;</p>" and compiled == []


def test_code_kept_on_disk_is_loaded_only_for_the_same_options_filters_and_source(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("<p>{{ x | shout }}</p>", encoding="utf-8")
    monkeypatch.setattr(kept, "FOLDER", str(tmp_path))

    def env(autoescape: bool, shout: Any) -> jinja2.Environment:
        made = _env(tmp_path / "t", autoescape=autoescape)
        made.filters["shout"] = shout
        precompile.cache([made])
        return made

    def upper(value: str) -> str:
        return value.upper()

    @jinja2.pass_context
    def with_context(context: Any, value: str) -> str:  # called with the context: other code
        return value.upper() + "!"

    assert env(True, upper).get_template("page.html").render(x="<b>") == "<p>&lt;B&gt;</p>"
    for autoescape, shout, expected in ((False, upper, "<p><B></p>"), (True, with_context, "<p>&lt;B&gt;!</p>")):
        other = env(autoescape, shout)
        compiled = _compiles(other, monkeypatch)
        assert other.get_template("page.html").render(x="<b>") == expected and compiled == ["page.html"]
    (tmp_path / "t" / "page.html").write_text("<div>{{ x | shout }}</div>", encoding="utf-8")  # edited since
    edited = env(True, upper)
    compiled = _compiles(edited, monkeypatch)
    assert edited.get_template("page.html").render(x="<b>") == "<div>&lt;B&gt;</div>" and compiled == ["page.html"]


def test_no_folder_to_keep_code_in_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "page.html").write_text("{{ x }}", encoding="utf-8")
    monkeypatch.setattr(kept, "FOLDER", str(tmp_path / "missing"))  # cannot be written: compiled each time
    env = _env(tmp_path)
    precompile.cache([env])
    assert env.get_template("page.html").render(x=1) == "1"
    # Jinja's own folder for this user, when it is not a folder of this user's alone (here a link to
    # another one), is refused: no cache, not a cache others could plant code in.
    import os
    import tempfile

    os.symlink(tmp_path, tmp_path / f"_jinja2-cache-{os.getuid()}")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(kept, "FOLDER", None)
    assert kept.folder() is None
    refused = _env(tmp_path)
    precompile.cache([refused])
    assert isinstance(refused.bytecode_cache, precompile.Kept) and refused.bytecode_cache.disk is False
