"""OAI-PMH harvest over loopback: resumption tokens, 503 Retry-After, category filter."""

from __future__ import annotations

import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tracker.sources.errors import FeedParseError
from tracker.sources.http import PoliteClient
from tracker.sources.oai import OaiSource, parse_list_records

DATA = Path(__file__).parent / "data"


class OaiServer:
    def __init__(self, answers: list[tuple[int, bytes, dict[str, str]]]) -> None:
        self.answers = answers
        self.requests: list[tuple[float, dict[str, list[str]]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                outer.requests.append((time.monotonic(), parse_qs(urlparse(self.path).query)))
                status, body, headers = outer.answers.pop(0)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/oai"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def pages() -> tuple[bytes, bytes]:
    return (DATA / "oai_arxivraw_page1.xml").read_bytes(), (DATA / "oai_arxivraw_page2.xml").read_bytes()


def test_harvest_follows_tokens_and_honours_retry_after(pages: tuple[bytes, bytes]) -> None:
    server = OaiServer([(200, pages[0], {}), (503, b"busy", {"Retry-After": "1"}), (200, pages[1], {})])
    try:
        src = OaiSource(server.url, PoliteClient(interval_s=0, retries=2, backoff_s=0.01), set_spec="cs",
                        since=date(2024, 12, 26), until=date(2025, 1, 31), categories=["cs.CL", "cs.AI", "cs.LG"])
        records = list(src)
    finally:
        server.close()
    assert [r.arxiv_id for r in records] == ["2412.19437", "2501.12948"]  # hep-th dropped
    v3 = records[0]
    assert v3.version == 2 and str(v3.published) == "2024-12-27" and str(v3.updated) == "2025-02-18"
    assert v3.authors == ["DeepSeek-AI", "Aixin Liu", "Bei Feng"] and v3.categories == ["cs.CL", "cs.AI"]
    assert v3.abstract.startswith("We present DeepSeek-V3") and "\n" not in v3.abstract
    first, retried, resumed = (q for _, q in server.requests)
    assert first["verb"] == ["ListRecords"] and first["metadataPrefix"] == ["arXivRaw"] and first["set"] == ["cs"]
    assert first["from"] == ["2024-12-26"] and first["until"] == ["2025-01-31"]
    assert resumed == {"verb": ["ListRecords"], "resumptionToken": ["6960524|1001"]}
    assert server.requests[2][0] - server.requests[1][0] >= 0.9  # waited Retry-After: 1


def test_no_records_match_is_empty() -> None:
    body = (b'<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
            b'<error code="noRecordsMatch">no records</error></OAI-PMH>')
    page = parse_list_records(body)
    assert page.records == [] and page.token is None


def test_cut_response_is_a_clear_error(pages: tuple[bytes, bytes]) -> None:
    with pytest.raises(FeedParseError, match="malformed OAI-PMH response from http://x"):
        parse_list_records(pages[0][:700], "http://x")
