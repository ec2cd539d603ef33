"""Organisation and country of a paper from title, abstract and links alone (no PDF), on Epoch's dev set.

For each of the 209 Epoch notable models with an arXiv paper: extract models (tracker.extract.paper, for
the developers of introduced models) and organisations (hub links, model developers; arXiv carries no
affiliations here). Coverage = papers with a predicted organisation. On those:
- organisation accuracy: every predicted organisation is one of Epoch's organisations for the model
  (compared at lab-family level: Google Brain/Google Research/DeepMind roll up to Google, FAIR to Meta;
  Epoch's names are resolved with the same matcher);
- country accuracy: every predicted country is among Epoch's countries.
Run: python benchmarks/org_eval_epoch.py [--show]
"""

from __future__ import annotations

import argparse
import csv
import logging
from pathlib import Path

from tracker.extract.affiliations import extract_organizations  # noqa: E402
from tracker.knowledge.labs import load_labs, root_key  # noqa: E402
from tracker.orgs.matcher import default_matcher  # noqa: E402
from tracker.records import PaperRecord  # noqa: E402

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "epoch-dev" / "notable_models_dev.csv"
EPOCH_COUNTRY = {"United States of America": "US", "United Kingdom of Great Britain and Northern Ireland": "GB",
                 "Korea (Republic of)": "KR", "Hong Kong": "HK", "Taiwan": "TW", "Czechia": "CZ",
                 "Russia": "RU", "Viet Nam": "VN", "Iran (Islamic Republic of)": "IR"}


def _country_code(name: str, m) -> str | None:  # noqa: ANN001
    name = name.strip()
    if name in EPOCH_COUNTRY:
        return EPOCH_COUNTRY[name]
    found = m.countries_in(name)
    return found[0] if len(found) == 1 else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", action="store_true", help="print every paper's prediction")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if not DEV.exists():
        print(f"dev set not found at {DEV}")
        return 0
    try:
        from tracker.extract.paper import extract_paper
    except ImportError:
        extract_paper = None  # type: ignore[assignment]
    m = default_matcher()
    labs = load_labs()
    rows = list(csv.DictReader(DEV.open(encoding="utf-8")))
    n = covered = org_ok = ctry_n = ctry_ok = 0
    for row in rows:
        link = row.get("Link", "")
        arxiv_id = link.rstrip("/").rsplit("/", 1)[-1].removesuffix(".pdf")
        try:
            record = PaperRecord(arxiv_id=arxiv_id, title=row.get("Reference") or "-", abstract=row.get("Abstract", ""),
                                 authors=[a.strip() for a in (row.get("Authors") or "").split(",") if a.strip()])
        except ValueError:
            continue
        n += 1
        models = extract_paper(record).models if extract_paper else []
        orgs = [o for o in extract_organizations(record, None, models, m) if o.key]
        gold_names = [g.strip() for g in row["Organization"].split(",") if g.strip()]
        gold_keys = {root_key(k, labs) for g in gold_names if (k := m.match(g).key)}
        gold_ctry = {c for g in row["Country (of organization)"].split(",") if (c := _country_code(g, m))}
        if not orgs:
            if args.show:
                print(f"  -  {row['Model'][:40]:40s} gold={gold_names}")
            continue
        covered += 1
        pred_keys = {root_key(o.key, labs) for o in orgs}  # type: ignore[arg-type]
        ok = pred_keys <= gold_keys
        org_ok += ok
        pred_ctry = {o.country for o in orgs if o.country}
        if gold_ctry and pred_ctry:
            ctry_n += 1
            ctry_ok += pred_ctry <= gold_ctry
        if args.show or not ok:
            print(f"{'ok' if ok else 'XX'} {row['Model'][:40]:40s} pred={sorted(pred_keys)} {sorted(pred_ctry)} "
                  f"via {sorted({o.source for o in orgs})}  gold={gold_names} {sorted(gold_ctry)}")
    print(f"papers: {n}; coverage (organisation predicted from title/abstract/links): {covered}/{n} = "
          f"{covered / max(n, 1):.3f}")
    print(f"organisation accuracy: {org_ok}/{covered} = {org_ok / max(covered, 1):.3f}   "
          f"country accuracy: {ctry_ok}/{ctry_n} = {ctry_ok / max(ctry_n, 1):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
