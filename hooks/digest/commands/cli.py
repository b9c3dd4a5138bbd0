"""``python -m digest <command>``: the contributors' and maintainers' commands, with no site build.

- ``check`` (``make check``): runs the build's own sequence (:func:`digest.build.run`: read, cite,
  check) on the project as MkDocs reads it (``commands/project.py``), prints each problem as
  ``path:line: what is wrong; what to do`` and exits 1 if there is any; in GitHub Actions it also
  prints workflow annotations, so each problem shows on the pull request's diff
- ``new`` (``make new FROM=...``): adds an entry from a BibTeX, RIS or PubMed file or a DOI and
  writes its digest, ready to fill in
- ``verify`` (``make verify``): each record against Crossref and PubMed (``commands/verify.py``)
- ``enrich`` (``make enrich``): OpenAlex's citations, free copies and counts (``commands/enrich.py``)
- ``summary`` (``make summary``): the pull request's job summary (``commands/summary.py``)
- ``site-size`` (``make site-size``): whether a built site fits GitHub Pages
- ``offline-zip`` (``make offline-zip``): zips the offline site for the hosted site to link to
- ``newsletter`` (``make newsletter SINCE=...``): the digests new or revised since a date, as an e-mail
  (``commands/newsletter.py``)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import tempfile
from pathlib import Path, PurePosixPath
from typing import TextIO

import yaml

from digest import build
from digest.commands import BAD_USAGE, FAILED, enrich, importers, newsletter, summary, verify
from digest.commands.project import Project, read, read_or_say
from digest.library import bibfiles, checks, duplicates, names
from digest.library.loader import Library, load
from digest.problems import Problem
from digest.publish import offlinezip, sitesize
from digest.urls import Links


def check_project(project: Project) -> tuple[Library, list[Problem]]:
    """Every problem the strict build would report about the content, without building: the build's
    sequence (``digest.build``), and the sanitizer over each hand-written page (which the build runs as
    MkDocs renders the page)."""
    listed = project.sources()  # in the order make check has always printed their problems: by path
    sources = build.Sources(sorted(listed.pages, key=lambda page: PurePosixPath(page.src_uri)), sorted(listed.others))
    renderer = project.renderer()
    built = build.run(project.site, sources, renderer)
    library = built.library
    for page in sources.pages:
        trusted = page.src_uri in project.settings.trusted_pages
        library.problems += checks.hand_written(renderer, page.path, page.markdown, trusted)
    library.problems += [problem for _, problem in built.refused]
    return library, project.problems + library.problems


def annotation(problem: Problem) -> str:
    """A GitHub Actions ``::error`` workflow command: the problem shown on the pull request's diff.

    Escaped as the runner reads its commands (``%``, CR and LF as ``%25``, ``%0D``, ``%0A``; ``:`` and
    ``,`` too in a property), so that no text of a contributor ends the command or starts another."""
    def escape(text: str, prop: bool = False) -> str:
        text = _CONTROL.sub(" ", text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    where = f"file={escape(problem.path, True)}"
    if problem.line:
        where += f",line={problem.line}"
    return f"::error {where},title={escape(problem.kind, True)}::{escape(f'{problem.message}; {problem.hint}')}"


_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def check(config: Path, out: TextIO = sys.stdout, annotate: bool | None = None) -> int:
    """``make check``: print every problem; 0 when there is none, 1 otherwise."""
    if annotate is None:
        annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    project, problems = read(config)
    if project is None:
        for problem in problems:
            print(problem, file=out)
        print(f"{len(problems)} problem(s) in {config.name}; fix each as it says, then run make check again", file=out)
        return FAILED
    library, problems = check_project(project)
    for problem in problems:
        print(problem, file=out)  # one line, never a workflow command (Problem.__str__)
    if annotate:
        for problem in problems:
            print(annotation(problem), file=out)
    digests = sum(1 for e in library.entries.values() if e.digest)
    counted = f"{len(library.entries)} entries, {digests} digests"
    if problems:
        print(f"{len(problems)} problem(s) in {counted}; fix each as it says, then run make check again", file=out)
        return FAILED
    print(f"No problems in {counted}.", file=out)
    return 0


def new(source: str, config: Path, key: str | None = None, bib: str | None = None,
        resolver: str = importers.DEFAULT_RESOLVER, out: TextIO = sys.stdout) -> int:
    """``make new``: add the entries of ``source`` to bib/ and write a digest to fill in for each."""
    project = read_or_say(config, out)
    if project is None:
        return BAD_USAGE
    library = load(project.root, project.docs_dir, project.settings)
    asked = importers.DOI_SOURCE.match(source)
    known = [e for e in library.entries.values() if asked and e.doi.lower() == asked.group(1).lower()]
    if known and not Path(source).exists():  # no need to look it up, online or not
        entry = known[0]
        print(f"{entry.path}:{entry.line}: DOI {entry.doi} is already in the library as {entry.key}; "
              f"cite it as [@{entry.key}] instead of adding it again", file=out)
        return FAILED
    try:
        records = importers.read_source(source, resolver)
    except importers.SourceError as error:
        print(f"{source}: {error}", file=out)
        return BAD_USAGE
    if not records:
        print(f"{source}: no entries found in it; check that it is a BibTeX, RIS or .nbib file", file=out)
        return BAD_USAGE
    if key and len(records) > 1:
        print(f"{source}: it holds {len(records)} entries, so --key cannot name them; add them one by one", file=out)
        return BAD_USAGE
    target = _target_file(project, bib)
    if not target.resolve().is_relative_to(project.root) or target.suffix != ".bib":
        print(f"{bib}: not a .bib file inside the project; nothing was written. Give a path such as bib/new.bib", file=out)
        return BAD_USAGE
    added: list[importers.Record] = []
    failed = False
    for record in records:
        refusal = _refusal(record, key, library, added, project)
        if refusal:
            print(refusal, file=out)
            failed = True
            continue
        added.append(record)
    for record in added:
        line = _append(target, record)
        print(f"{_rel(target, project)}:{line}: added @{record.type}{{{record.key}}}", file=out)
        if note := importers.casing_note(record, [e.title for e in library.entries.values()]):
            print(note, file=out)
    for record in added:
        print(_write_digest(project, record), file=out)
    if added:
        failed = _report_new(project, [r.key for r in added], out) or failed
    return FAILED if failed else 0


def _refusal(record: importers.Record, key: str | None, library: Library, added: list[importers.Record], project: Project) -> str:
    """Why ``record`` cannot be added (setting its key when it can), or ""."""
    record.key = key or importers.suggest_key(record)
    why = names.why_not(record.key)
    if why:
        return (f"key {record.key[:100]!r} {why}; nothing was written. "
                f"Give another: make new FROM=... KEY=smith2020word ({names.HINT})")
    doi = record.doi.lower()
    for entry in library.entries.values():
        if doi and entry.doi.lower() == doi:
            return (f"{entry.path}:{entry.line}: DOI {record.doi} is already in the library as {entry.key}; "
                    f"cite it as [@{entry.key}] instead of adding it again")
    same = _same_paper(record, library)
    if same:
        return same
    if any(doi and r.doi.lower() == doi for r in added):
        return f"{record.key}: DOI {record.doi} appears twice in the source; it is added once"
    taken = {k.lower() for k in library.entries} | {r.key.lower() for r in added}
    digest = project.docs_dir / project.settings.digests_dir / f"{record.key}.md"
    if record.key.lower() in taken or digest.exists():
        other = library.entries.get(record.key)
        where = f"{other.path}:{other.line}: " if other else ""
        return (f"{where}key {record.key} is already taken; if this is another paper, "
                f"give it a key of its own: make new FROM=... KEY={record.key}b")
    return ""


def _same_paper(record: importers.Record, library: Library) -> str:
    """Why ``record`` is likely a paper the library has already (no DOI needed: Scholar gives none), or ""."""
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder, "new.bib")
        file.write_text(importers.to_bibtex(record), encoding="utf-8")
        read, _ = bibfiles.read_bib(file, "new.bib")
    found = duplicates.likely_duplicate(read[0], library.entries.values()) if read else None
    if not found:
        return ""
    entry, what = found
    return (f"{entry.path}:{entry.line}: {record.key} has the {what} of {entry.key}, already in the library; "
            f"cite it as [@{entry.key}] instead of adding it again (if it is another work, add it by hand "
            f"with `{duplicates.DISTINCT} = {{{entry.key}}}`)")


def _target_file(project: Project, bib: str | None) -> Path:
    """Where new entries go: ``--bib``, else the one .bib file of bib/, else bib/contributed.bib."""
    if bib:
        return project.root / bib
    folder = project.root / project.settings.bib_dir
    files = sorted(folder.rglob("*.bib")) if folder.is_dir() else []
    return files[0] if len(files) == 1 else folder / "contributed.bib"


def _append(target: Path, record: importers.Record) -> int:
    """Append ``record`` to ``target``; the line its entry starts on."""
    target.parent.mkdir(parents=True, exist_ok=True)
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    gap = "" if not text else ("\n" if text.endswith("\n") else "\n\n")
    with target.open("a", encoding="utf-8") as handle:
        handle.write(gap + importers.to_bibtex(record))
    return (text + gap).count("\n") + 1


def _write_digest(project: Project, record: importers.Record) -> str:
    library = load(project.root, project.docs_dir, project.settings)
    entry = library.entries.get(record.key)
    front = {
        "topics": list(entry.topics) if entry else [],
        "date": dt.date.today(),
        "contributors": [],
        "teaser": "",
    }
    slugs = ", ".join(library.topics)
    text = (
        "---\n"
        + yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=None)
        + f"# topics: slugs from {project.settings.topics_file}: {slugs}\n"
        + '# contributors: one item a person: [Jane Doe], or ["Doe, Jane"] in quotes (unquoted, the comma splits it)\n'
        + "---\n"
        + f"{checks.PLACEHOLDER} the summary here, in your own words, then delete this line. "
        + "Cite other entries with @ and their key in square brackets. -->\n"
    )
    path = project.docs_dir / project.settings.digests_dir / f"{record.key}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return f"{_rel(path, project)}: written; fill in its front matter and summary, then run make check"


def _report_new(project: Project, keys: list[str], out: TextIO) -> bool:
    """What ``make check`` says about the new records (the digests' empty template aside, which the
    contributor fills in next); True when there is anything: the record needs fixing by hand."""
    _, problems = check_project(project)
    digests = {f"{project.settings.digests_dir}/{key}.md" for key in keys}
    found = False
    for problem in problems:
        if any(problem.path.endswith(d) for d in digests):
            continue
        if any(key in problem.message for key in keys):
            print(problem, file=out)
            found = True
    return found


def site_size(site: Path, limit: int = sitesize.SITE_LIMIT, out: TextIO = sys.stdout) -> int:
    """``make site-size``: the built site's bytes and largest parts; 1 when it would not fit GitHub Pages."""
    if not site.is_dir():
        print(f"{site}: not found; build the site first (make offline-zip, as the deploy does)", file=out)
        return BAD_USAGE
    lines, ok = sitesize.report(sitesize.measure(site), limit)
    print("\n".join(lines), file=out)
    return 0 if ok else FAILED


def offline_zip(folder: Path, dest: Path, out: TextIO = sys.stdout) -> int:
    """``make offline-zip``: zip the offline site and say where the hosted build will publish it."""
    if not (folder / "index.html").is_file():
        print(f"{folder}: no built site here; build it first (make offline)", file=out)
        return BAD_USAGE
    size = offlinezip.write_zip(folder, dest)
    where = ("in the site (download/digests-offline.zip)" if size <= offlinezip.IN_SITE_LIMIT else
             f"as a release asset (over the {offlinezip.IN_SITE_LIMIT // sitesize.MB} MB a file of the site may be; "
             "OFFLINE_ZIP_URL says where)")
    print(f"{dest}: {size / sitesize.MB:.1f} MB; the hosted site links to it {where}", file=out)
    return 0


def write_summary(config: Path, base: str, out: TextIO = sys.stdout) -> int:
    """``make summary``: the pull request's job summary (commands/summary.py); 0 even with problems,
    which ``make check`` reports and fails on."""
    project = read_or_say(config, out)
    if project is None:
        return BAD_USAGE
    library, problems = check_project(project)
    keys = summary.touched_entries(library, project.root, base, project.settings.digests_dir)
    print(summary.summary(library, problems, keys, Links(True, project.settings.digests_dir)), file=out)
    return 0


def _rel(path: Path, project: Project) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest", description="Check the content, or add an entry.")
    parser.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="report every content problem, without building; exit 1 if there is any")
    checking = commands.add_parser("verify", help="check every record against Crossref and PubMed (needs the internet)")
    checking.add_argument("--fix", action="store_true", help="write the registries' values into the .bib files")
    commands.add_parser("enrich", help="read OpenAlex into bib/enrichment.yml; list citing works not in the library (online)")
    sized = commands.add_parser("site-size", help="whether a built site fits GitHub Pages, and its largest parts")
    sized.add_argument("site", type=Path, nargs="?", default=Path("site"), help="the built site (default: site)")
    sized.add_argument("--limit-mb", type=float, default=sitesize.SITE_LIMIT / sitesize.MB, help="the site's limit")
    zipping = commands.add_parser("offline-zip", help="zip the offline site (make offline) for the hosted site to link to")
    zipping.add_argument("folder", type=Path, help="the offline site, e.g. site-offline")
    zipping.add_argument("dest", type=Path, help="the zip to write, e.g. dist/digests-offline.zip")
    summarize = commands.add_parser("summary", help="markdown on the entries added or changed since a git revision")
    summarize.add_argument("--base", required=True, help="the git revision to compare with, e.g. origin/main")
    mail = commands.add_parser("newsletter", help="the digests new or revised since a date, as e-mail HTML and text in dist/")
    mail.add_argument("--since", required=True, help="the first day to include, YYYY-MM-DD")
    mail.add_argument("--topic", default="", help="only the digests of this topic (a slug of the topics file)")
    mail.add_argument("--dist", type=Path, default=Path("dist"), help="where to write the files (default: dist)")
    add = commands.add_parser("new", help="add an entry from a .bib/.ris/.nbib file, a BibTeX record or a DOI")
    add.add_argument("source", help="a .bib, .ris or .nbib file, a BibTeX record (@article{...}), or a DOI")
    add.add_argument("--key", help="the entry's key (default: firstauthorYEARword)")
    add.add_argument("--bib", help="the .bib file to append to, relative to mkdocs.yml")
    add.add_argument("--doi-resolver", default=os.environ.get("DIGEST_DOI_RESOLVER", importers.DEFAULT_RESOLVER),
                     help="where DOIs are looked up (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.config.is_file():
        print(f"{args.config}: not found; run this in the folder of mkdocs.yml or give --config", file=sys.stderr)
        return BAD_USAGE
    if args.command == "check":
        return check(args.config)
    if args.command == "verify":
        return verify.run(args.config, args.fix)
    if args.command == "enrich":
        return enrich.run(args.config)
    if args.command == "site-size":
        return site_size(args.site, int(args.limit_mb * sitesize.MB))
    if args.command == "offline-zip":
        return offline_zip(args.folder, args.dest)
    if args.command == "summary":
        return write_summary(args.config, args.base)
    if args.command == "newsletter":
        return newsletter.run(args.config, args.since, args.topic, args.dist)
    source = sys.stdin.read() if args.source == "-" else args.source
    return new(source, args.config, args.key or None, args.bib or None, args.doi_resolver)
