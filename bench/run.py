"""The benchmark: this project's build against plain MkDocs building the same pages written by hand.

For each N it writes a project with N synthetic entries (see ``corpus.py``) and a plain MkDocs
project holding, as ordinary markdown files, exactly the pages the hook generates for it (same
theme, plugins, overrides and small nav, no hook). Both are built in child processes, alternating,
each child building twice in one process the way ``mkdocs serve`` does: a build, then a rebuild
after one digest is edited. Reported: build and rebuild times (best of the runs) and their
ratios, peak RSS of the child, site and search-index bytes per entry, and the largest page.

    make bench            # N = 1,000, 5,000 and 20,000; writes bench/RESULTS.md
    make bench N=1000     # a quick run

A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402

SERVE_URL = "http://127.0.0.1:8000/"
SEARCH_INDEXES = ("assets/search-index.js", "search/search_index.json")


# -- the two projects -------------------------------------------------------------------------

def make_project(n: int, dest: Path) -> Path:
    """The project (config, hooks, overrides, topics, docs skeleton) with N synthetic entries."""
    import yaml

    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    (dest / "bib").mkdir()
    shutil.copy(ROOT / "bib" / "topics.yml", dest / "bib" / "topics.yml")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("__pycache__", "*.md"))
    for page in ("index.md", "contributing.md"):
        if (ROOT / "docs" / page).exists():
            shutil.copy(ROOT / "docs" / page, dest / "docs" / page)
    topics = list(yaml.safe_load((ROOT / "bib" / "topics.yml").read_text(encoding="utf-8")))
    corpus.write(n, dest / "bib", dest / "docs" / "digests", topics)
    return dest


def make_floor(project: Path, dest: Path) -> Path:
    """A plain MkDocs project whose docs are the pages the hook makes for ``project``, as files."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    if dest.exists():
        shutil.rmtree(dest)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(dest / "unused"))
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    docs = dest / "docs"
    for file in files:
        target = docs / file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if file.is_documentation_page():
            markdown = config.plugins.on_page_markdown(
                file.content_string, page=SimpleNamespace(file=file), config=config, files=files)
            target.write_text(markdown, encoding="utf-8")
        elif file.abs_src_path:
            shutil.copy(file.abs_src_path, target)
        else:  # generated beside the pages (the feed, data files)
            target.write_bytes(file.content_bytes)
    (dest / "mkdocs.yml").write_text(_without_hooks((project / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copytree(project / "overrides", dest / "overrides")
    return dest


def _without_hooks(config: str) -> str:
    """mkdocs.yml without its ``hooks:`` block (edited as text: it holds tags such as !ENV)."""
    lines, skipping = [], False
    for line in config.splitlines(keepends=True):
        if line.startswith("hooks:"):
            skipping = True
        elif skipping and line.strip() and not line.startswith((" ", "\t", "-", "#")):
            skipping = False
        if not skipping:
            lines.append(line)
    return "".join(lines)


# -- one measured child -----------------------------------------------------------------------

def child(project: Path, site: Path, touch: str, profile: str) -> None:
    """Build ``project``, edit ``touch`` (a page under docs/), rebuild as ``mkdocs serve`` does; print JSON."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record.getMessage())

    logging.getLogger("mkdocs").addHandler(Collect(logging.WARNING))
    logging.getLogger("mkdocs").propagate = False
    profiler = _profiler(profile)
    mode = profile.rsplit(":", 1)[-1]

    def once(serve_url: str | None) -> tuple[float, float]:
        start, cpu = time.perf_counter(), time.process_time()
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        build(config, serve_url=serve_url)
        return time.perf_counter() - start, time.process_time() - cpu

    # As `mkdocs serve` does, once, before its first build: the hook then keeps unchanged entry
    # pages from one build to the next. The first build pays for that bookkeeping, so the "build"
    # column is a serve session's first build, a little dearer than `mkdocs build`.
    startup = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    startup.plugins.on_startup(command="serve", dirty=False)
    if profiler and mode == "build":
        profiler.start()
    first = once(None)
    if profiler and mode == "build":
        profiler.stop()
    page = project / "docs" / touch
    page.write_text(page.read_text(encoding="utf-8") + "\nEdited for the rebuild.\n", encoding="utf-8")
    if profiler and mode == "rebuild":
        profiler.start()
    second = once(SERVE_URL)
    if profiler:
        if mode == "rebuild":
            profiler.stop()
        Path(profile.rsplit(":", 1)[0]).write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"build": first[0], "build_cpu": first[1], "rebuild": second[0], "rebuild_cpu": second[1],
                      "rss_mb": rss_kb / 1024, "warnings": warnings[:5], "n_warnings": len(warnings)}))


def _profiler(profile: str):  # type: ignore[no-untyped-def]
    if not profile:
        return None
    from pyinstrument import Profiler

    return Profiler(interval=0.005)


def run_child(project: Path, site: Path, touch: str, profile: str = "") -> dict:  # type: ignore[type-arg]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    command = [sys.executable, __file__, "_child", str(project), str(site), touch, profile]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        sys.exit(f"child build of {project} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- sizes ------------------------------------------------------------------------------------

def sizes(site: Path) -> dict[str, float]:
    total, largest, largest_path = 0, 0, ""
    for dirpath, _, names in os.walk(site):
        for name in names:
            size = os.path.getsize(os.path.join(dirpath, name))
            total += size
            if name.endswith(".html") and size > largest:
                largest, largest_path = size, os.path.relpath(os.path.join(dirpath, name), site)
    # The site's own search index (hooks/digest/search.py), or Material's when the search plugin is on.
    index = next((site / p for p in SEARCH_INDEXES if (site / p).exists()), site / SEARCH_INDEXES[0])
    index_size = index.stat().st_size if index.exists() else 0
    return {"site": total, "index": index_size, "largest": largest, "largest_path": largest_path}


# -- the run ----------------------------------------------------------------------------------

def bench(n: int, runs: int, out: Path, profile: bool) -> dict:  # type: ignore[type-arg]
    work = out / f"n{n}"
    print(f"\nN = {n:,}: writing the projects ...", flush=True)
    project = make_project(n, work / "digest")
    floor = make_floor(project, work / "plain")
    touch = "digests/" + sorted(p.name for p in (project / "docs" / "digests").glob("*.md") if p.name != "index.md")[0]
    results: dict[str, list[dict]] = {"digest": [], "plain": []}  # type: ignore[type-arg]
    for run in range(runs):
        order = ("digest", "plain") if run % 2 == 0 else ("plain", "digest")
        for kind in order:
            root = project if kind == "digest" else floor
            result = run_child(root, work / f"site-{kind}", touch)
            result.update(sizes(work / f"site-{kind}"))
            results[kind].append(result)
            print(f"  {kind:6} build {result['build']:7.2f} s (CPU {result['build_cpu']:6.2f} s)   "
                  f"rebuild {result['rebuild']:7.2f} s (CPU {result['rebuild_cpu']:6.2f} s)   "
                  f"peak RSS {result['rss_mb']:6.0f} MB   warnings {result['n_warnings']}", flush=True)
            for warning in result["warnings"]:
                print(f"      {warning}")
    if profile:
        for what in ("build", "rebuild"):
            target = out / f"profile-n{n}-{what}.txt"
            run_child(project, work / "site-digest", touch, f"{target}:{what}")
            print(f"  profile of the {what}: {target}")
    return summarize(n, results)


def summarize(n: int, results: dict) -> dict:  # type: ignore[type-arg]
    ours, plain = results["digest"], results["plain"]
    best = lambda rows, key: min(r[key] for r in rows)  # noqa: E731
    row = {
        "n": n,
        "build": best(ours, "build"), "plain_build": best(plain, "build"),
        "rebuild": best(ours, "rebuild"), "plain_rebuild": best(plain, "rebuild"),
        "build_cpu": best(ours, "build_cpu"), "plain_build_cpu": best(plain, "build_cpu"),
        "rebuild_cpu": best(ours, "rebuild_cpu"), "plain_rebuild_cpu": best(plain, "rebuild_cpu"),
        "rss": max(r["rss_mb"] for r in ours), "plain_rss": max(r["rss_mb"] for r in plain),
        "site": ours[-1]["site"] / n, "plain_site": plain[-1]["site"] / n,
        "index": ours[-1]["index"] / n, "plain_index": plain[-1]["index"] / n,
        "largest": ours[-1]["largest"], "largest_path": ours[-1]["largest_path"], "runs": len(ours),
    }
    row["ratio"] = row["build"] / row["plain_build"]
    row["rebuild_ratio"] = row["rebuild"] / row["plain_rebuild"]
    row["cpu_ratio"] = row["build_cpu"] / row["plain_build_cpu"]
    row["rebuild_cpu_ratio"] = row["rebuild_cpu"] / row["plain_rebuild_cpu"]
    print(f"  => build {row['build']:.2f} s vs {row['plain_build']:.2f} s: {row['ratio']:.2f}x "
          f"(CPU {row['cpu_ratio']:.2f}x); rebuild {row['rebuild']:.2f} s vs {row['plain_rebuild']:.2f} s: "
          f"{row['rebuild_ratio']:.2f}x (CPU {row['rebuild_cpu_ratio']:.2f}x); peak RSS {row['rss']:.0f} MB; "
          f"largest page {row['largest'] / 1024:.0f} KB ({row['largest_path']})", flush=True)
    return row


def table(rows: list[dict]) -> str:  # type: ignore[type-arg]
    head = ("| entries | build | plain MkDocs | ratio (CPU) | rebuild (serve) | plain rebuild | ratio (CPU) | peak RSS "
            "| site / entry | search index / entry | largest page |\n"
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
    lines = [
        f"| {r['n']:,} | {r['build']:.1f} s | {r['plain_build']:.1f} s | **{r['ratio']:.2f}×** ({r['cpu_ratio']:.2f}×) "
        f"| {r['rebuild']:.1f} s | {r['plain_rebuild']:.1f} s | **{r['rebuild_ratio']:.2f}×** ({r['rebuild_cpu_ratio']:.2f}×) "
        f"| {r['rss']:.0f} MB (plain {r['plain_rss']:.0f}) | {r['site'] / 1024:.1f} KB (plain {r['plain_site'] / 1024:.1f}) "
        f"| {r['index'] / 1024:.2f} KB (plain {r['plain_index'] / 1024:.2f}) | {r['largest'] / 1024:.0f} KB |"
        for r in rows
    ]
    return head + "\n".join(lines) + "\n"


def write_results(rows: list[dict], path: Path) -> None:  # type: ignore[type-arg]
    runs = ", ".join(f"{r['runs']} at {r['n']:,}" for r in rows)
    text = (
        "# Benchmark results\n\n"
        "Written by `make bench` (`bench/run.py`); reproduce with `make bench` (or `make bench N=1000`).\n\n"
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"best of alternating runs ({runs}); CPU is the child's process time, steadier than wall time on a "
        "shared machine. \"plain MkDocs\" builds the same pages as markdown files with "
        "the same theme, plugins and nav, without the hook: the floor. \"rebuild\" is the second build in "
        "one process after one digest was edited, as under `mkdocs serve`.\n\n" + table(rows)
    )
    path.write_text(text, encoding="utf-8")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        child(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], sys.argv[5] if len(sys.argv) > 5 else "")
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="*", default=[1000, 5000, 20000], help="entry counts")
    parser.add_argument("--runs", type=int, default=0, help="runs of each kind (default: 3 below 20,000, else 1)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="work folder (deleted and rewritten)")
    parser.add_argument("--profile", action="store_true", help="also profile our build and rebuild with pyinstrument")
    parser.add_argument("--results", default=str(HERE / "RESULTS.md"), help="where the table goes ('' for nowhere)")
    args = parser.parse_args()
    rows = [bench(n, args.runs or (3 if n < 20000 else 1), args.out, args.profile) for n in args.n]
    print("\n" + table(rows))
    if str(args.results):
        write_results(rows, Path(args.results))
        print(f"written to {args.results}")


if __name__ == "__main__":
    main()
