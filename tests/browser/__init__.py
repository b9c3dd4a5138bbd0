"""Browser tests: what a reader does, in Debian's Chromium driven by Playwright."""
