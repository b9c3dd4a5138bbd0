"""The commands of ``python -m digest`` (the Makefile's ``make check``, ``new``, ``verify``, ...).

- ``cli``: argument parsing and the commands' output
- ``check``: ``make check``: the build sequence (``digest.build``) without a build
- ``new`` (+ ``importers``): ``make new FROM=...``: a record from .bib, .ris, .nbib or a DOI, and its digest
- ``verify``: ``make verify``: records against Crossref and PubMed (the only network use)
- ``summary``: ``make summary``: the pull request's job summary

May import every package.
"""
