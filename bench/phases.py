"""Where a one-process build's CPU time goes, by what MkDocs runs: each plugin or hook event, the
markdown pages, the theme's template, other templates, writing pages, and MkDocs' own work.

``bench/run.py`` measures it in the same child as the build (ours with ``workers: 1``, and the
floor) and writes the two side by side into bench/RESULTS.md, so that a change that adds CPU time
shows where. Each span is counted once, in the innermost phase running (a template rendered by a
hook counts under templates, not under the hook's event).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

THEME_TEMPLATES = ("main.html", "404.html")
"""The theme's page templates (``overrides/main.html`` extends Material's ``base.html``)."""

ORDER = ("on_files", "markdown", "on_page_context", "templates", "theme", "on_post_page", "writing pages",
         "on_post_build", "other events", "MkDocs itself")
NAMES = {
    "on_files": "`on_files` (ours: read and check the library, make the pages' list)",
    "markdown": "markdown pages (`Page.render`: the plain site's every page, our hand-written ones)",
    "on_page_context": "`on_page_context` (ours: each generated page's data; plain: the search plugin indexing it)",
    "templates": "our page templates (`hooks/digest/site/templates/`)",
    "theme": "the theme's template (`main.html`: header, navigation, footer)",
    "on_post_page": "`on_post_page` (ours: the Content-Security-Policy and checks of each page's HTML)",
    "writing pages": "writing pages (`mkdocs.utils.write_file`)",
    "on_post_build": "`on_post_build` (ours: search index, downloads, feeds, sitemap; plain: the search index)",
    "other events": "other events",
    "MkDocs itself": "MkDocs itself (config, files, navigation, copying the theme's assets) and the rest",
}


class Phases:
    """CPU seconds by phase; ``total`` is set when the measured block ends."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.total = 0.0
        self._stack: list[str] = []
        self._since = 0.0

    def _switch(self, to: list[str]) -> None:
        now = time.process_time()
        if self._stack:
            name = self._stack[-1]
            self.seconds[name] = self.seconds.get(name, 0.0) + now - self._since
        self._since = now
        self._stack = to

    def span(self, name: str, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        outer = list(self._stack)
        self._switch([*outer, name])
        try:
            return work(*args, **kwargs)
        finally:
            self._switch(outer)

    def table(self) -> dict[str, float]:
        """Seconds by phase, in ORDER."""
        return {name: self.seconds.get(name, 0.0) for name in ORDER}


MAIN_EVENTS = {"on_files", "on_page_context", "on_post_page", "on_post_build"}


@contextmanager
def measured() -> Iterator[Phases]:
    """Count the CPU time of the block by phase (patches MkDocs and Jinja while it runs)."""
    import jinja2
    import mkdocs.utils
    from mkdocs.plugins import PluginCollection
    from mkdocs.structure.pages import Page

    phases = Phases()
    saved = (PluginCollection.run_event, jinja2.Template.render, Page.render, mkdocs.utils.write_file)
    run_event, render, page_render, write_file = saved

    def patched_run_event(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        event = f"on_{name}"
        return phases.span(event if event in MAIN_EVENTS else "other events", run_event, self, name, *args, **kwargs)

    def patched_render(self: Any, *args: Any, **kwargs: Any) -> Any:
        kind = "theme" if self.name in THEME_TEMPLATES else "templates"
        return phases.span(kind, render, self, *args, **kwargs)

    def patched_page_render(self: Any, *args: Any, **kwargs: Any) -> Any:
        return phases.span("markdown", page_render, self, *args, **kwargs)

    def patched_write_file(*args: Any, **kwargs: Any) -> Any:
        return phases.span("writing pages", write_file, *args, **kwargs)

    PluginCollection.run_event = patched_run_event  # type: ignore[method-assign]
    jinja2.Template.render = patched_render  # type: ignore[method-assign]
    Page.render = patched_page_render  # type: ignore[method-assign]
    mkdocs.utils.write_file = patched_write_file
    start = time.process_time()
    phases._switch(["MkDocs itself"])  # what no other phase holds
    try:
        yield phases
    finally:
        phases._switch([])
        phases.total = time.process_time() - start
        PluginCollection.run_event, jinja2.Template.render, Page.render, mkdocs.utils.write_file = saved  # type: ignore[method-assign]


def table(ours: dict[str, float], plain: dict[str, float]) -> str:
    """Markdown: each phase's seconds, ours then the floor's, and what ours adds."""
    lines = ["| phase (one process) | ours | plain | ours − plain |", "| --- | ---: | ---: | ---: |"]
    for name in ORDER:
        a, b = ours.get(name, 0.0), plain.get(name, 0.0)
        lines.append(f"| {NAMES[name]} | {a:.2f} s | {b:.2f} s | {a - b:+.2f} s |")
    a, b = sum(ours.values()), sum(plain.values())
    lines.append(f"| **all** | **{a:.2f} s** | **{b:.2f} s** | **{a - b:+.2f} s** |")
    return "\n".join(lines) + "\n"
