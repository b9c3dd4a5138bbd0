"""The research-digest domain: BibTeX and digests in, pages out. Knows nothing of MkDocs."""
