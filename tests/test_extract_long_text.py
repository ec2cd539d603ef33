"""Bounded work per paper: an over-long abstract is read only up to the stated cap, with a warning.

(Speed itself is measured by benchmarks/extraction_long_text.py, not asserted here.)"""

from __future__ import annotations

import logging

import pytest

from tracker.extract import paper
from tracker.extract.models import _abbreviates_words
from tracker.extract.paper import MAX_TEXT_CHARS, extract_paper
from tracker.records import PaperRecord

ABSTRACT = ("We present FooLM-7B, a new open language model trained on 2T tokens. "
            "FooLM-7B outperforms Llama-2-13B on MMLU, reaching 61.2% accuracy. "
            "We release the weights under the Apache 2.0 license. ")


def test_long_abstract_is_read_up_to_the_cap_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    long = ABSTRACT * (2_000_000 // len(ABSTRACT))
    record = PaperRecord(arxiv_id="2601.00001", title="FooLM: an open model", abstract=long)
    with caplog.at_level(logging.WARNING, logger="tracker.extract.paper"):
        got = extract_paper(record)
    warnings = [r.getMessage() for r in caplog.records if "extraction reads only the first" in r.getMessage()]
    assert len(warnings) == 1 and f"{len(record.abstract)}" in warnings[0] and f"{MAX_TEXT_CHARS}" in warnings[0]
    # the same facts as from the first MAX_TEXT_CHARS characters: the rest was never read
    head = PaperRecord(arxiv_id="2601.00001", title="FooLM: an open model", abstract=paper._cap(record.abstract, MAX_TEXT_CHARS))
    assert got == extract_paper(head)
    assert any(m.role == "introduced" for m in got.models)


def test_the_cut_falls_at_a_sentence_end_within_the_cap() -> None:
    text = ABSTRACT * 500
    cut = paper._cap(text, MAX_TEXT_CHARS)
    assert len(cut) <= MAX_TEXT_CHARS and cut.endswith(".") and text.startswith(cut)
    assert paper._cap("short text", MAX_TEXT_CHARS) == "short text"
    assert len(paper._cap("x" * 50_000, MAX_TEXT_CHARS)) == MAX_TEXT_CHARS  # no sentence, no space: a hard cut


def test_normal_abstracts_are_not_cut(caplog: pytest.LogCaptureFixture) -> None:
    record = PaperRecord(arxiv_id="2601.00002", title="FooLM", abstract=ABSTRACT * 20)  # ~4,000 characters
    with caplog.at_level(logging.WARNING, logger="tracker.extract.paper"):
        assert extract_paper(record) == extract_paper(record, max_chars=0)
    assert not caplog.records


def test_abbreviation_lookup_finds_definitions_anywhere_in_a_long_text() -> None:
    filler = "Other words fill this sentence. " * 20_000
    assert _abbreviates_words(filler + "We study human pose estimation (HPE) here.", "HPE")
    assert not _abbreviates_words(filler + "A vision foundation model (VaFM) here.", "VAFM")
    assert not _abbreviates_words(filler, "HPE")
    assert _abbreviates_words("(HPE) first, then " + filler + "human pose estimation (HPE).", "HPE")
