"""The pipeline with PDFs on: real PDFs served over loopback, tables and first-page affiliations
land in the graph with their provenance; a bad PDF is a logged skip, never a failed run."""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from tracker.config import load_settings
from tracker.pipeline import build_extractor, run_ingest
from tracker.records import PaperRecord

V3_ABSTRACT = ("We present DeepSeek-V3, a strong Mixture-of-Experts (MoE) language model with 671B total parameters "
               "with 37B activated for each token. To achieve efficient inference and cost-effective training, "
               "DeepSeek-V3 adopts Multi-head Latent Attention (MLA) and DeepSeekMoE architectures, which were "
               "thoroughly validated in DeepSeek-V2.")  # arXiv 2412.19437, first sentences


@pytest.fixture
def pdf_server(shared_data: Path):
    files = {"2412.19437v1": (shared_data / "pdfs" / "deepseek-v3_2412.19437.pdf").read_bytes(),
             "2203.00130v1": b"<html>not a pdf</html>"}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            body = files.get(self.path.rsplit("/", 1)[-1])
            self.send_response(200 if body else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/pdf/"
    httpd.shutdown()
    httpd.server_close()


def test_pdf_tables_and_affiliations_reach_the_graph(pdf_server: str, tmp_path: Path, monkeypatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("SOTAGRAPH_HOME", str(tmp_path))
    monkeypatch.setenv("SOTAGRAPH_PDF", "1")
    monkeypatch.setenv("SOTAGRAPH_PDF_URL", pdf_server)
    monkeypatch.setenv("SOTAGRAPH_REQUEST_INTERVAL", "0")
    settings = load_settings()
    records = [
        PaperRecord(arxiv_id="2412.19437", version=1, title="DeepSeek-V3 Technical Report", abstract=V3_ABSTRACT,
                    authors=["DeepSeek-AI", "Aixin Liu"], categories=["cs.CL", "cs.AI"]),
        PaperRecord(arxiv_id="2203.00130", version=1, title="A paper whose PDF download is broken",
                    abstract="We study something.", authors=["A. Person"], categories=["cs.HC"]),
    ]
    store = EmbeddedStore(settings.store_path)
    with caplog.at_level(logging.WARNING):
        result = run_ingest(store, records, source="test", extractor=build_extractor(settings), progress=False)
    assert result.ok and result.counts["papers_new"] == 2
    assert "not a PDF" in caplog.text
    rows = store._read("MATCH (p:Paper {arxiv_id: '2412.19437'})-[:REPORTS]->(r:Result) "
                       "WHERE r.source = 'table' RETURN count(r) AS n")
    assert rows[0]["n"] >= 50
    orgs = store._read("MATCH (p:Paper {arxiv_id: '2412.19437'})-[a:AFFILIATED_WITH]->(o:Organization) "
                       "RETURN o.key AS key, o.country AS country, a.source AS source")
    assert {"key": "deepseek", "country": "CN", "source": "pdf"} in orgs
    mmlu = store._read("MATCH (r:Result)-[:ON_BENCHMARK]->(b:Benchmark {key: 'mmlu'}) "
                       "MATCH (r)-[:OF_MODEL]->(m:Model) RETURN m.key AS model, r.value AS value")
    assert mmlu, "the MMLU row of the comparison tables was read"
    assert (tmp_path / "pdfs").is_dir() and any((tmp_path / "pdfs").iterdir())  # cached on disk
    # A rerun merges: nothing is added or duplicated.
    before = store.dump()
    run_ingest(store, records, source="test", extractor=build_extractor(settings), progress=False)
    assert store.dump() == before
    store.close()
