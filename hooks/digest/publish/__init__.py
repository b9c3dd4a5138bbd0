"""What is done with a built site: the offline copy zipped (``offlinezip``), GitHub Pages' limits (``sitesize``).

Imports only the standard library.
"""
