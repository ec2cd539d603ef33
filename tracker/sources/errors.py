"""Named source errors: each carries a one-line message naming the file/line or URL."""

from __future__ import annotations

import logging


class SourceError(Exception):
    """A source could not deliver records (network, bad feed, unreadable file)."""


class FetchError(SourceError):
    """The remote service could not be reached or kept failing after retries."""


class ArxivApiError(SourceError):
    """arXiv answered with its error feed (e.g. an invalid id)."""


class FeedParseError(SourceError):
    """A feed was not well-formed XML (cut in the middle, HTML error page, ...)."""


class SnapshotError(SourceError):
    """A snapshot file cannot be read on (truncated gzip, missing file)."""


class BadRecord(SourceError):
    """One record cannot be used; the rest of the source goes on and the record is counted."""


def skip_record(sink: list[str], message: str) -> None:
    """Count one bad record in ``sink`` (each source's ``bad_records``) and log it in one line naming it."""
    sink.append(message)
    logging.getLogger("tracker.sources").warning("bad record: %s", message)
