"""The pages and files the digest adds to a site, made from the library.

- ``pages/``: one module per page kind (entry, topic, pair, list, indexes): its view data and its
  signature side by side; ``pages/maker.py`` renders a view with its template (``templates/<kind>.html``)
- ``pieces``: view data shared by page kinds (list items, chips, references, downloads, pager)
- ``outputs``: the list of everything generated (pages, search index, feed, downloads, scripts)
- ``scripts/``: the reader's scripts, one feature a file, joined into ``assets/digest.js``
- ``studies``: study facts as pages show them (glance list, evidence rows, evidence.csv/.json, JSON-LD)
- ``topicmap``, ``charts``: the topic map and timelines (layout and figures)
- ``feed``, ``share``, ``csp``, ``notfound``: the Atom feed, share links, Content-Security-Policy, 404
- ``livereload``: under ``mkdocs serve``, each served page's policy trusts the live-reload script injected
- ``compact``, ``navcache``, ``skeleton``: the theme's templates unindented, its navigation kept for the pages
  it is the same on, and its whole page rendered once a shape and filled with each page's values
  (its table of contents too)
- ``precompile``: the templates compiled in a child while the library is read, their bytecode given back

May import every package above it (library, markdown, references, search).
"""
