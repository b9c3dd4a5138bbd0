"""`make build` installs requirements.txt alone: everything the site's code imports, and the pybtex
plugins `make new` reads RIS and .nbib with, must be in it (not only in requirements-dev.txt)."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import PackageNotFoundError, entry_points, packages_distributions, requires
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _listed(name: str) -> set[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return {_norm(m.group(1)) for line in lines if (m := re.match(r"([A-Za-z0-9_.\-]+)==", line))}


def _norm(dist: str) -> str:
    return re.sub(r"[-_.]+", "-", dist).lower()


def _imported() -> set[str]:
    """The top-level modules the build's code (hooks/) imports, outside the standard library and itself."""
    found: set[str] = set()
    for path in (ROOT / "hooks").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in ("digest", "digest_hooks", "__future__")}


def _with_dependencies(dists: set[str]) -> set[str]:
    """``dists`` and everything they require (as installed), without optional extras."""
    seen, todo = set(), list(dists)
    while todo:
        dist = todo.pop()
        if dist in seen:
            continue
        seen.add(dist)
        try:
            needs = requires(dist) or []
        except PackageNotFoundError:
            continue
        todo += [_norm(m.group(1)) for need in needs if "extra ==" not in need and (m := re.match(r"([A-Za-z0-9_.\-]+)", need))]
    return seen


def test_what_the_build_imports_is_in_requirements_txt() -> None:
    build = _with_dependencies(_listed("requirements.txt"))
    owners = packages_distributions()
    missing = {m: owners.get(m) for m in _imported() if not any(_norm(d) in build for d in owners.get(m, []))}
    assert not missing, f"imported by hooks/ but not in requirements.txt: {missing}"


def test_make_new_reads_ris_and_nbib_after_make_build_alone() -> None:
    build = _listed("requirements.txt")
    plugins = {e.name: e.dist.name for e in entry_points(group="pybtex.database.input") if e.dist}
    assert _norm(plugins["ris"]) in build and _norm(plugins["nbib"]) in build, plugins


def test_nothing_is_pinned_twice() -> None:
    assert not _listed("requirements.txt") & _listed("requirements-dev.txt")
