"""The FAISS vector index: stable ids, exact/IVF/HNSW search, replacement, atomic save, damage detection.

Pure index behaviour, so seeded unit vectors stand in for embeddings here; the tests with the real
model and real papers are in test_similarity.py.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from graph.vector_index import (
    CorruptIndexError,
    DimensionMismatchError,
    IndexNotFoundError,
    ModelMismatchError,
    VectorIndex,
    paper_vector_id,
)

DIM = 32


def unit(n: int, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def ids(n: int) -> list[str]:
    return [f"2501.{i:05d}" for i in range(n)]


def exact_top(vectors: np.ndarray, names: list[str], query: np.ndarray, k: int) -> list[str]:
    order = np.argsort(-(vectors @ query), kind="stable")[:k]
    return [names[i] for i in order]


def test_paper_vector_id_is_stable_positive_and_distinct() -> None:
    assert paper_vector_id("2401.01234") == paper_vector_id("2401.01234")
    assert paper_vector_id(" 2401.01234 ") == paper_vector_id("2401.01234")
    got = {paper_vector_id(f"2401.{i:05d}") for i in range(20000)}
    assert len(got) == 20000
    assert all(0 <= v < 2**63 for v in got)
    # pinned: the id must never change between releases, or every saved index would go stale
    assert paper_vector_id("2401.01234") == int.from_bytes(
        __import__("hashlib").blake2b(b"2401.01234", digest_size=8).digest(), "big") & (2**63 - 1)


@pytest.mark.parametrize("kind", ["flat", "ivf", "hnsw"])
def test_search_finds_exact_neighbours_and_replacement_drops_old_vector(kind: str) -> None:
    n = 1500  # IVF trains its lists from 1,000 vectors up
    names, vecs = ids(n), unit(n)
    index = VectorIndex(DIM, "m", index_type=kind)
    index.upsert(names, vecs, versions=[1] * n, fingerprints=["a"] * n)
    assert len(index) == n and index.index_type == kind
    for q in vecs[:20]:
        got = [a for a, _ in index.search(q, 5)[0]]
        assert got == exact_top(vecs, names, q, 5)
    # a new version of paper 0 moves its vector next to paper 7
    new = vecs[7] + 0.01 * unit(1, seed=3)[0]
    new /= np.linalg.norm(new)
    index.upsert([names[0]], new, versions=[2], fingerprints=["b"])
    assert len(index) == n
    assert index.entries[names[0]].version == 2
    assert np.allclose(index.vector(names[0]), new, atol=1e-6)
    hits = index.search(vecs[0], 400)[0]
    assert len(hits) == 400 and len({a for a, _ in hits}) == 400  # no duplicate, no ghost of the old vector
    top = [a for a, _ in index.search(vecs[7], 2)[0]]
    assert set(top) == {names[7], names[0]}
    if kind != "flat":
        assert index.tombstones == 1
        index.compact()
        assert index.tombstones == 0 and index.faiss_index.ntotal == n


def test_auto_switches_to_ivf_past_threshold_and_keeps_results() -> None:
    names, vecs = ids(1500), unit(1500, seed=1)
    index = VectorIndex(DIM, "m", index_type="auto", hnsw_threshold=1200)
    index.upsert(names[:1000], vecs[:1000])
    assert index.index_type == "flat"
    index.upsert(names[1000:], vecs[1000:])
    assert index.index_type == "ivf" and len(index) == 1500 and index.ivf_nlist > 1
    assert [a for a, _ in index.search(vecs[42], 1)[0]] == [names[42]]
    forced = VectorIndex(DIM, "m", index_type="flat", hnsw_threshold=10)
    forced.upsert(names, vecs)
    assert forced.index_type == "flat"
    small = VectorIndex(DIM, "m", index_type="ivf")  # too few vectors to train lists: exact until 1,000
    small.upsert(names[:500], vecs[:500])
    assert small.index_type == "flat"


def test_ivf_lists_are_retrained_as_the_collection_grows() -> None:
    names, vecs = ids(9000), unit(9000, seed=8)
    index = VectorIndex(DIM, "m", index_type="ivf")
    index.upsert(names[:2000], vecs[:2000])
    first = (index.ivf_nlist, index.ivf_trained_on)
    assert first[1] == 2000
    index.upsert(names[2000:], vecs[2000:])  # 4.5x the training size: retrained with more lists
    assert index.ivf_trained_on == 9000 and index.ivf_nlist > first[0]
    for i in (0, 4321, 8999):
        assert index.search(vecs[i], 1)[0][0][0] == names[i]


def test_remove_drops_papers() -> None:
    names, vecs = ids(1200), unit(1200, seed=2)
    for kind in ("flat", "ivf", "hnsw"):
        index = VectorIndex(DIM, "m", index_type=kind)
        index.upsert(names, vecs)
        assert index.index_type == kind
        assert index.remove(names[:10] + ["9999.99999"]) == 10
        assert len(index) == 1190 and names[0] not in index
        assert all(a not in names[:10] for a, _ in index.search(vecs[0], 40)[0])


@pytest.mark.parametrize("kind", ["flat", "ivf", "hnsw"])
def test_save_load_roundtrip_with_manifest_and_sidecar(tmp_path, kind: str) -> None:
    names, vecs = ids(1200), unit(1200, seed=4)
    index = VectorIndex(DIM, "all-MiniLM-L6-v2", index_type=kind, backend="bf16")
    index.upsert(names, vecs, versions=[1] * 1200, fingerprints=[f"f{i}" for i in range(1200)])
    index.upsert(names[:3], unit(3, seed=9), versions=[2] * 3, fingerprints=["g"] * 3)
    before = index.search(vecs[:10], 5)
    index.save(tmp_path, graph_paper_count=301)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["model"] == "all-MiniLM-L6-v2" and manifest["dimension"] == DIM
    assert manifest["count"] == 1200 and manifest["index_type"] == kind and manifest["graph_paper_count"] == 301
    papers = json.loads((tmp_path / manifest["papers_file"]).read_text())
    assert papers[names[0]] == [paper_vector_id(names[0]), 2, "g"]
    loaded = VectorIndex.load(tmp_path)
    assert loaded.search(vecs[:10], 5) == before
    assert loaded.entries == index.entries and loaded.tombstones == index.tombstones
    # a second save leaves exactly one generation of files and no temp files behind
    loaded.upsert(["2502.00001"], unit(1, seed=5))
    loaded.save(tmp_path, graph_paper_count=302)
    assert sorted(p.name.split(".")[0] for p in tmp_path.iterdir()) == ["index", "manifest", "papers"]
    again = VectorIndex.load(tmp_path)
    assert len(again) == 1201 and again.index_type == kind
    assert again.search(unit(1, seed=5), 1)[0][0][0] == "2502.00001"


def _saved(tmp_path) -> tuple[VectorIndex, dict]:
    index = VectorIndex(DIM, "m", index_type="flat")
    index.upsert(ids(200), unit(200, seed=6))
    index.save(tmp_path, graph_paper_count=200)
    return index, json.loads((tmp_path / "manifest.json").read_text())


def test_truncated_index_file_is_detected_with_a_clear_message(tmp_path) -> None:
    _, manifest = _saved(tmp_path)
    path = tmp_path / manifest["index_file"]
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptIndexError, match=r"truncated.*sotagraph reindex"):
        VectorIndex.load(tmp_path)


def test_corrupted_bytes_are_detected_even_at_the_same_size(tmp_path) -> None:
    _, manifest = _saved(tmp_path)
    path = tmp_path / manifest["index_file"]
    data = bytearray(path.read_bytes())
    data[len(data) // 2: len(data) // 2 + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptIndexError, match="checksum"):
        VectorIndex.load(tmp_path)


def test_damaged_sidecar_and_manifest_and_missing_index(tmp_path) -> None:
    _, manifest = _saved(tmp_path)
    (tmp_path / manifest["papers_file"]).write_text("{not json")
    with pytest.raises(CorruptIndexError):
        VectorIndex.load(tmp_path)
    (tmp_path / "manifest.json").write_text("{\"model\": ")
    with pytest.raises(CorruptIndexError, match="manifest"):
        VectorIndex.load(tmp_path)
    with pytest.raises(IndexNotFoundError, match="sotagraph reindex"):
        VectorIndex.load(tmp_path / "nowhere")


def test_dimension_and_model_mismatch_are_refused(tmp_path) -> None:
    index, _ = _saved(tmp_path)
    with pytest.raises(DimensionMismatchError, match="dimension 16.*32"):
        index.upsert(["2503.00001"], np.ones((1, 16), dtype=np.float32))
    with pytest.raises(DimensionMismatchError):
        index.search(np.ones(16, dtype=np.float32), 3)
    loaded = VectorIndex.load(tmp_path)
    with pytest.raises(DimensionMismatchError, match="768-d vectors but the index holds 32-d"):
        loaded.check_model("big-model", 768)
    with pytest.raises(ModelMismatchError, match="built with model m"):
        loaded.check_model("other", DIM)


def test_a_save_that_crashed_midway_leaves_the_previous_index_loadable(tmp_path) -> None:
    index, _ = _saved(tmp_path)
    # what a crash between the file renames and the manifest rename leaves: new files nobody references
    (tmp_path / "index.999-dead.faiss").write_bytes(b"partial")
    (tmp_path / "papers.999-dead.json").write_text("{")
    (tmp_path / ".index.999-dead.faiss.x.tmp").write_bytes(b"partial")
    loaded = VectorIndex.load(tmp_path)
    assert loaded.entries == index.entries
    loaded.save(tmp_path)
    assert not any("dead" in p.name for p in tmp_path.iterdir())
