"""The templates compiled beside the build, while this process reads the library, and kept for the next.

Compiling the theme's and our own templates takes a quarter of a second, and a build with workers
paid it in every process, each before its first page. Where the build may fork, a child compiles
every template while this process reads the library (when a second core is mostly idle) and sends
back Jinja's bytecode; the environments that render the pages then load each template's code from
it instead of compiling it (a Jinja ``BytecodeCache``, :class:`Kept`).

Kept between builds too, in the folder of ``digest/kept.py``: the one Jinja itself keeps bytecode in
for this user, readable and writable by this user alone, never in the project, where a pull request
could plant a file. A build in one process (``workers: 1``, ``mkdocs serve``) and the child above load
what an earlier build compiled: a tenth of a second or more of a build at 2,000 entries; a folder that
cannot be had or written is no cache.

Checked, not trusted: Jinja keeps the code of a template with a hash of the source it was compiled
from, and loads it only for the same source (else it compiles, as without this); the code is kept
apart for each environment's compile options (autoescape, whitespace, extensions), its filters' and
tests' names and kinds (which the code generated depends on) and Jinja's version, none of which the
source shows. A template the child could not compile, or a child not done when the pages start, is
compiled here as before.
"""

from __future__ import annotations

import select
from collections.abc import Callable, Mapping
from typing import Any

import jinja2

from digest import ahead, kept


def _wanted(name: str) -> bool:
    """Templates, not the theme's icons, nor the translations of languages other than the site's."""
    return name.endswith(".html") and not name.startswith(".icons/") and "/languages/" not in name


def options(env: jinja2.Environment) -> str:
    """What an environment compiles a template with, beside its source: its options, its extensions,
    its filters' and tests' names and how each is called (with the context, the environment...)."""
    def kinds(functions: Mapping[str, Any]) -> list[tuple[str, str]]:
        return sorted((name, repr(getattr(function, "jinja_pass_arg", None))) for name, function in functions.items())

    return repr((env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
                 env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
                 env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                 env.optimized, env.autoescape, env.finalize is not None, env.undefined.__name__,
                 sorted(env.extensions), getattr(env, "newstyle_gettext", None), env.is_async,
                 kinds(env.filters), kinds(env.tests), jinja2.__version__))


class Kept(jinja2.BytecodeCache):
    """Jinja's bytecode of templates, in memory, by environment options and template; what is not in
    memory read from the files kept between builds (``digest/kept.py``, where ``disk``), and what is
    compiled kept in both."""

    def __init__(self, env: jinja2.Environment, store: dict[str, bytes], disk: bool = False) -> None:
        self.prefix = options(env) + "\0"
        self.store = store
        self.disk = disk

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.get(self.prefix + bucket.key)
        if data is None and self.disk:
            data = kept.read(kept.name("jinja", self.prefix, bucket.key))
        if data is not None:
            bucket.bytecode_from_string(data)  # loads nothing when the source is not the one compiled

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store[self.prefix + bucket.key] = bucket.bytecode_to_string()
        if self.disk:
            kept.write(kept.name("jinja", self.prefix, bucket.key), data)


def cache(envs: list[Any], store: dict[str, bytes] | None = None) -> None:
    """``envs`` given the bytecode in ``store`` and that kept between builds."""
    store = {} if store is None else store
    disk = kept.folder() is not None  # no safe folder: in memory only
    for env in envs:
        env.bytecode_cache = Kept(env, store, disk)


def compile_all(envs: list[jinja2.Environment]) -> dict[str, bytes]:
    """Every template of ``envs`` compiled; their bytecode."""
    store: dict[str, bytes] = {}
    cache(envs, store)
    for env in envs:
        for name in env.list_templates(filter_func=_wanted):
            try:
                env.get_template(name)
            except Exception:
                continue
    return store


class Ahead:
    """The templates of the environments ``make()`` gives compiled in a forked child, started now."""

    def __init__(self, make: Callable[[], list[jinja2.Environment]]) -> None:
        try:
            self._child: ahead.Child | None = ahead.Child(lambda: compile_all(make()))
        except OSError:
            self._child = None

    def use(self, envs: list[Any]) -> bool:
        """The child's bytecode given to ``envs`` if it is done (never waited for), and that kept
        between builds either way; whether the child's was."""
        child, self._child = self._child, None
        store = None
        if child is not None and select.select([child.fileno()], [], [], 0)[0]:
            try:
                store = child.result()
            except ahead.ChildFailed:
                pass
        elif child is not None:
            child.close()
        cache(envs, store)
        return store is not None

    def close(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            child.close()
