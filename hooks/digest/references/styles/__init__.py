"""Citation styles. A style turns an entry into a ``references.parts.Parts`` list; ``parts.to_plain`` makes it text.

Styles never know about pages or HTML: they return text parts marked italic or linked, and the
templates decide how to show them (``templates/partials/reference.html``). A style may use a writer
of ``references.formats`` (the BibTeX style shows the .bib record; a CSL style formats the CSL-JSON
item); ``formats`` never imports ``styles``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

from digest.problems import Problem

# -- the registry -------------------------------------------------------------------------------

NAMES = ("apa", "vancouver", "bibtex")
"""The built-in styles every site offers, the first being the default; ``extra.digest.style`` may also
name any CSL style or .csl file (``styles/csl.py``), which then comes first."""


def get(name: str) -> ModuleType:
    """The style module called ``name`` (``apa``, ``vancouver``, ``bibtex``)."""
    if name not in NAMES:
        raise KeyError(name)
    return importlib.import_module(f"digest.references.styles.{name}")


def check(name: str, root: Path, path: str = "mkdocs.yml") -> list[Problem]:
    """A problem naming the setting if ``extra.digest.style`` names no built-in style, CSL style or .csl file."""
    if name in NAMES:
        return []
    from digest.references.styles import csl

    return csl.check(name, root, path)


def site_style(name: str, root: Path) -> Any:
    """The style of the site's references and citations: a built-in module, or a CSL style (APA when ``name``
    is neither: :func:`check` reports it)."""
    if name in NAMES:
        return get(name)
    from digest.references.styles import csl

    try:
        return csl.load(name, root)
    except csl.StyleError:
        return get("apa")
