"""Whether a change of the code changed the site: the same content built by two revisions, compared byte for byte.

    python bench/same_bytes.py BASE [--n 2000]

BASE is a git revision (``main``, a commit). Its code (``hooks/``, ``overrides/``, ``mkdocs.yml``,
``docs/assets/``) and the working tree's are each put beside the same content, the starter library
of ``tests/sites/starter`` and N synthetic entries (``bench/corpus.py``), and built by ``mkdocs build``
in child processes. Every file of the two sites is compared; the differences are listed and the
exit status is 1 if there are any. A refactor (a move of modules, a split of a class) keeps the
bytes: this is how it shows it. ``sitemap.xml.gz`` is compared uncompressed (gzip stamps the time).
"""

from __future__ import annotations

import argparse
import gzip
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402

CODE = ("hooks", "overrides", "mkdocs.yml", "docs/assets")


def code_at(revision: str, dest: Path) -> None:
    """The code of ``revision`` (``CODE``) written under ``dest``."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision, *CODE], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")


def code_here(dest: Path) -> None:
    """The working tree's code written under ``dest``."""
    for name in CODE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
        else:
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, dest / name)


def content(dest: Path, n: int) -> None:
    """The starter library (tests/sites/starter) and ``n`` synthetic entries beside it."""
    starter = ROOT / "tests" / "sites" / "starter"
    shutil.copytree(starter / "bib", dest / "bib", dirs_exist_ok=True)
    shutil.copytree(starter / "docs", dest / "docs", dirs_exist_ok=True)
    if n:
        import yaml

        slugs = list(yaml.safe_load((dest / "bib" / "topics.yml").read_text(encoding="utf-8")))
        corpus.write(corpus.generate(n, slugs), dest / "bib", dest / "docs" / "digests")


def build(project: Path, offline: bool = False) -> None:
    """``mkdocs build`` of ``project``; ``offline``: as `make offline` builds it (``.html`` links)."""
    links = ["--no-directory-urls"] if offline else []
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "mkdocs.yml"), *links,
                    "-d", str(project / "site")], cwd=project, check=True,
                   env={**_env(), "SITE_URL": "https://example.org/digests/", "NO_MKDOCS_2_WARNING": "1"})


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in ("OFFLINE_ZIP", "OFFLINE_ZIP_URL")}


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def differences(first: Path, second: Path) -> list[str]:
    """Every file that is in one site only, or whose bytes differ."""
    a = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    b = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    found = [f"only in the first: {name}" for name in sorted(a - b)]
    found += [f"only in the second: {name}" for name in sorted(b - a)]
    found += [f"differs: {name}" for name in sorted(a & b) if _read(first / name) != _read(second / name)]
    return found


def compare(base: str, n: int, work: Path, offline: bool = False) -> list[str]:
    """The differences between the sites of ``base`` and of the working tree, built under ``work``."""
    before, after = work / "before", work / "after"
    for project in (before, after):
        project.mkdir(parents=True)
        content(project, n)
    code_at(base, before)
    code_here(after)
    build(before, offline)
    build(after, offline)
    files = sum(1 for p in (after / "site").rglob("*") if p.is_file())
    print(f"{files} files compared", file=sys.stderr)
    return differences(before / "site", after / "site")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the git revision to compare the working tree with")
    parser.add_argument("--n", type=int, default=2000, help="synthetic entries beside the starter library (default 2000)")
    parser.add_argument("--offline", action="store_true", help="build both as `make offline` does (.html links)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        found = compare(args.base, args.n, Path(work), args.offline)
    files = "the same bytes" if not found else f"{len(found)} difference(s)"
    kind = ", offline copy" if args.offline else ""
    print(f"{args.base} and the working tree, starter library + {args.n} synthetic entries{kind}: {files}")
    for line in found[:50]:
        print("  " + line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
