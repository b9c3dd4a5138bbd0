"""Files on disk -> typed, checked values: the library of entries.

Everything a contributor writes passes here first, and only here is it read:

- ``bibfiles`` (+ ``latex``): .bib files with pybtex, every entry and problem with its line; LaTeX -> Unicode
- ``yamlfiles``: YAML as contributors write it (timestamps as text, lines of keys)
- ``digestfiles``: digests, their front matter checked into a ``Digest``
- ``topics``: the vocabulary (``bib/topics.yml``), tagging, co-occurrence, related entries
- ``status``: ``bib/status.yml`` (retractions, corrections)
- ``study``: a digest's ``study:`` facts checked into a ``Study``; the design vocabulary (``designs.yml``,
  extended by ``bib/designs.yml``)
- ``history``: each digest's revisions from one ``git log`` (or its front matter), its ``changes:`` notes
- ``reuse``: what reading a file gave, kept between serve rebuilds while its bytes do not change
- ``loader``: ``load()`` reads all of the above into a ``Library`` and lists every problem
- ``checks``: the checks that need the whole library (missing fields, years, links, citations)
- ``duplicates``: the same paper twice (DOI, PMID, arXiv id, or title + year + first author)

May import the shared nouns and ``markdown/`` (citations are found in digests); nothing below.
"""
