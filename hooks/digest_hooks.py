"""The one MkDocs hook of the site: MkDocs events in, calls into the ``digest`` package out.

Listed under ``hooks:`` in mkdocs.yml. MkDocs loads it once and does not reload it on
``mkdocs serve`` rebuilds, so every build starts by resetting the state in ``on_config``.

Generated pages skip Python-Markdown: their HTML comes from templates (``digest/pages.py``) and is
made only when MkDocs is about to write the page (``on_page_context``), then dropped, so that the
site's pages are never all in memory at once. Under ``mkdocs serve --dirty`` (``make serve``) a
generated file whose signature did not change is neither made nor written again.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url, is_error_template
from mkdocs.utils.templates import TemplateContext

from digest import ahead
from digest.ahead import Background
from digest.library import checks, names, rawfiles
from digest.library.digestfiles import front_matter, page_meta, split_front_matter
from digest.library.loader import load
from digest.markdown import render as contributed
from digest.problems import Problem
from digest.publish import offlinezip
from digest.references import styles
from digest.settings import Settings, read_settings
from digest.site import csp, notfound
from digest.site.outputs import FileOut, SiteInfo, outputs, write_later
from digest.site.pages import maker as pages
from digest.site.pages.maker import PageMaker, PageOut
from digest.site.pieces import safe_title
from digest.urls import Links

log = logging.getLogger("mkdocs.hooks.digest")
GENERATED = "digest"


class _State:
    settings: Settings = Settings()
    maker: PageMaker | None = None
    renderer: contributed.Renderer | None = None
    renderer_key: Any = None
    serving: bool = False
    """Under `mkdocs serve`: content problems are also shown in the pages they concern."""
    dirty: bool = False
    """Under `mkdocs serve --dirty`: unchanged generated files are not made or written again."""
    site_signature: int = 0
    written: dict[str, tuple[int, str]] = {}  # noqa: RUF012 - module state, reset by hand
    """Source URI -> signature of what was last written for it, and where (dirty serve only).
    Keyed by URI: MkDocs works out a file's destination with a locking cached property (a second
    at 20,000 files on every rebuild)."""
    current: set[str] = set()  # noqa: RUF012
    ahead: ahead.Ahead | None = None
    """Generated pages made in a second process while MkDocs renders the theme (digest/ahead.py)."""
    prepared: dict[str, contributed.Prepared] = {}  # noqa: RUF012
    """Hand-written pages' citations and markers, between on_page_markdown and on_page_content."""
    later_site: SiteInfo | None = None
    """In a build (not under serve): the search index and the downloads are made after the files are
    listed and written straight into the site (outputs.write_later), by a forked child where there
    are two cores."""
    later: Background | None = None
    top_names: tuple[str, ...] = ()
    """The first segment of every file of the build (for the standalone 404 page)."""
    offline_zip: tuple[Path, offlinezip.Placement] | None = None
    theme_scripts: csp.ThemeScripts = csp.ThemeScripts((), lambda source, base_url: source)
    """The inline scripts the theme's templates write, by depth: all the policy allows (on_env)."""
    trusted_scripts: dict[str, list[str]] = {}  # noqa: RUF012
    """Trusted hand-written pages' own inline scripts (their HTML is the maintainers')."""
    """The offline copy's zip (``OFFLINE_ZIP``, set by ``make offline-zip``) and where it is published."""


state = _State()


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
        found = state.written.get(self.src_uri)
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
    return hash((state.site_signature, file.out.signature))  # type: ignore[attr-defined]


def _written(file: File) -> None:
    if state.dirty:
        state.written[file.src_uri] = (_signature(file), file.abs_dest_path)


def report(problems: list[Problem]) -> None:
    """Each problem as a warning on the mkdocs logger: shown always, fatal under --strict."""
    for problem in problems:
        log.warning(str(problem))


def on_startup(command: str, dirty: bool) -> None:
    state.serving = command == "serve"
    state.dirty = state.serving and dirty
    state.written = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    gc.disable()  # until the library is read and frozen: see on_files
    state.maker = None
    state.prepared = {}
    state.trusted_scripts = {}
    config_name = Path(config.config_file_path).name
    state.settings, problems = read_settings(dict(config.extra), config_name)
    report(problems + styles.check(state.settings.style, Path(config.config_file_path).parent, config_name))
    _place_offline_zip(config)
    key = (repr(config.markdown_extensions), repr(config.mdx_configs))
    if state.renderer is None or state.renderer_key != key:
        state.renderer, state.renderer_key = contributed.Renderer(config.markdown_extensions, config.mdx_configs), key
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # Python's cycle collector scans every live object now and then: with tens of thousands of
    # entries loaded (and, under `mkdocs serve`, the previous build's) that was most of a rebuild.
    # Off from on_config while MkDocs lists the files and the library is read; then what is alive
    # is frozen, not scanned again, until the build ends (on_post_build): a serve rebuild at
    # 20,000 entries went from 5.7 s to 2.4 s.
    gc.disable()
    try:
        return _files(files, config)
    finally:
        gc.freeze()
        gc.enable()


def _files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    assert state.renderer is not None
    library = load(root, Path(config.docs_dir), state.settings)
    links = Links(config.use_directory_urls, state.settings.digests_dir)
    overrides = [Path(config.theme.custom_dir) / "digest"] if config.theme.custom_dir else []
    templates = pages.templates_signature(overrides)
    style = styles.site_style(state.settings.style, root)
    if hasattr(style, "prepare"):  # a CSL style: every reference formatted now (or read from .cache/), before any page
        library.problems += style.prepare(library.entries.values(), root)
    maker = state.maker = PageMaker(library, links, pages.environment(overrides, templates), state.renderer,
                                    hash((state.settings, links, templates, config.site_name, config.site_url,
                                          getattr(style, "key", ""))),
                                    config.site_name, config.site_url or "", style=style)
    hand_written = _hand_written(files, root)
    library.cite_pages(library.digest_citations(links) + library.page_citations(hand_written))
    library.problems += checks.run(library, root, state.renderer)
    state.renderer.forget_except({(d.body, d.path, d.body_line) for e in library.entries.values() if (d := e.digest)})
    report(library.problems)
    if state.serving:
        maker.show_problems(library.problems)
    _refuse_raw_files(files, config)
    for file in list(files):
        if file.src_uri.startswith(f"{state.settings.digests_dir}/") and file.src_uri.endswith(".md"):
            files.remove(file)  # the digests reach the site inside their entry pages
        elif file.is_documentation_page() and names.file_name_problem(file.src_uri):
            files.remove(file)  # reported by the library: a name that is not text of a path (`<!--<script>.md`)
        elif file.is_documentation_page() and state.dirty:
            file.is_modified = lambda: True  # type: ignore[method-assign] # hand-written pages may list entries
    site = SiteInfo(config.site_name, config.site_url or "", config.site_description or "",
                    os.path.relpath(config.docs_dir, root), files.get_file_from_path("index.md") is not None,
                    tuple((uri, markdown) for uri, _, markdown in hand_written))
    state.current = set()
    state.later_site = None if state.serving else site
    for output in outputs(maker, site, later=state.later_site is not None):
        _put(files, config, output)
    return files


def _refuse_raw_files(files: Files, config: MkDocsConfig) -> None:
    """Files of docs/ a browser runs are not published unless trusted (digest/rawfiles.py)."""
    ours = [*(str(script) for script in config.extra_javascript), *(str(sheet) for sheet in config.extra_css)]
    docs = Path(config.docs_dir)
    mine = [f.src_uri for f in files if not f.is_documentation_page() and f.src_dir and Path(f.src_dir) == docs]
    shown = os.path.relpath(config.docs_dir, Path(config.config_file_path).parent)
    for src_uri, problem in rawfiles.refused(mine, [*state.settings.trusted_files, *ours], shown):
        files.remove(files.src_uris[src_uri])
        report([problem])


def _hand_written(files: Files, root: Path) -> list[tuple[str, str, str]]:
    """(src_uri, path shown in messages, markdown) of every page a person wrote, digests aside."""
    return [
        (file.src_uri, _shown_path(file, root), file.content_string)
        for file in files.documentation_pages()
        if not file.src_uri.startswith(f"{state.settings.digests_dir}/")
    ]


def _shown_path(file: File, root: Path) -> str:
    return os.path.relpath(file.abs_src_path, root) if file.abs_src_path else file.src_uri


def _put(files: Files, config: MkDocsConfig, output: PageOut | FileOut) -> None:
    existing = files.src_uris.get(output.src_uri)
    if existing:
        files.remove(existing)
    in_nav = isinstance(output, PageOut) and output.in_nav
    inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
    file = DigestFile.generated(config, output.src_uri, content="", inclusion=inclusion)
    assert isinstance(file, DigestFile)
    file.out = output
    file.generated_by = GENERATED
    if isinstance(output, PageOut):
        file.edit_uri = output.edit_uri
    if state.dirty:
        state.current.add(file.src_uri)
    files.append(file)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    # Every page's sidebar shows the nav: when it changes, every page changes.
    titles = tuple((page.title, page.url) for page in nav.pages)
    state.site_signature = hash((state.maker.site_signature if state.maker else 0, titles, config.site_url, config.site_name))
    for file in files.documentation_pages():
        if isinstance(file, DigestFile):
            if file.page is None:
                DigestPage(None, file, config)
            else:  # in the nav: MkDocs made a plain Page for it
                file.page.__class__ = DigestPage
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if isinstance(page, DigestPage) or state.renderer is None:
        return markdown
    if page.file.src_uri not in state.settings.trusted_pages:
        _theme_meta(page, _shown_path(page.file, Path(config.config_file_path).parent))
    prepared = state.prepared[page.file.src_uri] = state.renderer.prepare(markdown)
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
    if isinstance(page, DigestPage) or state.renderer is None or state.maker is None:
        return html
    here = page.file.src_uri
    prepared = state.prepared.pop(here, contributed.Prepared(""))
    if here in state.settings.trusted_pages:
        state.trusted_scripts[here] = csp.script_hashes(html)
    else:
        source = page.file.content_string
        _, body, first_line = split_front_matter(source)
        shown = _shown_path(page.file, Path(config.config_file_path).parent)
        cleaned = state.renderer.clean(html, body, shown, first_line, prepared)
        report(cleaned.problems)
        html = cleaned.html
        # The toc extension made the table of contents from the HTML before it was cleaned (and
        # the theme prints it unescaped): made again from the clean HTML.
        page.toc = get_toc(pages.table_of_contents(html, top=1)[0])  # type: ignore[arg-type]
    if page.title and any(c in page.title for c in '<>&"'):
        page.meta["title"] = safe_title(page.title)  # themes print titles unescaped
    return state.maker.fill(here, html, prepared) + state.maker.references(here, prepared.keys)


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    # The policy's hashes, from the theme's templates (never from the pages they judge).
    def render(source: str, base_url: str) -> str:
        return str(env.from_string(source).render(config=config, base_url=base_url))
    state.theme_scripts = csp.ThemeScripts(csp.template_scripts(config.theme.dirs), render)
    state.top_names = tuple({file.dest_uri.split("/", 1)[0] for file in files})
    # Pages are built next, in this order: a forked child makes their HTML ahead of MkDocs. Not under
    # `mkdocs serve`, which makes few pages a rebuild (and runs a server's threads, which fork would copy).
    _stop_ahead()
    if state.settings.render_ahead and not state.serving and ahead.worth_it():
        jobs = [(file.src_uri, file.out.make) for file in files.documentation_pages()
                if isinstance(file, DigestFile) and isinstance(file.out, PageOut)]
        state.ahead = ahead.Ahead(jobs) if len(jobs) > 50 else None
        if state.ahead is not None and state.later_site is not None and state.maker is not None:
            state.later = Background(partial(write_later, state.maker.pieces, state.later_site, config.site_dir))
    return env


def _stop_ahead() -> None:
    if state.ahead is not None:
        state.ahead.close()
        state.ahead = None
    if state.later is not None:
        state.later.close()
        state.later = None


def _write_later(config: MkDocsConfig) -> None:
    """The search index and the downloads, written by the forked child if there is one, else here."""
    written = state.later.result() if state.later is not None else None
    state.later = None
    if written is None and state.later_site is not None and state.maker is not None:
        write_later(state.maker.pieces, state.later_site, config.site_dir)
    state.later_site = None


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    if isinstance(page, DigestPage):
        made = state.ahead.take(page.file.src_uri) if state.ahead else None
        rendered = made or page.file.out.make()  # type: ignore[attr-defined]
        page.content = rendered.html
        page.toc = get_toc(rendered.toc)  # type: ignore[arg-type]
        page.present_anchor_ids = rendered.anchors
        page.meta = {**rendered.meta, "title": page.file.out.title}  # type: ignore[attr-defined]
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    allowed = [*state.theme_scripts.hashes(get_relative_url(".", page.url)), *state.trusted_scripts.pop(page.file.src_uri, [])]
    output = _with_policy(output, allowed, page.file.src_uri)
    if isinstance(page, DigestPage):
        # Written next: MkDocs would keep every page's HTML to the end of the build.
        page.content = ""
        page.toc = get_toc([])
        page.meta = {"title": page.file.out.title}  # type: ignore[attr-defined]
        _written(page.file)
    return output


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    # MkDocs renders an error page at the site's path ("/" without a site_url), others at their own.
    base_url = urlsplit(config.site_url or "/").path if is_error_template(template_name) else get_relative_url(".", template_name)
    allowed = list(state.theme_scripts.hashes(base_url))
    if template_name == "404.html" and not config.site_url:
        output_content, own = notfound.standalone(output_content, Path(config.site_dir), state.top_names)
        allowed = [csp.source_of(notfound.theme_script(text)) for text in state.theme_scripts.texts(base_url)]
        allowed += [csp.source_of(text) for text in own]
    return _with_policy(output_content, allowed, template_name)


def _with_policy(output: str, allowed: list[str], shown: str) -> str:
    """``output`` with its policy; an inline script the policy refuses is a build problem (it got in
    past the sanitizer, or a template's script renders otherwise than the policy expects)."""
    for script in csp.refused(output, allowed):
        report([Problem(shown, None, f"an inline script the theme's templates do not write ({script[:40]!r}…) is refused "
                        "by the Content-Security-Policy", "remove it, or write it in a file under assets/", "csp")])
    return csp.with_policy(output, allowed)


def on_build_error(error: Exception) -> None:
    _stop_ahead()
    _collect_again()


def _collect_again() -> None:
    """What the build kept alive may go now: the next build has its own."""
    gc.unfreeze()
    gc.enable()


def _place_offline_zip(config: MkDocsConfig) -> None:
    """With ``OFFLINE_ZIP`` set (``make offline-zip``, hosted build only): where the zip is published,
    for the footer (``config.extra.offline_zip``, read by overrides/partials/copyright.html)."""
    state.offline_zip = None
    config.extra["offline_zip"] = None
    named = os.environ.get("OFFLINE_ZIP", "")
    if not named or not config.use_directory_urls:
        return
    placement, problem = offlinezip.place(Path(named), os.environ.get("OFFLINE_ZIP_URL", ""))
    if placement is None:
        raise PluginError(problem)
    state.offline_zip = (Path(named), placement)
    config.extra["offline_zip"] = {"href": placement.href, "in_site": placement.in_site, "size": placement.label}


def on_post_build(config: MkDocsConfig) -> None:
    _write_later(config)
    _stop_ahead()
    _collect_again()
    if state.offline_zip and state.offline_zip[1].in_site:
        target = Path(config.site_dir) / offlinezip.IN_SITE
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(state.offline_zip[0], target)
    if not state.dirty:
        return
    # A dirty build leaves the files of deleted entries behind: take them out.
    for src_uri in [s for s in state.written if s not in state.current]:
        _, path = state.written.pop(src_uri)
        if os.path.isfile(path):
            os.remove(path)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    root = Path(config.config_file_path).parent
    server.watch(str(root / state.settings.bib_dir))
    server.watch(str(root / state.settings.topics_file))
    return server
