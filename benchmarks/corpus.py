"""Shared helpers for benchmarks: the 74,728 real papers and an embedding cache in /tmp.

Embedding every paper takes tens of minutes on 2 cores, so vectors are cached outside the repo
(``SOTAGRAPH_BENCH_CACHE``, default ``/tmp/sotagraph_bench``) keyed by text kind, model and backend,
and reused by every benchmark.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]

from tracker.records import normalise_space  # noqa: E402

DATA = REPO.parent / "shared" / "data"
PAPERS_FILE = DATA / "arxiv-daily" / "papers_2025-03_to_2026-07.dedup.jsonl.gz"
CACHE = Path(os.environ.get("SOTAGRAPH_BENCH_CACHE", "/tmp/sotagraph_bench"))


@dataclass
class Paper:
    arxiv_id: str
    title: str
    abstract: str
    categories: list[str]
    listed: str


def load_papers(limit: int | None = None) -> list[Paper]:
    """The real papers in file order (exits with a clear message when the data is absent)."""
    if not PAPERS_FILE.exists():
        sys.exit(f"real data not found: {PAPERS_FILE}")
    out: list[Paper] = []
    with gzip.open(PAPERS_FILE, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            out.append(Paper(row["id"], normalise_space(row.get("title")), normalise_space(row.get("summary")),
                             row.get("categories") or [], row.get("_listing_date") or ""))
            if limit and len(out) >= limit:
                break
    return out


def cached_embeddings(kind: str, texts: list[str], embedder, tag: str = "") -> tuple[np.ndarray, float]:
    """Embeddings of ``texts`` from the cache or computed now; returns (vectors, seconds spent now).

    The key includes the number of texts, the model and the backend; a cache of other length is
    recomputed.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{kind}{tag}_{embedder.model_name}_{embedder.backend}_{len(texts)}.npy"
    if path.exists():
        vecs = np.load(path)
        print(f"[cache] {kind}: {vecs.shape} from {path}", flush=True)
        return vecs, 0.0
    t0 = time.perf_counter()
    vecs = embedder.encode(texts)
    spent = time.perf_counter() - t0
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vecs)
    os.replace(tmp, path)
    print(f"[embed] {kind}: {len(texts)} texts in {spent:.1f} s = {len(texts) / spent:.1f}/s "
          f"({embedder.backend}) -> {path}", flush=True)
    return vecs, spent


CHUNK = 4096


def chunked_embeddings(kind: str, texts: list[str], embedder, *, allow_partial: bool = False,
                       compute: bool = True, max_chunks: int | None = None) -> tuple[np.ndarray, float]:
    """Like :func:`cached_embeddings`, cached in chunks of 4,096 texts (file order) so a long run can be
    stopped and resumed, and a benchmark can use the prefix embedded so far (``allow_partial``).

    Returns (vectors of the longest complete prefix, seconds spent now).
    """
    folder = CACHE / f"{kind}_{embedder.model_name}_{embedder.backend}_{len(texts)}"
    folder.mkdir(parents=True, exist_ok=True)
    spent = 0.0
    parts = []
    for i, start in enumerate(range(0, len(texts), CHUNK)):
        path = folder / f"chunk_{i:03d}.npy"
        if path.exists():
            parts.append(np.load(path))
            continue
        if not compute or (max_chunks is not None and i >= max_chunks):
            break
        t0 = time.perf_counter()
        vecs = embedder.encode(texts[start:start + CHUNK])
        spent += time.perf_counter() - t0
        tmp = folder / f".chunk_{i:03d}.tmp.npy"
        np.save(tmp, vecs)
        os.replace(tmp, path)
        parts.append(vecs)
        done = sum(len(p) for p in parts)
        print(f"[embed] {kind} {done}/{len(texts)} ({embedder.backend}) chunk {len(vecs) / (time.perf_counter() - t0):.1f}"
              f" texts/s", flush=True)
    vecs = np.concatenate(parts) if parts else np.zeros((0, embedder.dimension), dtype=np.float32)
    if len(vecs) < len(texts) and not allow_partial:
        raise SystemExit(f"{kind}: only {len(vecs)}/{len(texts)} embedded in {folder}")
    return vecs, spent
