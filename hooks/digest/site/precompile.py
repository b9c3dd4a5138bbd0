"""The templates compiled beside the build, while this process reads the library.

Compiling the theme's and our own templates takes a quarter of a second, and a build with workers
paid it in every process, each before its first page. Where the build may fork, a child compiles
every template while this process reads the library (when a second core is mostly idle) and sends
back Jinja's bytecode; the environments that render the pages then load each template's code from
it instead of compiling it (a Jinja ``BytecodeCache`` held in memory for one build, never written
to disk: nothing a pull request could plant).

Checked, not trusted: Jinja keeps the code of a template with a hash of the source it was compiled
from, and loads it only for the same source (else it compiles, as without this); the code is kept
apart for each environment's compile options (autoescape, whitespace, extensions), which the source
does not show. A template the child could not compile, or a child not done when the pages start, is
compiled here as before.
"""

from __future__ import annotations

import select
from collections.abc import Callable
from typing import Any

import jinja2

from digest import ahead


def _wanted(name: str) -> bool:
    """Templates, not the theme's icons, nor the translations of languages other than the site's."""
    return name.endswith(".html") and not name.startswith(".icons/") and "/languages/" not in name


def options(env: jinja2.Environment) -> str:
    """What an environment compiles a template with, beside its source."""
    return repr((env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
                 env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
                 env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                 env.optimized, env.autoescape, env.finalize is not None, env.undefined.__name__,
                 sorted(env.extensions), env.is_async))


class Kept(jinja2.BytecodeCache):
    """Jinja's bytecode of templates, in memory, by environment options and template."""

    def __init__(self, env: jinja2.Environment, store: dict[str, bytes]) -> None:
        self.prefix = options(env) + "\0"
        self.store = store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.get(self.prefix + bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # loads nothing when the source is not the one compiled

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[self.prefix + bucket.key] = bucket.bytecode_to_string()


def compile_all(envs: list[jinja2.Environment]) -> dict[str, bytes]:
    """Every template of ``envs`` compiled; their bytecode."""
    store: dict[str, bytes] = {}
    for env in envs:
        env.bytecode_cache = Kept(env, store)
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
        """The child's bytecode given to ``envs`` if it is done (never waited for); whether it was."""
        child, self._child = self._child, None
        if child is None:
            return False
        ready, _, _ = select.select([child.fileno()], [], [], 0)
        if not ready:
            child.close()
            return False
        try:
            store = child.result()
        except ahead.ChildFailed:
            return False
        for env in envs:
            env.bytecode_cache = Kept(env, store)
        return True

    def close(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            child.close()
