"""The one MkDocs hook of the site: MkDocs events in, calls into the ``digest`` package out.

Listed under ``hooks:`` in mkdocs.yml. MkDocs loads it once and does not reload it on ``mkdocs serve``
rebuilds. Its state has two lifetimes: a :class:`Session` (made in ``on_startup``: what a serve session
keeps from one rebuild to the next) and a :class:`Build` (made afresh in ``on_config``: what one build
holds), so nothing is reset by hand.

The events, in the order MkDocs sends them (and this module is written):

- ``on_startup``: the session (``mkdocs serve``? ``--dirty``?)
- ``on_config``: a fresh build: the settings, the site's Markdown, where the offline zip goes
- ``on_files``: the build sequence (``digest/build.py``: read, cite, check) and the generated files
- ``on_nav``: what every page depends on (the nav); generated pages get their own Page class
- ``on_page_markdown``, ``on_page_content``: hand-written pages: their citations, the sanitizer
- ``on_env``: the CSP hashes of the theme's scripts; the generated pages handed to a worker per core
- ``on_page_context``, ``on_post_page``: a generated page's HTML made, policed, written, dropped (by
  a worker, or here); after the last page, what the workers found (anchors, warnings) taken back
- ``on_post_template``: the policy on the theme's own templates (404.html, sitemap)
- ``on_post_build`` (or ``on_build_error``): the files written late, the offline zip, leftovers of a
  dirty build removed, the cycle collector given back
- ``on_serve``: bib/ and the topic vocabulary watched too; the live-reload script trusted by its hash

Generated pages skip Python-Markdown: their HTML comes from templates (``digest/site/pages/``) and is
made only when the page is about to be written (``on_page_context``), then dropped, so that the
site's pages are never all in memory at once. In a build, one process per core (``extra.digest.workers``:
forked workers, then the build itself once MkDocs' loop is done) renders and writes the generated pages,
theme included, as MkDocs would (:func:`render_page`), while MkDocs' own loop writes the hand-written
ones and passes over theirs.
Under ``mkdocs serve --dirty`` (``make serve``) a generated file whose signature did not change is
neither made nor written again.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url, is_error_template, normalize_url, write_file
from mkdocs.utils.templates import TemplateContext

from digest import ahead, build
from digest.commands import project
from digest.library import names
from digest.library.digestfiles import front_matter, page_meta, split_front_matter
from digest.markdown import render as contributed
from digest.problems import Problem, log_line
from digest.publish import offlinezip
from digest.references import styles
from digest.settings import Settings, read_settings
from digest.site import compact, csp, early, livereload, navcache, notfound, precompile, skeleton
from digest.site.outputs import FileOut, SiteInfo, outputs, write_later
from digest.site.pages import entry as entry_page
from digest.site.pages import maker as pages
from digest.site.pages.maker import PageMaker, PageOut
from digest.site.pieces import safe_title

log = logging.getLogger("mkdocs.hooks.digest")
GENERATED = "digest"
ELSEWHERE = "digest-rendered-by-a-worker.html"
"""The (empty) template MkDocs' page loop renders for a page a worker renders."""
SHARE = 32
"""Pages a worker takes at a time."""


class Session:
    """What lasts a ``mkdocs serve`` session, from one rebuild to the next (a ``mkdocs build`` is a
    session of one build). Made in on_startup; a build run without it (in-process) has the default."""

    def __init__(self, command: str = "build", dirty: bool = False) -> None:
        self.serving = command == "serve"
        """Under `mkdocs serve`: content problems are also shown in the pages they concern."""
        self.dirty = self.serving and dirty
        """Under `mkdocs serve --dirty`: unchanged generated files are not made or written again."""
        self.written: dict[str, tuple[int, str]] = {}
        """Source URI -> signature of what was last written for it, and where (dirty serve only).
        Keyed by URI: MkDocs works out a file's destination with a locking cached property (a second
        at 20,000 files on every rebuild)."""
        self._renderer: contributed.Renderer | None = None
        self._renderer_key: Any = None
        self.digests_seen: early.Snapshot | None = None
        """The digests folder as the last build read it (serve only: site/early.py)."""
        self.page_hashes: dict[str, int] = {}
        """Hand-written pages' HTML, hashed, as the last build wrote it (serve only)."""
        self.native_watch: Any = None
        """The system's notifications on docs/ (serve only: :func:`_notice_at_once`)."""

    def renderer(self, config: MkDocsConfig) -> contributed.Renderer:
        """The site's Markdown; kept while its extensions stay the same, with the digests it rendered."""
        key = (repr(config.markdown_extensions), repr(config.mdx_configs))
        if self._renderer is None or self._renderer_key != key:
            self._renderer, self._renderer_key = contributed.Renderer(config.markdown_extensions, config.mdx_configs), key
        return self._renderer


class Build:
    """What lasts one build. Made afresh in on_config, so that a rebuild starts from nothing."""

    def __init__(self, settings: Settings | None = None, renderer: contributed.Renderer | None = None) -> None:
        self.settings = settings or Settings()
        self.renderer = renderer
        self.maker: PageMaker | None = None
        self.precompiled: precompile.Ahead | None = None
        self.site_signature = 0
        self.made: set[str] = set()
        """Source URIs of the generated files of this build (dirty serve only: the others are removed)."""
        self.wrote: set[str] = set()
        """Under `mkdocs serve --dirty`: the source URIs of the pages and files this build wrote anew (a
        hand-written page: only when its HTML changed)."""
        self.prepared: dict[str, contributed.Prepared] = {}
        """Hand-written pages' citations and markers, between on_page_markdown and on_page_content."""
        self.trusted_scripts: dict[str, list[str]] = {}
        """Trusted hand-written pages' own inline scripts (their HTML is the maintainers')."""
        self.theme_scripts = csp.ThemeScripts((), lambda source, base_url: source)
        """The inline scripts the theme's templates write, by depth: all the policy allows (on_env)."""
        self.top_names: tuple[str, ...] = ()
        """The first segment of every file of the build (for the standalone 404 page)."""
        self.skeletons: skeleton.Skeletons | None = None
        """The generated pages' theme HTML by shape (on_env)."""
        self.workers: Workers | None = None
        """The generated pages rendered and written by a worker per core (digest/ahead.py)."""
        self.in_worker = False
        """This process is one of those workers."""
        self.nav: Navigation | None = None
        self.rendering: tuple[MkDocsConfig, jinja2.Environment, Files] | None = None
        """What rendering a page again needs (serve only: an edited digest's page shown early)."""
        self.digests_folder: Path | None = None
        self.later_site: SiteInfo | None = None
        """In a build (not under serve): the search index and the downloads are made after the files are
        listed and written straight into the site (outputs.write_later): by a worker, as its first
        share, where there are workers, else at the end of the build."""
        self.offline_zip: tuple[Path, offlinezip.Placement] | None = None
        """The offline copy's zip (``OFFLINE_ZIP``, set by ``make offline-zip``) and where it is published."""


session = Session()
this_build = Build()


class DigestFile(File):
    """A generated file made on demand from a :class:`PageOut` or :class:`FileOut`."""

    out: PageOut | FileOut

    def __init__(self, path: str, src_dir: str | None, dest_dir: str, use_directory_urls: bool, *,
                 dest_uri: str | None = None, inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> None:
        # File.__init__, less the PurePath parse of a path that is POSIX already (a second at 20,000 files).
        self.src_uri = path
        self.src_dir = src_dir
        self.dest_dir = dest_dir
        self.use_directory_urls = use_directory_urls
        if dest_uri is not None:
            self.dest_uri = dest_uri
        self.inclusion = inclusion

    def is_modified(self) -> bool:
        found = session.written.get(self.src_uri)
        return found is None or found[0] != _signature(self) or not os.path.isfile(found[1])

    @property
    def content_string(self) -> str:
        return self.out.make() if isinstance(self.out, FileOut) else ""

    @content_string.setter
    def content_string(self, value: str) -> None:
        raise TypeError("a generated file is made from its output, not set")

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode("utf-8")

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        raise TypeError("a generated file is made from its output, not set")

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "wb") as output:
            output.write(self.content_bytes)
        _written(self)


class DigestPage(Page):
    """A generated page: no markdown to read or render; its HTML is made in on_page_context."""

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = {"title": self.file.out.title}  # type: ignore[attr-defined]

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.toc = get_toc([])


def _signature(file: File) -> int:
    return hash((this_build.site_signature, file.out.signature))  # type: ignore[attr-defined]


def _written(file: File) -> None:
    if session.dirty:
        session.written[file.src_uri] = (_signature(file), file.abs_dest_path)
        this_build.wrote.add(file.src_uri)


def report(problems: list[Problem]) -> None:
    """Each problem as a warning on the mkdocs logger: shown always, fatal under --strict."""
    for problem in problems:
        log.warning(str(problem))


def on_startup(command: str, dirty: bool) -> None:
    # Once per `mkdocs serve` (or `mkdocs build`) command, before its first build.
    global session
    session = Session(command, dirty)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # The start of every build, rebuilds included: a fresh Build, then the settings it runs on.
    global this_build
    gc.disable()  # until the library is read and frozen: see on_files
    config_name = Path(config.config_file_path).name
    settings, problems = read_settings(dict(config.extra), config_name)
    this_build = Build(settings, session.renderer(config))
    report(problems + styles.check(settings.style, project.site_root(config), config_name))
    _place_offline_zip(config)
    return config


def _place_offline_zip(config: MkDocsConfig) -> None:
    """With ``OFFLINE_ZIP`` set (``make offline-zip``, hosted build only): where the zip is published,
    for the footer (``config.extra.offline_zip``, read by overrides/partials/copyright.html)."""
    config.extra["offline_zip"] = None
    named = os.environ.get("OFFLINE_ZIP", "")
    if not named or not config.use_directory_urls:
        return
    placement, problem = offlinezip.place(Path(named), os.environ.get("OFFLINE_ZIP_URL", ""))
    if placement is None:
        raise PluginError(problem)
    this_build.offline_zip = (Path(named), placement)
    config.extra["offline_zip"] = {"href": placement.href, "in_site": placement.in_site, "size": placement.label}


def _theme_loader(loader: jinja2.BaseLoader) -> jinja2.BaseLoader:
    """The theme's templates as our pages are rendered with them (on_env)."""
    return navcache.Loader(jinja2.ChoiceLoader([jinja2.DictLoader({skeleton.PAGE: skeleton.PAGE_SOURCE}),
                                                skeleton.TocSlot(compact.Unindented(loader))]))


def _template_environments(config: MkDocsConfig) -> list[jinja2.Environment]:
    """The theme's environment (as MkDocs makes it, with our loader) and our pages' (site/precompile.py)."""
    env = config.theme.get_env()
    assert env.loader is not None  # MkDocs' FileSystemLoader of the theme's folders
    env.loader = _theme_loader(env.loader)
    return [env, pages.environment(_page_overrides(config))]


def _page_overrides(config: MkDocsConfig) -> list[Path]:
    """Where a site overrides our page templates: ``overrides/digest/`` (the theme's ``custom_dir``)."""
    return [Path(config.theme.custom_dir) / "digest"] if config.theme.custom_dir else []


def _stop_precompiling(env: jinja2.Environment | None = None) -> None:
    """The templates compiled beside the library's reading given to ``env`` and our pages' environment
    if they are ready, and those kept between builds (site/precompile.py); the child stopped either way."""
    found, this_build.precompiled = this_build.precompiled, None
    if env is None or this_build.maker is None:
        if found is not None:
            found.close()
        return
    if found is None:  # a build in one process: the bytecode kept between builds alone
        precompile.cache([env, this_build.maker.env])
    else:
        found.use([env, this_build.maker.env])


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # MkDocs has listed docs/: the library is read, checked and turned into the generated files.
    # Python's cycle collector scans every live object now and then: with tens of thousands of
    # entries loaded (and, under `mkdocs serve`, the previous build's) that was most of a rebuild.
    # Off from on_config while MkDocs lists the files and the library is read; then what is alive
    # is frozen, not scanned again, until the build ends (on_post_build): a serve rebuild at
    # 20,000 entries went from 5.7 s to 2.4 s.
    gc.disable()
    if not session.serving and ahead.may_fork(this_build.settings.workers):
        # The templates compiled in a child while this process reads the library (site/precompile.py).
        this_build.precompiled = precompile.Ahead(partial(_template_environments, config))
    try:
        return _files(files, config)
    finally:
        gc.freeze()
        gc.enable()


def _files(files: Files, config: MkDocsConfig) -> Files:
    settings, renderer = this_build.settings, this_build.renderer
    assert renderer is not None
    site = project.site(config, settings)
    if session.serving:  # before the digests are read: a save from now on is the next build's
        this_build.digests_folder = site.docs_dir / settings.digests_dir
        session.digests_seen = early.snapshot(this_build.digests_folder)
    sources = project.sources(files, config, settings)
    built = build.run(site, sources, renderer)
    library = built.library
    overrides = _page_overrides(config)
    templates = pages.templates_signature(overrides)
    signature = hash((settings, site.links, templates, config.site_name, config.site_url, getattr(built.style, "key", "")))
    maker = this_build.maker = PageMaker(library, site.links, pages.environment(overrides, templates), renderer, signature,
                                         config.site_name, config.site_url or "", style=built.style)
    report(library.problems)
    if library.history.note:  # no git history: dates from front matter (library/history.py); not a problem
        log.info(log_line(f"digest history: {library.history.note}"))
    if session.serving:
        maker.show_problems(library.problems)
    for src_uri, problem in built.refused:  # files of docs/ a browser runs, unless trusted (digest/rawfiles.py)
        files.remove(files.src_uris[src_uri])
        report([problem])
    for file in list(files):
        if file.src_uri.startswith(f"{settings.digests_dir}/") and file.src_uri.endswith(".md"):
            files.remove(file)  # the digests reach the site inside their entry pages
        elif file.is_documentation_page() and names.file_name_problem(file.src_uri):
            files.remove(file)  # reported by the library: a name that is not text of a path (`<!--<script>.md`)
        elif file.is_documentation_page() and session.dirty:
            file.is_modified = lambda: True  # type: ignore[method-assign] # hand-written pages may list entries
    info = SiteInfo(config.site_name, config.site_url or "", config.site_description or "",
                    site.shown_docs_dir, files.get_file_from_path("index.md") is not None,
                    tuple((page.src_uri, page.markdown) for page in sources.pages))
    this_build.later_site = None if session.serving else info
    for output in outputs(maker, info, later=this_build.later_site is not None):
        _put(files, config, output)
    return files


def _put(files: Files, config: MkDocsConfig, output: PageOut | FileOut) -> None:
    existing = files.src_uris.get(output.src_uri)
    if existing:
        files.remove(existing)
    # Without a `nav:` MkDocs lists the pages meant for it; with one, on_nav adds those it leaves out.
    in_nav = isinstance(output, PageOut) and output.in_nav and config.nav is None
    inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
    file = DigestFile.generated(config, output.src_uri, content="", inclusion=inclusion)
    assert isinstance(file, DigestFile)
    file.out = output
    file.generated_by = GENERATED
    if isinstance(output, PageOut):
        file.edit_uri = output.edit_uri
    if session.dirty:
        this_build.made.add(file.src_uri)
    files.append(file)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    # Every page's sidebar shows the nav: when it changes, every page changes.
    this_build.nav = nav
    for file in files.documentation_pages():
        if isinstance(file, DigestFile):
            if file.page is None:
                DigestPage(None, file, config)
            else:  # MkDocs made a plain Page for it
                file.page.__class__ = DigestPage
            if isinstance(file.out, PageOut) and file.out.in_nav and file.page is not None:
                file.page.read_source(config)  # its title, for the nav: a dirty rebuild may not read it again
    _add_generated(nav, files)
    titles = tuple((page.title, page.url) for page in nav.pages)
    made_for = this_build.maker.site_signature if this_build.maker else 0
    this_build.site_signature = hash((made_for, titles, config.site_url, config.site_name))
    return nav


def _add_generated(nav: Navigation, files: Files) -> None:
    """The generated pages meant for the nav (What changed; Evidence, when the library has a study) that
    mkdocs.yml's ``nav:`` does not list: put after the last generated page it lists at its top level
    (Topics), else at its end, so that a ``nav:`` need not name a page the library may not make."""
    listed = {page.file.src_uri for page in nav.pages}
    missing = [file.page for file in files.documentation_pages() if isinstance(file, DigestFile) and isinstance(file.out, PageOut)
               and file.out.in_nav and file.src_uri not in listed and file.page is not None]
    if not missing:
        return
    generated = [n for n, item in enumerate(nav.items) if isinstance(item, Page) and isinstance(item.file, DigestFile)]
    at = generated[-1] + 1 if generated else len(nav.items)
    nav.items[at:at] = missing
    nav.pages = list(_pages(nav.items))
    for before, page, after in zip([None, *nav.pages[:-1]], nav.pages, [*nav.pages[1:], None], strict=True):
        page.previous_page, page.next_page = before, after


def _pages(items: list[Any]) -> Iterator[Page]:
    for item in items:
        if isinstance(item, Page):
            yield item
        yield from _pages(item.children or [])


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # A hand-written page, before Python-Markdown reads it: its citations become markers.
    if isinstance(page, DigestPage) or this_build.renderer is None:
        return markdown
    if page.file.src_uri not in this_build.settings.trusted_pages:
        _theme_meta(page, project.shown_path(page.file, project.site_root(config)))
    prepared = this_build.prepared[page.file.src_uri] = this_build.renderer.prepare(markdown)
    return prepared.markdown


def _theme_meta(page: Page, shown: str) -> None:
    """An untrusted page's front matter as the theme may print it (unescaped): what the door keeps
    (``digestfiles.page_meta``: text for the keys the theme reads, ``hide`` as Material's words; the
    rest was reported when the library read the page), with no markup characters. MkDocs takes the
    page's title from it (``Page.title`` reads ``meta``), else from the first heading (on_page_content)."""
    meta, lines, _, _ = front_matter(page.file.content_string, shown)
    kept, _ = page_meta(meta, shown, lines)
    page.meta = {key: safe_title(value) if isinstance(value, str) else value for key, value in kept.items()}


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # The same page as HTML: cleaned by the sanitizer, its citations filled in, its references added.
    if isinstance(page, DigestPage) or this_build.renderer is None or this_build.maker is None:
        return html
    here = page.file.src_uri
    prepared = this_build.prepared.pop(here, contributed.Prepared(""))
    if here in this_build.settings.trusted_pages:
        this_build.trusted_scripts[here] = csp.script_hashes(html)
    else:
        source = page.file.content_string
        _, body, first_line = split_front_matter(source)
        shown = project.shown_path(page.file, project.site_root(config))
        cleaned = this_build.renderer.clean(html, body, shown, first_line, prepared)
        report(cleaned.problems)
        html = cleaned.html
        # The toc extension made the table of contents from the HTML before it was cleaned (and
        # the theme prints it unescaped): made again from the clean HTML.
        page.toc = get_toc(pages.table_of_contents(html, top=1)[0])  # type: ignore[arg-type]
    if page.title and any(c in page.title for c in '<>&"'):
        page.meta["title"] = safe_title(page.title)  # themes print titles unescaped
    return this_build.maker.fill(here, html, prepared) + this_build.maker.references(here, prepared.keys)


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    # The theme's templates without the indentation of their lines (2 KB a page, site/compact.py),
    # and the policy's hashes from them (never from the pages they judge).
    # And the navigation made once for the pages it is the same on (site/navcache.py).
    # And a generated page's theme HTML made once for the pages of its shape (site/skeleton.py).
    if not isinstance(env.loader, navcache.Loader):
        env.loader = _theme_loader(env.loader)
        if env.cache is not None:
            env.cache.clear()
    _stop_precompiling(env)
    env.globals["digest_navs"] = navcache.Navigations(config, normalize_url)
    skeletons = this_build.skeletons = skeleton.Skeletons(env, _fillable)
    env.globals[skeleton.GLOBAL] = jinja2.pass_context(lambda context: skeletons.render(context.get_all()))
    def render(source: str, base_url: str) -> str:
        return str(env.from_string(source).render(config=config, base_url=base_url))
    this_build.theme_scripts = csp.ThemeScripts(csp.template_scripts(config.theme.dirs), render)
    this_build.top_names = tuple({file.dest_uri.split("/", 1)[0] for file in files})
    if session.serving:
        this_build.rendering = (config, env, files)
    # Pages are built next. Not under `mkdocs serve`, which makes few pages a rebuild (and runs a
    # server's threads, which a fork would copy): forked workers render the generated pages.
    _stop_ahead()
    pages = [file.page for file in files.documentation_pages()
             if isinstance(file, DigestFile) and isinstance(file.out, PageOut) and file.page is not None]
    for page in pages:  # MkDocs' loop renders them through the skeletons too
        page.meta["template"] = skeleton.PAGE
    processes = this_build.settings.workers or ahead.cores()
    if session.serving or len(pages) <= 50 or processes < 2 or not ahead.can_fork():
        return env
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({ELSEWHERE: ""}), env.loader])  # type: ignore[list-item]
    later = None
    if this_build.later_site is not None and this_build.maker is not None:
        # The search index and the downloads: the first share a worker takes (the longest job first),
        # not a process of its own beside the workers (which held a copy of the library too).
        later = partial(write_later, this_build.maker.pieces, this_build.later_site, config.site_dir)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)  # as MkDocs' page loop lists them
    assert this_build.nav is not None
    this_build.workers = Workers(pages, doc_files, config, this_build.nav, env, processes, later)
    return env


class Workers:
    """The generated pages rendered and written by ``processes`` processes, a share at a time:
    ``processes - 1`` forked workers, and this one after MkDocs' loop (which renders an empty template
    for them, a quiet "Page skipped"). After its last page, this process takes the shares no worker
    has taken, then the workers' anchors and warnings are taken back, and any share a worker did not
    finish is rendered here: the same files as a one-process build."""

    def __init__(self, pages: list[Page], doc_files: Sequence[File], config: MkDocsConfig, nav: Navigation,
                 env: jinja2.Environment, processes: int, later: Callable[[], object] | None = None) -> None:
        self.config, self.nav, self.env, self.doc_files = config, nav, env, doc_files
        self.last = doc_files[-1].src_uri
        self.elsewhere = {page.file.src_uri for page in pages}
        for page in pages:
            page.meta["template"] = ELSEWHERE
        # Its own set: finish() takes the pages it renders out of ``elsewhere`` while MkDocs' loop is on
        # its last page, whose empty template MkDocs then calls skipped (it is written all the same).
        self.quiet = _Quiet(set(self.elsewhere))
        logging.getLogger("mkdocs.commands.build").addFilter(self.quiet)
        size = max(1, min(SHARE, len(pages) // (processes * 4)))
        self.shares = [pages[i:i + size] for i in range(0, len(pages), size)]
        self.later, self.later_done = later, False
        """``later``: a job done as share 0 (the search index and the downloads); whether a worker did it."""
        self.first = 1 if later is not None else 0
        # The build is one of the ``processes``: after MkDocs' loop it takes shares too. Each worker
        # ends up with its own copy of most of the library (reference counts write to the memory
        # pages a fork shares), so one process fewer is a copy less.
        self.running: ahead.Shares | None = ahead.Shares(len(self.shares) + self.first, processes - 1, self._work,
                                                         _in_worker)

    def _work(self, share: int) -> list[tuple[str, set[str], list[tuple[str, int, str]]]]:
        """In a worker: the share's pages rendered and written; each page's anchors and warnings (the
        ``later`` job: its warnings, as a page of no name)."""
        done = []
        if self.later is not None and share == 0:
            # In a child of its own, which gives back what they took when it exits.
            return [("", set(), ahead.in_child(self._later))]
        for page in self.shares[share - self.first]:
            said = _said()
            render_page(page, self.config, self.nav, self.env, self.doc_files)
            done.append((page.file.src_uri, set(page.present_anchor_ids or ()), list(said)))
        return done

    def _later(self) -> list[tuple[str, int, str]]:
        said = _said()
        assert self.later is not None
        self.later()
        return list(said)

    def finish(self) -> None:
        """After MkDocs' last page: the workers' findings taken back, what they left rendered here."""
        running, self.running = self.running, None  # once (a page rendered here may be MkDocs' last)
        if running is None:
            return
        # Called while MkDocs builds its last page: that page is not the one being rendered here.
        outer = self.config._current_page
        if outer is not None:
            outer.active = False
        try:
            try:
                while (share := running.take()) is not None:  # shares no worker has taken: done here
                    if share >= self.first:
                        self._render_here(self.shares[share - self.first])
            except BaseException:
                running.close()
                raise
            self._take_back(running.results())
        finally:
            if outer is not None:
                outer.active = True
            self.config._current_page = outer

    def _take_back(self, results: dict[int, Any]) -> None:
        if self.later is not None and 0 in results:
            self.later_done = True  # else the build does it (on_post_build)
            for name, level, message in results[0][0][2]:
                logging.getLogger(name).log(level, message)
        for index, share_pages in enumerate(self.shares):
            share = index + self.first
            if share not in results:
                self._render_here(share_pages)  # a worker failed, or this process took the share
                continue
            for (src_uri, anchors, said), page in zip(results[share], share_pages, strict=True):
                assert src_uri == page.file.src_uri
                page.present_anchor_ids = anchors
                for name, level, message in said:
                    logging.getLogger(name).log(level, message)

    def _render_here(self, pages: list[Page]) -> None:
        """``pages`` rendered by this process, as MkDocs would (once: they are no longer a worker's)."""
        for page in pages:
            if page.file.src_uri not in self.elsewhere:
                continue
            self.elsewhere.discard(page.file.src_uri)
            page.meta.pop("template", None)
            render_page(page, self.config, self.nav, self.env, self.doc_files)

    def close(self) -> None:
        if self.running is not None:
            self.running.close()
            self.running = None
        logging.getLogger("mkdocs.commands.build").removeFilter(self.quiet)


class _Quiet(logging.Filter):
    """MkDocs' "Page skipped" line for a page a worker renders."""

    def __init__(self, elsewhere: set[str]) -> None:
        super().__init__()
        self.elsewhere = elsewhere

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.msg.startswith("Page skipped: ") and record.msg.split("'")[1] in self.elsewhere)


_worker_said: list[tuple[str, int, str]] | None = None
"""In a worker: the warnings of the page being rendered, sent back to the parent (which counts them
under --strict and shows them), instead of shown here."""


def _in_worker() -> None:
    global _worker_said
    _worker_said = []
    this_build.in_worker = True

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            assert _worker_said is not None
            _worker_said.append((record.name, record.levelno, record.getMessage()))

    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(Keep(logging.WARNING))
    logger.propagate = False


def _said() -> list[tuple[str, int, str]]:
    assert _worker_said is not None
    _worker_said.clear()
    return _worker_said


def render_page(page: Page, config: MkDocsConfig, nav: Navigation, env: jinja2.Environment, doc_files: Sequence[File]) -> None:
    """A generated page rendered by the theme and written, as MkDocs' own page loop does it
    (``mkdocs.commands.build._build_page``, less what a generated page never has: ``--dirty``,
    drafts, a ``template:`` of its own)."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        skeletons = this_build.skeletons
        output = skeletons.render(context) if skeletons is not None else env.get_template("main.html").render(context)
        output = config.plugins.on_post_page(output, page=page, config=config)
        write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
    finally:
        page.active = False
        config._current_page = None


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    # Just before the theme renders a page: a generated page's HTML is made now (by the worker that
    # renders it, or here), so that the site's pages are never all in memory at once.
    if isinstance(page, DigestPage) and _elsewhere(page):
        return context
    if isinstance(page, DigestPage):
        rendered = page.file.out.make()  # type: ignore[attr-defined]
        page.content = rendered.html
        page.toc = get_toc(rendered.toc)  # type: ignore[arg-type]
        page.present_anchor_ids = rendered.anchors
        page.meta = {**rendered.meta, "title": page.file.out.title}  # type: ignore[attr-defined]
    return context


def _fillable(page: Page) -> bool:
    """A page whose theme HTML may come from a skeleton: a generated page outside the navigation."""
    return isinstance(page, DigestPage) and not page.file.out.in_nav  # type: ignore[attr-defined]


def _elsewhere(page: Page) -> bool:
    """A page a worker renders, met in MkDocs' own loop (in the parent)."""
    workers = this_build.workers
    return workers is not None and not this_build.in_worker and page.file.src_uri in workers.elsewhere


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Every page, once rendered by the theme: its Content-Security-Policy. After the last page of
    # MkDocs' loop, the workers' findings are taken back (before MkDocs checks the links' anchors).
    if this_build.workers is not None and not this_build.in_worker and page.file.src_uri == this_build.workers.last:
        try:
            return output if _elsewhere(page) else _police(output, page)
        finally:
            this_build.workers.finish()
    if _elsewhere(page):
        return output
    return _police(output, page)


def _police(output: str, page: Page) -> str:
    own = this_build.trusted_scripts.pop(page.file.src_uri, [])
    allowed = [*this_build.theme_scripts.hashes(get_relative_url(".", page.url)), *own]
    output = _with_policy(output, allowed, page.file.src_uri)
    if session.dirty and not isinstance(page, DigestPage):  # written on every rebuild: did it change?
        if session.page_hashes.get(page.file.src_uri) != (found := hash(output)):
            session.page_hashes[page.file.src_uri] = found
            this_build.wrote.add(page.file.src_uri)
    if isinstance(page, DigestPage):
        # Written next: MkDocs would keep every page's HTML to the end of the build.
        page.content = ""
        page.toc = get_toc([])
        page.meta = {"title": page.file.out.title}  # type: ignore[attr-defined]
        _written(page.file)
    return output


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    # The theme's own templates (404.html): the same policy as the pages.
    if not template_name.endswith(".html"):
        return output_content
    # MkDocs renders an error page at the site's path ("/" without a site_url), others at their own.
    base_url = urlsplit(config.site_url or "/").path if is_error_template(template_name) else get_relative_url(".", template_name)
    allowed = list(this_build.theme_scripts.hashes(base_url))
    if template_name == "404.html" and not config.site_url:
        output_content, own = notfound.standalone(output_content, Path(config.site_dir), this_build.top_names)
        allowed = [csp.source_of(notfound.theme_script(text)) for text in this_build.theme_scripts.texts(base_url)]
        allowed += [csp.source_of(text) for text in own]
    return _with_policy(output_content, allowed, template_name)


def _with_policy(output: str, allowed: list[str], shown: str) -> str:
    """``output`` with its policy; an inline script the policy refuses is a build problem (it got in
    past the sanitizer, or a template's script renders otherwise than the policy expects)."""
    policed, refused = csp.policed(output, allowed)
    for script in refused:
        report([Problem(shown, None, f"an inline script the theme's templates do not write ({script[:40]!r}…) is refused "
                        "by the Content-Security-Policy", "remove it, or write it in a file under assets/", "csp")])
    return policed


def on_post_build(config: MkDocsConfig) -> None:
    # Every page is written: what was left for later is written, what the build held is let go.
    if this_build.workers is not None:
        this_build.workers.finish()  # done after MkDocs' last page already, unless that page was not reached
        if this_build.workers.later_done:
            this_build.later_site = None  # a worker wrote the search index and the downloads
    _write_later(config)
    _stop_ahead()
    _collect_again()
    if this_build.offline_zip and this_build.offline_zip[1].in_site:
        target = Path(config.site_dir) / offlinezip.IN_SITE
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(this_build.offline_zip[0], target)
    if not session.dirty:
        return
    # A dirty build leaves the files of deleted entries behind: take them out.
    for src_uri in [s for s in session.written if s not in this_build.made]:
        _, path = session.written.pop(src_uri)
        if os.path.isfile(path):
            os.remove(path)


def _write_later(config: MkDocsConfig) -> None:
    """The search index and the downloads, unless a worker wrote them (share 0 of :class:`Workers`)."""
    if this_build.later_site is not None and this_build.maker is not None:
        write_later(this_build.maker.pieces, this_build.later_site, config.site_dir)
    this_build.later_site = None


def on_build_error(error: Exception) -> None:
    # A build that fails (a serve rebuild goes on after it) gives back the child and the collector too.
    _stop_ahead()
    _collect_again()


def _stop_ahead() -> None:
    _stop_precompiling()
    if this_build.workers is not None:
        this_build.workers.close()
        this_build.workers = None


def _collect_again() -> None:
    """What the build kept alive may go now: the next build has its own."""
    gc.unfreeze()
    gc.enable()


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    # Once, when `mkdocs serve` starts its server: the library's folders are sources too.
    root = Path(config.config_file_path).parent
    server.watch(str(root / this_build.settings.bib_dir))
    server.watch(str(root / this_build.settings.topics_file))
    # The live-reload script MkDocs injects into each served page is trusted by that page's policy.
    if hasattr(server, "_inject_js_into_html"):
        server._inject_js_into_html = livereload.trusting(server._inject_js_into_html)
    else:
        log.warning("live reload: this MkDocs injects its script differently; pages will not reload by themselves")
    if all(hasattr(server, name) for name in ("builder", "_epoch_cond", "_visible_epoch", "_wanted_epoch")):
        server.builder = _early_then(server.builder, server)
    session.native_watch = _notice_at_once(server, config.docs_dir)
    return server


def on_shutdown() -> None:
    if session.native_watch is not None:
        session.native_watch.stop()
        session.native_watch = None


def _notice_at_once(server: Any, docs_dir: str) -> Any:
    """``docs/`` watched by the system's own change notifications (inotify, FSEvents,
    ReadDirectoryChangesW: watchdog's native observer) as well as by MkDocs' polling, which stats
    every file of ``docs/`` each cycle and noticed a save 0.2 to 1.7 s after it at 20,000 digests.
    Whichever sees a change first asks for the rebuild, once a change (by path, time and size):
    polling stays, for file systems that send no notifications (network drives, some containers).
    The native observer, or None where it cannot run (MkDocs' watcher is then left as it is)."""
    import threading

    import watchdog.events
    import watchdog.observers

    path = os.path.abspath(docs_dir)
    if not all(hasattr(server, name) for name in ("observer", "unwatch", "_watched_paths", "_rebuild_cond")) \
            or path not in server._watched_paths:
        return None
    asked: dict[str, tuple[int, int] | None] = {}
    lock = threading.Lock()

    def ask(event: Any) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):  # a file read, not changed
            return
        stamps: dict[str, tuple[int, int] | None] = {}
        for changed in {event.src_path, getattr(event, "dest_path", "") or event.src_path}:
            try:
                found = os.stat(changed)
                stamps[str(changed)] = (found.st_mtime_ns, found.st_size)
            except OSError:
                stamps[str(changed)] = None  # removed
        with lock:
            if all(name in asked and asked[name] == stamp for name, stamp in stamps.items()):
                return  # the other observer asked for this one already
            asked.update(stamps)
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = ask  # type: ignore[method-assign]
    native = watchdog.observers.Observer()
    try:
        native.schedule(handler, path, recursive=True)
        native.start()
    except Exception as error:  # no notifications here (inotify's limits, say): MkDocs' polling alone
        log.debug(f"digest: docs/ is watched by polling alone ({error!r})")
        return None
    server.unwatch(path)  # MkDocs' own handler, replaced by ours on its polling observer
    server.observer.schedule(handler, path, recursive=True)
    return native


def _early_then(rebuild: Callable[[], None], server: Any) -> Callable[[], None]:
    """``rebuild`` (MkDocs' serve builder), after an edited digest's page is shown (site/early.py):
    written from the last build, and the browsers told to reload, as MkDocs tells them after a
    rebuild. They are told again after the rebuild if it wrote anything else (the search index holds
    the new text; a page the edit newly cites lists it) or wrote that page differently, so that every
    open page ends up as the rebuild made it."""
    def build_site() -> None:
        shown = show_early()
        if shown:
            with server._epoch_cond:
                server._visible_epoch = server._wanted_epoch
                server._epoch_cond.notify_all()
        rebuild()
        # Told again when the rebuild wrote anything else, or the page shown differently.
        early_ones = {src_uri for src_uri, _, _ in shown}
        if shown and (this_build.wrote - early_ones
                      or any(not os.path.isfile(path) or Path(path).read_bytes() != data for _, path, data in shown)):
            server._wanted_epoch = max(server._wanted_epoch + 1, int(time.monotonic() * 1000))
    return build_site


def show_early() -> list[tuple[str, str, bytes]]:
    """Under `mkdocs serve`: the pages of the entries whose digest's text alone changed since the last
    build, made from that build with the new text and written; each (source URI, path, bytes). None when anything
    else changed, or when there was no last build to make them from."""
    last = this_build
    if last.rendering is None or last.maker is None or last.nav is None or last.digests_folder is None \
            or session.digests_seen is None:
        return []
    config, env, files = last.rendering
    maker, folder = last.maker, last.digests_folder
    try:
        names = early.changed(session.digests_seen, early.snapshot(folder))
        edited = early.edited_entries(maker.lib.entries, folder, project.site_root(config), names)
        shown: list[tuple[str, str, bytes]] = []
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for entry in edited:
            file = files.src_uris.get(maker.pieces.entry_src(entry.key))
            if not isinstance(file, DigestFile) or not isinstance(file.out, PageOut) or file.page is None:
                return shown
            was = file.out
            file.out = entry_page.page(maker, entry, was.edit_uri)
            try:
                render_page(file.page, config, last.nav, env, doc_files)
            finally:
                file.out = was
            shown.append((file.src_uri, file.abs_dest_path, Path(file.abs_dest_path).read_bytes()))
            log.info(f"digest: {file.src_uri} shown before the rebuild")
        return shown
    except Exception as error:  # never in the way of the rebuild, which shows the edit anyway
        log.debug(f"digest: no page shown before the rebuild ({error!r})")
        return []
