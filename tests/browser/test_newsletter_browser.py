"""The newsletter's HTML in Chromium, opened from the file `make newsletter` wrote: what a reader sees (the
headings, the titles as text, the preheader hidden, one column of at most 600 px, nothing wider than a
phone), that no request leaves the file and that no script runs, hostile titles included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.test_newsletter import make_project, run


@pytest.fixture(scope="module")
def mail(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_project(tmp_path_factory.mktemp("newsletter-browser") / "repo")
    assert run(repo, "--since", "2024-03-01").returncode == 0
    return repo / "dist" / "newsletter-2024-03-01.html"


def opened(page: Any, mail: Path, width: int) -> list[str]:
    """Open ``mail`` at ``width`` px; every request the page made (the file itself is the first)."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: requests.append(f"dialog: {dialog.message}"))
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(mail.as_uri())
    page.wait_for_load_state("networkidle")
    return requests


def test_a_reader_sees_the_digests_and_nothing_runs_or_loads(page: Any, mail: Path) -> None:
    requests = opened(page, mail, 1280)
    assert requests == [mail.as_uri()]  # no font, image, style sheet or script from anywhere, no alert
    assert page.evaluate("document.scripts.length") == 0
    assert page.locator("h1").inner_text() == "New since 2024-03-01"
    assert page.locator("h2").all_inner_texts() == ["New digests", "Revised digests", "Retractions and corrections"]
    titles = page.locator("h3").all_inner_texts()
    assert titles[0].startswith("<script>alert(1)</script> ]]> & \"q\" 'a' evil next long")  # text, not markup
    assert titles[1:] == ["Beta on ketamine", "Alpha and GABA"]
    assert page.get_by_text("Retracted on 2024-04-02").is_visible()
    assert not page.locator("body > div").first.is_visible()  # the preheader: for the inbox list only
    hrefs = page.eval_on_selector_all("a", "links => links.map(a => a.href)")
    assert all(h.startswith(("https://example.org/living/", "https://doi.org/")) for h in hrefs), hrefs
    column = page.locator("table table").bounding_box()
    assert column["width"] == 600 and abs(column["x"] - (1280 - 600) / 2) < 20  # centred


def test_on_a_phone_nothing_is_wider_than_the_screen(page: Any, mail: Path) -> None:
    opened(page, mail, 390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("table table").bounding_box()["width"] < 390
    assert page.locator("h3").first.is_visible()
