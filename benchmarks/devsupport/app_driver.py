"""Drive the real app on loopback for the browser test and the render benchmark: start ``streamlit run``,
wait for health, visit a page and wait until it has finished rendering. Development support, not shipped
in the package (the product's part, :func:`dashboard.serve.serve_foreground`, stays there)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.serve import APP

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage", "--disable-extensions", "--no-first-run", "--mute-audio"]


@dataclass(frozen=True)
class PageSpec:
    name: str
    path: str
    key_text: str
    """Text the page shows once rendered with data (its key element)."""
    title: str
    """Its entry in the sidebar navigation."""
    nav_key_text: str = ""
    """Key text when reached from the sidebar (no query parameters); defaults to ``key_text``."""


PAGES: tuple[PageSpec, ...] = (
    PageSpec("since", "/", "What the last ingest run brought", "Since last night"),  # the default page lives at the root
    PageSpec("overview", "/overview", "Papers per month by category", "Overview"),
    PageSpec("countries", "/countries", "Models introduced, by developer country", "Countries"),
    PageSpec("independent", "/independent", "Papers report their own scores", "Self-reported vs independent"),
    PageSpec("open-vs-closed", "/open-vs-closed", "Results behind each step", "Open vs closed"),
    PageSpec("leaderboards", "/leaderboards", "State of the art over time", "Leaderboards"),
    PageSpec("labs", "/labs", "Rank by", "Labs"),
    PageSpec("models", "/models", "Search models", "Models"),
    PageSpec("search", "/search", "Search papers by meaning", "Search"),
    PageSpec("paper", "/paper?id=2412.19437", "DeepSeek-V3 Technical Report", "Paper", "Papers with the most results"),
    PageSpec("graph", "/graph?kind=paper&id=2412.19437", "Neighbours", "Graph explorer"),
    PageSpec("collaboration", "/collaboration", "US–China co-authored share", "Collaboration"),
    PageSpec("cypher", "/cypher", "Start from an example", "Cypher console"),
)


def navigate(page: Any, spec: PageSpec, timeout_ms: int = 60_000) -> None:
    """Open a page from the sidebar (in-app navigation: the app shell is already loaded)."""
    page.locator("[data-testid='stSidebarNav'] a").filter(has_text=spec.title).first.click()
    wait_rendered(page, spec.nav_key_text or spec.key_text, timeout_ms)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_app(home: Path | str, port: int, *, graph: str = "embedded", log: Path | None = None,
              extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """``streamlit run dashboard/app.py`` on 127.0.0.1:port over ``home``; returns once healthy."""
    env = {**os.environ, "SOTAGRAPH_HOME": str(home), "SOTAGRAPH_GRAPH": graph, **(extra_env or {})}
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - handed to the child process
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(APP), "--server.address", "127.0.0.1",
                             "--server.port", str(port), "--server.headless", "true",
                             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=APP.parents[1])
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("streamlit did not become healthy within 60 s")


def stop_app(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def launch_browser(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_rendered(page: Any, key_text: str, timeout_ms: int = 60_000) -> None:
    """Until the key text is visible and the script run has finished (no running indicator)."""
    page.get_by_text(key_text, exact=False).first.wait_for(state="visible", timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && "
        "!document.querySelector('[data-testid=\"stSkeleton\"]') && "
        "!document.querySelector('[data-stale=\"true\"]') && "
        "document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state') !== 'running'",
        timeout=timeout_ms)


def exception_count(page: Any) -> int:
    return page.locator("[data-testid='stException']").count()
