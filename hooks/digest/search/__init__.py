"""The site's full-text search, built in Python and read by overrides/assets/javascripts/digest-search.js.

- ``index``: records, BM25F field scores and the shards written under ``assets/search/``
- ``words``: folding, stop words, spelling variants and Porter's stemmer (mirrored in the script)

May import the shared nouns and ``library/`` (topics).
"""
