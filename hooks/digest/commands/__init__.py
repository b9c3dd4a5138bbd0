"""The commands of ``python -m digest`` (the Makefile's ``make check``, ``new``, ``verify``, ...).

- ``cli``: argument parsing and the commands' output: ``check`` (the build sequence, ``digest.build``,
  without a build), ``new``, ``verify``, ``summary``, ``site-size``, ``offline-zip``
- ``project``: mkdocs.yml and docs/ as MkDocs reads them (the hook lists docs/ through it too)
- ``importers``: ``make new FROM=...``: a record from .bib, .ris, .nbib or a DOI
- ``verify``: ``make verify``: records against Crossref and PubMed (network, only when asked, as ``enrich``)
- ``enrich``: ``make enrich``: OpenAlex into ``bib/enrichment.yml``, and the works citing the library
- ``summary``: ``make summary``: the pull request's job summary

May import every package. ``project`` is the only module of the ``digest`` package that imports MkDocs.
"""

FAILED, BAD_USAGE = 1, 2
"""Exit codes: the content has problems (or differs from a registry); the command could not run."""
