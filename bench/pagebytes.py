"""Where an entry page's bytes go: the theme's chrome, the head's metadata, and each part of the article.

    .venv/bin/python bench/pagebytes.py site/ [digests]

`make bench` prints it for the published site of each size and writes the largest size's into
bench/RESULTS.md, so that what a change adds to every one of N pages is seen.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

PARTS = {
    "Content-Security-Policy": r'<meta http-equiv="Content-Security-Policy"[^>]*>',
    "palette toggle": r'<form class="md-header__option" data-md-component="palette">.*?</form>\s*<script>.*?</script>',
    "search box": r'<div class="digest-search" role="search".*?</div>\s*</div>',
    "share links": r'<nav class="digest-share".*?</nav>',
    "cite this digest": r'<h2 id="cite-this-digest">.*?(?=<h2 id="related-digests"|<h2 id="cited-in"|</article>)',
    "citation_* tags": r'(?:\s*<meta name="citation_[^>]*>)+',
    "JSON-LD": r'<script type="application/ld\+json">.*?</script>',
    "header": r"<header.*?</header>",
    "navigation": r'<div class="md-sidebar md-sidebar--primary".*?</nav>\s*</div>\s*</div>\s*</div>',
    "footer": r"<footer.*?</footer>",
    "reference styles": r'<div class="digest-reference">.*?(?=<p class="digest-downloads">)',
    "downloads": r'<p class="digest-downloads">.*?</p>',
    "related digests": r'<ul class="digest-related">.*?</ul>',
    "abstract or digest": r'(?:<p class="digest-abstract">.*?</p>|<div class="digest-body">.*?</div>)',
}
"""Each part's pattern in an entry page, looked for in this order, each in what the ones before left;
what none matches is counted as the rest."""


def parts(page: str) -> Counter[str]:
    """Bytes of each part of one page (UTF-8), and the rest."""
    found: Counter[str] = Counter()
    for name, pattern in PARTS.items():
        match = re.search(pattern, page, re.S)
        if match:
            found[name] = len(match.group(0).encode("utf-8"))
            page = page[:match.start()] + page[match.end():]
    found["rest"] = len(page.encode("utf-8"))
    return found


def entry_pages(site: Path, digests_dir: str = "digests") -> list[Path]:
    """The entry pages of a built site (directory URLs): ``<digests_dir>/<key>/index.html``."""
    return [p for p in (site / digests_dir).glob("*/index.html") if p.parent.name != "page"]


def mean_parts(site: Path, digests_dir: str = "digests") -> tuple[int, Counter[str]]:
    """(number of entry pages, mean bytes of each part over them)."""
    pages = entry_pages(site, digests_dir)
    total: Counter[str] = Counter()
    for path in pages:
        total.update(parts(path.read_text(encoding="utf-8")))
    return len(pages), Counter({name: round(n / max(1, len(pages))) for name, n in total.items()})


def table(n_pages: int, mean: Counter[str]) -> str:
    lines = [f"| part of an entry page (mean of {n_pages:,}) | bytes |", "| --- | ---: |"]
    lines += [f"| {name} | {n:,} |" for name, n in mean.most_common()]
    lines.append(f"| **whole page** | **{sum(mean.values()):,}** |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(table(*mean_parts(Path(sys.argv[1]), *(sys.argv[2:3] or ["digests"]))))
