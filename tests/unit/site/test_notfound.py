"""The standalone 404 page (hooks/digest/notfound.py): styles inside it, scripts loaded from the root
its address shows."""

from __future__ import annotations

from pathlib import Path

from digest.site import csp, notfound

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/assets/main.css">
<script>__md_scope=new URL("/",location)</script>
</head><body><a href="/.">Home</a><script src="/assets/digest.js"></script></body></html>"""


def test_the_page_carries_its_styles_and_loads_its_scripts_by_itself(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "main.css").write_text("body{color:red}", encoding="utf-8")
    page, own = notfound.standalone(PAGE, tmp_path, ["assets", "topics", "assets"])
    assert "<style>body{color:red}</style>" in page
    assert 'href="/assets/main.css"' not in page
    assert '<script src="/assets/digest.js">' not in page
    assert '["/assets/digest.js"]' in page, "the loader gets the scripts to load"
    assert '["assets", "download", "exports", "topics"]' in page, "the loader knows the top-level names"
    assert 'new URL(window.__digest_root||"/",location)' in page
    # The loader is inline, before the theme's scope script; the page says which scripts are its own.
    assert page.index("__digest_root = root") < page.index("__md_scope")
    theme = [notfound.theme_script('__md_scope=new URL("/",location)')]
    assert csp.policed(page, [csp.source_of(text) for text in [*theme, *own]])[1] == []


def test_a_missing_stylesheet_stays_linked(tmp_path: Path) -> None:
    page = notfound.standalone(PAGE, tmp_path, []).html
    assert '<link rel="stylesheet" href="/assets/main.css">' in page
