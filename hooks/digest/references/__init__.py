"""An entry -> its reference, as text parts or as a file other tools read.

- ``parts``: the neutral form of a reference (``Part``: plain, italic or linked text) and its helpers
- ``styles/``: citation styles; each turns an entry into parts and an in-text citation (``apa``,
  ``vancouver``, ``bibtex``, ``csl`` for any CSL style); styles never make markup
- ``formats/``: the file formats the downloads are written in (``bibtex``, ``ris``, ``csljson``)
- ``meta``: the Highwire ``citation_*`` tags and schema.org JSON-LD of an entry page
- ``digestcite``: "Cite this digest": the digest itself as a reference

May import the shared nouns; ``formats/`` never imports ``styles/`` (styles may use formats: a CSL
style formats from the CSL-JSON record).
"""
