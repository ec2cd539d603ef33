"""Paper records: the data contract lives in :mod:`graph.records` (the graph layer stores it and must not
import ``tracker``); this module keeps ``from tracker.records import PaperRecord`` working for sources."""

from __future__ import annotations

from graph.records import (
    MAX_VERSION,
    PaperRecord,
    author_key,
    clean_text,
    invalid_reason,
    is_valid_arxiv_id,
    normalise_space,
    split_version,
)

__all__ = ["MAX_VERSION", "PaperRecord", "author_key", "clean_text", "invalid_reason", "is_valid_arxiv_id",
           "normalise_space", "split_version"]
