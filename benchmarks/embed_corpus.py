"""Embed all real papers (title + ". " + abstract) once and cache them; prints papers/s and total time.

Usage: python benchmarks/embed_corpus.py [--backend bf16|fp32] [--limit N] [--kinds full,abstract,title]
"""

from __future__ import annotations

import argparse
import time

from corpus import cached_embeddings, chunked_embeddings, load_papers

from tracker.embed import Embedder, paper_text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--backend", default=None)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--kinds", default="full")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--chunked", action="store_true", help="cache in resumable chunks of 4,096 texts")
    ap.add_argument("--max-chunks", type=int, default=None, help="with --chunked: stop after this many chunks")
    ap.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    args = ap.parse_args()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    papers = load_papers(args.limit)
    emb = Embedder(backend=args.backend, batch_size=args.batch_size)
    print(f"{len(papers)} papers, model {emb.model_name}, backend {emb.backend}, batch {args.batch_size}", flush=True)
    texts = {
        "full": [paper_text(p.title, p.abstract) for p in papers],
        "abstract": [p.abstract for p in papers],
        "title": [p.title for p in papers],
    }
    for kind in args.kinds.split(","):
        t0 = time.perf_counter()
        if args.chunked:
            chunked_embeddings(kind, texts[kind], emb, allow_partial=True, max_chunks=args.max_chunks)
        else:
            cached_embeddings(kind, texts[kind], emb)
        print(f"{kind}: total {time.perf_counter() - t0:.1f} s", flush=True)


if __name__ == "__main__":
    main()
