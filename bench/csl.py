"""What a CSL style costs: a first build (every reference formatted by citeproc-py) and a cached one
(.cache/digest-csl/ read back), against the same site in the built-in APA, at N synthetic entries.

    .venv/bin/python bench/csl.py --n 5000 --style nature

Each build runs in a fresh process (as `mkdocs build` does), so the cache file is all that is reused.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import make_project  # noqa: E402


def _set_style(root: Path, style: str) -> None:
    config_file = root / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    assert "\n    style: apa\n" in text, "mkdocs.yml sets extra.digest.style: apa"
    config_file.write_text(text.replace("\n    style: apa\n", f"\n    style: {style}\n"), encoding="utf-8")


def _build(root: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
                   check=True, cwd=root)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--style", default="nature")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "csl")
    args = parser.parse_args()
    root = make_project(args.n, args.out)
    apa = _build(root)
    _set_style(root, args.style)
    shutil.rmtree(root / ".cache", ignore_errors=True)
    first = _build(root)
    cached = _build(root)
    print(f"{args.n} entries: APA (built-in) {apa:.1f} s; {args.style} first build {first:.1f} s, "
          f"cached {cached:.1f} s ({cached / apa:.2f}x APA)")


if __name__ == "__main__":
    main()
