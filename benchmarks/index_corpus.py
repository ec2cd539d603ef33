"""Index the real papers' cached embeddings with the library and time every step.

Builds the ``VectorIndex`` (auto type) from the title + abstract vectors cached by
``embed_corpus.py``, with versions and text fingerprints as the pipeline records them, saves it,
loads it back, measures single-query k=10 latency and runs ``similar_edges`` for every paper.
With ``--store PATH`` (a LadybugDB store holding the same papers, e.g. after
``sotagraph backfill --from <the arxiv-daily file> --no-embed``) it also runs ``check`` against
the graph, so the index built here can be dropped into ``$SOTAGRAPH_HOME/index``.

Usage: python benchmarks/index_corpus.py [--out DIR] [--store PATH] [--backend bf16]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from corpus import CACHE, cached_embeddings, chunked_embeddings, load_papers

from graph.vector_index import VectorIndex
from tracker.embed import Embedder, paper_text, text_fingerprint
from tracker.similarity import check, similar_edges


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(CACHE / "index_full"))
    ap.add_argument("--store", default=None)
    ap.add_argument("--backend", default=None)
    ap.add_argument("--index-type", default="auto")
    args = ap.parse_args()
    papers = load_papers()
    texts = [paper_text(p.title, p.abstract) for p in papers]
    emb = Embedder(backend=args.backend, show_progress=False)
    path = CACHE / f"full_{emb.model_name}_{emb.backend}_{len(texts)}.npy"
    if path.exists():
        vecs, _ = cached_embeddings("full", texts, emb)
    else:
        vecs, _ = chunked_embeddings("full", texts, emb, compute=False, allow_partial=True)
    n = len(vecs)
    print(f"{n} of {len(papers)} papers have cached vectors ({emb.backend})", flush=True)
    ids = [p.arxiv_id for p in papers[:n]]
    t0 = time.perf_counter()
    index = VectorIndex(emb.dimension, emb.model_name, index_type=args.index_type, backend=emb.backend)
    for start in range(0, n, 5000):
        stop = min(start + 5000, n)
        index.upsert(ids[start:stop], vecs[start:stop], versions=[1] * (stop - start),
                     fingerprints=[text_fingerprint(t) for t in texts[start:stop]])
    print(f"index build: {time.perf_counter() - t0:.2f} s ({index.index_type}, {len(index)} vectors)", flush=True)
    t0 = time.perf_counter()
    index.save(args.out, graph_paper_count=n)
    print(f"save: {time.perf_counter() - t0:.2f} s -> {args.out}", flush=True)
    t0 = time.perf_counter()
    index = VectorIndex.load(args.out)
    print(f"load (verified): {time.perf_counter() - t0:.2f} s", flush=True)
    rng = np.random.default_rng(0)
    lat = []
    for i in rng.integers(0, n, 300):
        t = time.perf_counter()
        index.search(vecs[i], 10)
        lat.append((time.perf_counter() - t) * 1000)
    print(f"single-query k=10 over {n}: p50 {np.percentile(lat, 50):.2f} ms, p99 {np.percentile(lat, 99):.2f} ms")
    t0 = time.perf_counter()
    edges = similar_edges(index, ids, 10)
    print(f"SIMILAR_TO rows for all {n} papers (k=10): {len(edges)} in {time.perf_counter() - t0:.1f} s")
    if args.store:
        from graph.embedded import EmbeddedStore

        with EmbeddedStore(args.store, read_only=True) as store:
            t0 = time.perf_counter()
            report = check(store, index, deep=True)
            print(f"check against {args.store}: {report.summary()} ({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
