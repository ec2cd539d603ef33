"""Measure the current extractor on the hand-labelled random sample of snapshot abstracts.

Labels: tests/data/abstract_labels.yaml (200 abstracts drawn with a fixed seed, labelled by a person
from title + abstract; see the guidelines in its header), plus a 40-paper "stated-facts supplement"
drawn only among abstracts that state a size or a release, so developer / open-weights / parameter
accuracy has a denominator; every figure is printed for each section separately. Each paper's
snapshot line is turned into a :class:`PaperRecord` exactly as ``sotagraph`` reads the snapshot
(``record_from_json``) and passed to ``extract_paper`` (title + abstract only, no PDF).

Figures printed (acceptance targets in brackets, for reading only):

* introduced models: precision [>= 0.90] and recall [>= 0.80]. A predicted introduced model matches a
  labelled one of the same paper when a lookup form of the prediction (its name, key without a
  paper-scoped suffix, or any alias; case, spaces, hyphens, underscores, dots and other punctuation
  folded: "Foo-7B" = "Foo 7B" = "foo_7b") equals a lookup form of the label (name or alias); a name
  without a size matches the same name with a trailing size ("EXAONE 4.0" ~ "EXAONE 4.0 32B"), two
  different sizes never match. Each distinct predicted introduced model (by key) that matches no label
  is a false positive.
* where the abstract states them, on matched models: developer (lookup forms equal, or one contains
  the other), open weights (label true <-> accessibility ``open_weights``; label false <-> api /
  hosted / unreleased; ``unknown`` is wrong), parameters (within 5% of the stated total; active
  parameters checked too when labelled). The end-to-end figure also counts labelled facts of models
  the extractor did not find as wrong.
* scores stated in abstracts: precision [>= 0.95] and recall [>= 0.70]. A predicted result matches a
  labelled score of the same paper when the model (lookup forms as above), the benchmark (lookup form
  of key, name or alias equal to the label's or one of its ``benchmark_aliases``; variants stay
  distinct: ImageNet-100 is not ImageNet)
  and the value agree (equal to 1e-6 relative, or equal after a 0-1 <-> 0-100 rescale). The metric is
  not required to agree.
* borderline labels (named things with a trained network inside that the abstract calls a framework /
  method / approach, see the label file's guidelines): in the main figures a prediction matching one
  is ignored (neither right nor wrong) and they are not in the recall denominator; the figures with
  borderline entries counted as models ("lenient") and as non-models ("strict") are printed as bounds.
  ``borderline_scores`` are ignored in score precision the same way.

Per-paper false positives and false negatives are printed and written to ``--misses`` so rules can be
improved from them; rule-by-rule counts use the rule that accepted each introduced model
(``PaperExtraction.decisions``, else ``ExtractedModel.rule``) and ``ExtractedResult.rule``.

    python benchmarks/abstract_eval.py [--labels PATH] [--snapshot DIR] [--misses PATH] [--quiet]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]

from tracker.entities import ExtractedModel, ExtractedResult, PaperExtraction  # noqa: E402
from tracker.extract.paper import extract_paper  # noqa: E402
from tracker.sources.snapshot import record_from_json  # noqa: E402

DEFAULT_LABELS = ROOT / "tests" / "data" / "abstract_labels.yaml"
DEFAULT_SNAPSHOT = ROOT.parent / "shared" / "data" / "arxiv-daily"
DEFAULT_MISSES = ROOT.parent / "notes" / "abstract_eval_misses.txt"

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_SIZE_TAIL = re.compile(r"[\s\-_]*\d+(?:\.\d+)?\s*[bmk]$", re.IGNORECASE)
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def lookup(name: str) -> str:
    """Case- and punctuation-free form ("Foo-7B" -> "foo7b", "MS-DGCNN++" -> "msdgcnn")."""
    return _NON_ALNUM.sub("", name.casefold())


class Forms:
    """Lookup forms of one model's names; ``bare`` holds the forms of sized names without the size
    ("EXAONE 4.0 32B" -> "exaone40"), so a sizeless mention matches any size but two different
    sizes never match each other."""

    def __init__(self, *names: str) -> None:
        self.full = {f for f in (lookup(n) for n in names) if f}
        self.bare = set()
        for n in names:
            stripped = _SIZE_TAIL.sub("", n.strip())
            if stripped != n.strip() and len(lookup(stripped)) >= 3:
                self.bare.add(lookup(stripped))

    def matches(self, other: Forms) -> bool:
        return bool(self.full & other.full or self.full & other.bare or self.bare & other.full)


def forms(*names: str) -> Forms:
    return Forms(*names)


def model_forms(m: ExtractedModel, arxiv_id: str) -> Forms:
    """Every form a predicted model may be matched by: name, key (paper scope dropped), aliases."""
    return forms(m.name, m.key.removesuffix(f"-{arxiv_id}"), *m.aliases)


def gold_model_forms(g: dict[str, Any]) -> Forms:
    return forms(g["name"], *g.get("aliases", []))


def gold_number(printed: str) -> float | None:
    m = _NUMBER.search(printed.replace(",", ""))
    return float(m.group()) if m else None


def values_agree(gold: float, pred: float) -> bool:
    return any(abs(g - pred) <= 1e-6 * max(1.0, abs(g)) for g in (gold, gold * 100, gold / 100))


def load_labels(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def snapshot_objects(snapshot: Path, ids: set[str]) -> dict[str, dict[str, Any]]:
    """The snapshot JSON objects of ``ids`` (one pass over the files)."""
    files = sorted(snapshot.glob("*.jsonl.gz")) if snapshot.is_dir() else [snapshot]
    found: dict[str, dict[str, Any]] = {}
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                head = line[:80]
                if not any(i in head for i in ids - found.keys()):
                    continue
                obj = json.loads(line)
                if obj.get("id") in ids:
                    found[obj["id"]] = obj
    return found


class Tally:
    """Right / total counters with a ratio that says n/a for an empty denominator."""

    def __init__(self) -> None:
        self.right = 0
        self.total = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += bool(ok)

    def text(self) -> str:
        if not self.total:
            return "n/a (0 labelled)"
        return f"{self.right / self.total:.3f} ({self.right}/{self.total})"


def ratio(num: int, den: int) -> str:
    return f"{num / den:.3f} ({num}/{den})" if den else "n/a (0/0)"


def open_label(m: ExtractedModel) -> bool | None:
    if m.accessibility == "open_weights" or m.is_open:
        return True
    if m.accessibility in ("api", "hosted", "unreleased"):
        return False
    return None


def developer_agrees(gold: str, pred: str | None) -> bool:
    if not pred:
        return False
    g, p = lookup(gold), lookup(pred)
    return bool(g and p) and (g == p or g in p or p in g)


def evaluate(papers: list[dict[str, Any]], objects: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """Every figure over ``papers`` (labelled entries), and the per-paper miss lines."""
    intro_tp = intro_fp = gold_found = gold_total = 0
    wrong_role = border_pred = border_total = border_found = 0
    dev, dev_e2e, opn, opn_e2e, par, par_e2e = (Tally() for _ in range(6))
    score_tp = score_pred = score_gold_found = score_gold = 0
    rule_models: dict[str, Counter] = defaultdict(Counter)
    rule_results: dict[str, Counter] = defaultdict(Counter)
    misses: list[str] = []
    seconds = 0.0
    for paper in papers:
        pid = paper["id"]
        record = record_from_json(objects[pid])
        t0 = time.perf_counter()
        ext: PaperExtraction = extract_paper(record)
        seconds += time.perf_counter() - t0
        lines: list[str] = []
        golds = paper.get("introduced_models") or []
        gold_forms = [gold_model_forms(g) for g in golds]
        by_key = {m.key: m for m in ext.models}
        intro = list({m.key: m for m in ext.models if m.role == "introduced"}.values())
        border_forms = [gold_model_forms(g) for g in paper.get("borderline_models") or []]
        border_total += len(border_forms)
        border_hit: set[int] = set()
        matched: dict[int, ExtractedModel] = {}
        for m in intro:
            mf = model_forms(m, pid)
            rule = intro_rule(ext, m)
            hit = [i for i, gf in enumerate(gold_forms) if mf.matches(gf)]
            border = [i for i, bf in enumerate(border_forms) if mf.matches(bf)]
            if hit:
                intro_tp += 1
                rule_models[rule]["right"] += 1
                for i in hit:
                    # a size variant named exactly ("EXAONE 4.0 32B") beats its sizeless series ("EXAONE 4.0")
                    if i not in matched or (mf.full & gold_forms[i].full
                                            and not model_forms(matched[i], pid).full & gold_forms[i].full):
                        matched[i] = m
            elif border:
                border_pred += 1
                border_hit.update(border)
                rule_models[rule]["borderline"] += 1
                lines.append(f"  borderline model (ignored): {m.name!r} key={m.key} rule={rule}")
            else:
                intro_fp += 1
                rule_models[rule]["wrong"] += 1
                lines.append(f"  FP model: {m.name!r} key={m.key} rule={rule} reason={m.reason or ''}")
        for i, g in enumerate(golds):
            gold_total += 1
            m = matched.get(i)
            if m is not None:
                gold_found += 1
            else:
                other = [e for e in ext.models if e.role != "introduced" and model_forms(e, pid).matches(gold_forms[i])]
                wrong_role += bool(other)
                extra = f" (found as {other[0].role}: key={other[0].key})" if other else ""
                lines.append(f"  FN model: {g['name']!r}{extra}")
            if "developer" in g:
                ok = m is not None and developer_agrees(g["developer"], m.developer)
                dev_e2e.add(ok)
                if m is not None:
                    dev.add(ok)
                    if not ok:
                        lines.append(f"  developer: {g['name']!r} labelled {g['developer']!r}, got {m.developer!r}")
            if "open_weights" in g:
                ok = m is not None and open_label(m) is g["open_weights"]
                opn_e2e.add(ok)
                if m is not None:
                    opn.add(ok)
                    if not ok:
                        lines.append(f"  open weights: {g['name']!r} labelled {g['open_weights']}, got {m.accessibility}")
            for field in ("params_b", "active_params_b"):
                if field in g:
                    got = getattr(m, field) if m is not None else None
                    ok = got is not None and abs(got - g[field]) <= 0.05 * g[field]
                    par_e2e.add(ok)
                    if m is not None:
                        par.add(ok)
                        if not ok:
                            lines.append(f"  {field}: {g['name']!r} labelled {g[field]}, got {got}")
        border_found += len(border_hit)
        # scores
        gold_scores = paper.get("scores") or []
        border_scores = paper.get("borderline_scores") or []
        named = {g["name"]: gold_model_forms(g) for g in golds + (paper.get("borderline_models") or [])}
        bench_forms: dict[str, set[str]] = {b.key: forms(b.key, b.name, *b.aliases).full for b in ext.benchmarks}
        found_gold: set[int] = set()
        for r in ext.results:
            score_pred += 1
            pm = by_key.get(r.model)
            mf = model_forms(pm, pid) if pm else forms(r.model.removesuffix(f"-{pid}"))
            bf = bench_forms.get(r.benchmark) or forms(r.benchmark).full
            hit = score_match(gold_scores, mf, bf, r.value, named)
            if hit is None and score_match(border_scores, mf, bf, r.value, named) is not None:
                score_pred -= 1
                rule_results[r.rule or "?"]["borderline"] += 1
                lines.append(f"  borderline score (ignored): {describe(r)}")
                continue
            if hit is not None:
                score_tp += 1
                found_gold.add(hit)
                rule_results[r.rule or "?"]["right"] += 1
            else:
                rule_results[r.rule or "?"]["wrong"] += 1
                lines.append(f"  FP score: {describe(r)}")
        for j, s in enumerate(gold_scores):
            score_gold += 1
            if j in found_gold:
                score_gold_found += 1
            else:
                metric = f" {s['metric']}" if s.get("metric") else ""
                lines.append(f"  FN score: {s['model']} / {s['benchmark']}{metric} = {s['value']}")
        if lines:
            misses.append(f"[{paper.get('n', '?')}] {pid} {paper['title'][:90]}")
            misses.extend(lines)
    figures = {
        "papers": len(papers),
        "intro_precision": ratio(intro_tp, intro_tp + intro_fp),
        "intro_recall": ratio(gold_found, gold_total),
        "intro_wrong_role": wrong_role,
        "intro_lenient": (ratio(intro_tp + border_pred, intro_tp + intro_fp + border_pred),
                          ratio(gold_found + border_found, gold_total + border_total)),
        "intro_strict": (ratio(intro_tp, intro_tp + intro_fp + border_pred), ratio(gold_found, gold_total)),
        "border": (border_pred, border_total),
        "developer": dev.text(), "developer_e2e": dev_e2e.text(),
        "open_weights": opn.text(), "open_weights_e2e": opn_e2e.text(),
        "params": par.text(), "params_e2e": par_e2e.text(),
        "score_precision": ratio(score_tp, score_pred),
        "score_recall": ratio(score_gold_found, score_gold),
        "rule_models": rule_models, "rule_results": rule_results,
        "extract_seconds": seconds,
    }
    return figures, misses


def intro_rule(ext: PaperExtraction, m: ExtractedModel) -> str:
    """The rule that accepted ``m`` as introduced (from the paper's decisions), else the model's own rule."""
    rule = next((d.rule for d in ext.decisions if d.kind == "model" and d.accepted and d.candidate == m.name), None)
    return rule or m.rule or "?"


def score_match(scores: list[dict[str, Any]], model_forms_: Forms, bench_forms: set[str],
                value: float, named: dict[str, Forms]) -> int | None:
    """Index of the first labelled score with the same model (a labelled model's aliases count),
    benchmark and value."""
    for j, s in enumerate(scores):
        gv = gold_number(str(s["value"]))
        gold_model = named.get(s["model"]) or forms(s["model"])
        if (gv is not None and model_forms_.matches(gold_model)
                and bench_forms & forms(s["benchmark"], *s.get("benchmark_aliases", [])).full
                and values_agree(gv, value)):
            return j
    return None


def describe(r: ExtractedResult) -> str:
    printed = r.printed or r.value_raw
    shown = f"{r.value:g}" + (f" (printed {printed})" if printed else "")
    return f"{r.model} / {r.benchmark} {r.metric or ''} = {shown} rule={r.rule}"


def report(figures: dict[str, Any]) -> str:
    def rules(table: dict[str, Counter]) -> str:
        return ", ".join(f"{rule}: {c['right']} right / {c['wrong']} wrong / {c['borderline']} borderline"
                         for rule, c in sorted(table.items(), key=lambda kv: -sum(kv[1].values()))) or "none"

    return "\n".join([
        f"papers: {figures['papers']} (extraction {figures['extract_seconds']:.2f} s)",
        f"introduced models: precision {figures['intro_precision']}  [target >= 0.90]",
        f"introduced models: recall    {figures['intro_recall']}  [target >= 0.80]"
        f"  ({figures['intro_wrong_role']} missed ones were found with role 'evaluated')",
        f"  borderline: {figures['border'][0]} predictions matched one of {figures['border'][1]} borderline labels"
        f" (ignored above); counted as models: P {figures['intro_lenient'][0]} R {figures['intro_lenient'][1]};"
        f" counted as non-models: P {figures['intro_strict'][0]} R {figures['intro_strict'][1]}",
        f"developer accuracy (stated, matched models): {figures['developer']}; end-to-end {figures['developer_e2e']}",
        f"open-weights accuracy (stated, matched models): {figures['open_weights']}; end-to-end {figures['open_weights_e2e']}",
        f"parameters within 5% (stated, matched models): {figures['params']}; end-to-end {figures['params_e2e']}",
        f"scores: precision {figures['score_precision']}  [target >= 0.95]",
        f"scores: recall    {figures['score_recall']}  [target >= 0.70]",
        f"introduced models by rule: {rules(figures['rule_models'])}",
        f"results by rule: {rules(figures['rule_results'])}",
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    ap.add_argument("--snapshot", type=Path, default=DEFAULT_SNAPSHOT)
    ap.add_argument("--misses", type=Path, default=DEFAULT_MISSES)
    ap.add_argument("--quiet", action="store_true", help="do not print the per-paper misses")
    args = ap.parse_args(argv)
    try:
        labels = load_labels(args.labels)
        sections = [("random sample", labels["papers"]),
                    ("stated-facts supplement", (labels.get("supplement") or {}).get("papers") or [])]
        ids = {p["id"] for _, papers in sections for p in papers}
        objects = snapshot_objects(args.snapshot, ids)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        print(f"error: cannot read labels or snapshot: {exc}", file=sys.stderr)
        return 2
    missing = ids - objects.keys()
    if missing:
        print(f"error: {len(missing)} labelled ids are not in the snapshot, e.g. {sorted(missing)[0]}", file=sys.stderr)
        return 2
    texts, all_misses = [], []
    for title, papers in sections:
        if not papers:
            continue
        figures, misses = evaluate(papers, objects)
        texts.append(f"== {title} ==\n{report(figures)}")
        all_misses.append(f"== {title}: per-paper misses (FP = predicted, not labelled; FN = labelled, not predicted) ==")
        all_misses.extend(misses)
    both = [p for _, papers in sections for p in papers]
    if len(both) > len(sections[0][1]):
        # the acceptance's "where the abstract states them": every labelled statement, of either draw
        figures, _ = evaluate(both, objects)
        texts.append("== stated facts, both sets ==\n" + "\n".join(
            line for line in report(figures).splitlines()
            if line.startswith(("developer accuracy", "open-weights accuracy", "parameters within"))))
    text = "\n\n".join(texts)
    if not args.quiet:
        print("\n".join(all_misses))
        print()
    print(text)
    try:
        args.misses.parent.mkdir(parents=True, exist_ok=True)
        args.misses.write_text(f"{text}\n\n" + "\n".join(all_misses) + "\n", encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {args.misses}: {exc}", file=sys.stderr)
        return 2
    print(f"misses written to {args.misses}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
