"""Embedding throughput: our Embedder vs sentence-transformers' own ``encode``, fp32 vs bf16.

Same texts (real title + abstract), same batch size, same process; runs are interleaved
(ours, theirs, ours, theirs ...) so a noisy neighbour on the machine hits both alike, and the
median of the repeats is printed. Also the cosine between fp32 and bf16 vectors.

Usage: python benchmarks/embed_speed.py [--n 256] [--repeats 3] [--batch-size 64]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time

import numpy as np
import torch
from corpus import load_papers

from tracker.embed import Embedder, bf16_supported, paper_text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=256)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--offset", type=int, default=1000, help="take texts from this position in the file")
    args = ap.parse_args()
    papers = load_papers(args.offset + args.n)[args.offset:]
    texts = [paper_text(p.title, p.abstract) for p in papers]
    print(f"{len(texts)} real papers (title + abstract), batch {args.batch_size}, torch threads "
          f"{torch.get_num_threads()}", flush=True)
    backends = ["fp32"] + (["bf16"] if bf16_supported() else [])
    vectors: dict[str, np.ndarray] = {}
    for backend in backends:
        emb = Embedder(backend=backend, batch_size=args.batch_size, show_progress=False)
        st = emb.sentence_transformer
        ctx = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if backend == "bf16" else contextlib.nullcontext
        emb.encode(texts[:16])  # warm-up
        ours, theirs = [], []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            vectors[backend] = emb.encode(texts)
            ours.append(len(texts) / (time.perf_counter() - t0))
            t0 = time.perf_counter()
            with torch.inference_mode(), ctx():
                ref = st.encode(texts, batch_size=args.batch_size, normalize_embeddings=True,
                                convert_to_tensor=True, show_progress_bar=False).float().numpy()
            theirs.append(len(texts) / (time.perf_counter() - t0))
        same = float((ref * vectors[backend]).sum(1).min())
        o, t = statistics.median(ours), statistics.median(theirs)
        print(f"{backend}: ours {o:6.1f} papers/s | sentence-transformers encode {t:6.1f} papers/s | "
              f"ours/theirs {o / t:.3f} | min cosine ours vs theirs {same:.6f}  (runs: ours "
              f"{', '.join(f'{x:.1f}' for x in ours)}; theirs {', '.join(f'{x:.1f}' for x in theirs)})", flush=True)
    if len(vectors) == 2:
        cos = (vectors["fp32"] * vectors["bf16"]).sum(1)
        print(f"bf16 vs fp32 cosine: min {cos.min():.5f}, mean {cos.mean():.5f}")


if __name__ == "__main__":
    main()
