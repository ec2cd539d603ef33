"""Store-level sanity of the model facts, for a person to read: run it on a filled store.

Prints (1) the 20 most-evaluated models with their keys, family, developer and accessibility; (2) a seeded
random sample of 50 model keys, each with the titles of the papers that introduce or evaluate it, flagging
keys introduced by more than one paper (the sign of unrelated models sharing a key) for a human to judge;
(3) the FID and perplexity leaderboards: each must ascend (lower is better), and no FID/perplexity result may
sit on a benchmark marked higher-is-better.

    python benchmarks/store_sanity.py --home PATH [--graph embedded|neo4j] [--seed 13]
Exit code 1 when a leaderboard check fails.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from graph.store import open_store  # noqa: E402
from tracker.config import load_settings  # noqa: E402

_LOWER_METRICS = ("fid", "perplexity", "ppl", "wer", "cer")


def _q(store, query: str, params: dict | None = None) -> list[dict]:  # noqa: ANN001 - GraphStore
    return store.read_only_query(query, params or {}, timeout_s=120.0, row_cap=100_000).records()


def top_evaluated(store, n: int = 20) -> list[dict]:  # noqa: ANN001
    return _q(store, "MATCH (p:Paper)-[:EVALUATES|INTRODUCES]->(m:Model) "
                     "RETURN m.key AS key, m.name AS name, m.family AS family, m.developer AS developer, "
                     "m.accessibility AS access, count(DISTINCT p) AS papers ORDER BY papers DESC, key LIMIT $n",
              {"n": n})


def key_sample(store, n: int, seed: int) -> list[dict]:  # noqa: ANN001
    keys = sorted(r["key"] for r in _q(store, "MATCH (m:Model) RETURN m.key AS key"))
    picked = random.Random(seed).sample(keys, min(n, len(keys)))
    out = []
    for key in picked:
        # the key is written into the query (quotes escaped): one query text per key, no parameter reuse
        k = "'" + key.replace("\\", "\\\\").replace("'", "\\'") + "'"
        intro = _q(store, f"MATCH (p:Paper)-[:INTRODUCES]->(m:Model) WHERE m.key = {k} RETURN p.arxiv_id AS id, "
                          "p.title AS t ORDER BY id LIMIT 5")
        evals = _q(store, f"MATCH (p:Paper)-[:EVALUATES]->(m:Model) WHERE m.key = {k} RETURN p.arxiv_id AS id, "
                          "p.title AS t ORDER BY id LIMIT 3")
        meta = _q(store, f"MATCH (m:Model) WHERE m.key = {k} RETURN m.name AS name, m.family AS family, "
                         "m.accessibility AS access")[0]
        out.append({"key": key, **meta, "introduced_by": intro, "evaluated_by": evals})
    return out


def leaderboards(store) -> tuple[list[str], int]:  # noqa: ANN001
    """Lines to print and the number of failed checks: for every FID/perplexity/WER board, the direction
    the dashboard uses (:func:`dashboard.metrics.higher_is_better` over the results' own flags) must be
    lower-is-better, and the board it draws (:func:`dashboard.metrics.leaderboard`) must ascend."""
    from dashboard import metrics

    rows = _q(store, "MATCH (r:Result)-[:ON_BENCHMARK]->(b:Benchmark) MATCH (r)-[:OF_MODEL]->(m:Model) "
                     "RETURN b.key AS bench, coalesce(r.higher_is_better, b.higher_is_better) AS hib, "
                     "r.metric AS metric, r.value AS value, m.key AS model")
    lines: list[str] = []
    failures = 0
    boards: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        metric = (r["metric"] or "").casefold()
        if metric.startswith(_LOWER_METRICS):
            boards.setdefault((r["bench"], metric), []).append(r)
    for (bench, metric), rs in sorted(boards.items(), key=lambda kv: -len(kv[1])):
        own = [r["hib"] for r in rs if r["hib"] in (True, False)]
        higher = metrics.higher_is_better((2 * sum(own) >= len(own)) if own else None, metric)
        board = metrics.leaderboard([{**r, "model": r["model"]} for r in rs], higher)
        values = [float(v) for v in board["value"]] if len(board) else []
        ok = not higher and all(a <= b for a, b in zip(values, values[1:], strict=False))
        failures += not ok
        top = ", ".join(f"{m}={v:g}" for m, v in zip(board["model"][:5], values[:5], strict=False))
        lines.append(f"{'ok  ' if ok else 'FAIL'} {bench:<20} {metric:<12} n={len(rs):<4} {top}")
    if not boards:
        lines.append("(no FID / perplexity / WER results in this store)")
    return lines, failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--graph", default=None, help="embedded (default: the home's setting) or neo4j")
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    if not args.home.exists():
        print(f"error: store home {args.home} does not exist", file=sys.stderr)
        return 2
    kw = {"home": args.home} | ({"graph": args.graph} if args.graph else {})
    try:
        store = open_store(load_settings(**kw), read_only=True)
    except Exception as exc:  # noqa: BLE001 - one line for the person running it, not a traceback
        print(f"error: cannot open the store at {args.home}: {exc}", file=sys.stderr)
        return 2
    with store:
        print("== the 20 most-evaluated models")
        for r in top_evaluated(store):
            print(f"{r['papers']:>6}  {r['key']:<28} {str(r['name'])[:28]:<28} family={r['family']} "
                  f"developer={r['developer']} access={r['access']}")
        print(f"\n== {args.sample} random model keys (seed {args.seed}): papers that introduce / evaluate each")
        shared = 0
        for s in key_sample(store, args.sample, args.seed):
            flag = "CHECK" if len(s["introduced_by"]) > 1 else "     "
            shared += flag == "CHECK"
            print(f"{flag} {s['key']:<32} name={s['name']!r} family={s['family']} access={s['access']}")
            for p in s["introduced_by"]:
                print(f"        introduced by {p['id']}: {str(p['t'])[:90]}")
            for p in s["evaluated_by"]:
                print(f"        evaluated in  {p['id']}: {str(p['t'])[:90]}")
        print(f"keys introduced by more than one paper (to judge by hand): {shared}/{args.sample}")
        print("\n== lower-is-better leaderboards (FID, perplexity, WER, CER)")
        lines, failures = leaderboards(store)
        print("\n".join(lines))
    print(f"\nleaderboard checks failed: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
