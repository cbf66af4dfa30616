"""Headless Chromium for the report: one launch helper for bench/report_scale.py and
tests/test_report_browser.py.

    dom = chromium(page.as_uri(), "--dump-dom", width=600)          # the DOM after the load event
    chromium(page.as_uri(), f"--screenshot={png}", width=1400)     # a screenshot
    load_ms(dom)                                                     # the page's own load time

Each call runs Debian's /usr/bin/chromium (apt-get install chromium; CI's .ci/run installs it)
with a fresh throw-away profile, no network service, no sandbox (containers) and no GPU.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def available() -> bool:
    return CHROMIUM.exists()


def chromium(url: str, *args: str, width: int = 1400, height: int = 1000, timeout: int = 300) -> str:
    """Run headless Chromium on `url` with `args` (--dump-dom, --screenshot=...); its stdout."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        done = subprocess.run(
            [
                str(CHROMIUM),
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                *args,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    return done.stdout


def load_ms(dom: str) -> int | None:
    """The page's own time to its load event (`data-load-ms` that its script writes on <html>)."""
    found = re.search(r'data-load-ms="(\d+)"', dom[:4000])
    return int(found.group(1)) if found else None
