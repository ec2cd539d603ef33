"""Secrets out of every message: one helper for error lines, log records and echoed settings.

Two kinds of secret are hidden: the password part of a URI (``bolt://neo4j:secret@host`` becomes
``bolt://neo4j:***@host``), and the values of secret environment variables (``NEO4J_PASSWORD``,
``NEO4J_AUTH``'s password, any ``*_PASSWORD``/``*_SECRET``/``*_TOKEN``/``*_API_KEY``) wherever
they appear, since a driver may quote them back in its own words.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable

MASK = "***"
_URI_AUTH = re.compile(r"(?P<head>\b[a-z][a-z0-9+.\-]*://[^:/@\s'\"]*):(?P<secret>[^@/\s'\"]+)@", re.IGNORECASE)
_SECRET_VAR = re.compile(r"(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY)$")
_MIN_SECRET = 4
"""Shorter values are not searched for (they would mask ordinary words); URIs are masked whatever the length."""


def _env_secrets() -> list[str]:
    values = [v for k, v in os.environ.items() if _SECRET_VAR.search(k.upper()) and v]
    auth = os.environ.get("NEO4J_AUTH", "")
    if "/" in auth:
        values.append(auth.split("/", 1)[1])
    return values


def redact(text: object, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with URI passwords, secret environment values and ``secrets`` replaced by ``***``."""
    out = _URI_AUTH.sub(lambda m: f"{m['head']}:{MASK}@", str(text))
    for secret in sorted({s for s in (*secrets, *_env_secrets()) if s and len(s) >= _MIN_SECRET}, key=len,
                         reverse=True):
        out = out.replace(secret, MASK)
    return out


class RedactingFilter(logging.Filter):
    """A handler filter: every record leaves with its secrets masked (message, arguments and traceback)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.msg, record.args = redact(message), None
        return True


def redact_handlers(logger: logging.Logger | None = None) -> None:
    """Add the filter to each handler of ``logger`` (the root by default) that lacks it."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
