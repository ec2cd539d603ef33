"""Secrets out of every message: the helpers live in :mod:`graph.redact` (the Neo4j backend redacts its
errors and must not import ``tracker``); this module keeps the CLI's and the logs' imports working."""

from __future__ import annotations

from graph.redact import MASK, RedactingFilter, redact, redact_handlers

__all__ = ["MASK", "RedactingFilter", "redact", "redact_handlers"]
