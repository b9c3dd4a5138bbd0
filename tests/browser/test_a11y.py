"""Accessibility of every page kind, measured with axe-core (WCAG 2.1 A and AA) in Chromium.

axe-core comes from npm (pinned as AXE_VERSION in the Makefile, installed by `make test` under .cache/)
and is injected into the built pages by this test only: it is never part of the site. The pages carry a
Content-Security-Policy (``script-src 'self'``) that would refuse the injected script, so the test's
browser context bypasses CSP; tests/browser/test_csp.py checks the policy itself.

Every page kind, at a desktop and a phone width, in the light and the dark palette (the dark one
chosen the way a reader's system chooses it: ``prefers-color-scheme: dark``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser.conftest import _in_ci
from conftest import ROOT

PAGES = {
    "home": "",
    "entry": "digests/berman2000/",
    "digests index": "digests/",
    "topics index": "topics/",
    "topic": "topics/ketamine/",
    "cross-topic": "topics/glutamate+ketamine/",
    "contribute": "contributing/",
    "404": "no/such/page/",
}
WIDTHS = {"desktop": 1280, "phone": 390}
SCHEMES = {"light": "default", "dark": "slate"}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


def axe_path() -> Path:
    """Where the Makefile's rule installs axe-core, for the AXE_VERSION pinned there."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    version = re.search(r"^AXE_VERSION\s*:?=\s*(\S+)", makefile, re.MULTILINE)
    assert version, "the Makefile pins AXE_VERSION"
    return ROOT / ".cache" / "axe" / version.group(1) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """axe.min.js; skip (fail in CI) with a loud message where `make test` has not installed it."""
    path = Path(os.environ["DIGEST_AXE_JS"]) if os.environ.get("DIGEST_AXE_JS") else axe_path()
    if path.is_file():
        return path
    message = f"\n\n*** ACCESSIBILITY TESTS NOT RUN: no axe-core at {path}; `make test` installs it (npm) ***\n"
    if _in_ci():
        pytest.fail(message + "*** CI=true: missing axe-core is a failure ***", pytrace=False)
    pytest.skip(message)


@pytest.fixture(params=[(w, s) for w in WIDTHS for s in SCHEMES], ids=lambda p: f"{p[0]}-{p[1]}")
def axe_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    """A page at one width in one colour scheme, in a context that lets the injected axe script run."""
    width, scheme = request.param
    ctx = browser.new_context(bypass_csp=True, viewport={"width": WIDTHS[width], "height": 900}, color_scheme=scheme)
    ctx.set_default_timeout(10000)
    page = ctx.new_page()
    page.scheme = SCHEMES[scheme]
    yield page
    ctx.close()


def violations(page: Any, axe_js: Path) -> list[str]:
    """The serious and critical axe-core violations of the loaded page, one line per element."""
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS)
    found = []
    for rule in result["violations"]:
        if rule["impact"] in BLOCKING:
            for node in rule["nodes"]:
                found.append(f"{rule['impact']} {rule['id']}: {' '.join(node['target'])}: {node['failureSummary'][:300]}")
    return found


def test_no_serious_or_critical_axe_violations_on_any_page_kind(axe_page: Any, axe_js: Path, hosted_site: str) -> None:
    problems = []
    for kind, url in PAGES.items():
        response = axe_page.goto(hosted_site + url)
        assert response.status == (404 if kind == "404" else 200), url
        scheme = axe_page.locator("body").get_attribute("data-md-color-scheme")
        assert scheme == axe_page.scheme, f"{kind}: the {axe_page.scheme} palette is not the one shown ({scheme})"
        problems += [f"{kind} ({url or 'home'}): {v}" for v in violations(axe_page, axe_js)]
        width = axe_page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        if width[0] > width[1]:
            problems.append(f"{kind} ({url or 'home'}): the page is {width[0]} px wide in a {width[1]} px window")
    assert problems == [], "\n".join(problems)


def test_the_palette_follows_the_system_until_the_reader_picks_one(browser: Any, hosted_site: str) -> None:
    from playwright.sync_api import expect  # here, as the browser fixture imports Playwright: it may be absent
    ctx = browser.new_context(color_scheme="light")
    page = ctx.new_page()
    page.goto(hosted_site)
    scheme = page.locator("body")
    assert scheme.get_attribute("data-md-color-scheme") == "default"
    page.emulate_media(color_scheme="dark")
    # Not wait_for_function(expression): Playwright runs an expression through eval(), which the CSP refuses.
    expect(scheme).to_have_attribute("data-md-color-scheme", "slate")
    # The toggle goes from "system" to light, then to dark, which then stays whatever the system says.
    page.locator("label[title='Switch to light mode']:visible").click()
    assert scheme.get_attribute("data-md-color-scheme") == "default"
    page.locator("label[title='Switch to dark mode']:visible").click()
    assert scheme.get_attribute("data-md-color-scheme") == "slate"
    page.emulate_media(color_scheme="light")
    page.goto(hosted_site + "topics/")
    assert scheme.get_attribute("data-md-color-scheme") == "slate", "the reader's pick is kept"
    ctx.close()


def test_what_scrolls_sideways_can_be_reached_by_keyboard(page: Any, hosted_site: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(hosted_site + "contributing/")
    page.wait_for_load_state("load")
    page.evaluate("""() => {
        const body = document.querySelector('.md-content .md-typeset');
        body.insertAdjacentHTML('beforeend', '<pre><code>' + 'x'.repeat(300) + '</code></pre><pre><code>short</code></pre>');
        window.dispatchEvent(new Event('resize'));
    }""")
    wide = page.locator(".md-typeset pre > code").nth(-2)
    wide.evaluate("c => new Promise(done => setTimeout(done, 400))")
    assert wide.get_attribute("tabindex") == "0" and wide.get_attribute("aria-label") == "Code (scrolls sideways)"
    assert page.locator(".md-typeset pre > code").last.get_attribute("tabindex") is None, "only what scrolls"


def test_on_a_phone_the_sites_name_is_shown_whole(browser: Any, hosted_site: str) -> None:
    """At 390 px the header's site name wraps instead of being cut ("Glutamat..."): nothing of it is
    clipped, and it stays inside the header."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(hosted_site)
    name = page.locator(".md-header__title .md-header__topic").first.locator(".md-ellipsis")
    clipped = name.evaluate("el => [el.scrollHeight - el.clientHeight, el.scrollWidth - el.clientWidth]")
    assert clipped == [0, 0], clipped
    box, header = name.bounding_box(), page.locator(".md-header").bounding_box()
    assert box is not None and header is not None
    assert box["y"] >= header["y"] and box["y"] + box["height"] <= header["y"] + header["height"]
    context.close()


def test_the_headers_icons_are_drawn_from_the_stylesheet(page: Any, hosted_site: str) -> None:
    """The logo, the menu and the palette toggle are CSS masks (overrides/partials/digest-icon.html),
    not the same inline SVG in every page: each is drawn, at the theme's size, in the header's colour."""
    page.goto(hosted_site)
    assert page.locator(".md-header svg").count() == 0
    shown = page.locator(".md-header .digest-icon:visible")
    assert shown.count() >= 2  # the logo and the palette toggle at this width (the menu is for narrow screens)
    for found in shown.all():
        box = found.bounding_box()
        assert box is not None and round(box["width"]) == round(box["height"]) == 24
        mask = found.evaluate("el => getComputedStyle(el).maskImage || getComputedStyle(el).webkitMaskImage")
        assert mask.startswith('url("data:image/svg+xml'), mask
        colour = found.evaluate("el => getComputedStyle(el).backgroundColor")
        assert colour == found.evaluate("el => getComputedStyle(el.closest('.md-header')).color")
