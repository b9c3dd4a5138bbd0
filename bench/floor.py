"""The floor: the plain digest site a user would write by hand instead of using this project.

Plain MkDocs and Material, one markdown page per entry under ``docs/digests/`` (title, byline,
summary, an APA-like reference, a full-text DOI link), a digests index with no list, a topics
index and one page per topic of the vocabulary listing links to its entries, and the search
plugin, as a plain Material site has it. No hooks, overrides, extra CSS or JavaScript.
"""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

from pybtex.richtext import Text

from corpus import Corpus, Digest, Entry

SITE_NAME = "Research digests (plain MkDocs)"
CONFIG = f"""\
site_name: {SITE_NAME}
theme:
  name: material
  font: false
nav:
  - Home: index.md
  - Digests: digests/index.md
  - Topics: topics/index.md
plugins:
  - search
"""
CITATION = re.compile(r"\[@([^\]]+)\]")


def write(data: Corpus, topics: dict[str, dict[str, Any]], dest: Path) -> Path:
    """The plain project for ``data`` at ``dest`` (replaced); ``topics`` is bib/topics.yml, read."""
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    (docs / "digests").mkdir(parents=True)
    (docs / "topics").mkdir()
    (dest / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    _page(docs / "index.md", f"# {SITE_NAME}\n\nPlain-language digests of research papers.\n\n"
          "- [Digests](digests/index.md)\n- [Topics](topics/index.md)\n")
    _page(docs / "digests" / "index.md", f"# Digests\n\nOne page per paper, {len(data.entries):,} in all; "
          "browse them by [topic](../topics/index.md).\n")
    by_key = {entry.key: entry for entry in data.entries}
    for entry in data.entries:
        _page(docs / "digests" / f"{entry.key}.md", entry_page(entry, data.digests.get(entry.key), by_key))
    members = topic_members(data, topics)
    _page(docs / "topics" / "index.md", "# Topics\n\n" + "".join(
        f"- [{topic['name']}]({slug}.md)\n" for slug, topic in topics.items()))
    for slug, topic in topics.items():
        links = "".join(f"- [{by_key[key].title}](../digests/{key}.md)\n" for key in members[slug])
        _page(docs / "topics" / f"{slug}.md", f"# {topic['name']}\n\n{topic.get('description', '')}\n\n{links}")
    return dest


def _page(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


@cache
def unlatex(text: str) -> str:
    """``M{\\"u}ller`` as a person would type it: ``Müller``."""
    return str(Text.from_latex(text).render_as("text"))


def initials(given: str) -> str:
    return " ".join(part[:1] + "." for part in unlatex(given).split())


def reference(entry: Entry) -> str:
    """APA-like: ``Müller, J., & Smith, M. S. (2011). Title. *Journal*, *12*(3), 45–60.``"""
    names = [f"{unlatex(family)}, {initials(given)}" for family, given in entry.authors]
    authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    return (f"{authors} ({entry.year}). {entry.title}. *{entry.journal}*, *{entry.volume}*({entry.number}), "
            f"{entry.pages[0]}–{entry.pages[1]}.")


def cite(entry: Entry) -> str:
    family = unlatex(entry.authors[0][0])
    return f"{family} et al., {entry.year}" if len(entry.authors) > 1 else f"{family}, {entry.year}"


def entry_page(entry: Entry, digest: Digest | None, by_key: dict[str, Entry]) -> str:
    """One entry's page: the digest's text if it has one (citations as links), else the abstract."""
    byline = ", ".join(f"{unlatex(given)} {unlatex(family)}" for family, given in entry.authors)
    if digest:
        summary = CITATION.sub(lambda m: f"([{cite(by_key[m[1]])}]({m[1]}.md))", digest.body)
    else:
        summary = entry.abstract
    return (f"# {entry.title}\n\n{byline} · *{entry.journal}* · {entry.year}\n\n{summary}\n\n"
            f"## Reference\n\n{reference(entry)}\n\n[Full text](https://doi.org/{entry.doi})\n")


def topic_members(data: Corpus, topics: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Entry keys of each topic: its keywords that name a topic (name or synonym), and its digest's topics."""
    term_topic = {term.lower(): slug for slug, topic in topics.items()
                  for term in [topic["name"], *topic.get("synonyms", [])]}
    members: dict[str, list[str]] = {slug: [] for slug in topics}
    for entry in data.entries:
        digest = data.digests.get(entry.key)
        slugs = {term_topic[k.lower()] for k in entry.keywords if k.lower() in term_topic}
        slugs.update(slug for slug in (digest.topics if digest else []) if slug in members)
        for slug in slugs:
            members[slug].append(entry.key)
    return members
