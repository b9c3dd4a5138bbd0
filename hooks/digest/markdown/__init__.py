"""What contributors write in Markdown (digest bodies, hand-written pages) -> clean HTML.

- ``render``: the site's Markdown, then the sanitizer; citations and list markers become tokens
  before Markdown and HTML made by the templates after cleaning (BibTeX text never passes Markdown)
- ``sanitizer``: the nh3 allow-list, and what it removed, reported at its line
- ``citations``: ``[@key]``, ``[see @a, p. 3; @b]`` found with their lines and replaced

Imports only the shared nouns (``problems``).
"""
