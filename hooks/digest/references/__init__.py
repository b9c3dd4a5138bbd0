"""An entry -> its reference, as text parts or as a file other tools read.

- ``parts``: the neutral form of a reference (``Part``: plain, italic or linked text) and what styles
  and formats both read of an entry (people, page ranges, preprint archives, the web address)
- ``styles/``: citation styles; each turns an entry into parts and an in-text citation (``apa``,
  ``vancouver``, ``bibtex``, ``csl`` for any CSL style); styles never make markup
- ``formats/``: the file formats the downloads are written in (``bibtex``, ``ris``, ``csljson``),
  one writer a module, and ``record``/``write`` with a per-build cache of each entry's record
- ``meta``: the Highwire ``citation_*`` tags and schema.org JSON-LD of an entry page
- ``digestcite``: "Cite this digest": the digest itself as a reference

May import the shared nouns. The imports go one way, so there is no circle: ``parts`` <- ``formats/``
<- ``styles/`` (the BibTeX style shows the .bib record; a CSL style formats the CSL-JSON item);
``formats/`` never imports ``styles/``. What the site ships for its download buttons (where the files
go, the records scripts) is ``site/downloads.py``.
"""
