"""A polite HTTP getter shared by the arXiv API and OAI-PMH clients.

It owns the rate limit (one request per interval), retries of the named transient failures
(5xx, timeouts, dropped connections) with exponential backoff, and 503 ``Retry-After``.
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass, field

import requests

from tracker.sources.errors import FetchError

log = logging.getLogger(__name__)
USER_AGENT = "sotagraph/0.1 (+https://github.com/sotagraph/sotagraph)"


@dataclass
class PoliteClient:
    interval_s: float = 3.0
    timeout_s: float = 30.0
    retries: int = 4
    backoff_s: float = 2.0
    max_retry_after_s: float = 600.0
    session: requests.Session = field(default_factory=requests.Session)
    _last: float = field(default=-1e9, init=False)
    requests_made: int = field(default=0, init=False)

    def _wait_turn(self) -> None:
        gap = time.monotonic() - self._last
        if gap < self.interval_s:
            time.sleep(self.interval_s - gap)
        self._last = time.monotonic()

    def get(self, url: str, params: dict[str, str] | None = None, *, ok_statuses: tuple[int, ...] = (200,)
            ) -> requests.Response:
        """GET with rate limit and retries; statuses in ``ok_statuses`` are returned to the caller."""
        last_error = ""
        for attempt in range(self.retries + 1):
            self._wait_turn()
            delay = self.backoff_s * (2**attempt)
            try:
                self.requests_made += 1
                resp = self.session.get(url, params=params, timeout=self.timeout_s,
                                        headers={"User-Agent": USER_AGENT})
            except (requests.ConnectionError, requests.Timeout) as exc:
                last_error = f"{type(exc).__name__}"
                log.warning("request failed (%s), attempt %d/%d: %s", last_error, attempt + 1,
                            self.retries + 1, url)
            else:
                if resp.status_code in ok_statuses:
                    return resp
                last_error = f"HTTP {resp.status_code}"
                if resp.status_code == 503 and "Retry-After" in resp.headers:
                    with contextlib.suppress(ValueError):
                        delay = min(float(resp.headers["Retry-After"]), self.max_retry_after_s)
                elif resp.status_code < 500 and resp.status_code != 429:
                    raise FetchError(f"{last_error} from {resp.url}")
                log.warning("%s, attempt %d/%d: %s", last_error, attempt + 1, self.retries + 1, resp.url)
            if attempt < self.retries:
                time.sleep(delay)
        raise FetchError(f"{last_error} after {self.retries + 1} attempts: {url}")
