"""Measure offline search on a real N-entry site (not a test; prints the figures for the issue).

    .venv/bin/python tests/browser/measure_search.py 5000 [a folder to keep the built site in]

Builds bench/'s synthetic project of N entries (200-word abstracts, digests for a share of them)
the way `make offline` does (.html URLs), opens an entry page from file:// in Debian's Chromium
with every non-file request blocked, and measures, on a freshly loaded page each run, after the
last key of a query typed as a reader types it ("/" then the keys): the time to the first results,
in the page (from the keydown event to the results in the DOM) and as Playwright sees it (which
adds its polling and the machine's load), the bytes of the index scripts loaded by then (and by
the time the excerpts show), and the tab's JavaScript heap (Chromium's Performance.getMetrics).
"""

from __future__ import annotations

import re
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
        folder = built.site / "assets" / "search"
        files = list(folder.glob("*.js"))
        print(f"search index {sum(f.stat().st_size for f in files) / 1e6:.1f} MB in {len(files)} files; "
              f"index.js {(folder / 'index.js').stat().st_size / 1e3:.0f} kB")
        page_path = next((built.site / "digests").glob("*.html"))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            leaks: list[str] = []

            def offline(route: Any) -> None:
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    leaks.append(route.request.url)
                    route.abort()

            context = browser.new_context()
            context.route("**/*", offline)
            context.new_page().goto(page_path.as_uri())
            rss, own = _tab_memory(browser)
            print(f"the page before any search: tab {own:.0f} MB of its own ({rss:.0f} MB resident with Chromium's code)")
            context.close()
            for query in QUERIES:
                for pace, (idle, delay) in PACES.items():
                    runs_of = []
                    for _ in range(runs):  # each in a context of its own: a renderer process of its own
                        context = browser.new_context()
                        context.route("**/*", offline)
                        runs_of.append(_run(browser, context, page_path, folder, query, idle, delay))
                        context.close()
                    _report(query, pace, runs_of)
            browser.close()
        print(f"requests off the machine: {len(leaks)}")


PACES = {"typed at once": (0, 0), "typed as a reader": (1000, 150)}
"""How the query is typed: (ms the page is left idle first, ms between keys). At once, right after
the page loaded, is the worst case: the index and the shards of every prefix load while typing."""


def _run(browser: Any, context: Any, page_path: Path, folder: Path, query: str, idle: int, delay: int) -> dict[str, Any]:
    """One query on a freshly loaded page: its times, bytes and heap."""
    page = context.new_page()
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(idle)
    page.keyboard.press("/")
    page.keyboard.type(query[:-1], delay=delay)
    page.evaluate("() => window.addEventListener('keydown', e => { window.lastKey = performance.now(); }, true)")
    page.wait_for_timeout(delay)
    t0 = time.perf_counter()
    page.keyboard.press(query[-1])
    page.wait_for_function("q => document.querySelector('[data-digest-search]').dataset.shown === q", arg=query)
    out: dict[str, Any] = {"seen": (time.perf_counter() - t0) * 1000}
    shown = "performance.getEntriesByName('digest-search-shown').pop()"
    out["page"] = page.evaluate(f"() => {shown}.startTime - window.lastKey")
    out["before"] = _bytes(folder, page.evaluate(f"() => {shown}.detail.loaded"))
    page.wait_for_function("() => !document.querySelector('[data-search-result]')"
                           " || document.querySelectorAll('[data-search-excerpt]:not([hidden])').length > 0")
    out["excerpts"] = _bytes(folder, page.evaluate("window.digestSearchLoaded.slice()"))
    out["count"] = page.locator("[data-digest-search-meta]").inner_text()
    session = context.new_cdp_session(page)
    session.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
    out["heap"] = metrics["JSHeapTotalSize"] / 1e6
    out["rss"], out["private"] = _tab_memory(browser)
    page.close()
    return out


def _tab_memory(browser: Any) -> tuple[float, float]:
    """MB resident in the largest of Chromium's renderer processes (the tab's), all of it and its
    own (anonymous and shared memory, without the mapped files of Chromium's code), from /proc."""
    processes = browser.new_browser_cdp_session().send("SystemInfo.getProcessInfo")["processInfo"]
    sizes = [(0.0, 0.0)]
    for process in processes:
        status = Path(f"/proc/{process['id']}/status")
        if process["type"] == "renderer" and status.exists():
            text = status.read_text()
            kb = {k: int(m.group(1)) if (m := re.search(rf"^{k}:\s+(\d+) kB", text, re.M)) else 0
                  for k in ("VmRSS", "RssAnon", "RssShmem")}
            sizes.append((kb["VmRSS"] / 1e3, (kb["RssAnon"] + kb["RssShmem"]) / 1e3))
    return max(sizes)


def _report(query: str, pace: str, runs: list[dict[str, Any]]) -> None:
    def median(name: str) -> float:
        return statistics.median(r[name] for r in runs)

    def most(name: str) -> float:
        return max(r[name] for r in runs)

    print(f"{query!r} {pace}: first results {median('page'):.0f} ms after the last key (median; max {most('page'):.0f}) "
          f"in the page, {median('seen'):.0f} ms (max {most('seen'):.0f}) as Playwright sees it; "
          f"{most('before') / 1e6:.2f} MB loaded before the first results, {most('excerpts') / 1e6:.2f} MB with the "
          f"excerpts; JS heap {most('heap'):.0f} MB, tab {most('private'):.0f} MB of its own ({most('rss'):.0f} MB "
          f"resident with Chromium's code) ({runs[0]['count']})")


QUERIES = ("ketamine", "randomised", "depression ketamine", "ketamnie", '"nmda receptor"')
"""A word, a British spelling, two words (one in most documents), a typo, a phrase."""


def _bytes(folder: Path, names: list[str]) -> int:
    """Bytes of the index scripts named (as window.digestSearchLoaded lists them)."""
    return sum((folder / f"{name}.js").stat().st_size for name in names)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000, keep=sys.argv[2] if len(sys.argv) > 2 else "")
