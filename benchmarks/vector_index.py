"""Vector index at 1,000,000 papers: build, save, load, single-query latency, recall@10, incremental add.

Data shaped like real embeddings (never uniform random, where no approximate index is meaningful):
- ``--source real`` (default when the embedding cache exists): the real MiniLM embeddings of the
  74,728 shared papers (from ``benchmarks/embed_corpus.py``) replicated to 1M with small seeded
  Gaussian noise and renormalised;
- ``--source clusters``: a seeded mixture of 2,000 clusters (under 50 topics), each spread over its
  own low-dimensional subspace plus isotropic noise, sizes Zipf-like.
Queries are 1,000 fresh points of the same distribution (not in the index). Recall@10 is measured
against exact inner-product search over the same vectors.

The index is built the way the pipeline grows it (upserts of 100k; ``auto`` goes flat -> IVF at
100k and retrains its lists as the collection grows); ``--index-type hnsw`` measures HNSW instead.
Single-query latency and recall are printed per ``--nprobe`` (IVF) or ``--ef`` (HNSW) value.

Usage: python benchmarks/vector_index.py [--n 1000000] [--source real|clusters] [--index-type auto|ivf|hnsw]
                                         [--nprobe 8,16,32,64] [--ef 64,128,256]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np
from corpus import CACHE

from graph.vector_index import VectorIndex

DIM = 384


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def normalise(x: np.ndarray) -> np.ndarray:
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def real_source() -> Path | None:
    hits = sorted(CACHE.glob("full_all-MiniLM-L6-v2_*_74728.npy"))
    return hits[0] if hits else None


def make_real(n: int, rng: np.random.Generator, base: np.ndarray, noise: float) -> np.ndarray:
    out = np.empty((n, DIM), dtype=np.float32)
    step = 100_000
    for start in range(0, n, step):
        m = min(step, n - start)
        rows = base[rng.integers(0, len(base), m)]
        out[start:start + m] = normalise(rows + rng.standard_normal((m, DIM), dtype=np.float32) * noise)
    return out


class Clusters:
    """A seeded mixture of clusters under topics, each cluster spread in its own subspace."""

    def __init__(self, rng: np.random.Generator, n_clusters: int = 2000, n_topics: int = 50, sub_dim: int = 24):
        common = normalise(rng.standard_normal((1, DIM), dtype=np.float32))  # real embeddings share a direction
        topics = normalise(0.5 * common + normalise(rng.standard_normal((n_topics, DIM), dtype=np.float32)))
        parent = rng.integers(0, n_topics, n_clusters)
        self.centers = normalise(topics[parent] + 0.9 * normalise(
            rng.standard_normal((n_clusters, DIM), dtype=np.float32)))
        self.bases = rng.standard_normal((n_clusters, DIM, sub_dim), dtype=np.float32) / np.sqrt(DIM)
        weights = 1.0 / np.arange(1, n_clusters + 1) ** 0.7
        self.p = weights / weights.sum()
        self.sub_dim = sub_dim

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        c = rng.choice(len(self.centers), size=n, p=self.p)
        z = rng.standard_normal((n, self.sub_dim), dtype=np.float32) * 0.15
        out = self.centers[c] + rng.standard_normal((n, DIM), dtype=np.float32) * (0.25 / np.sqrt(DIM))
        order = np.argsort(c, kind="stable")
        bounds = np.searchsorted(c[order], np.arange(len(self.centers) + 1))
        for k in range(len(self.centers)):
            rows = order[bounds[k]:bounds[k + 1]]
            if len(rows):
                out[rows] += z[rows] @ self.bases[k].T
        return normalise(out)


def pct(xs: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(xs), q))


def measure(ix: VectorIndex, xq: np.ndarray, truth: np.ndarray, breadth: int | None, label: str) -> None:
    """Single-query k=10 latency (library ``search``, incl. id mapping) and recall@10 vs ``truth``.

    ``breadth`` is nprobe for IVF, efSearch for HNSW (None: the index's default).
    """
    faiss.omp_set_num_threads(1)  # one query = one thread; OpenMP spinning only adds jitter
    kw = {"nprobe": breadth} if ix.index_type == "ivf" else {"ef_search": breadth}
    name = "nprobe" if ix.index_type == "ivf" else "efSearch"
    shown = breadth or (ix.nprobe if ix.index_type == "ivf" else ix.ef_search)
    lat, found = [], []
    for q in xq:
        t = time.perf_counter()
        hits = ix.search(q, 10, **kw)[0]
        lat.append((time.perf_counter() - t) * 1000)
        found.append(hits)
    recall = np.mean([len({h[0] for h in hits} & set(truth[i].tolist())) / 10 for i, hits in enumerate(found)])
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    print(f"  {label} {name}={shown}: p50 {pct(lat, 50):.2f} ms, p99 {pct(lat, 99):.2f} ms, "
          f"recall@10 {recall:.4f}", flush=True)


def build(args: argparse.Namespace, work: Path) -> None:
    """Generate data, exact ground truth, build the index and save it (plus queries) into ``work``."""
    rng = np.random.default_rng(args.seed)
    source = args.source
    base_path = real_source()
    if source == "auto":
        source = "real" if base_path else "clusters"
    t0 = time.perf_counter()
    total = args.n + args.add + args.queries
    if source == "real":
        if base_path is None:
            raise SystemExit("no cached real embeddings: run benchmarks/embed_corpus.py first or use --source clusters")
        base = np.load(base_path)
        data = make_real(total, rng, base, args.noise)
        desc = f"real embeddings of {len(base)} papers ({base_path.name}) x{total / len(base):.1f} + N(0,{args.noise}^2)"
    else:
        data = Clusters(rng).sample(total, rng)
        desc = "seeded mixture of 2,000 clusters under 50 topics"
    xb, xadd, xq = data[:args.n], data[args.n:args.n + args.add], data[args.n + args.add:]
    print(f"data: {args.n:,} x {DIM} ({desc}); generated in {time.perf_counter() - t0:.1f} s", flush=True)
    sample = xb[rng.integers(0, args.n, 100_000)]
    print(f"  shape: mean top-1 cosine of a query to a 100k sample {(xq[:200] @ sample.T).max(1).mean():.3f}, "
          f"mean cosine of random pairs {(xq[:200] @ sample[:2000].T).mean():.3f}", flush=True)
    t0 = time.perf_counter()
    exact = faiss.IndexFlatIP(DIM)
    exact.add(xb)
    _, gt_rows = exact.search(xq, 10)
    print(f"exact ground truth for {len(xq)} queries: {time.perf_counter() - t0:.1f} s", flush=True)
    faiss.omp_set_num_threads(1)
    lat = []
    for q in xq[:50]:
        t = time.perf_counter()
        exact.search(q.reshape(1, -1), 10)
        lat.append((time.perf_counter() - t) * 1000)
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    print(f"(exact flat single-query k=10 at {args.n:,}, 1 thread: p50 {pct(lat, 50):.0f} ms - why an approximate index)", flush=True)
    del exact
    ids = [f"b{i}" for i in range(args.n)]
    rss0 = rss_mb()
    t0 = time.perf_counter()
    index = VectorIndex(DIM, "bench", index_type=args.index_type, hnsw_m=args.m, ef_construction=args.ef_construction)
    step = 100_000
    for start in range(0, args.n, step):
        index.upsert(ids[start:start + step], xb[start:start + step])
        print(f"  built {min(start + step, args.n):,} ({index.index_type}) {time.perf_counter() - t0:.0f} s", flush=True)
    shape = (f"nlist={index.ivf_nlist}, trained on {index.ivf_trained_on:,}" if index.index_type == "ivf"
             else f"M={args.m}, efConstruction={args.ef_construction}")
    print(f"build: {time.perf_counter() - t0:.1f} s ({index.index_type}, {shape}); RSS +{rss_mb() - rss0:.0f} MB for the index", flush=True)
    t0 = time.perf_counter()
    index.save(work / "index", graph_paper_count=args.n)
    size = sum(p.stat().st_size for p in (work / "index").iterdir()) / 2**20
    print(f"save (atomic, with checksums): {time.perf_counter() - t0:.1f} s, {size:.0f} MB on disk", flush=True)
    np.save(work / "xq.npy", xq)
    np.save(work / "xadd.npy", xadd)
    np.save(work / "gt.npy", gt_rows)
    np.save(work / "replace.npy", normalise(xb[:args.add] + rng.standard_normal((args.add, DIM), dtype=np.float32)
                                            * 0.01))


def query(args: argparse.Namespace, work: Path) -> None:
    """Load the saved index; latency/recall at several efSearch; add 2,000; replace 2,000."""
    xq, xadd, gt_rows = np.load(work / "xq.npy"), np.load(work / "xadd.npy"), np.load(work / "gt.npy")
    rss0 = rss_mb()
    t0 = time.perf_counter()
    index = VectorIndex.load(work / "index")
    load_s = time.perf_counter() - t0
    print(f"load: {load_s:.1f} s with checksum verification; RSS +{rss_mb() - rss0:.0f} MB", flush=True)
    t0 = time.perf_counter()
    VectorIndex.load(work / "index", verify=False)
    print(f"load without checksum: {time.perf_counter() - t0:.1f} s", flush=True)
    n = len(index)
    truth = np.asarray([f"b{i}" for i in range(n)], dtype=object)[gt_rows]
    print(f"single-query k=10 over {n:,} vectors ({index.index_type}):")
    breadths = args.nprobe if index.index_type == "ivf" else args.ef
    for b in (int(e) for e in breadths.split(",")):
        measure(index, xq, truth, b, index.index_type)
    t0 = time.perf_counter()
    index.upsert([f"a{i}" for i in range(len(xadd))], xadd)
    print(f"add {len(xadd):,} new vectors to {n:,}: {time.perf_counter() - t0:.2f} s", flush=True)
    replace = np.load(work / "replace.npy")
    t0 = time.perf_counter()
    index.upsert([f"b{i}" for i in range(len(replace))], replace)
    print(f"replace {len(replace):,} vectors (new versions, tombstoned): {time.perf_counter() - t0:.2f} s; "
          f"tombstones {index.tombstones}", flush=True)
    t0 = time.perf_counter()
    vids, live = index.live_vectors()
    exact = faiss.IndexFlatIP(DIM)
    exact.add(live)
    _, rows = exact.search(xq, 10)
    live_ids = np.asarray([index.arxiv_id_for(v) for v in vids], dtype=object)
    del exact, live
    print(f"  (exact ground truth recomputed on the updated set: {time.perf_counter() - t0:.1f} s)")
    measure(index, xq, live_ids[rows], None, "after add+replace")
    t0 = time.perf_counter()
    index.save(work / "index", graph_paper_count=n + len(xadd))
    print(f"save after add: {time.perf_counter() - t0:.1f} s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (incl. query arrays)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--add", type=int, default=2000)
    ap.add_argument("--source", choices=("real", "clusters", "auto"), default="auto")
    ap.add_argument("--noise", type=float, default=0.02, help="per-dimension noise sd for --source real")
    ap.add_argument("--m", type=int, default=32)
    ap.add_argument("--ef-construction", type=int, default=80)
    ap.add_argument("--index-type", choices=("auto", "ivf", "hnsw"), default="auto")
    ap.add_argument("--nprobe", default="8,16,32,64")
    ap.add_argument("--ef", default="64,128,256,384")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--phase", choices=("all", "build", "query"), default="all")
    ap.add_argument("--dir", default=None, help="keep the index and queries here (default: a temp dir, removed)")
    args = ap.parse_args()
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    work = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="sg_vi_", dir="/tmp"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.phase in ("all", "build"):
            build(args, work)
        if args.phase in ("all", "query"):
            query(args, work)
    finally:
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
