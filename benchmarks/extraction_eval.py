"""Measure model extraction on Epoch AI's notable models (../shared/data/epoch-dev), title+abstract only.

Prints paper-level precision/recall/F1 of introduced model names after normalisation, accuracy of
open vs closed on the models found, of parameter counts (within 10%) and of base models, and writes
every miss to a file for reading.

Matching (documented so the figure can be judged): names are compared in lookup form (case,
spaces, hyphens, underscores folded; parenthesised qualifiers of the gold name dropped). A
predicted model matches a gold model of the same paper when one form is a prefix of the other
(shorter side >= 3 characters): "Llama 2-70B" ~ ``llama-2``, "RoBERTa Large" ~ ``roberta``; a predicted
model's aliases from the paper count too ("Segment Anything Model" ~ ``sam``). Each
distinct predicted introduced model of a paper that matches no gold model is a false positive.
The strict figure (equal forms only) is printed too, and a "grouped" precision where the size
variants of one model in a paper ("Qwen2-0.5B", "Qwen2-7B", "Qwen2-72B") count as one prediction:
Epoch lists one notable size, so every other correctly read size would otherwise be a false positive.

The recall ceiling (reporting only; it changes no figure above) is the share of gold models that an
extractor reading title+abstract could match at all: "strict" when the gold lookup form is a substring
of the lookup form of title+abstract; "reachable" when, besides, some run of 1 to 5 consecutive words of
title+abstract matches the gold name by the prefix rule above (runs starting with a common English
function word such as "The" are not counted, so "The" does not reach "Theseus 6/768").
Open/closed also prints the share of found models that got a definite label (open weights, or API /
unreleased) rather than "unknown", which the accuracy counts as not open.

Rule by rule: introduced models are counted right / wrong per the rule that accepted them (``title-colon``,
``intro-verb``, ``intro-named``, ... from ``PaperExtraction.decisions``), and open/closed right / total per
the rule that decided the label (``curated-access``: accessibility.yaml; ``listed-version``: models.yaml;
``text-cue``: the paper's own words). "Recall of the gold names that appear in title/abstract" is recall
over those gold models only (strict: the gold name is a substring; reachable: by the prefix rule above).
A paper-scoped key ("prism-2505.01234") is compared by its name part.

    python benchmarks/extraction_eval.py [--csv PATH] [--misses PATH]
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from tracker.extract.paper import extract_paper  # noqa: E402
from tracker.extract.params import param_mentions  # noqa: E402
from tracker.knowledge import compact  # noqa: E402
from tracker.records import PaperRecord  # noqa: E402

DEFAULT_CSV = ROOT.parent / "shared" / "data" / "epoch-dev" / "notable_models_dev.csv"


_SIZE_SUFFIX = re.compile(r"-(?:\d+(?:\.\d+)?[bmt]|\d+x\d+(?:\.\d+)?b)$")


def gold_form(name: str) -> str:
    return compact(re.sub(r"\(.*?\)", "", name.replace("\xa0", " ")))


_FUNCTION_WORDS = {"the", "a", "an", "and", "or", "of", "for", "with", "to", "in", "on", "by", "from", "at", "as", "is",
                   "are", "we", "our", "this", "that", "its", "it", "be", "via", "using", "into", "over", "than"}


def word_runs(text: str, longest: int = 5) -> set[str]:
    """Lookup forms of every run of 1..``longest`` consecutive words not starting with a function word."""
    words = re.findall(r"[\w\-.+/]+", text.replace("\xa0", " "))
    out = set()
    for i, w in enumerate(words):
        if w.casefold() in _FUNCTION_WORDS:
            continue
        for k in range(i + 1, min(len(words), i + longest) + 1):
            form = compact(" ".join(words[i:k]))
            if len(form) >= 3:
                out.add(form)
    return out


def reach_note(reach: tuple[bool, bool]) -> str:
    return "  (in text)" if reach[0] else "  (reachable)" if reach[1] else ""


def matches(gold: str, pred: str, strict: bool = False) -> bool:
    if gold == pred:
        return True
    if strict:
        return False
    short, long_ = sorted((gold, pred), key=len)
    return len(short) >= 3 and long_.startswith(short)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--misses", type=Path, default=Path("extraction_eval_misses.txt"))
    args = ap.parse_args(argv)
    if not args.csv.exists():
        print(f"skip: {args.csv} not found (../shared/data absent)")
        return 0
    rows = list(csv.DictReader(args.csv.open(encoding="utf-8")))
    papers: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        papers[r["Link"]].append(r)

    tp_pred = fp = gold_found = gold_total = strict_found = strict_tp = strict_fp = 0
    open_right = open_total = params_right = params_total = params_out_right = params_out_total = 0
    base_right = base_total = 0
    strict_reach = loose_reach = 0
    open_definite = open_definite_right = 0
    group_tp = group_fp = 0
    found_strict_reach = found_loose_reach = 0
    rule_tp: dict[str, int] = defaultdict(int)
    rule_fp: dict[str, int] = defaultdict(int)
    access_rule_right: dict[str, int] = defaultdict(int)
    access_rule_total: dict[str, int] = defaultdict(int)
    lines: list[str] = []
    for link, golds in papers.items():
        arxiv_id = link.rstrip("/").split("/")[-1]
        g0 = golds[0]
        try:
            rec = PaperRecord(arxiv_id=arxiv_id, title=g0["Reference"], abstract=g0["Abstract"])
        except ValueError:
            continue
        ext = extract_paper(rec)
        intro = [m for m in ext.models if m.role == "introduced"]
        pred_forms = {}

        def form(key: str, arxiv_id: str = rec.arxiv_id) -> str:
            return compact(key.removesuffix(f"-{arxiv_id}"))  # a paper-scoped key ("prism-2503.01234") names "prism"

        for m in intro:
            pred_forms.setdefault(form(m.key), m)
        alias_of = {compact(a): form(m.key) for m in intro for a in m.aliases if len(compact(a)) >= 3}
        gold_forms = [(gold_form(g["Model"]), g) for g in golds]
        gold_total += len(gold_forms)
        runs = word_runs(f"{g0['Reference']} {g0['Abstract']}")
        text_form = compact(f"{g0['Reference']} {g0['Abstract']}")
        reach_of: dict[str, tuple[bool, bool]] = {}
        for gf, _ in gold_forms:
            strict = gf in text_form
            loose = strict or any(matches(gf, r) for r in runs)
            reach_of[gf] = (strict, loose)
            strict_reach += strict
            loose_reach += loose
        matched_pred: set[str] = set()
        for gf, g in gold_forms:
            hit = next((p for p in pred_forms if matches(gf, p)), None) or next(
                (alias_of[a] for a in alias_of if matches(gf, a)), None)
            if next((p for p in pred_forms if matches(gf, p, strict=True)), None):
                strict_found += 1
            if hit is None:
                lines.append(f"MISS  {arxiv_id}  gold={g['Model']!r}  predicted={[m.key for m in intro]}  "
                             f"title={g['Reference'][:80]!r}{reach_note(reach_of[gf])}")
                continue
            gold_found += 1
            found_strict_reach += reach_of[gf][0]
            found_loose_reach += reach_of[gf][1]
            matched_pred.add(hit)
            m = pred_forms[hit]
            acc = g["Model accessibility"]
            if acc:
                open_total += 1
                gold_open = acc.startswith("Open weights")
                access_rule_total[m.rule or "-"] += 1
                access_rule_right[m.rule or "-"] += m.is_open == gold_open
                if m.accessibility != "unknown":
                    open_definite += 1
                    open_definite_right += m.is_open == gold_open
                if m.is_open == gold_open:
                    open_right += 1
                else:
                    lines.append(f"OPEN  {arxiv_id}  {g['Model']!r} gold={acc!r} predicted={m.accessibility}")
            if g["Parameters"]:
                gp = float(g["Parameters"]) / 1e9
                stated = bool(param_mentions(f"{g['Reference']}. {g['Abstract']}")) or m.params_b is not None
                ok = m.params_b is not None and abs(m.params_b - gp) <= 0.1 * gp
                if stated:
                    params_total += 1
                    params_right += ok
                if m.params_b is not None:
                    params_out_total += 1
                    params_out_right += ok
                if stated and not ok:
                    lines.append(f"PARAM {arxiv_id}  {g['Model']!r} gold={gp:g}B predicted={m.params_b}")
            if g["Base model"]:
                base_total += 1
                gb = [gold_form(b) for b in g["Base model"].split(",")]
                pb = compact(m.base_model) if m.base_model else ""
                if pb and any(matches(b, pb) for b in gb):
                    base_right += 1
                else:
                    lines.append(f"BASE  {arxiv_id}  {g['Model']!r} gold={g['Base model']!r} predicted={m.base_model}")
        groups: dict[str, list[str]] = {}
        for p in pred_forms:
            groups.setdefault(_SIZE_SUFFIX.sub("", pred_forms[p].key), []).append(p)
        for members in groups.values():
            if any(p in matched_pred or any(matches(gf, p) for gf, _ in gold_forms) for p in members):
                group_tp += 1
            else:
                group_fp += 1
        for p, m in pred_forms.items():
            intro_rule = next((d.rule for d in ext.decisions if d.accepted and d.candidate == m.name), "other")
            if p in matched_pred or any(matches(gf, p) for gf, _ in gold_forms):
                tp_pred += 1
                rule_tp[intro_rule] += 1
            else:
                rule_fp[intro_rule] += 1
                fp += 1
                lines.append(f"FP    {arxiv_id}  predicted={m.key!r} gold={[g['Model'] for g in golds]}")
            if any(matches(gf, p, strict=True) for gf, _ in gold_forms):
                strict_tp += 1
            else:
                strict_fp += 1

    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    precision, recall = ratio(tp_pred, tp_pred + fp), ratio(gold_found, gold_total)
    f1 = ratio(2 * precision * recall, precision + recall) if precision + recall else 0.0
    sp, sr = ratio(strict_tp, strict_tp + strict_fp), ratio(strict_found, gold_total)
    print(f"papers={len(papers)} gold_models={gold_total} predicted_introduced={tp_pred + fp}")
    print(f"model names   precision={precision:.3f} recall={recall:.3f} F1={f1:.3f}   "
          f"(strict equality: P={sp:.3f} R={sr:.3f})")
    print(f"              grouped precision (size variants of one model count once)="
          f"{ratio(group_tp, group_tp + group_fp):.3f} ({group_tp}/{group_tp + group_fp})")
    print(f"              recall ceiling: gold names in title/abstract strict={ratio(strict_reach, gold_total):.3f} "
          f"({strict_reach}/{gold_total}), reachable by the prefix rule={ratio(loose_reach, gold_total):.3f} "
          f"({loose_reach}/{gold_total}); recall / reachable={ratio(gold_found, loose_reach):.3f}")
    print(f"              recall of the gold names that appear in title/abstract: strict="
          f"{ratio(found_strict_reach, strict_reach):.3f} ({found_strict_reach}/{strict_reach}), reachable="
          f"{ratio(found_loose_reach, loose_reach):.3f} ({found_loose_reach}/{loose_reach})")
    print("introduced models by rule (right / wrong):  " + ", ".join(
        f"{r}={rule_tp[r]}/{rule_fp[r]}" for r in sorted(set(rule_tp) | set(rule_fp))))
    print(f"open/closed   accuracy={ratio(open_right, open_total):.3f}  ({open_right}/{open_total} found models "
          f"with a gold accessibility); labelled open or closed (not unknown): {open_definite}/{open_total}, "
          f"of which right {ratio(open_definite_right, open_definite):.3f}")
    print("open/closed by deciding rule (right / total):  " + ", ".join(
        f"{r}={access_rule_right[r]}/{access_rule_total[r]}" for r in sorted(access_rule_total)))
    print(f"params ±10%   right={ratio(params_right, params_total):.3f}  ({params_right}/{params_total} found models "
          f"whose title/abstract states a count); of those we output: {params_out_right}/{params_out_total}")
    print(f"base model    right={ratio(base_right, base_total):.3f}  ({base_right}/{base_total} found models with a "
          f"gold base model)")
    args.misses.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    print(f"misses written to {args.misses}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
