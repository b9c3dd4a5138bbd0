"""mkdocs.yml and docs/ as MkDocs reads them: the project ``make check`` and the build both see.

The only module of the ``digest`` package that imports MkDocs (the hook, ``hooks/digest_hooks.py``,
is outside the package). The config is read with MkDocs' own ``load_config`` (``!ENV``, defaults,
validation, the same Markdown extensions) and the files are listed with MkDocs' own ``get_files``
(``exclude_docs``, ``draft_docs``, ``not_in_nav``); the hook hands its ``Files`` to :func:`sources`
too, so the two cannot list docs/ differently. A mkdocs.yml that MkDocs refuses is reported as
``mkdocs.yml:LINE: what is wrong; what to do``, never as a traceback.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.structure.files import File, Files, get_files

from digest.build import HandWritten, Site, Sources
from digest.markdown.render import Renderer
from digest.problems import Problem
from digest.references import styles
from digest.settings import Settings, read_settings
from digest.urls import Links


@dataclass
class Project:
    """A project as ``make check`` reads it: its site settings, the files MkDocs lists, and what is wrong
    with mkdocs.yml and ``extra.digest``."""

    site: Site
    config: MkDocsConfig
    problems: list[Problem]

    @property
    def root(self) -> Path:
        return self.site.root

    @property
    def docs_dir(self) -> Path:
        return self.site.docs_dir

    @property
    def settings(self) -> Settings:
        return self.site.settings

    def sources(self) -> Sources:
        """docs/ as the build lists it."""
        return sources(get_files(self.config), self.config, self.settings)

    def renderer(self) -> Renderer:
        """The site's Markdown, as MkDocs loads it (its own three extensions first)."""
        return Renderer(self.config.markdown_extensions, self.config.mdx_configs)


def read(config_file: Path) -> tuple[Project | None, list[Problem]]:
    """The project of ``config_file``, or None and why MkDocs refuses it."""
    config, problems = _load(config_file)
    if config is None:
        return None, problems
    settings, found = read_settings(dict(config.extra), config_file.name)
    problems += found + styles.check(settings.style, site_root(config), config_file.name)  # as the build does
    return Project(site(config, settings), config, problems), problems


def site(config: MkDocsConfig, settings: Settings) -> Site:
    """What the build sequence needs of ``config``."""
    own = (*(str(script) for script in config.extra_javascript), *(str(sheet) for sheet in config.extra_css))
    return Site(site_root(config), Path(config.docs_dir), settings,
                Links(config.use_directory_urls, settings.digests_dir), own, config.repo_url or "")


def site_root(config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml."""
    return Path(config.config_file_path).parent  # absolute: MkDocs makes it so


def sources(files: Files, config: MkDocsConfig, settings: Settings) -> Sources:
    """The hand-written pages and the other files of docs/ in ``files``, as the build publishes them
    (files ``exclude_docs`` leaves out are neither read nor copied)."""
    root, docs = site_root(config), Path(config.docs_dir)
    digests = f"{settings.digests_dir}/"
    pages = [HandWritten(file.src_uri, shown_path(file, root), file.content_string)
             for file in files.documentation_pages() if not file.src_uri.startswith(digests)]
    others = [file.src_uri for file in files
              if not file.is_documentation_page() and not file.inclusion.is_excluded()
              and file.src_dir and Path(file.src_dir) == docs]
    return Sources(pages, others)


def shown_path(file: File, root: Path) -> str:
    """The path of ``file`` in messages: relative to the folder of mkdocs.yml."""
    return os.path.relpath(file.abs_src_path, root) if file.abs_src_path else file.src_uri


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _load(config_file: Path) -> tuple[MkDocsConfig | None, list[Problem]]:
    """MkDocs' config of ``config_file``, and what MkDocs said of it (its warnings fail a strict build)."""
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    config: MkDocsConfig | None = None
    refused: BaseException | None = None
    try:
        config = load_config(config_file=str(config_file))
    except (ConfigurationError, Abort) as error:
        refused = error
    finally:
        logger.removeHandler(collector)
    text = _text(config_file)
    problems = [_problem(config_file.name, text, record.getMessage()) for record in collector.records]
    if refused is not None and not problems:
        problems.append(_problem(config_file.name, text, str(refused), refused.__context__))
    return config, problems


def _problem(name: str, text: str, said: str, cause: BaseException | None = None) -> Problem:
    # Where the construct began (an unclosed bracket), else where reading failed.
    mark = getattr(cause, "context_mark", None) or getattr(cause, "problem_mark", None)
    if isinstance(cause, yaml.YAMLError) and mark is not None:
        return Problem(name, mark.line + 1, f"not valid YAML: {getattr(cause, 'problem', '') or cause}",
                       "fix the YAML at that line (indentation, quotes, brackets)", "config")
    key = re.match(r"Config value '([^']+)'", said)
    line = _line_of(text, key.group(1).split(".")[0]) if key else None
    first = said.strip().splitlines()[0] if said.strip() else "MkDocs cannot read it"
    return Problem(name, line or 1, f"MkDocs refuses it: {first}",
                   "fix that setting (see https://www.mkdocs.org/user-guide/configuration/)", "config")


def _line_of(text: str, key: str) -> int | None:
    found = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _text(config_file: Path) -> str:
    try:
        return config_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def read_or_say(config_file: Path, out: TextIO) -> Project | None:
    """The project of ``config_file``; None when MkDocs refuses it, each reason printed to ``out``."""
    project, problems = read(config_file)
    if project is None:
        for problem in problems:
            print(problem, file=out)
    return project
