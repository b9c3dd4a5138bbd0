"""Live reload as a contributor sees it: the time from saving a digest to Chromium showing it by itself.

Writes this project with N synthetic entries (``run.make_project``), runs ``mkdocs serve --dirty
--no-strict`` as ``make serve`` does, holds a digest page open in Debian's Chromium (Playwright), saves
an edit to that digest and waits until the open page shows it, under the site's own CSP. Prints each
delay and the median of the saves.

    .venv/bin/python bench/live_reload.py              # N = 1,000, three saves
    .venv/bin/python bench/live_reload.py 5000 5
    .venv/bin/python bench/live_reload.py 20000 3 10   # each save 10 s after the last was shown

A save is shown by the page made early from the last build (hooks/digest/site/early.py) unless the
rebuild after the previous save is still running (seconds at 20,000 entries): then it waits for it.

A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run  # noqa: E402

CHROMIUM = os.environ.get("DIGEST_CHROMIUM", "/usr/bin/chromium")


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def measure(n: int, saves: int, pause: float = 1.0) -> list[float]:
    """The delay of each save, in seconds."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        project = run.make_project(n, Path(work) / "project")
        digest = sorted((project / "docs" / "digests").glob("*.md"))[0]
        port = _port()
        url = f"http://127.0.0.1:{port}/digests/{digest.stem}/"
        command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}"]
        server = subprocess.Popen(command, cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 600
            while not _up(url) and time.monotonic() < deadline:
                time.sleep(0.5)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page()
                page.goto(url)
                delays = []
                for i in range(saves):
                    page.wait_for_load_state("load")  # (a string evaluated in the page: refused by its CSP)
                    time.sleep(pause)  # at least 1 s: the poller is waiting for the next epoch
                    words = f"Saved edit number {i} for the timing."
                    saved = time.monotonic()
                    digest.write_text(digest.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
                    page.get_by_text(words).wait_for(timeout=60_000)
                    delays.append(time.monotonic() - saved)
                    print(f"save {i + 1}: shown {delays[-1]:.2f} s after saving", flush=True)
                browser.close()
            return delays
        finally:
            server.terminate()
            server.wait(timeout=30)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    saves = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    pause = max(1.0, float(sys.argv[3])) if len(sys.argv) > 3 else 1.0
    delays = measure(n, saves, pause)
    print(f"N = {n}: median {statistics.median(delays):.2f} s over {saves} saves, {pause:g} s apart")


if __name__ == "__main__":
    main()
