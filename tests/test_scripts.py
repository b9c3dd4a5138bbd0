"""The digest's scripts (hooks/digest/site/scripts/): one feature a file, classic scripts, written
joined as the one file the pages load (assets/digest.js)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import build_site, copy_site
from digest.commands import cli
from digest.library import rawfiles
from digest.site import scripts
from digest.urls import SCRIPTS

NODE = shutil.which("node")
MODULE_SYNTAX = re.compile(r"^\s*(import|export)\b|\bimport\s*\(|\bimport\.meta\b", re.MULTILINE)


def test_every_file_of_the_folder_is_a_feature_and_common_comes_first() -> None:
    assert sorted(scripts.FEATURES) == sorted(p.stem for p in scripts.FOLDER.glob("*.js"))
    assert len(set(scripts.FEATURES)) == len(scripts.FEATURES)
    assert scripts.FEATURES[0] == "common"


def test_the_joined_file_holds_every_feature_once_in_order() -> None:
    joined = scripts.joined()
    at = [joined.find(scripts.source(feature)) for feature in scripts.FEATURES]
    assert all(place >= 0 for place in at), "every feature's file, whole"
    assert at == sorted(at), "in FEATURES order"
    assert all(joined.count(scripts.source(feature)) == 1 for feature in scripts.FEATURES)
    assert len(joined) == sum(len(scripts.source(f)) for f in scripts.FEATURES) + len(scripts.FEATURES) - 1


@pytest.mark.parametrize("feature", scripts.FEATURES)
def test_each_feature_is_a_classic_script_over_the_common_object(feature: str) -> None:
    text = scripts.source(feature)
    assert not MODULE_SYNTAX.search(text), "no import or export: the site runs from file:// and loads no module"
    assert text.endswith("})();\n" if feature == "common" else "})(window.digestCommon);\n")
    assert '"use strict";' in text


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_node_parses_each_feature_and_the_joined_file_as_classic_scripts() -> None:
    sources = [scripts.source(feature) for feature in scripts.FEATURES] + [scripts.joined()]
    program = "const vm = require('vm'); for (const s of JSON.parse(require('fs').readFileSync(0, 'utf8'))) new vm.Script(s);"
    done = subprocess.run([NODE, "-e", program], input=json.dumps(sources), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def _with_scripts(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"\nextra_javascript:\n  - {SCRIPTS}\n", encoding="utf-8")


def test_the_build_writes_the_joined_file_and_every_page_loads_it(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    _with_scripts(root)
    built = build_site(root, strict=True)
    assert built.warnings == []
    assert (built.site / SCRIPTS).read_text(encoding="utf-8") == scripts.joined()
    assert '<script src="assets/digest.js"></script>' in built.page("")


def test_a_sites_own_copy_is_reported_and_the_digests_is_published(tmp_path: Path) -> None:
    """A docs/assets/digest.js left from before the scripts moved would replace newer ones unseen."""
    root = copy_site("clean", tmp_path)
    _with_scripts(root)
    (root / "docs" / "assets").mkdir()
    (root / "docs" / "assets" / "digest.js").write_text("/* an old copy */\n", encoding="utf-8")
    built = build_site(root)
    assert [w for w in built.warnings if "digest.js" in w] == [
        "docs/assets/digest.js: the digest writes assets/digest.js itself (from hooks/digest/site/scripts/): this copy is "
        "not published; delete it; a script of the site's own goes in a file of another name, listed under extra_javascript"]
    assert (built.site / SCRIPTS).read_text(encoding="utf-8") == scripts.joined()
    out = io.StringIO()
    cli.check(root / "mkdocs.yml", out, annotate=False)
    assert "docs/assets/digest.js: the digest writes assets/digest.js itself" in out.getvalue(), "make check says it too"


def test_a_copy_is_reported_even_when_trusted() -> None:
    assert [p.kind for _, p in rawfiles.refused([SCRIPTS], [SCRIPTS, "assets/*"])] == ["replaced-file"]
