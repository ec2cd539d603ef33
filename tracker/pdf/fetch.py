"""Polite, optional PDF download: one request per interval (3 s by default), a daily cap, a disk
cache under ``SOTAGRAPH_HOME/pdfs``. A failed PDF is logged and returns ``None``; it never fails a run.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import date
from pathlib import Path

import requests

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://arxiv.org/pdf/"


class PdfFetcher:
    """Download arXiv PDFs at most ``daily_cap`` a day, one every ``interval_s`` seconds, cached on disk."""

    def __init__(self, cache_dir: Path, *, base_url: str = DEFAULT_BASE_URL, daily_cap: int = 200,
                 interval_s: float = 3.0, timeout_s: float = 30.0, user_agent: str = "sotagraph (research)") -> None:
        self.cache_dir = Path(cache_dir)
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.daily_cap = daily_cap
        self.interval_s = interval_s
        self.timeout_s = timeout_s
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self._last_request = 0.0

    def _path(self, arxiv_id: str, version: int | None) -> Path:
        name = arxiv_id.replace("/", "_") + (f"v{version}" if version else "")
        return self.cache_dir / f"{name}.pdf"

    def _ledger(self) -> Path:
        return self.cache_dir / "downloads.json"

    def _count_today(self) -> int:
        try:
            data = json.loads(self._ledger().read_text())
        except (OSError, ValueError):
            return 0
        return int(data.get(date.today().isoformat(), 0))

    def _bump(self) -> None:
        today = date.today().isoformat()
        self._ledger().write_text(json.dumps({today: self._count_today() + 1}))

    def fetch(self, arxiv_id: str, version: int | None = None) -> bytes | None:
        """The PDF's bytes from cache or network; ``None`` when capped or the download failed."""
        path = self._path(arxiv_id, version)
        if path.is_file() and path.stat().st_size > 0:
            return path.read_bytes()
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        if self._count_today() >= self.daily_cap:
            log.info("PDF daily cap (%d) reached; skipping %s", self.daily_cap, arxiv_id)
            return None
        wait = self._last_request + self.interval_s - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        url = self.base_url + arxiv_id + (f"v{version}" if version else "")
        self._last_request = time.monotonic()
        try:
            resp = self.session.get(url, timeout=self.timeout_s)
        except requests.RequestException as exc:
            log.warning("PDF download failed for %s: %s", arxiv_id, exc)
            return None
        finally:
            self._bump()
        if resp.status_code != 200 or not resp.content.startswith(b"%PDF"):
            log.warning("PDF download for %s gave HTTP %s (%d bytes, not a PDF?)", arxiv_id, resp.status_code,
                        len(resp.content))
            return None
        tmp = path.with_suffix(".part")
        tmp.write_bytes(resp.content)
        tmp.replace(path)
        return resp.content
