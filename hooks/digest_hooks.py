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

from digest import checks, styles
from digest.library import load
from digest.outputs import Output, SiteInfo, outputs
from digest.pages import PageMaker
from digest.problems import Problem
from digest.settings import Settings, read_settings
from digest.urls import Links

log = logging.getLogger("mkdocs.hooks.digest")
GENERATED = "digest"


class _State:
    settings: Settings = Settings()
    maker: PageMaker | None = None
    serving: bool = False
    """Under `mkdocs serve`: unchanged entry pages are reused from one rebuild to the next."""


state = _State()


def report(problems: list[Problem]) -> None:
    """Each problem as a warning on the mkdocs logger: shown always, fatal under --strict."""
    for problem in problems:
        log.warning(str(problem))


def on_startup(command: str, dirty: bool) -> None:
    state.serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state.maker = None
    config_name = Path(config.config_file_path).name
    state.settings, problems = read_settings(dict(config.extra), config_name)
    report(problems + styles.check(state.settings.style, config_name))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    library = load(root, Path(config.docs_dir), state.settings)
    links = Links(config.use_directory_urls, state.settings.digests_dir)
    maker = state.maker = PageMaker(library, links, reuse_pages=state.serving, project=str(root))
    library.cite_pages(library.digest_citations(maker.links) + library.page_citations(_hand_written(files, root)))
    library.problems += checks.run(library, root)
    report(library.problems)
    for file in list(files):
        if file.src_uri.startswith(f"{state.settings.digests_dir}/") and file.src_uri.endswith(".md"):
            files.remove(file)  # the digests reach the site inside their entry pages
    site = SiteInfo(config.site_name, config.site_url or "", config.site_description or "",
                    os.path.relpath(config.docs_dir, root), files.get_file_from_path("index.md") is not None)
    for output in outputs(maker, site):
        _put(files, config, output)
    return files


def _hand_written(files: Files, root: Path) -> list[tuple[str, str, str]]:
    """(src_uri, path shown in messages, markdown) of every page a person wrote, digests aside."""
    return [
        (file.src_uri, os.path.relpath(file.abs_src_path, root) if file.abs_src_path else file.src_uri, file.content_string)
        for file in files.documentation_pages()
        if not file.src_uri.startswith(f"{state.settings.digests_dir}/")
    ]


def _put(files: Files, config: MkDocsConfig, output: Output) -> None:
    existing = files.get_file_from_path(output.src_uri)
    if existing:
        files.remove(existing)
    inclusion = InclusionLevel.UNDEFINED if output.in_nav else InclusionLevel.NOT_IN_NAV
    file = File.generated(config, output.src_uri, content=output.content, inclusion=inclusion)
    file.generated_by = GENERATED
    file.edit_uri = output.edit_uri
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


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by == GENERATED:
        # Rendered: MkDocs would keep the markdown of every page until the last one is written.
        page.markdown = ""
    return html


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    root = Path(config.config_file_path).parent
    server.watch(str(root / state.settings.bib_dir))
    server.watch(str(root / state.settings.topics_file))
    return server
