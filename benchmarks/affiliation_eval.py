"""Affiliation matcher accuracy on the real gold sets in ../shared/data/ror/affiliation-gold.

Prints, per gold set: strings, coverage (share resolved to an organisation / given a country),
accuracy@1 of the organisation and of the country on the strings resolved, and matching speed.

How gold is read (there is no ROR-id -> name dump here, see SOURCE.txt):
- OpenAlex sets carry gold institution *names*: organisation is right when the predicted
  organisation's name or an alias equals a gold name (normalised); gold country = the registry
  country of the gold name when that name is unambiguous.
- ROR-id sets (Crossref, Springer Nature, ROR API logs) carry only ROR ids. Organisation accuracy is a
  consistency proxy: strings sharing a gold id must resolve to the same key (the id's majority key)
  and that key must belong to no other gold id. Gold country = the country that the *other* strings
  of the same id name explicitly (leave-one-out, unanimous), so a string never grades itself.
  ``NP`` rows (no ROR match exists) measure false resolutions.

Run: python benchmarks/affiliation_eval.py [--limit N]
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import logging
import tarfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from tracker.orgs.matcher import Matcher, MatchResult, default_matcher, normalise  # noqa: E402

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ror" / "affiliation-gold"


def _names_of(m: Matcher, key: str) -> set[str]:
    e = m.registry.entries[key]
    return {normalise(n) for n in e.all_names}


def _gold_country_by_name(m: Matcher, name: str) -> str | None:
    keys = m._exact.get(normalise(name), [])  # noqa: SLF001 - benchmark reads the index directly
    countries = {m.registry.entries[k].country for k in keys} - {None}
    return countries.pop() if len(countries) == 1 else None


def openalex_rows() -> dict[str, list[tuple[str, list[str]]]]:
    sets: dict[str, list[tuple[str, list[str]]]] = {}
    with tarfile.open(GOLD / "openalex_institution_gold_datasets_v2.tgz") as tf:
        for member in tf.getmembers():
            if not member.name.endswith("_labeled.tsv"):
                continue
            text = tf.extractfile(member).read().decode("utf-8", errors="replace")  # type: ignore[union-attr]
            rows = []
            for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
                try:
                    labels = ast.literal_eval(row.get("labels_name") or "[]")
                except (ValueError, SyntaxError):
                    continue
                names = [lab.split(" - ", 1)[1] for lab in labels if " - " in lab and not lab.startswith("-1")]
                rows.append((row["affiliation_string"], names))
            sets[f"openalex:{Path(member.name).stem}"] = rows
    return sets


def ror_rows() -> dict[str, list[tuple[str, str]]]:
    sets = {}
    for name in ("crossref_publisher_asserted_affiliation_ror_2023-06-28.csv",
                 "springer_nature_affiliation_ror_2023-10-31.csv", "ror_api_matching_logs_2023-09-03.csv"):
        with (GOLD / name).open(encoding="utf-8-sig") as fh:
            sets[name.split("_")[0]] = [(r["affiliation"], r["ror_id"].strip()) for r in csv.DictReader(fh)
                                        if r.get("affiliation")]
    return sets


def _fmt(n: int, d: int) -> str:
    return f"{n / d:.3f} ({n}/{d})" if d else "n/a"


def eval_openalex(m: Matcher, name: str, rows: list[tuple[str, list[str]]], totals: Counter) -> None:
    n = resolved = org_ok = ctry_n = ctry_ok = ctry_res = ctry_res_ok = none_rows = none_false = 0
    for text, gold_names in rows:
        res = m.match(text)
        if not gold_names:
            none_rows += 1
            none_false += res.resolved
            continue
        n += 1
        gold_norm = {normalise(g) for g in gold_names}
        gold_countries = {c for g in gold_names if (c := _gold_country_by_name(m, g))}
        if res.resolved:
            resolved += 1
            org_ok += bool(_names_of(m, res.key) & gold_norm)  # type: ignore[arg-type]
        if gold_countries and res.country:
            ctry_n += 1
            ctry_ok += res.country in gold_countries
            if res.resolved:
                ctry_res += 1
                ctry_res_ok += res.country in gold_countries
    totals.update(n=n, resolved=resolved, org_ok=org_ok, ctry_n=ctry_n, ctry_ok=ctry_ok)
    print(f"{name:48s} n={n:5d} org coverage {_fmt(resolved, n)}  org acc@1 {_fmt(org_ok, resolved)}  "
          f"country acc (resolved orgs) {_fmt(ctry_res_ok, ctry_res)}  country acc (any source) "
          f"{_fmt(ctry_ok, ctry_n)}  no-org rows resolved anyway {none_false}/{none_rows}")


def eval_ror(m: Matcher, name: str, rows: list[tuple[str, str]], totals: Counter) -> None:
    results: list[tuple[str, str, MatchResult]] = [(t, g, m.match(t)) for t, g in rows]
    by_id: dict[str, list[MatchResult]] = defaultdict(list)
    for _, gold, res in results:
        if gold and gold != "NP":
            by_id[gold].append(res)
    # majority key per gold id, and the gold ids each key is the majority of
    major: dict[str, str] = {}
    owners: dict[str, set[str]] = defaultdict(set)
    for gid, rs in by_id.items():
        keys = Counter(r.key for r in rs if r.key)
        if keys:
            major[gid] = keys.most_common(1)[0][0]
            owners[major[gid]].add(gid)
    # leave-one-out gold country from the explicit country words of the id's other strings
    explicit: dict[str, list[str | None]] = defaultdict(list)
    for text, gold, _ in results:
        if gold and gold != "NP":
            cs = m.countries_in(text)
            explicit[gold].append(cs[0] if len(cs) == 1 else None)
    n = resolved = org_ok = ctry_n = ctry_ok = ctry_res = ctry_res_ok = np_rows = np_false = 0
    seen_idx: dict[str, int] = defaultdict(int)
    for _, gold, res in results:
        if gold == "NP":
            np_rows += 1
            np_false += res.resolved
            continue
        if not gold:
            continue
        n += 1
        i = seen_idx[gold]
        seen_idx[gold] += 1
        others = {c for j, c in enumerate(explicit[gold]) if j != i and c}
        gold_country = others.pop() if len(others) == 1 else None
        if res.resolved:
            resolved += 1
            org_ok += major.get(gold) == res.key and len(owners[res.key]) == 1 and len(by_id[gold]) > 1
        if gold_country and res.country:
            ctry_n += 1
            ctry_ok += res.country == gold_country
            if res.resolved:
                ctry_res += 1
                ctry_res_ok += res.country == gold_country
    multi = sum(1 for _, g, r in results if r.resolved and g in by_id and len(by_id[g]) > 1)
    totals.update(n=n, resolved=resolved, ctry_n=ctry_n, ctry_ok=ctry_ok)
    print(f"{name:48s} n={n:5d} org coverage {_fmt(resolved, n)}  org consistency@1 {_fmt(org_ok, multi)}  "
          f"country acc (resolved orgs) {_fmt(ctry_res_ok, ctry_res)}  country acc (any source) "
          f"{_fmt(ctry_ok, ctry_n)}  NP rows resolved anyway {np_false}/{np_rows}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="rows per set (0 = all)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if not GOLD.exists():
        print(f"gold sets not found at {GOLD}; nothing to measure")
        return 0
    t0 = time.perf_counter()
    m = default_matcher()
    print(f"index built in {time.perf_counter() - t0:.1f} s over {len(m.registry)} organisations")
    totals: Counter = Counter()
    strings = 0
    t1 = time.perf_counter()
    for name, rows in openalex_rows().items():
        rows = rows[: args.limit] if args.limit else rows
        strings += len(rows)
        eval_openalex(m, name, rows, totals)
    for name, rows2 in ror_rows().items():
        rows2 = rows2[: args.limit] if args.limit else rows2
        strings += len(rows2)
        eval_ror(m, name, rows2, totals)
    dt = time.perf_counter() - t1
    print(f"ALL: {totals['n']} gold strings, org coverage {_fmt(totals['resolved'], totals['n'])}, "
          f"country accuracy (any source) {_fmt(totals['ctry_ok'], totals['ctry_n'])}")
    print(f"matched {strings} strings in {dt:.1f} s ({strings / dt:.0f} strings/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
