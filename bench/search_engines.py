"""bench/'s synthetic corpus of N entries as JSON documents for bench/search_engines.js.

    .venv/bin/python bench/search_engines.py 20000 > .cache/search-engines/docs.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
from run import vocabulary


def main(n: int) -> None:
    data = corpus.generate(n, list(vocabulary()))
    docs = []
    for i, entry in enumerate(data.entries):
        digest = data.digests.get(entry.key)
        docs.append({"id": i, "title": entry.title, "authors": " ".join(f"{f} {g}" for f, g in entry.authors),
                     "abstract": entry.abstract, "body": digest.body if digest else ""})
    json.dump(docs, sys.stdout)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
