"""Fetch Epoch's published data (a zip) from a URL for the nightly import, when the network allows.

The download lands in ``$SOTAGRAPH_HOME/epoch/`` under a temporary name and is renamed only when
complete, so a cut connection never leaves a half file that a later run would import.
"""

from __future__ import annotations

import logging
import os
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

log = logging.getLogger(__name__)


class EpochFetchError(RuntimeError):
    """The URL could not be fetched; one line."""


def fetch_epoch(url: str, into: Path, *, timeout_s: float = 60.0) -> Path:
    """Download ``url`` into ``into`` and return the file's path."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise EpochFetchError(f"SOTAGRAPH_EPOCH_URL must be http(s), got {url!r}")
    name = Path(parsed.path).name or "epoch-data.zip"
    into.mkdir(parents=True, exist_ok=True)
    target = into / name
    part = into / f".{name}.{os.getpid()}.part"
    request = urllib.request.Request(url, headers={"User-Agent": "sotagraph (epoch import)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as resp, part.open("wb") as fh:  # noqa: S310
            while chunk := resp.read(1 << 16):
                fh.write(chunk)
    except urllib.error.HTTPError as exc:
        part.unlink(missing_ok=True)
        raise EpochFetchError(f"cannot fetch {url}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        part.unlink(missing_ok=True)
        reason = getattr(exc, "reason", exc)
        raise EpochFetchError(f"cannot fetch {url}: {reason}") from exc
    part.replace(target)
    log.info("fetched %s (%d bytes)", url, target.stat().st_size)
    return target
