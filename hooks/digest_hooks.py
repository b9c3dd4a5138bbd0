"""The one MkDocs hook of the site: MkDocs events in, calls into the ``digest`` package out.

Listed under ``hooks:`` in mkdocs.yml. MkDocs loads it once and does not reload it on
``mkdocs serve`` rebuilds, so every build starts by resetting the state in ``on_config``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from digest import checks, exports, styles
from digest.digestfiles import split_front_matter
from digest.library import Library, find_citations, load
from digest.outputs import reader_files
from digest.pages import PageMaker
from digest.problems import Problem
from digest.settings import Settings, read_settings
from digest.urls import Links

log = logging.getLogger("mkdocs.hooks.digest")
GENERATED = "digest"


class _State:
    settings: Settings = Settings()
    library: Library | None = None
    maker: PageMaker | None = None


state = _State()


def report(problems: list[Problem]) -> None:
    """Each problem as a warning on the mkdocs logger: shown always, fatal under --strict."""
    for problem in problems:
        log.warning(str(problem))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state.library = state.maker = None
    state.settings, problems = read_settings(config.extra, Path(config.config_file_path).name)
    report(problems + styles.check(state.settings.style, Path(config.config_file_path).name))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    settings = state.settings
    library = load(root, Path(config.docs_dir), settings)
    links = Links(config.use_directory_urls, settings.digests_dir)
    maker = PageMaker(library, links)
    state.library, state.maker = library, maker
    library.cite_pages(_citing_pages(files, library, links, root))
    library.problems += checks.run(library, root)
    report(library.problems)
    _add_pages(files, config, library, maker)
    _add_reader_files(files, config, maker)
    _add_generated(files, config, exports.for_library(library))
    return files


def _add_generated(files: Files, config: MkDocsConfig, made: dict[str, str]) -> None:
    """Non-page files (the .bib/.ris/CSL-JSON downloads) generated beside the pages."""
    for src_uri, content in made.items():
        existing = files.get_file_from_path(src_uri)
        if existing:
            files.remove(existing)
        file = File.generated(config, src_uri, content=content)
        file.generated_by = GENERATED
        files.append(file)


def _citing_pages(files: Files, library: Library, links: Links, root: Path) -> list:  # type: ignore[type-arg]
    pages = []
    for entry in library.entries.values():
        if entry.digest:
            src = links.entry(library.slugs[entry.key])
            pages.append(find_citations(entry.digest.body, src, entry.title, entry.digest.path, entry.digest.body_line))
    for file in files.documentation_pages():
        if file.src_uri.startswith(f"{library.settings.digests_dir}/"):
            continue
        text = file.content_string
        front, body, first_line = split_front_matter(text)
        title = _title_of(body) or file.src_uri
        path = os.path.relpath(file.abs_src_path, root) if file.abs_src_path else file.src_uri
        pages.append(find_citations(body, file.src_uri, title, path, first_line))
    return pages


def _title_of(markdown: str) -> str:
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def _add_pages(files: Files, config: MkDocsConfig, library: Library, maker: PageMaker) -> None:
    digests_dir = library.settings.digests_dir
    for file in list(files):
        if file.src_uri.startswith(f"{digests_dir}/") and file.src_uri.endswith(".md"):
            files.remove(file)

    def add(src_uri: str, content: str, edit_uri: str | None = None, in_nav: bool = True) -> None:
        existing = files.get_file_from_path(src_uri)
        if existing:
            files.remove(existing)
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, src_uri, content=content, inclusion=inclusion)
        file.generated_by = GENERATED
        file.edit_uri = edit_uri
        files.append(file)

    for key, entry in library.entries.items():
        edit = f"{digests_dir}/{key}.md" if entry.digest else os.path.relpath(entry.path, Path(config.docs_dir).name)
        add(maker.entry_src(key), maker.entry_page(entry), edit, in_nav=False)
    for topic in library.topics.values():
        add(maker.links.topic(topic.slug), maker.topic_page(topic), in_nav=False)
    for src_uri, content in maker.list_pages():
        add(src_uri, content, in_nav=False)
    for src_uri, content in maker.cross_topic_pages():
        add(src_uri, content, in_nav=False)
    add("topics/index.md", maker.topics_index())
    add(f"{digests_dir}/index.md", maker.digests_index())
    if not files.get_file_from_path("index.md"):
        add("index.md", maker.home_page())


def _add_reader_files(files: Files, config: MkDocsConfig, maker: PageMaker) -> None:
    """The search index and the Atom feed, generated beside the pages."""
    made = reader_files(maker, config.site_name, config.site_url or "", config.site_description or "")
    for src_uri, content in made.items():
        existing = files.get_file_from_path(src_uri)
        if existing:
            files.remove(existing)
        file = File.generated(config, src_uri, content=content)
        file.generated_by = GENERATED
        files.append(file)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by == GENERATED:
        # The page holds its markdown now; the file's copy would stay to the end of the build
        # (hand-written pages are read from disk and kept once): 300 MB at 20,000 pages.
        page.file.content_string = ""
        return markdown
    if state.maker is None:
        return markdown
    here = page.file.src_uri
    return state.maker.with_citations(here, state.maker.fill_markers(here, markdown))


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    root = Path(config.config_file_path).parent
    server.watch(str(root / state.settings.bib_dir))
    server.watch(str(root / state.settings.topics_file))
    return server
