"""The benchmark: this project's build and serve rebuild against a plain digest site (the floor).

For each N it writes, from one synthetic corpus (``corpus.py``), this project with N entries and
the plain MkDocs + Material site a user would write by hand instead (``floor.py``). Each side is
measured in two child processes per run, the two sides alternating: ``mkdocs build`` (one clean
build) and a serve session (a first build, one digest edited, the rebuild that follows), ours as
``mkdocs serve --dirty --no-strict`` runs it, the floor's as plain ``mkdocs serve``. Reported,
best of the runs: build times and their ratio, the serve rebuild and the edit on screen, peak RSS of
the build, site bytes per entry, file count and the largest file.

    make bench            # N = 1,000, 2,000, 5,000 and 20,000; writes bench/RESULTS.md
    make bench N=1000     # one size

A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import compileall
import json
import logging
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT / "hooks"))
import corpus  # noqa: E402
import floor  # noqa: E402
import pagebytes  # noqa: E402
import phases  # noqa: E402
import views  # noqa: E402

Result = dict[str, Any]
SERVE_URL = "http://127.0.0.1:8000/"  # what `mkdocs serve` computes from its default dev_addr
WATCH_POLL = 0.5  # MkDocs' file watcher (a watchdog PollingObserver) looks for changes every 0.5 s
KINDS = ("digest", "plain")
EDIT = "\nThis sentence was added to time the rebuild.\n"
DIRTY_WARNING = "A 'dirty' build is being performed"


# -- the two projects -------------------------------------------------------------------------

def vocabulary() -> dict[str, dict[str, Any]]:
    """bib/topics.yml: the topics by slug."""
    import yaml

    return yaml.safe_load((ROOT / "bib" / "topics.yml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def make_project(n: int, dest: Path, data: corpus.Corpus | None = None) -> Path:
    """This project (config, hooks, overrides, topics, docs skeleton) with N synthetic entries."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    # Compiled ahead, as MkDocs' and Material's modules are by pip: a user's hooks are compiled by their
    # first build and read as bytecode after. Where PYTHONDONTWRITEBYTECODE is set (this machine sets it),
    # every build would otherwise compile them from source (0.1 s a build; the floor compiles nothing).
    compileall.compile_dir(dest / "hooks", quiet=1)
    (dest / "bib").mkdir()
    shutil.copy(ROOT / "bib" / "topics.yml", dest / "bib" / "topics.yml")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("__pycache__", "*.md"))
    for page in ("index.md", "contributing.md"):
        if (ROOT / "docs" / page).exists():
            shutil.copy(ROOT / "docs" / page, dest / "docs" / page)
    data = data or corpus.generate(n, list(vocabulary()))
    corpus.write(data, dest / "bib", dest / "docs" / "digests")
    # Every feature on: citations and free copies (make enrich), retractions (make verify), and a git
    # history (a first commit, then a revision of one digest in twenty) for dates, "What changed" and feeds.
    (dest / "bib" / "enrichment.yml").write_text(corpus.enrichment(data), encoding="utf-8")
    (dest / "bib" / "status.yml").write_text(corpus.status(data), encoding="utf-8")
    history(dest, list(data.digests)[::20])
    return dest


def history(project: Path, revised: list[str]) -> None:
    """A git repository of the project: everything committed on one day, ``revised`` digests a month later."""
    def git(*args: str, date: str = "") -> None:
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else None
        subprocess.run(["git", "-C", str(project), "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
                       check=True, capture_output=True, env=env)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "The library", date="2026-10-01T12:00:00")
    for key in revised:
        page = project / "docs" / "digests" / f"{key}.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nRevised after a correction.\n", encoding="utf-8")
    git("commit", "-q", "-a", "-m", "Revised digests", date="2026-11-01T12:00:00")


# -- the measured children --------------------------------------------------------------------

def collect_warnings() -> list[str]:
    """The mkdocs logger's warnings from now on, kept off the terminal."""
    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if not record.getMessage().startswith(DIRTY_WARNING):  # said by every dirty build
                warnings.append(record.getMessage())

    logging.getLogger("mkdocs").addHandler(Collect(logging.WARNING))
    logging.getLogger("mkdocs").propagate = False
    return warnings


@contextmanager
def profiled(path: str) -> Iterator[None]:
    """Profile the block with pyinstrument into ``path`` (nothing when it is empty)."""
    if not path:
        yield
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.005)
    profiler.start()
    try:
        yield
    finally:
        profiler.stop()
        Path(path).write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")


def _cpu() -> float:
    """CPU seconds of this process and of the processes it waited for (the hook's page maker, a fork)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds of ``work()``, CPU counting the child processes it ran."""
    start, cpu = time.perf_counter(), _cpu()
    work()
    return time.perf_counter() - start, _cpu() - cpu


def peak_rss_mb() -> float:
    """Peak resident memory of this process plus that of its largest child, in MB: an upper bound
    of what the build held at once (the hook's forked page maker shares most pages with it)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return (own.ru_maxrss + children.ru_maxrss) / 1024


def child_build(project: Path, site: Path, profile: str) -> Result:
    """`mkdocs build`: one clean build of ``project`` into ``site``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    warnings = collect_warnings()

    def run() -> None:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        if "digest" in config.extra:  # BENCH_WORKERS=1: the one-process build
            config.extra["digest"]["workers"] = int(os.environ.get("BENCH_WORKERS", "0"))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()

    try:
        with profiled(profile), phases.measured() as spent:
            wall, cpu = timed(run)
    except BaseException:
        print("\n".join(warnings[:10]), file=sys.stderr)  # a strict build stops on these: say which
        raise
    # Where the CPU went: only this process's (a one-process build's whole; not the forked workers').
    return {"wall": wall, "cpu": cpu, "rss_mb": peak_rss_mb(), "warnings": warnings, "phases": spent.table()}


def child_serve(project: Path, touch: str, dirty: bool, profile: str) -> Result:
    """A `mkdocs serve [--dirty] --no-strict` session: first build, ``touch`` edited, the rebuild.

    As serve does: a fresh temporary site folder, on_startup once, site_url set to the serve URL,
    and for the rebuild a config loaded again, built into the same folder.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    warnings = collect_warnings()
    site = tempfile.mkdtemp(prefix="mkdocs_")
    page = project / "docs" / touch
    original = page.read_text(encoding="utf-8")

    def get_config() -> Any:
        config = load_config(str(project / "mkdocs.yml"), site_dir=site, strict=False)
        config.site_url = SERVE_URL
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=dirty)
    try:
        first = timed(lambda: build(config, serve_url=SERVE_URL, dirty=dirty))
        page.write_text(original + EDIT, encoding="utf-8")
        # As `make serve` runs it (hooks/digest_hooks.py, on_serve): the edited digest's page made from
        # the last build and shown before the rebuild (site/early.py); none on the plain site.
        hook = next((plugin for name, plugin in config.plugins.items() if "digest_hooks" in name), None)
        early = timed(lambda: hook.show_early()) if dirty and hook is not None else (0.0, 0.0)
        with profiled(profile):
            rebuild = timed(lambda: build(get_config(), serve_url=SERVE_URL, dirty=dirty))
    finally:
        page.write_text(original, encoding="utf-8")
        config.plugins.on_shutdown()
        shutil.rmtree(site)
    return {"first": first[0], "first_cpu": first[1], "wall": rebuild[0], "cpu": rebuild[1], "early": early[0],
            "rss_mb": peak_rss_mb(), "warnings": warnings}


def run_child(*args: str, workers: int = 0) -> Result:
    """A measured child (``_build`` or ``_serve``), its peak memory sampled from outside: the sum of
    the proportional set sizes of it and all its descendants (the forked workers share pages with
    it, each counted once), every 0.2 s."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0", BENCH_WORKERS=str(workers))
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen([sys.executable, __file__, *args], stdout=out, stderr=err, text=True, env=env)
        peak = 0
        while child.poll() is None:
            peak = max(peak, tree_pss(child.pid))
            time.sleep(0.2)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            sys.exit(f"child {' '.join(args)} failed:\n{err.read()[-3000:]}")
        result: Result = json.loads(out.read().strip().splitlines()[-1])
    return result | {"pss_mb": peak / 1024}


def tree_pss(pid: int) -> int:
    """KB: proportional set size of ``pid`` and every process below it (/proc/<pid>/smaps_rollup)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        here = todo.pop()
        todo += children.get(here, [])
        try:
            for line in Path(f"/proc/{here}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            continue
    return total


def child_main(args: list[str]) -> None:
    """``_build <project> <site> [profile]`` or ``_serve <project> <page> --dirty|--plain [profile]``."""
    what, project, rest = args[0], Path(args[1]), [*args[2:], ""]
    if what == "_build":
        result = child_build(project, Path(rest[0]), rest[1])
    else:
        result = child_serve(project, rest[0], rest[1] == "--dirty", rest[2])
    print(json.dumps(result))


# -- sizes ------------------------------------------------------------------------------------

def theme_dir() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


def sizes(site: Path) -> Result:
    """Bytes and number of files of the built site, and its largest file that is not a copy of Material's
    (the offline zip counts: it is the site's own)."""
    total, count, largest, largest_path, theme = 0, 0, 0, "", theme_dir()
    for dirpath, _, names in os.walk(site):
        for name in names:
            path = os.path.join(dirpath, name)
            size = os.path.getsize(path)
            total, count = total + size, count + 1
            if size > largest and not (theme / os.path.relpath(path, site)).exists():
                largest, largest_path = size, os.path.relpath(path, site)
    return {"bytes": total, "files": count, "largest": largest, "largest_path": largest_path}


def big_files(site: Path, limit: int) -> list[str]:
    """Files of ``site`` over ``limit`` bytes."""
    return [str(path.relative_to(site)) for path in site.rglob("*") if path.is_file() and path.stat().st_size > limit]


# -- the run ----------------------------------------------------------------------------------

def bench(n: int, runs: int, out: Path, profile: bool) -> Result:
    work = out / f"n{n}"
    print(f"\nN = {n:,}: writing the projects ...", flush=True)
    topics = vocabulary()
    data = corpus.generate(n, list(topics))
    projects = {"digest": make_project(n, work / "digest", data), "plain": floor.write(data, topics, work / "plain")}
    touch = f"digests/{next(iter(data.digests))}.md"
    builds: dict[str, list[Result]] = {kind: [] for kind in (*KINDS, "one")}
    serves: dict[str, list[Result]] = {kind: [] for kind in KINDS}
    for run in range(runs):
        order = (*KINDS, "one") if run % 2 == 0 else ("one", *KINDS[::-1])
        for kind in order:  # "one": ours with `workers: 1`, the whole build in one process
            site = work / f"site-{kind}"
            project = projects["digest" if kind == "one" else kind]
            builds[kind].append(run_child("_build", str(project), str(site), workers=1 if kind == "one" else 0) | sizes(site))
            report(kind, "build", builds[kind][-1])
        for kind in order[:2] if run % 2 == 0 else order[1:]:
            serves[kind].append(run_child("_serve", str(projects[kind]), touch, serve_mode(kind)))
            report(kind, "serve", serves[kind][-1])
    published = publish(projects["digest"], work)
    keys = [key for key in data.digests][:4]
    ours = views.views(work / "site-published", f"digests/{keys[0]}/", [f"digests/{key}/" for key in keys[1:]] + ["topics/"])
    plain = views.views(work / "site-plain", f"digests/{keys[0]}/", [f"digests/{key}/" for key in keys[1:]] + ["topics/"])
    if ours and plain:
        print(f"  page views: ours first {size(ours['first'])} in {ours['first_requests']} requests, "
              f"later {size(ours['later'])}, "
              f"sitemap fetches {ours['sitemap']}; plain first {size(plain['first'])}, later {size(plain['later'])}", flush=True)
        published |= {"views": ours, "plain_views": plain}
    if profile:
        build_txt, rebuild_txt = out / f"profile-n{n}-build.txt", out / f"profile-n{n}-rebuild.txt"
        run_child("_build", str(projects["digest"]), str(work / "site-one"), str(build_txt), workers=1)
        run_child("_serve", str(projects["digest"]), touch, serve_mode("digest"), str(rebuild_txt))
        print(f"  profiles of our one-process build and serve rebuild: {build_txt}, {rebuild_txt}")
    return summarize(n, builds, serves) | published


RELEASE_URL = "https://github.com/example/digests/releases/download/offline-copy/digests-offline.zip"
SITE_URL = "https://example.github.io/digests/"
"""As the Pages workflow sets it: canonical links, the sitemap, feeds and citations carry it."""


def publish(project: Path, work: Path) -> Result:
    """The site as the Pages workflow publishes it (`make offline-zip`): the offline copy built and
    zipped, then the hosted site built with OFFLINE_ZIP, which holds the zip up to 50 MB
    (offlinezip.IN_SITE_LIMIT) and past that links to a release asset. Not timed; measured as uploaded."""
    from digest.publish import offlinezip

    offline, site, packed = work / "site-offline", work / "site-published", work / "dist" / "digests-offline.zip"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OFFLINE_ZIP": str(packed), "OFFLINE_ZIP_URL": RELEASE_URL,
           "SITE_URL": SITE_URL}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "mkdocs.yml")]
    subprocess.run([*mkdocs, "--no-directory-urls", "-d", str(offline)], check=True, env={**env, "OFFLINE_ZIP": ""})
    zipped = offlinezip.write_zip(offline, packed)
    subprocess.run([*mkdocs, "-d", str(site)], check=True, env=env)
    found = sizes(site)
    found["over_50"] = big_files(site, offlinezip.IN_SITE_LIMIT)  # GitHub's 50 MB: 50 MiB
    in_site = (site / offlinezip.IN_SITE).is_file()
    print(f"  published site {found['bytes'] / MB_:.0f} MB in {found['files']:,} files, offline zip {zipped / MB_:.0f} MB "
          f"({'in the site' if in_site else 'a release asset'}); largest file {size(found['largest'])} "
          f"({found['largest_path']})", flush=True)
    pages, mean = pagebytes.mean_parts(site)
    print(pagebytes.table(pages, mean), flush=True)
    return {"pub_bytes": found["bytes"], "pub_over_50": found["over_50"], "pub_files": found["files"],
            "pub_largest": found["largest"],
            "pub_largest_path": found["largest_path"], "zip": zipped, "zip_in_site": in_site,
            "page_parts": pagebytes.table(pages, mean),
            "plain_page_parts": pagebytes.table(*pagebytes.mean_parts(work / "site-plain"))}


MB_ = 1024 * 1024


def serve_mode(kind: str) -> str:
    """Ours runs under `mkdocs serve --dirty`; the plain site under plain `mkdocs serve`."""
    return "--dirty" if kind == "digest" else "--plain"


def report(kind: str, what: str, result: Result) -> None:
    if what == "build":
        line = (f"build   {result['wall']:7.2f} s (CPU {result['cpu']:6.2f} s)   peak memory {result['pss_mb']:5.0f} MB   "
                f"{result['files']:,} files, {result['bytes'] / 1e6:.1f} MB")
    else:
        line = (f"serve   first {result['first']:6.2f} s, rebuild {result['wall']:6.2f} s (CPU {result['cpu']:5.2f} s)   "
                f"peak memory {result['pss_mb']:5.0f} MB")
    print(f"  {kind:6} {line}   warnings {len(result['warnings'])}", flush=True)
    for warning in result["warnings"][:5]:
        print(f"      {warning}")


def summarize(n: int, builds: dict[str, list[Result]], serves: dict[str, list[Result]]) -> Result:
    def best(rows: list[Result], key: str) -> float:
        return min(r[key] for r in rows)

    ours, plain = builds["digest"], builds["plain"]
    row: Result = {
        "n": n, "runs": len(ours),
        "build": best(ours, "wall"), "build_cpu": best(ours, "cpu"),
        "plain_build": best(plain, "wall"), "plain_build_cpu": best(plain, "cpu"),
        "rebuild": best(serves["digest"], "wall"), "rebuild_cpu": best(serves["digest"], "cpu"),
        "plain_rebuild": best(serves["plain"], "wall"), "plain_rebuild_cpu": best(serves["plain"], "cpu"),
        "rss": max(r["pss_mb"] for r in ours), "plain_rss": max(r["pss_mb"] for r in plain),
        "one_build": best(builds["one"], "wall"), "one_cpu": best(builds["one"], "cpu"),
        "one_rss": max(r["pss_mb"] for r in builds["one"]),
        "serve_rss": max(r["pss_mb"] for r in serves["digest"]),
        "early": best(serves["digest"], "early"),
        # Where the CPU went, from the run with the least: ours in one process, and the floor.
        "phases": min(builds["one"], key=lambda r: r["cpu"])["phases"],
        "plain_phases": min(plain, key=lambda r: r["cpu"])["phases"],
    }
    for prefix, rows in (("", ours), ("plain_", plain)):
        row |= {prefix + key: rows[-1][key] for key in ("bytes", "files", "largest", "largest_path")}
    row["ratio"] = row["build"] / row["plain_build"]
    row["cpu_ratio"] = row["build_cpu"] / row["plain_build_cpu"]
    row["one_cpu_ratio"] = row["one_cpu"] / row["plain_build_cpu"]
    # On screen: the edited digest's page shown before the rebuild (site/early.py), else after it.
    row["reload"] = (row["early"] if row["early"] > 0 else row["rebuild"]) + WATCH_POLL
    print(f"  => build {row['build']:.2f} s vs {row['plain_build']:.2f} s: {row['ratio']:.2f}x (CPU {row['cpu_ratio']:.2f}x, "
          f"one process {row['one_build']:.2f} s, CPU {row['one_cpu_ratio']:.2f}x); "
          f"serve rebuild {row['rebuild']:.2f} s (plain {row['plain_rebuild']:.2f} s), edit shown early in "
          f"{row['early']:.2f} s, on screen {row['reload']:.2f} s; "
          f"peak memory {row['rss']:.0f} MB (plain {row['plain_rss']:.0f}); largest file {size(row['largest'])} "
          f"({row['largest_path']})", flush=True)
    print(phases.table(row["phases"], row["plain_phases"]), flush=True)
    return row


def size(n_bytes: float) -> str:
    return f"{n_bytes / 1024:.0f} KB" if n_bytes < 1024 * 1024 else f"{n_bytes / 1024 / 1024:.1f} MB"


def table(rows: list[Result]) -> str:
    head = ("| entries | build | plain digest site | ratio | CPU, all processes | CPU, one process (`workers: 1`) "
            "| peak memory (plain) | serve rebuild (CPU) | edit on screen | site / entry (plain) | files (plain) "
            "| largest file (plain) |\n"
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
    lines = [
        f"| {r['n']:,} | {r['build']:.1f} s | {r['plain_build']:.1f} s | **{r['ratio']:.2f}×** | {r['cpu_ratio']:.2f}× "
        f"| **{r['one_cpu_ratio']:.2f}×** ({r['one_build']:.1f} s) | **{r['rss']:.0f} MB** ({r['plain_rss']:.0f}) "
        f"| {r['rebuild']:.2f} s ({r['rebuild_cpu']:.2f} s) | **{r['reload']:.2f} s** "
        f"| {r['bytes'] / r['n'] / 1024:.1f} KB ({r['plain_bytes'] / r['n'] / 1024:.1f}) "
        f"| {r['files']:,} ({r['plain_files']:,}) | {size(r['largest'])} `{r['largest_path']}` "
        f"({size(r['plain_largest'])} `{r['plain_largest_path']}`) |"
        for r in rows
    ]
    return head + "\n".join(lines) + "\n"


def phases_table(rows: list[Result]) -> str:
    """Where the one-process build's CPU went, ours beside the floor's, at each size."""
    head = ("| phase | " + " | ".join(f"{r['n']:,}: ours | plain" for r in rows) + " |\n"
            "| --- | " + " | ".join("---: | ---:" for _ in rows) + " |\n")
    lines = [f"| {phases.NAMES[name]} | "
             + " | ".join(f"{r['phases'][name]:.2f} s | {r['plain_phases'][name]:.2f} s" for r in rows) + " |"
             for name in phases.ORDER]
    lines.append("| **all** | " + " | ".join(f"**{sum(r['phases'].values()):.2f} s** "
                                          f"| **{sum(r['plain_phases'].values()):.2f} s**" for r in rows) + " |")
    return head + "\n".join(lines) + "\n"


def published_table(rows: list[Result]) -> str:
    """The site as the Pages workflow uploads it (`make offline-zip`, SITE_URL set), beside the plain
    site, and what a reader's browser fetches from each."""
    head = ("| entries | published site | files | over 50 MB | offline zip | site without the zip / entry (plain) | ratio "
            "| first view of an entry page (plain) | later views (plain) | sitemap.xml fetches |\n"
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
    lines = []
    for r in rows:
        without = r["pub_bytes"] - (r["zip"] if r["zip_in_site"] else 0)
        ours, plain = r.get("views"), r.get("plain_views")
        seen = (f"{size(ours['first'])} ({size(plain['first'])}) | {size(ours['later'])} ({size(plain['later'])}) "
                f"| {ours['sitemap']}"
                if ours and plain else "not measured (no Chromium) | | ")
        lines.append(
            f"| {r['n']:,} | **{r['pub_bytes'] / 1e6:.0f} MB** | {r['pub_files']:,} | {len(r['pub_over_50'])} "
            f"| {r['zip'] / 1e6:.0f} MB, {'in the site' if r['zip_in_site'] else 'release asset'} "
            f"| {without / r['n'] / 1024:.1f} KB ({r['plain_bytes'] / r['n'] / 1024:.1f}) "
            f"| **{without / r['plain_bytes']:.2f}×** | {seen} |")
    return head + "\n".join(lines) + "\n"


PUBLISHED = """\
**Published site**: `site/` as the Pages workflow uploads it, built as `make offline-zip`
builds it with `SITE_URL` set (the offline copy built with `.html` links and zipped, deflate level 9,
then the hosted site built with `OFFLINE_ZIP`): the zip goes into the site up to 50 MB (MiB, as
GitHub counts when it warns of a pushed file), and past that is published as a release asset the footer links to, so it is not
counted here. *over 50 MB*: files over 50 MiB, GitHub's warning size. *first view*: what Chromium fetches (bytes
uncompressed) to show an entry page with an empty cache, served from 127.0.0.1 (`bench/views.py`);
*later views*: the mean of three other entry pages and the topics index opened after it, cache
warm; *sitemap.xml fetches*: over all those views. *largest file*: as above (the zip counts). *site without the zip / entry*:
bytes an entry adds to the hosted site, beside the plain site's (which has no downloads, reference
styles, citation tags, topic maps or feed); *ratio*: ours over plain. Targets: published site at
most 800 MB at 20,000 entries and within 1.4× the floor an entry, no file over 50 MB, a first view
under 0.5 MB and later views under 60 KB with no sitemap fetch.
"""


EXPLANATION = """\
**The floor** ("plain digest site", `bench/floor.py`) is what a user would write without this
project, from the same synthetic corpus: plain MkDocs with `theme: {{name: material, font: false}}`
and Material's `search` plugin, no overrides, hooks, downloads or extra CSS/JavaScript; one
hand-written markdown page per entry (title, byline of authors · journal · year, the digest's text
if the entry has one, else its abstract, an APA-like reference and a full-text DOI link), a home
page, a digests index that lists nothing, a topics index, and one page per topic of
`bib/topics.yml` listing links to its entries (an entry is on a topic when one of its keywords is
the topic's name or a synonym, or its digest names the topic). It is never our own output re-fed
to MkDocs.

**Every feature on**: the project has study facts in 60 % of its digests, `bib/enrichment.yml` (citation
counts, free copies for a third, 0-8 citations within the library an entry), `bib/status.yml` (one entry
in 500 retracted or corrected) and a git history (a first commit, then one digest in twenty revised).

**Columns.** Each side runs in child processes, alternating, and each figure is the best of the
runs ({runs}). *build* and *plain digest site*: one `mkdocs build` (`load_config`, `on_startup("build")`,
`build`), wall time, ours with its default of one worker process per core rendering the generated
pages (`hooks/digest/ahead.py`, `extra.digest.workers`); *ratio*: ours over the floor's wall time.
*CPU, all processes*: ours (the parent, its workers and its background child) over the floor's.
*CPU, one process*: ours built with `workers: 1` (no fork at all) over the floor's, and its wall time.
*peak memory*: the most the build's processes held at once, as the sum of their proportional set sizes
(a page shared by a worker and its parent counts half to each), sampled every 0.2 s from outside.
*serve rebuild*: a session as `mkdocs serve --dirty --no-strict` runs it (a fresh temporary site
folder, `on_startup("serve", dirty=True)`, a first build, one digest file `docs/digests/<key>.md`
edited, then the rebuild with a freshly loaded config into the same folder, as `--dirty` does:
unchanged pages are not written again), wall (and CPU) time of that rebuild.
*edit on screen*: under `make serve` the edited digest's page is made from the last build with the
new text and shown before the rebuild (`hooks/digest/site/early.py`; the rest of the site follows
the rebuild): the time to make and write it (`show_early` in the hook), plus {poll} s, the interval
at which MkDocs' file watcher polls for changes (it then waits a further 0.1 s for changes to settle,
and the browser reloads the page after that; neither is counted). Where nothing is shown early (an
edit of the front matter, a new digest), it is the rebuild plus {poll} s. Where the system sends file
change notifications, `make serve` notices a save in milliseconds instead of polling for it: in
Chromium, `bench/live_reload.py` measures the whole delay from saving to the page shown. *site / entry*: the built
site's bytes divided by N (hosted build, no `SITE_URL`, no offline zip); *files*: files in the built
site; *largest file*: the biggest file in it, any type, leaving out Material's own assets.

**Targets** (issue 26): wall time at most 0.7× the floor on 2 cores, one-process CPU at most 1.0×;
peak memory under 800 MB at 20,000; a digest edit on screen under `make serve` within 1.5 s at 20,000.
"""


PHASES = """\
**Where the CPU goes** (`bench/phases.py`): the one-process build's CPU time (ours with `workers: 1`,
from the same run as the table's) split by what MkDocs was running, each moment counted once, in the
innermost: a hook's event, a markdown page, a template, writing a page, or MkDocs itself. The floor
spends its time on markdown and the theme; ours on what the plain site does not have: the library read
and checked, each generated page's data and template, and the search index and downloads written.
"""


def write_results(rows: list[Result], path: Path) -> None:
    runs = ", ".join(f"{r['runs']} at {r['n']:,}" for r in rows)
    text = (
        "# Benchmark results\n\n"
        "Written by `make bench` (`bench/run.py`): `make bench` for every size, `make bench N=1000` for one, "
        "`make bench PROFILE=1` also writes pyinstrument profiles of our build and serve rebuild to `bench/out/`.\n\n"
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}.\n\n"
        + table(rows) + "\n" + EXPLANATION.format(runs=runs, poll=WATCH_POLL)
        + "\n" + PHASES + "\n" + phases_table(rows)
        + "\n" + published_table(rows) + "\n" + PUBLISHED
        + f"\nWhere an entry page's bytes go at {rows[-1]['n']:,} entries (`bench/pagebytes.py`), ours then the plain site's:\n\n"
        + rows[-1]["page_parts"] + "\n" + rows[-1]["plain_page_parts"]
    )
    path.write_text(text, encoding="utf-8")


def default_runs(n: int) -> int:
    return 3 if n < 5000 else 2 if n < 20000 else 1


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("_build", "_serve"):
        child_main(sys.argv[1:])
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="*", default=[1000, 2000, 5000, 20000], help="entry counts")
    parser.add_argument("--runs", type=int, default=0, help="runs of each kind (default: 3 below 5,000, 2 below 20,000, else 1)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="work folder (its n<N>/ folders are replaced)")
    parser.add_argument("--profile", action="store_true", help="also profile our build and serve rebuild with pyinstrument")
    parser.add_argument("--results", default=str(HERE / "RESULTS.md"), help="where the table goes ('' for nowhere)")
    args = parser.parse_args()
    rows = [bench(n, args.runs or default_runs(n), args.out, args.profile) for n in args.n]
    print("\n" + table(rows) + "\n" + published_table(rows))
    if args.results:
        write_results(rows, Path(args.results))
        print(f"written to {args.results}")


if __name__ == "__main__":
    main()
