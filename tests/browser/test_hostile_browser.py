"""The hostile sample site (tests/sites/hostile/) in Chromium: no payload ever runs.

tests/test_xss.py reads the built HTML; this test asks the browser, which is the judge of what
runs. Every page (entries, topics, the indexes, the hand-written pages) of the hosted build
(directory URLs, served over HTTP under /repo/) and of the offline build (``.html`` URLs, from
``file://``) is loaded and then provoked: every element gets mouse, focus, keyboard and toggle
events and the events its own ``on*`` attributes name, every ``<details>`` is toggled, and every
element is clicked. Clicks on links that would leave the page are stopped; ``javascript:`` links
are let through so that they run (Chromium has no ``vbscript:``: such links only open an error
page). On the home page the search box lists the hostile titles and excerpts, and the results
page (search/?q=alert) all of them.

Each payload calls ``alert``. A dialog from any frame is recorded by Playwright; in case a dialog
is suppressed (a sandboxed frame, the cap below), an init script wraps ``alert``, ``confirm``,
``prompt`` and ``print`` in every frame to record each call, with the event and the line that
made it, in ``window.__xss`` of the frame and of the top frame.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser.conftest import SUB_PATH, serve
from conftest import build_site, copy_site

SETTLE_MS = 150
"""How long events may take to run their handlers (toggle events and animations are queued)."""

RECORD_CALLS = r"""
(() => {
  // What ran, and what ran it: the event being handled and the caller ("HTMLElement.onmouseover (url:line)").
  const record = (what) => {
    const event = window.event;
    const cause = event && event.target ? `${event.type} on <${event.target.localName || "document"}>` : "no event";
    const caller = String(new Error().stack || "").split("\n").slice(3, 4).map((line) => line.trim()).join("");
    const entry = `${what} in ${location.href} (${cause}; ${caller || "no caller"})`;
    for (const target of new Set([window, window.top])) {
      try { (target.__xss = target.__xss || []).push(entry); } catch (e) { /* a cross-origin top */ }
    }
  };
  let shown = 0;
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const original = window[name];
    window[name] = function (...args) {
      record(name + "(" + String(args[0]) + ")");
      // The first few calls open real dialogs; the rest are only recorded, to keep the test fast.
      if (shown++ < 3 && typeof original === "function") return original.apply(this, args);
      return undefined;
    };
  }
  const scriptUrl = (value) => /^javascript:/i.test(String(value || "").replace(/[\x00-\x20]/g, ""));
  // Clicks may run script links but not leave the page; forms may only submit to script URLs.
  document.addEventListener("click", (event) => {
    const link = event.composedPath().find((node) => node instanceof Element && ["a", "area"].includes(node.localName));
    if (!link) return;
    const href = link.href && typeof link.href === "object" ? link.href.animVal : link.href;
    if (!scriptUrl(href)) event.preventDefault();
  }, true);
  document.addEventListener("submit", (event) => {
    const action = (event.submitter && event.submitter.formAction) || event.target.action;
    if (!scriptUrl(action)) event.preventDefault();
  }, true);
})();
"""

PROVOKE = """
() => {
  const names = ["mouseover", "mouseenter", "mousemove", "pointerover", "pointerenter", "mousedown", "mouseup",
                 "focus", "focusin", "blur", "keydown", "keyup", "input", "change", "toggle", "dblclick",
                 "contextmenu", "animationstart", "animationend", "transitionend", "begin"];
  const all = Array.from(document.querySelectorAll("*"));
  for (const element of all) {
    const own = Array.from(element.attributes).map((a) => a.name.toLowerCase())
      .filter((name) => name.startsWith("on")).map((name) => name.slice(2));
    for (const name of new Set([...names, ...own])) {
      try { element.dispatchEvent(new Event(name, {bubbles: false, cancelable: true})); } catch (e) { /* next */ }
    }
    try { if (typeof element.focus === "function") element.focus(); } catch (e) { /* next */ }
    if (element.localName === "details") element.open = !element.open;
  }
  for (const element of all) {
    if (!element.isConnected) continue;
    try {
      element.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, view: window}));
    } catch (e) { /* next */ }
  }
  return all.length;
}
"""


def _pages(site: Path) -> list[str]:
    """Every page a reader opens: entries, topics, the indexes and the hand-written pages (no 404, no assets)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html" and not p.relative_to(site).as_posix().startswith(("assets/", "exports/")))


@pytest.fixture(scope="module")
def hostile_hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """The hostile site built with directory URLs, served under /repo/; (its URL, its pages)."""
    built = build_site(copy_site("hostile", tmp_path_factory.mktemp("hostile-hosted")))
    www = tmp_path_factory.mktemp("hostile-www")
    shutil.copytree(built.site, www / SUB_PATH)
    root_url, server = serve(www)
    yield f"{root_url}{SUB_PATH}/", [p.removesuffix("index.html") for p in _pages(built.site)]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def hostile_offline(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    """The hostile site built with .html URLs, opened from file://; (its URL, its pages)."""
    built = build_site(copy_site("hostile", tmp_path_factory.mktemp("hostile-offline")), use_directory_urls=False)
    return built.site.as_uri() + "/", _pages(built.site)


def _visit_all(browser: Any, base: str, pages: list[str]) -> list[str]:
    """Load and provoke every page; what ran, as "page: what" lines."""
    ran: list[str] = []
    context = browser.new_context()
    context.set_default_timeout(5000)
    context.add_init_script(RECORD_CALLS)
    page = context.new_page()
    here = {"url": ""}

    def on_dialog(dialog: Any) -> None:
        ran.append(f"{here['url']}: {dialog.type} dialog {dialog.message!r}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        assert pages, "the hostile site has no pages"
        for url in pages:
            here["url"] = url or "index"
            results_page = url in ("search/", "search.html")
            page.goto(base + url + ("?q=alert" if results_page else ""), wait_until="load")
            if results_page:  # every result of the hostile text, with its excerpt
                page.locator("[data-search-excerpt]:not([hidden])").first.wait_for(state="visible")
            elements = page.evaluate(PROVOKE)
            assert elements > 50, f"{url}: only {elements} elements; did the page load?"
            if url in ("", "index.html"):
                box = page.locator("[data-digest-search-input]")
                box.fill("alert")
                page.locator("[data-search-excerpt]:not([hidden])").first.wait_for(state="visible")
            page.wait_for_timeout(SETTLE_MS)
            for frame in page.frames:
                try:
                    calls = frame.evaluate("() => window.__xss || []")
                except Exception:  # a frame that went away or is not scriptable
                    continue
                ran += [f"{here['url']}: {call}" for call in calls]
    finally:
        context.close()
    return sorted(set(ran))


def test_no_payload_runs_on_the_hosted_site(browser: Any, hostile_hosted: tuple[str, list[str]]) -> None:
    base, pages = hostile_hosted
    ran = _visit_all(browser, base, pages)
    if ran:
        pytest.fail(f"script ran on the hosted hostile site ({len(ran)}):\n" + "\n".join(ran), pytrace=False)


def test_no_payload_runs_on_the_offline_site(browser: Any, hostile_offline: tuple[str, list[str]]) -> None:
    base, pages = hostile_offline
    ran = _visit_all(browser, base, pages)
    if ran:
        pytest.fail(f"script ran on the offline hostile site ({len(ran)}):\n" + "\n".join(ran), pytrace=False)
