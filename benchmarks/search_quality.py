"""Title -> abstract retrieval on the real papers: our embeddings vs a TF-IDF baseline.

Each paper's title is the query and its own abstract the one right answer; only abstracts are in
the collection. Prints recall@1, recall@10 and MRR (over the full ranking; ties counted half) for
the embedder and for scikit-learn TF-IDF configured as arxiv-sanity does (word 1-2 grams, English
stop words, sublinear tf, min_df 5, 20k features).

Embeddings come from the chunked cache of ``embed_corpus.py --kinds title,abstract --chunked``
(computed here when missing). ``--partial`` evaluates the prefix embedded so far.
``--compare N`` also embeds the first N papers with the other backend and prints both on that
subset (search quality of fp32 vs bf16).

Usage: python benchmarks/search_quality.py [--backend bf16] [--partial] [--compare 2000] [--limit N]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from corpus import chunked_embeddings, load_papers
from sklearn.feature_extraction.text import TfidfVectorizer

from tracker.embed import Embedder


def ranks_dense(queries: np.ndarray, docs: np.ndarray, step: int = 1000) -> np.ndarray:
    """1-based rank of doc i for query i (ties with other docs count half)."""
    out = np.empty(len(queries), dtype=np.float64)
    for start in range(0, len(queries), step):
        scores = queries[start:start + step] @ docs.T
        own = scores[np.arange(len(scores)), np.arange(start, start + len(scores))][:, None]
        greater = (scores > own).sum(1)
        ties = (scores == own).sum(1) - 1
        out[start:start + len(scores)] = 1 + greater + ties / 2
    return out


def ranks_sparse(queries, docs, step: int = 500) -> np.ndarray:
    out = np.empty(queries.shape[0], dtype=np.float64)
    docs_t = docs.T.tocsc()
    for start in range(0, queries.shape[0], step):
        scores = (queries[start:start + step] @ docs_t).toarray()
        own = scores[np.arange(len(scores)), np.arange(start, start + len(scores))][:, None]
        greater = (scores > own).sum(1)
        ties = (scores == own).sum(1) - 1
        out[start:start + len(scores)] = 1 + greater + ties / 2
    return out


def report(label: str, ranks: np.ndarray, seconds: float | None = None) -> dict[str, float]:
    m = {"recall@1": float((ranks <= 1).mean()), "recall@10": float((ranks <= 10).mean()),
         "MRR": float((1.0 / ranks).mean())}
    extra = f"  ({seconds:.1f} s)" if seconds is not None else ""
    print(f"{label:<34} n={len(ranks):>6}  recall@1 {m['recall@1']:.4f}  recall@10 {m['recall@10']:.4f}  "
          f"MRR {m['MRR']:.4f}{extra}", flush=True)
    return m


def tfidf_ranks(titles: list[str], abstracts: list[str]) -> np.ndarray:
    vec = TfidfVectorizer(strip_accents="unicode", lowercase=True, analyzer="word", stop_words="english",
                          token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b", ngram_range=(1, 2), max_features=20000,
                          norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=True, max_df=1.0, min_df=5)
    docs = vec.fit_transform(abstracts).astype(np.float32)
    queries = vec.transform(titles).astype(np.float32)
    return ranks_sparse(queries, docs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--backend", default=None)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--partial", action="store_true", help="use the prefix embedded so far (no embedding here)")
    ap.add_argument("--compare", type=int, default=0, help="also compare backends on the first N papers")
    args = ap.parse_args()
    papers = load_papers(args.limit)
    titles = [p.title for p in papers]
    abstracts = [p.abstract for p in papers]
    emb = Embedder(backend=args.backend)
    t0 = time.perf_counter()
    tvec, _ = chunked_embeddings("title", titles, emb, allow_partial=args.partial, compute=not args.partial)
    avec, _ = chunked_embeddings("abstract", abstracts, emb, allow_partial=args.partial, compute=not args.partial)
    n = min(len(tvec), len(avec))
    print(f"{n} of {len(papers)} papers (model {emb.model_name}, backend {emb.backend}); embeddings ready in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    report(f"embeddings ({emb.backend})", ranks_dense(tvec[:n], avec[:n]), time.perf_counter() - t0)
    t0 = time.perf_counter()
    report("TF-IDF (arxiv-sanity settings)", tfidf_ranks(titles[:n], abstracts[:n]), time.perf_counter() - t0)
    if args.compare:
        m = min(args.compare, n)
        other = Embedder(backend="fp32" if emb.backend != "fp32" else "bf16")
        print(f"backend comparison on the first {m} papers:")
        report(f"embeddings ({emb.backend})", ranks_dense(tvec[:m], avec[:m]))
        t_o = other.encode(titles[:m])
        a_o = other.encode(abstracts[:m])
        report(f"embeddings ({other.backend})", ranks_dense(t_o, a_o))
        cos = np.concatenate([(t_o * tvec[:m]).sum(1), (a_o * avec[:m]).sum(1)])
        print(f"cosine {other.backend} vs {emb.backend}: min {cos.min():.5f}, mean {cos.mean():.5f}")
        report("TF-IDF (same subset)", tfidf_ranks(titles[:m], abstracts[:m]))


if __name__ == "__main__":
    main()
