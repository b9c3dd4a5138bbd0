"""YAML as contributors write it (digest front matter, the topic vocabulary): read as text, with lines.

YAML turns ``2026-11-31`` into a date, and an impossible one into a Python exception that is not a
YAML error (a traceback with no file named). These loaders leave timestamps as text, so that the
code that knows what a value means checks it and names the file and line of what is wrong.
"""

from __future__ import annotations

from typing import Any

import yaml

_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _without_timestamps(base: Any) -> Any:
    resolvers = {first: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
                 for first, found in base.yaml_implicit_resolvers.items()}
    return type(f"Text{base.__name__}", (base,), {"yaml_implicit_resolvers": resolvers})


FastLoader = _without_timestamps(_BASE)
"""libyaml when it is there (a tenth of the cost of PyYAML's own parser)."""
Loader = _without_timestamps(yaml.SafeLoader)
"""PyYAML's own parser, whose error messages are the ones contributors are shown."""


def load(text: str) -> tuple[Any, dict[str, int]]:
    """The YAML document in ``text`` and the line (1-based) of each top-level key; raises yaml.YAMLError."""
    try:
        loader = FastLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError:
        node = yaml.compose(text, Loader=Loader)
        data = yaml.load(text, Loader=Loader)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 1
    return data, lines
