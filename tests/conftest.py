"""Shared fixtures: the real data folder, real stores in temp dirs, a loopback arXiv replay."""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("SOTAGRAPH_SHARED_DATA", ROOT.parent / "shared" / "data"))
SNAPSHOT = SHARED_DATA / "arxiv-daily" / "papers_2025-03_to_2026-07.dedup.jsonl.gz"
API_DIR = SHARED_DATA / "arxiv-api"
PDF_DIR = SHARED_DATA / "pdfs"
# The full-text pass is on by default for users; tests that want it (tests/test_fulltext_*.py) turn it
# on with a loopback PDF server, so no other test fetches from arxiv.org.
os.environ.setdefault("SOTAGRAPH_FULLTEXT", "0")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (CI has it beside the repo)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def snapshot_path(shared_data: Path) -> Path:
    if not SNAPSHOT.is_file():
        pytest.skip(f"{SNAPSHOT} is absent")
    return SNAPSHOT


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh SOTAGRAPH_HOME: two homes never share state."""
    h = tmp_path / "home"
    monkeypatch.setenv("SOTAGRAPH_HOME", str(h))
    monkeypatch.setenv("SOTAGRAPH_GRAPH", "embedded")
    monkeypatch.setenv("SOTAGRAPH_REQUEST_INTERVAL", "0")
    return h


def load_recording(name_prefix: str) -> dict[str, Any]:
    matches = sorted(API_DIR.glob(f"{name_prefix}*.json"))
    if not matches:
        pytest.skip(f"recording {name_prefix}* not in {API_DIR}")
    return json.loads(matches[0].read_text())


Route = tuple[int, bytes | str, dict[str, str]] | Callable[[], Any]


class ReplayServer:
    """Loopback HTTP server that answers from recorded responses, keyed by query parameters.

    Each key holds a queue of answers (status, body, headers), or the string "drop" to close the
    connection without answering. ``unused()`` lists recordings nobody asked for: a test that
    loads a recording expects the client to use it.
    """

    def __init__(self) -> None:
        self.routes: dict[tuple[str, ...], list[Any]] = {}
        self.requests: list[dict[str, list[str]]] = []
        self.unmatched: list[str] = []
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/api/query"

    @staticmethod
    def key(params: dict[str, list[str]]) -> tuple[str, ...]:
        get = lambda k: (params.get(k) or [""])[0]  # noqa: E731
        return (get("search_query"), get("id_list"), get("start") or "0", get("max_results"))

    def add(self, search_query: str = "", id_list: str = "", start: int = 0, max_results: int = 100,
            answers: list[Any] | None = None) -> None:
        self.routes.setdefault((search_query, id_list, str(start), str(max_results)), []).extend(answers or [])

    def add_recording(self, name_prefix: str, *, start: int | None = None, max_results: int | None = None,
                      search_query: str | None = None, before: list[Any] | None = None) -> dict[str, Any]:
        rec = load_recording(name_prefix)
        q = parse_qs(urlparse(rec["url"]).query, keep_blank_values=True)
        key = self.key(q)
        sq = search_query if search_query is not None else key[0]
        st = str(start) if start is not None else key[2]
        mr = str(max_results) if max_results is not None else key[3]
        self.routes.setdefault((sq, key[1], st, mr), []).extend([*(before or []), (rec["status_code"], rec["body"], {})])
        return rec

    def unused(self) -> list[tuple[str, ...]]:
        return [k for k, v in self.routes.items() if v]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                params = parse_qs(urlparse(self.path).query, keep_blank_values=True)
                server.requests.append(params)
                key = server.key(params)
                queue = server.routes.get(key) or server.routes.get(("*", *key[1:]))
                if not queue:
                    server.unmatched.append(self.path)
                    self.send_response(404)
                    self.end_headers()
                    return
                answer = queue.pop(0)
                if answer == "drop":
                    self.close_connection = True
                    self.connection.close()
                    return
                status, body, headers = answer
                data = body.encode() if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", "application/atom+xml")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def replay(shared_data: Path) -> Iterator[ReplayServer]:
    server = ReplayServer()
    yield server
    server.close()


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 600,
            stdin: str | None = None) -> Any:
    """Run the real console script in a subprocess (so exit codes and stderr are real)."""
    import subprocess

    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "tracker.cli", "--no-progress", *args], capture_output=True,
                          text=True, env=full_env, timeout=timeout, cwd=ROOT, input=stdin)


def _neo4j_or_skip() -> None:
    if not os.environ.get("NEO4J_URI"):
        if os.environ.get("CI"):
            pytest.fail("CI must start Neo4j (scripts/neo4j_local.sh) and export NEO4J_URI")
        pytest.skip("no Neo4j: run `scripts/neo4j_local.sh start` and export NEO4J_URI/NEO4J_PASSWORD")


def make_store(backend: str, tmp_path: Path) -> Any:
    """A fresh, empty store of the given backend (Neo4j: the test database wiped)."""
    if backend == "embedded":
        from graph.embedded import EmbeddedStore

        return EmbeddedStore(tmp_path / f"graph-{os.urandom(4).hex()}.lbug")
    _neo4j_or_skip()
    from graph.neo4j_store import Neo4jStore
    from tracker.config import load_settings

    store = Neo4jStore.from_settings(load_settings(graph="neo4j"))
    store.wipe()
    store.init_schema()
    return store


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """The same test body against both backends (the contract suite)."""
    store = make_store(request.param, tmp_path)
    yield store
    store.close()


def write_subset(src: Path, dst: Path, n: int) -> Path:
    """The first ``n`` lines of a real gzip snapshot, written to ``dst`` (gzip)."""
    import gzip

    with gzip.open(src, "rt") as fh, gzip.open(dst, "wt") as out:
        for i, line in enumerate(fh):
            if i >= n:
                break
            out.write(line)
    return dst
