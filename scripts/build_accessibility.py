"""Build tracker/knowledge/accessibility.yaml: dated open/closed facts per model key.

Sources, in order: Epoch AI's capabilities index (``epoch-benchmarks/data/website/epoch_capabilities_index.csv``,
one row per evaluated model version with release date, organisation, country and accessibility; its commit is
read from the folder's SOURCE.txt and written into the output), then our hand-curated file
``tracker/knowledge/accessibility_curated.yaml`` for the models Epoch does not list. Each Epoch model name is
keyed by sotagraph's own name grammar (:mod:`tracker.extract.identity`), so the facts meet the keys the
extractor writes. A key whose rows disagree (two sizes with different access) keeps only the size-specific keys.

    python scripts/build_accessibility.py [--epoch DIR] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

from tracker.knowledge import HERE  # noqa: E402
from tracker.knowledge.labs import load_countries, load_labs  # noqa: E402

DEFAULT_EPOCH = ROOT.parent / "shared" / "data" / "epoch-benchmarks"
ACCESS = {"open weights": "open_weights", "api access": "api", "hosted access": "hosted", "unreleased": "unreleased"}


def epoch_access(text: str) -> str | None:
    low = text.strip().casefold()
    return next((v for k, v in ACCESS.items() if low.startswith(k)), None)


def org_key(name: str) -> str | None:
    """Epoch's organisation name -> our lab key (name or alias, case-folded), else None."""
    want = name.strip().casefold()
    for lab in load_labs().values():
        if want == lab.name.casefold() or want in (a.casefold() for a in lab.aliases):
            return lab.key
    return None


def country_code(name: str) -> str | None:
    names, _ = load_countries()
    folded = {k.casefold(): v for k, v in names.items()}
    first = name.split(",")[0].strip().casefold()
    if first.startswith("united kingdom"):
        return "GB"
    return folded.get(first)


def key_of(name: str) -> str | None:
    """Our key for an Epoch model name, when the whole name is one model name (not "OpenHands + Nova")."""
    from tracker.extract.models import find_mentions

    name = re.sub(r"\s*\((?:[^)]*)\)\s*$", "", name.strip())
    if not name or "+" in name:
        return None
    found = find_mentions(name)
    if len(found) != 1 or found[0].start != 0 or found[0].end < len(name.rstrip()) - 1:
        return None
    return found[0].key


def build(epoch_dir: Path, curated_path: Path) -> tuple[dict, str]:
    source = (epoch_dir / "SOURCE.txt").read_text(encoding="utf-8") if (epoch_dir / "SOURCE.txt").exists() else ""
    commit = (re.search(r"commit\s+([0-9a-f]{6,40})", source) or [None, "unknown"])[1]
    rows = list(csv.DictReader((epoch_dir / "data" / "website" / "epoch_capabilities_index.csv").open(encoding="utf-8")))
    by_key: dict[str, list[dict]] = {}
    for r in rows:
        acc = epoch_access(r.get("Model accessibility") or "")
        name = r.get("Model name") or ""
        if acc is None or not name:
            continue
        key = key_of(name)
        if key is None:
            continue
        by_key.setdefault(key, []).append({
            "access": acc, "since": r.get("Release date") or None, "org": (r.get("Organization") or "").split(",")[0],
            "country": r.get("Country") or ""})
    out: dict[str, dict] = {}
    for key, facts in sorted(by_key.items()):
        accs = {f["access"] for f in facts}
        if len(accs) != 1:
            print(f"skip {key}: Epoch rows disagree ({sorted(accs)})")
            continue
        since = min((f["since"] for f in facts if f["since"]), default=None)
        org = facts[0]["org"]
        entry = {"access": accs.pop(), "since": since, "developer": org_key(org) if org else None,
                 "country": country_code(facts[0]["country"]) if facts[0]["country"] else None,
                 "source": f"Epoch AI capabilities index ({org or 'unknown org'})"}
        out[key] = {k: v for k, v in entry.items() if v is not None}
    curated = (yaml.safe_load(curated_path.read_text(encoding="utf-8")) or {}).get("models") or {}
    for key, entry in curated.items():
        entry = {k: str(v) if k == "since" else v for k, v in entry.items()}
        if key in out:
            if out[key]["access"] != entry["access"]:
                print(f"conflict {key}: Epoch {out[key]['access']} vs curated {entry['access']} (Epoch kept)")
            continue
        out[key] = entry
    return out, commit


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epoch", type=Path, default=DEFAULT_EPOCH)
    ap.add_argument("--curated", type=Path, default=HERE / "accessibility_curated.yaml")
    ap.add_argument("--out", type=Path, default=HERE / "accessibility.yaml")
    args = ap.parse_args(argv)
    if not (args.epoch / "data" / "website" / "epoch_capabilities_index.csv").exists():
        print(f"error: {args.epoch} has no data/website/epoch_capabilities_index.csv", file=sys.stderr)
        return 2
    facts, commit = build(args.epoch, args.curated)
    header = (
        "# GENERATED by scripts/build_accessibility.py - do not edit by hand; edit accessibility_curated.yaml\n"
        f"# Sources: Epoch AI benchmark-stitching (MIT), commit {commit}, data/website/epoch_capabilities_index.csv;\n"
        "# then tracker/knowledge/accessibility_curated.yaml (hand-curated) for models Epoch does not list.\n"
        "# model key -> access (open_weights | api | hosted | unreleased), since (release date), developer, source\n")
    body = yaml.safe_dump({"epoch_commit": commit, "models": facts}, sort_keys=False, allow_unicode=True, width=140)
    args.out.write_text(header + body, encoding="utf-8")
    print(f"wrote {len(facts)} facts to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
