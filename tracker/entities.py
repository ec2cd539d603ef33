"""What extraction reads out of a paper: the models live in :mod:`graph.entities` (the graph layer writes
them and must not import ``tracker``); this module keeps the extractors' imports working."""

from __future__ import annotations

from graph.entities import (
    Decision,
    ExtractedBenchmark,
    ExtractedModel,
    ExtractedOrganization,
    ExtractedResult,
    PaperExtraction,
)

__all__ = ["Decision", "ExtractedBenchmark", "ExtractedModel", "ExtractedOrganization", "ExtractedResult",
           "PaperExtraction"]
