"""The entry page, ``digests/<key>/``: one paper, its digest (or abstract), its reference in every
style, downloads, related digests, the pages citing it. Template: ``templates/entry.html``
(the view as ``entry``); head data (Highwire tags, JSON-LD) printed by ``overrides/main.html``."""

from __future__ import annotations

from markupsafe import Markup

from digest.markdown import citations
from digest.model import Entry
from digest.references import coins, digestcite, meta
from digest.site import connections, revisions, share, studies
from digest.site.pages.maker import PageMaker, PageOut, unique_ids
from digest.site.pieces import View, people, safe_title
from digest.urls import doi_url


def page(maker: PageMaker, entry: Entry, edit_uri: str | None = None) -> PageOut:
    """The page of one entry."""
    return maker.page(maker.pieces.entry_src(entry.key), "entry.html", "entry", view, head, entry.title, signature,
                      (maker, entry), edit_uri=edit_uri)


def view(maker: PageMaker, entry: Entry) -> View:
    """What the page shows; the digest's body is its cleaned HTML with citations and lists put in."""
    pieces, lib = maker.pieces, maker.lib
    here = pieces.entry_src(entry.key)
    related = lib.index.related_entries(entry, lib.settings.related)
    cleaned = maker.digest_body(entry)
    body, cited = "", []
    if cleaned:
        body = Markup(unique_ids(maker.fill(here, cleaned.html, cleaned.prepared)))
        cited = cleaned.prepared.keys
    digest = entry.digest
    return {
        "key": entry.key, "title": entry.title, "authors": people(entry), "venue": entry.venue,
        "status": status(maker, entry),
        "year": entry.year or "n.d.", "doi": entry.doi,
        "chips": pieces.chips(here, entry.topics),
        "study": studies.glance(lib.studies.get(entry.key)),
        "links": full_text(entry),
        "broken": f"{entry.path}:{entry.line}" if entry.broken else "",
        "body": body,
        "contributors": ", ".join(digest.contributors) if digest and body else "",
        "date": digest.date.isoformat() if digest and body and digest.date else "",
        "abstract": "" if body else entry.fields.get("abstract", ""),
        "styles": reference_styles(maker, entry),
        "downloads": pieces.record_links(here, "Download", lib.slugs[entry.key], pieces.positions([entry])),
        "related": [pieces.item(here, other, f"{n} shared topic{'s' if n > 1 else ''}") for other, n in related],
        "cited_in": [{"title": p.title, "href": maker.links.rel(here, p.src_uri)} for p in lib.cited_in.get(entry.key, [])],
        "references": pieces.reference_list(here, cited),
        "connections": connections.view(pieces, here, entry),
        **extras(maker, entry),
        "history": revisions.entry_history(maker.lib, entry) if body else None,
        "problems": maker.problems.get(entry.key, []),
        "coins": coins.coins(entry),
    }


def signature(maker: PageMaker, entry: Entry) -> int:
    """A hash of everything the page shows: the entry, its topics' names, its related entries, the
    pages citing it and the entries its digest cites."""
    lib, pieces = maker.lib, maker.pieces
    related = lib.index.related_entries(entry, lib.settings.related)
    cited = [c.key for found in citations.find(entry.digest.body) for c in found.cites] if entry.digest else []
    return hash((
        entry.signature, lib.slugs[entry.key], revisions.history_signature(lib, entry),
        tuple(maker.problems.get(entry.key, ())), lib.statuses.get(entry.key),
        lib.studies.get(entry.key),
        tuple((slug, lib.topics[slug].name) for slug in entry.topics if slug in lib.topics),
        tuple((pieces.item_signature(other), n) for other, n in related),
        tuple((page.src_uri, page.title) for page in lib.cited_in.get(entry.key, [])),
        connections.signature(pieces, entry),
        tuple((pieces.item_signature(lib.entries[key]), lib.entries[key].record_signature) if key in lib.entries else key
              for key in cited),
    ))


def head(maker: PageMaker, entry: Entry) -> View:
    """What the page head carries: description, Highwire tags, JSON-LD (printed by overrides/main.html)."""
    text = description(maker, entry)
    topics = [maker.lib.topics[s].name for s in entry.topics if s in maker.lib.topics]
    return {"title": safe_title(entry.title), "description": safe_title(text),
            "citation": meta.citation_tags(entry),
            "jsonld": {**meta.json_ld(entry, topics=topics, description=text),
                       **studies.json_ld(maker.lib.studies.get(entry.key))}}


def description(maker: PageMaker, entry: Entry) -> str:
    if entry.digest and entry.digest.teaser:
        return entry.digest.teaser
    return f"{maker.pieces.cite_text(entry)}. {entry.venue}".strip()


def extras(maker: PageMaker, entry: Entry) -> View:
    """What the page offers around the paper: the site's notice, share links, "Cite this digest"."""
    notice = maker.lib.settings.notice
    url = page_url(maker, maker.pieces.entry_src(entry.key))
    return {"notice": notice.text if notice.show else "",
            "share": share.share(entry.title, url),
            "cite_digest": digestcite.citation(entry, maker.site_name, url, maker.lib.settings.style)}


def page_url(maker: PageMaker, src_uri: str) -> str:
    """The absolute address of a page, "" when the site has no ``site_url``."""
    return f"{maker.site_url.rstrip('/')}/{maker.links.url(src_uri)}" if maker.site_url else ""


def status(maker: PageMaker, entry: Entry) -> View | None:
    """What happened to the paper since (``bib/status.yml``): the notice the page shows."""
    found = maker.lib.statuses.get(entry.key)
    if found is None:
        return None
    return {"kind": found.kind, "label": found.label, "href": found.href, "date": found.date, "source": found.source}


def full_text(entry: Entry) -> list[View]:
    links = []
    if entry.doi:
        links.append({"text": "Full text (DOI)", "href": doi_url(entry.doi)})
    url = entry.url or (entry.digest.full_text if entry.digest else "")
    if url and not (entry.doi and entry.doi in url):
        links.append({"text": "Full text", "href": url})
    if entry.pmid:
        links.append({"text": "PubMed", "href": f"https://pubmed.ncbi.nlm.nih.gov/{entry.pmid}/"})
    return links


def reference_styles(maker: PageMaker, entry: Entry) -> list[View]:
    """The reference in every offered style, the site's own first."""
    pieces, style = maker.pieces, maker.lib.settings.style
    default = style if style in pieces.styles else "apa"
    return [{"name": name, "label": pieces.styles[name].LABEL, "parts": pieces.reference(entry, name)}
            for name in sorted(pieces.styles, key=lambda n: n != default)]
