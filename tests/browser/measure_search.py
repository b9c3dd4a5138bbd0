"""Measure offline search on a real N-entry site (not a test; prints the figures for the issue).

    .venv/bin/python tests/browser/measure_search.py 5000 [a folder to keep the built site in]

Builds bench/'s synthetic project of N entries the way `make offline` does (.html URLs), opens an
entry page from file:// in Debian's Chromium with every non-file request blocked, and times, on a
freshly loaded page each run: loading the index, and the first results after the last key of
"ketamine" (typed as a reader types it: "/" then the keys).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "hooks"), str(ROOT / "bench")]

from browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from conftest import build_site  # noqa: E402


def main(n: int, runs: int = 5, keep: str = "") -> None:
    """``keep``: a folder to build the project in and keep; a second run reuses its site."""
    from playwright.sync_api import sync_playwright

    from run import make_project  # bench/run.py

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(keep or tmp) / "project"
        if not (project / "site" / "index.html").exists():
            make_project(n, project)
            started = time.perf_counter()
            built = build_site(project, use_directory_urls=False)
            print(f"{n} entries: offline build {time.perf_counter() - started:.1f} s, {len(built.warnings)} warnings")
        built = SimpleNamespace(site=project / "site")
        index = built.site / "assets" / "search-index.js"
        print(f"search index {index.stat().st_size / 1e6:.2f} MB")
        page_path = next((built.site / "digests").glob("*.html"))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context()
            leaks: list[str] = []

            def offline(route: Any) -> None:
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    leaks.append(route.request.url)
                    route.abort()

            context.route("**/*", offline)
            first, loads, counts = [], [], []
            for _ in range(runs):
                page = context.new_page()
                page.goto(page_path.as_uri())
                page.wait_for_load_state("load")
                page.keyboard.press("/")
                page.keyboard.type("ketamin")
                t0 = time.perf_counter()
                page.keyboard.press("e")
                page.wait_for_function("document.querySelector('[data-digest-search-input]').value === 'ketamine'"
                                       " && document.querySelectorAll('[data-search-result]').length > 0")
                first.append(time.perf_counter() - t0)
                loads.append(page.evaluate("performance.measure('i', 'digest-search-load', 'digest-search-ready').duration"))
                counts.append(page.locator("[data-digest-search-meta]").inner_text())
                page.close()
            browser.close()
        print(f"first results after the last key: median {statistics.median(first) * 1000:.0f} ms, "
              f"max {max(first) * 1000:.0f} ms; index load+prepare median {statistics.median(loads):.0f} ms, "
              f"max {max(loads):.0f} ms ({counts[0]}); requests off the machine: {len(leaks)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000, keep=sys.argv[2] if len(sys.argv) > 2 else "")
