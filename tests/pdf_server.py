"""A loopback server of real PDF files for the full-text tests, counting what it serves.

Routes map ``<id>v<n>`` (the last path segment) to bytes, or to a behaviour: ``404``, or ``cut``
(announce the whole file, send half, close: a download cut short). ``served`` counts only
responses sent in full, per path, so "nothing fetched twice" is checked on what a client received.

For kill -9 tests, :meth:`kill_after` sends SIGKILL to a process a given delay after the server
has served ``n`` files; a request that arrives while that kill is pending gets no answer (the
process is about to die), so a kill never lands half-way through a download the server counted.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class PdfServer:
    def __init__(self, routes: dict[str, bytes | str] | None = None) -> None:
        self.routes: dict[str, bytes | str] = dict(routes or {})
        self.requests: Counter[str] = Counter()
        self.served: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._kill: tuple[int, int, float] | None = None
        self._kill_pending = threading.Event()
        self._killed = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/pdf/"

    def kill_after(self, pid: int, n_served: int, delay_s: float) -> None:
        """SIGKILL ``pid`` ``delay_s`` seconds after the ``n_served``-th file of this server's life."""
        self._killed.clear()
        self._kill_pending.clear()
        self._kill = (pid, n_served, delay_s)
        if sum(self.served.values()) >= n_served:
            self._arm()

    def _arm(self) -> None:
        assert self._kill is not None
        pid, _, delay = self._kill
        self._kill = None
        self._kill_pending.set()

        def fire() -> None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            self._killed.set()
            self._kill_pending.clear()

        threading.Timer(delay, fire).start()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                name = self.path.rstrip("/").rsplit("/", 1)[-1]
                server.requests[name] += 1
                if server._kill_pending.is_set():
                    server._killed.wait(10)
                    self.close_connection = True
                    return  # the client is dead: no answer
                body = server.routes.get(name)
                if body is None or body == "404":
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if body == "cut":
                    data = server.routes[f"{name}.cut"]
                    assert isinstance(data, bytes)
                    self.send_response(200)
                    self.send_header("Content-Type", "application/pdf")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                data = body if isinstance(body, bytes) else body.encode()
                ctype = "application/pdf" if data.startswith(b"%PDF") else "text/html"
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                with server._lock:
                    server.served[name] += 1
                    total = sum(server.served.values())
                    if server._kill is not None and total >= server._kill[1]:
                        server._arm()

        return Handler

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- real papers to serve ---------------------------------------------------------------------
V3_ABSTRACT = ("We present DeepSeek-V3, a strong Mixture-of-Experts (MoE) language model with 671B total parameters "
               "with 37B activated for each token. To achieve efficient inference and cost-effective training, "
               "DeepSeek-V3 adopts Multi-head Latent Attention (MLA) and DeepSeekMoE architectures, which were "
               "thoroughly validated in DeepSeek-V2.")  # arXiv 2412.19437, first sentences

# (arXiv id with version, file under the shared data folder, title, categories)
REAL_PAPERS = {
    "scibert": ("1903.10676v1", "pdfs/papermage_1903.10676.pdf", "SciBERT: A Pretrained Language Model for "
                 "Scientific Text", ["cs.CL"]),
    "codex": ("2699.00001v1", "reports/openai-codex-1-addendum.pdf", "Addendum to o3 and o4-mini system card: "
              "Codex", ["cs.AI"]),
    "gemini": ("2699.00002v1", "reports/gemini-3-flash.pdf", "Gemini 3 Flash model card", ["cs.AI", "cs.CL"]),
    "vibevoice": ("2699.00003v1", "reports/vibevoice-asr.pdf", "VibeVoice-ASR technical report", ["cs.CL"]),
    "granite-emb": ("2699.00004v1", "reports/granite-embedding-r1.pdf", "Granite Embedding Models", ["cs.IR"]),
    "coder-v2": ("2406.11931v1", "pdfs/deepseek-coder-v2_2406.11931.pdf", "DeepSeek-Coder-V2: Breaking the Barrier "
                 "of Closed-Source Models in Code Intelligence", ["cs.SE", "cs.AI", "cs.LG"]),
    "v3": ("2412.19437v1", "pdfs/deepseek-v3_2412.19437.pdf", "DeepSeek-V3 Technical Report", ["cs.CL", "cs.AI"]),
    "physics": ("1111.2011v2", "pdfs/arxivpy_fixture_1111.2011v2.pdf", "A physics paper", ["hep-th"]),
}


def snapshot_line(key: str, *, published: str = "2025-06-02") -> dict[str, Any]:
    """A snapshot JSON object (the shape of ``arxiv-daily``) for one of :data:`REAL_PAPERS`."""
    ident, _, title, cats = REAL_PAPERS[key]
    abstract = V3_ABSTRACT if key == "v3" else f"We study {title.lower()}; results on standard benchmarks."
    return {"id": ident, "title": title, "summary": abstract, "authors": ["DeepSeek-AI"] if key == "v3"
            else ["Ada Lovelace", "Alan Turing"], "categories": cats, "_listing_date": published}


def routes_for(shared_data: Any, keys: list[str]) -> dict[str, bytes | str]:
    return {REAL_PAPERS[k][0]: (shared_data / REAL_PAPERS[k][1]).read_bytes() for k in keys}
