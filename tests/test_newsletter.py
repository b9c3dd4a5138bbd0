"""``make newsletter SINCE=... [TOPIC=...]`` on the living review's git repository (tests/test_living_review.py:
commits with set dates) with one more digest whose title, teaser, writers and topic are hostile: the HTML
and text files, the e-mail rules (checked here, by the W3C Nu checker and by doiuse-email, the caniemail.com
lint), and the refusals (a bad SINCE, an unknown TOPIC, no site_url, nothing new). Chromium shows the HTML
in tests/browser/test_newsletter_browser.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.conftest import ROOT
from tests.test_html_valid import vnu  # noqa: F401 - the fixture: java and vnu.jar, or a loud skip
from tests.test_living_review import commit, make_repo, write

from digest.commands import newsletter

SITE_URL = "https://example.org/living/"
HOSTILE = "<script>alert(1)</script> ]]> & \"q\" 'a' \u202eevil\u202c\u2028next"
QUOTED = "'" + HOSTILE.replace("'", "''") + "'"
HOSTILE_BIB = ("@article{delta2023,\n  author = {Fourth, Dee and Fifth, Eve and Sixth, Sy},\n  title = {"
               + HOSTILE.replace("&", "\\&") + " " + "long " * 400 + "},\n  journal = {J <b>x</b>},\n  year = {2023}\n}\n")
HOSTILE_DIGEST = (f"---\ntopics: [gaba, hostile]\ndate: 2024-05-01\ncontributors: [{QUOTED}]\nteaser: {QUOTED}\n"
                  "---\nDelta.\n")


def make_project(root: Path) -> Path:
    """The living review, and delta (hostile) published on 2024-05-02 under a hostile topic name."""
    repo = make_repo(root)
    topics = (repo / "bib" / "topics.yml").read_text(encoding="utf-8")
    write(repo, "bib/topics.yml", topics + "hostile:\n  name: '<b>Bold</b> ]]> &amp; \u202eevil'\n  description: Hostile.\n")
    write(repo, "bib/more.bib", HOSTILE_BIB)
    write(repo, "docs/digests/delta2023.md", HOSTILE_DIGEST)
    commit(repo, "Add <delta> ]]>", "2024-05-02T09:00:00Z")
    return repo


def run(repo: Path, *args: str, site_url: str = SITE_URL) -> subprocess.CompletedProcess[str]:
    """`make newsletter` as the Makefile runs it: ``python -m digest newsletter`` in the project's folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "SITE_URL": site_url}
    return subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "digest", "newsletter", *args],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("newsletter") / "repo")


@pytest.fixture(scope="module")
def written(project: Path) -> tuple[str, str]:
    done = run(project, "--since", "2024-03-01")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == ["dist/newsletter-2024-03-01.html: written (3 item(s) since 2024-03-01)",
                                        "dist/newsletter-2024-03-01.txt: written (3 item(s) since 2024-03-01)"]
    return ((project / "dist/newsletter-2024-03-01.html").read_text(encoding="utf-8"),
            (project / "dist/newsletter-2024-03-01.txt").read_text(encoding="utf-8"))


class Mail(HTMLParser):
    """Every element of the HTML, its attributes, and the text, in order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def tags(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.elements if tag == name]


def test_the_text_lists_new_revised_and_retracted_with_absolute_links(written: tuple[str, str]) -> None:
    text = written[1]
    headings = ("NEW DIGESTS", "REVISED DIGESTS", "RETRACTIONS AND CORRECTIONS")
    new, revised, notices = (text.split(heading)[1] for heading in headings)
    assert "https://example.org/living/digests/delta2023/" in new.split("REVISED")[0]
    assert "Fourth et al. (2023), J x" in new
    assert "* Beta on ketamine\n  Second (2021), J\n  Digest by A. Reader, 2024-03-05\n" in revised
    assert "Revised: Changed the study facts and the conclusion. <script>alert(1)</script>" in revised  # the changes: note
    assert "  One line.\n  https://example.org/living/digests/beta2021/\n" in revised
    assert "* Alpha and GABA\n  First (2020), J\n  Retracted on 2024-04-02: https://doi.org/10.1000/retraction\n" in notices
    assert "Follow it in a feed reader: https://example.org/living/changes/feed.xml" in text
    assert "Gamma" not in text  # an entry added without a digest has nothing to read yet


def test_hostile_values_are_one_harmless_line_in_the_text(written: tuple[str, str]) -> None:
    text = written[1]
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", text)
    delta = text.split("* <script>alert(1)</script>")[1].split("\n\n")[0].splitlines()
    assert len(delta) == 5, delta  # title, byline, writer, teaser, link
    assert delta[-1] == "  https://example.org/living/digests/delta2023/"
    assert delta[0].endswith("…") and len(delta[0]) < newsletter.TITLE_LENGTH  # a huge title cut


def test_hostile_values_are_escaped_text_in_the_html(written: tuple[str, str]) -> None:
    html = written[0]
    assert "<script" not in html and "<b>" not in html and "\u202e" not in html and "\u2028" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &#34;q&#34; &#39;a&#39;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" not in html  # the topic name is not shown without TOPIC


def test_the_html_keeps_the_rules_of_e_mail(written: tuple[str, str]) -> None:
    mail = Mail(written[0])
    tags = {tag for tag, _ in mail.elements}
    assert not tags & {"script", "style", "link", "img", "iframe", "form", "input", "object", "embed", "svg", "video",
                       "audio", "base", "noscript", "frame"}
    assert mail.tags("html") == [{"lang": "en"}] and {"charset": "utf-8"} in mail.tags("meta")
    assert all(t == {"role": "presentation", "style": t["style"]} for t in mail.tags("table")) and len(mail.tags("table")) == 2
    hrefs = [a["href"] for a in mail.tags("a")]
    assert hrefs and all(h.startswith(("https://example.org/living/", "https://doi.org/")) for h in hrefs), hrefs
    for tag, attrs in mail.elements:
        refused = ("class", "id", "src", "srcset", "background")
        assert not {name for name in attrs if name.startswith("on") or name in refused}, tag
        assert "url(" not in attrs.get("style", "") and "@import" not in attrs.get("style", "")
    preheader = mail.elements[mail.elements.index(next(e for e in mail.elements if e[0] == "body")) + 1]
    assert preheader[0] == "div" and "display:none" in preheader[1]["style"]
    shown = "".join(mail.text)
    assert "This newsletter was made on" in shown and "from Living sample (https://example.org/living/)" in shown


def test_the_html_is_valid_by_the_nu_checker(written: tuple[str, str], vnu: list[str], tmp_path: Path) -> None:  # noqa: F811
    page = tmp_path / "newsletter.html"
    page.write_text(written[0], encoding="utf-8")
    done = subprocess.run([*vnu, "--format", "json", "--also-check-css", str(page)], capture_output=True, text=True,
                          timeout=180, check=False)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    assert messages == [], messages


DOIUSE_CLIENTS = ["apple-mail.*", "gmail.*", "outlook.*", "yahoo.*", "samsung-email.*", "thunderbird.*", "protonmail.*",
                  "fastmail.*"]
ALLOWED = {
    "<body> element": "several clients drop <body>: its background is the outer table's too",
    "display:none": "the preheader is hidden by max-height, overflow, font size and colour as well",
    "overflow": "the preheader is hidden by display:none as well",
    "role attribute": "role=presentation only tells screen readers the tables are layout",
    "text-decoration": "links are underlined by default where it is dropped",
    "lang attribute": "a hint for screen readers; the text is English either way",
}
"""The features doiuse-email reports as unsupported somewhere that the newsletter uses knowingly, and why
each is harmless where it is dropped. Anything else it reports fails the test."""


def doiuse(html: str, tmp_path: Path) -> dict[str, list[str]]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    version = re.search(r"^DOIUSE_EMAIL_VERSION\s*:?=\s*(\S+)", makefile, re.MULTILINE)
    assert version, "the Makefile pins DOIUSE_EMAIL_VERSION"
    package = ROOT / ".cache" / "doiuse-email" / version.group(1) / "node_modules" / "@jsx-email" / "doiuse-email"
    node = shutil.which("node")
    if not node or not package.is_dir():
        message = f"\n\n*** E-MAIL LINT NOT RUN: node or doiuse-email ({package}) missing: `make test` installs it ***\n"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    page = tmp_path / "mail.html"
    page.write_text(html, encoding="utf-8")
    script = ("const {doIUseEmail} = require(process.argv[1]);"
              "const html = require('fs').readFileSync(process.argv[2], 'utf8');"
              "const r = doIUseEmail(html, {emailClients: JSON.parse(process.argv[3])});"
              "console.log(JSON.stringify({errors: r.errors || [], warnings: r.warnings}));")
    done = subprocess.run([node, "-e", script, str(package), str(page), json.dumps(DOIUSE_CLIENTS)],
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def features(messages: list[str]) -> set[str]:
    return {m.split("`")[1] for m in messages}


def test_the_html_passes_the_e_mail_lint(written: tuple[str, str], tmp_path: Path) -> None:
    found = doiuse(written[0], tmp_path)
    assert features(found["errors"]) <= set(ALLOWED), sorted(set(found["errors"]))


def test_the_e_mail_lint_can_fail(written: tuple[str, str], tmp_path: Path) -> None:
    unsupported = "display:flex;background-image:linear-gradient(red,blue);"
    broken = written[0].replace('<p style="margin:0;', f'<p style="{unsupported}margin:0;', 1)
    assert broken != written[0]
    assert features(doiuse(broken, tmp_path)["errors"]) - set(ALLOWED)


def test_a_topic_newsletter_holds_its_digests_only(project: Path) -> None:
    done = run(project, "--since", "2024-01-01", "--topic", "ketamine")
    assert done.returncode == 0, done.stdout
    text = (project / "dist/newsletter-2024-01-01-ketamine.txt").read_text(encoding="utf-8")
    assert "Beta on ketamine" in text and "Alpha" not in text and "delta" not in text.lower()
    assert text.startswith("Living sample: new on Ketamine since 2024-01-01\n")
    assert "https://example.org/living/topics/ketamine/feed.xml" in text
    html = (project / "dist/newsletter-2024-01-01-ketamine.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/living/topics/ketamine/"' in html
    hostile = run(project, "--since", "2024-01-01", "--topic", "hostile")
    assert hostile.returncode == 0
    page = (project / "dist/newsletter-2024-01-01-hostile.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;Bold&lt;/b&gt; ]]&gt; &amp;amp; evil" in page and "<b>" not in page


@pytest.mark.parametrize("since", ["2024-13-01", "yesterday", "2024-1-1", "\x1b[31m<b>", "2024-02-30"])
def test_a_bad_since_is_one_line_and_exit_2(project: Path, since: str) -> None:
    done = run(project, "--since", since)
    assert done.returncode == 2 and done.stderr == ""
    assert len(done.stdout.splitlines()) == 1 and "is not a date; give the first day as YYYY-MM-DD" in done.stdout
    assert "\x1b" not in done.stdout


def test_an_unknown_topic_is_one_line_with_a_guess(project: Path) -> None:
    done = run(project, "--since", "2024-01-01", "--topic", "gabba")
    assert (done.returncode, done.stdout) == (2, "TOPIC='gabba' is not a topic of bib/topics.yml; did you mean TOPIC=gaba?\n")
    done = run(project, "--since", "2024-01-01", "--topic", "Ketamin")
    assert done.stdout.endswith("did you mean TOPIC=ketamine?\n")
    done = run(project, "--since", "2024-01-01", "--topic", "zzz\x07")
    assert done.returncode == 2 and "give a slug of bib/topics.yml" in done.stdout and "\x07" not in done.stdout


def test_without_site_url_no_newsletter_is_written(project: Path, tmp_path: Path) -> None:
    done = run(project, "--since", "2024-01-01", "--dist", str(tmp_path / "out"), site_url="")
    assert done.returncode == 2
    assert done.stdout.startswith("mkdocs.yml: site_url is not set; set SITE_URL=https://... or site_url")
    assert not (tmp_path / "out").exists()
    assert run(project, "--since", "2024-01-01", site_url="javascript:alert(1)").returncode == 2


def test_nothing_new_writes_nothing_and_exits_1(project: Path) -> None:
    stale = project / "dist/newsletter-2099-01-01.html"
    stale.parent.mkdir(exist_ok=True)
    stale.write_text("from an earlier run", encoding="utf-8")
    done = run(project, "--since", "2099-01-01")
    assert done.returncode == 1
    assert done.stdout == ("nothing new since 2099-01-01: no digest published or revised, no retraction or correction; "
                           "no newsletter written\n")
    assert not stale.exists()


def test_line_keeps_one_harmless_line() -> None:
    assert newsletter.line("a\nb\r\x1b[2Jc\u2028d\u202ee\u2066f", 0) == "a b [2Jc d e f"
    assert newsletter.line("x" * 50, 10) == "x" * 9 + "…"
    assert newsletter.since_date("2024-02-29") == dt.date(2024, 2, 29) and newsletter.since_date("20240229") is None
