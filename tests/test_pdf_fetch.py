"""Polite PDF download over a real loopback HTTP server: cache, daily cap, failures never raise."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tracker.pdf.fetch import PdfFetcher

PDF = b"%PDF-1.4\n% tiny test body\n%%EOF\n"


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server API
            hits.append(self.path)
            if "missing" in self.path:
                self.send_response(404)
                self.end_headers()
                return
            body = PDF if "html" not in self.path else b"<html>captcha</html>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/pdf/", hits
    httpd.shutdown()


def test_download_is_cached(server, tmp_path: Path):
    base, hits = server
    f = PdfFetcher(tmp_path / "pdfs", base_url=base, interval_s=0)
    assert f.fetch("2412.19437", 1) == PDF
    assert f.fetch("2412.19437", 1) == PDF
    assert hits == ["/pdf/2412.19437v1"]
    assert (tmp_path / "pdfs" / "2412.19437v1.pdf").read_bytes() == PDF


def test_failures_return_none(server, tmp_path: Path):
    base, _ = server
    f = PdfFetcher(tmp_path / "pdfs", base_url=base, interval_s=0)
    assert f.fetch("missing.00001") is None
    assert f.fetch("html.00001") is None
    dead = PdfFetcher(tmp_path / "p2", base_url="http://127.0.0.1:9/pdf/", interval_s=0, timeout_s=1)
    assert dead.fetch("2412.19437") is None


def test_daily_cap_and_interval(server, tmp_path: Path):
    import time

    base, hits = server
    f = PdfFetcher(tmp_path / "pdfs", base_url=base, daily_cap=2, interval_s=0.3)
    t0 = time.monotonic()
    assert f.fetch("2401.00001") and f.fetch("2401.00002")
    assert time.monotonic() - t0 >= 0.3
    assert f.fetch("2401.00003") is None
    assert len(hits) == 2
