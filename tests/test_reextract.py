"""``sotagraph reextract`` on both backends: stored papers extracted again with today's rules.

The "old" facts are written as an older rule set wrote them: today's extraction with the labels the
old openness rule gave (a comparison with open-source models read as a release) and a key an old
rule made. That stand-in for the old extractor is a fake, named ``_old_rules``; the store, the
extractor run by ``reextract``, the PDF and the file cache are real.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.pdf_server import REAL_PAPERS
from tracker.config import load_settings
from tracker.extract.paper import extract_paper
from tracker.fulltext import queue
from tracker.fulltext.fetch import FileCache, PdfSource
from tracker.records import PaperRecord
from tracker.reextract import reextract

NEW = PaperRecord(arxiv_id="2601.00501", version=1, title="FooNet: A Lightweight Network for Crop Mapping",
                  abstract="We present FooNet, a lightweight network for crop mapping. FooNet outperforms "
                           "open-source models such as Llama 3 on CropBench.",
                  authors=["Ada Lovelace"], categories=["cs.CV"])
KEPT = PaperRecord(arxiv_id="2601.00502", version=1, title="BarNet: Segmenting Fields",
                   abstract="We present BarNet, a network for field segmentation.", authors=["Alan Turing"],
                   categories=["cs.CV"])


def _old_rules(record: PaperRecord) -> Any:
    """FAKE of an older extractor's output: today's extraction, with the new model labelled open weights
    (the old cue) and an extra model under a key an old rule made."""
    ext = extract_paper(record)
    models = [m.model_copy(update={"accessibility": "open_weights", "is_open": True, "params_b": 0.002})
              if m.role == "introduced" else m for m in ext.models]
    stale = models[0].model_copy(update={"key": f"{models[0].key}-old-key", "name": "Foo Net"})
    return ext.model_copy(update={"models": [*models, stale]})


def _model(store: Any, key: str) -> dict[str, Any] | None:
    rows = store._read("MATCH (m:Model {key: $k}) RETURN m.accessibility AS access, m.is_open AS is_open, "
                       "m.params_b AS params_b", {"k": key})
    return rows[0] if rows else None


def _orgs(store: Any, aid: str) -> set[tuple[str, str]]:
    """(organisation, where the paper's link to it came from)."""
    return {(r["key"], r["source"]) for r in store._read(
        "MATCH (p:Paper {arxiv_id: $id})-[a:AFFILIATED_WITH]->(o:Organization) RETURN o.key AS key, a.source AS source",
        {"id": aid})}


def _settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("SOTAGRAPH_HOME", str(tmp_path / "home"))
    return load_settings()


def test_reextract_fixes_old_facts_reads_cached_full_text_and_keeps_uncached(
        any_store: Any, shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, settings = any_store, _settings(tmp_path, monkeypatch)
    aid, rel, title, cats = REAL_PAPERS["coder-v2"]
    coder = PaperRecord(arxiv_id=aid.split("v")[0], version=1, title=title, categories=cats,
                        abstract="We present DeepSeek-Coder-V2, an open-source Mixture-of-Experts (MoE) code language "
                                 "model.", authors=["Qihao Zhu", "Daya Guo"])
    records = [NEW, KEPT, coder]
    store.write_batch(records, [_old_rules(r) for r in records])
    # DeepSeek-Coder-V2's full text was read and is in the cache; BarNet's was read but its file is gone
    FileCache(settings.pdf_dir).put(coder.arxiv_id, 1, PdfSource().suffix, (shared_data / rel).read_bytes())
    for r in (coder, KEPT):
        queue.mark_fetched(store, r.arxiv_id, 1, "pdf")
    assert _model(store, "foonet")["access"] == "open_weights" and _model(store, "foonet-old-key") is not None
    assert ("deepseek", "pdf") not in _orgs(store, coder.arxiv_id)

    report = reextract(store, settings, progress=False)
    assert (report.papers, report.from_full_text, report.kept) == (2, 1, 1)
    # the comparison with open-source models is no release: FooNet's access is unknown again, its size gone
    assert _model(store, "foonet") == {"access": None, "is_open": None, "params_b": None}
    assert _model(store, "foonet-old-key") is None and report.models_deleted >= 1
    assert _model(store, "llama-3")["access"] == "open_weights"  # a listed model keeps its curated label
    # DeepSeek-Coder-V2's title page, read again from the cache, gives its organisation
    assert ("deepseek", "pdf") in _orgs(store, coder.arxiv_id)
    # BarNet's file is not cached: its stored facts stay as they were
    assert _model(store, "barnet")["access"] == "open_weights"

    counts = store.counts()
    again = reextract(store, settings, progress=False)
    assert store.counts() == counts and again.models_deleted == 0  # a rerun changes nothing, duplicates nothing


def test_reextract_command_prints_its_report(home: Path) -> None:
    from graph.embedded import EmbeddedStore

    settings = load_settings(home=home, graph="embedded")
    store = EmbeddedStore(settings.store_path)
    store.write_batch([NEW], [_old_rules(NEW)])
    store.close()
    out = run_cli("reextract", "--id", NEW.arxiv_id, env={"SOTAGRAPH_HOME": str(home)})
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["papers"] == 1 and report["models_cleared"] == 1 and report["models_deleted"] == 1
    store = EmbeddedStore(settings.store_path)
    try:
        assert _model(store, "foonet")["access"] is None
    finally:
        store.close()
