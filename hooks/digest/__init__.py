"""The research-digest domain: BibTeX and digests in, pages and files out. Knows nothing of MkDocs.

Data flows one way, and the subpackages are its stages; a package imports only from the packages
above it in this list (and from the shared nouns), never from one below:

- shared nouns: ``model`` (Entry, Person, Digest), ``problems`` (Problem: ``path:line: what; what to do``),
  ``settings`` (``extra.digest`` as a typed object), ``urls`` (page addresses and relative links),
  ``cached`` (a per-object memo), ``ahead`` (work done in a forked child beside the build),
  ``charset`` (the characters text may hold), ``limits`` (the budgets every input is held to)
- ``markdown/``: what contributors write in Markdown -> clean HTML (the sanitizer), ``[@key]`` citations
- ``library/``: files on disk -> typed, checked values: .bib files, digests, YAML, the topic
  vocabulary, ``status.yml``; the Library of entries; the content checks
- ``references/``: an entry -> its reference: neutral ``parts``, ``styles/`` (APA, Vancouver, BibTeX, any
  CSL style), ``formats/`` (the .bib, .ris and CSL-JSON writers, one a module; they never import
  ``styles/``, which may use them), the meta tags reference managers read
- ``search/``: the full-text search index and its words (folding, stemming, spelling variants)
- ``site/``: the pages and files of the site: one module per page kind (its view data and signature)
  under ``site/pages/``, the templates, the list of outputs, the topic map, feed, CSP, 404 page
- ``publish/``: what is done with a built site: the offline zip, the check of GitHub Pages' limits
- ``build``: the build sequence both the hook and ``make check`` run
- ``commands/``: ``python -m digest <command>``: check, new, verify, summary, site-size, offline-zip

``build.py`` is the build sequence (read the library, format and cite, check, refuse untrusted raw
files), written once: the hook runs it in ``on_files`` and ``make check`` without a build, both on
the files MkDocs lists (``commands/project.py``, the one module here that imports MkDocs).

``tests/unit/test_imports.py`` holds the package to this map: no import circle, no private name taken
from another module, MkDocs only in ``commands/project.py``, no stage importing one below it.
"""
