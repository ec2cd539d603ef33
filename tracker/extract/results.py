"""Benchmark results stated in text: "86.4% on MMLU", "MMLU (5-shot) of 70.6",
"achieves 52.3 pass@1 on HumanEval" -> (model, benchmark, metric, value, setting).

The model is resolved from context: the nearest model named earlier in the sentence, else the
paper's introduced model ("our model", "it", "we").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.extract.text import Token
from tracker.knowledge import BenchmarkInfo, benchmark_table, compact

_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d+)?)(%?)$")
_METRIC_WORDS = {
    "pass@1": "pass@1", "pass@10": "pass@10", "accuracy": "accuracy", "acc": "accuracy", "f1": "F1",
    "bleu": "BLEU", "rouge": "ROUGE", "em": "exact match", "exact": "exact match", "map": "mAP", "ap": "AP",
    "miou": "mIoU", "fid": "FID", "wer": "WER", "cer": "CER", "top-1": "top-1 accuracy", "top1": "top-1 accuracy",
    "perplexity": "perplexity", "ppl": "perplexity", "cider": "CIDEr", "elo": "Elo", "score": None,
}
_SETTING = re.compile(r"^\(?\s*(\d+)[- ]?shot\)?$|^(zero|one|few)[- ]?shot$", re.IGNORECASE)
_DELTA_WORDS = {"by", "gain", "gains", "improvement", "improvements", "improves", "improving", "outperforms",
                "surpassing", "over", "boost", "boosts", "increase", "reduction", "reduces", "relative", "margin",
                "average", "up", "around", "about", "nearly", "approximately", "vs", "versus", "from"}
_METRIC_TOKEN = re.compile(r"^(?:FID|IS|NDS|mAP|AP|mIoU|WER|CER|BLEU|ROUGE-?L?|CIDEr|Recall@\d+|R@\d+|pass@\d+|Pass@\d+"
                           r"|nDCG@\d+|MRR@?\d*|EM|F1|PSNR|SSIM|LPIPS|Elo|perplexity|PPL)$")
_FIRST_PERSON = re.compile(r"\b(?:our|we|it|ours|this model|the model|the proposed)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BenchMention:
    info: BenchmarkInfo
    tok_start: int
    tok_end: int


def find_benchmarks(toks: list[Token], max_words: int = 5) -> list[BenchMention]:
    table = benchmark_table()
    out: list[BenchMention] = []
    i, n = 0, len(toks)
    while i < n:
        hit = None
        if toks[i].text[:1].isalnum() and not toks[i].text.islower() or toks[i].text in ("miniF2F", "nocaps", "nuScenes"):
            for span in range(min(max_words, n - i), 0, -1):
                if any(toks[i + k].sep not in (" ", "-", "") for k in range(1, span)):
                    continue
                info = table.get("".join(compact(toks[i + k].text) for k in range(span)))
                if info is not None:
                    hit = (info, span)
                    break
        if hit:
            out.append(BenchMention(hit[0], i, i + hit[1]))
            i += hit[1]
        else:
            i += 1
    return out


def _num(tok: Token) -> tuple[float, bool] | None:
    m = _NUMBER.match(tok.text)
    if not m:
        return None
    value = float(m.group(1))
    return value, bool(m.group(2))


def results_in_sentence(
    toks: list[Token], benches: list[BenchMention], model_at: dict[int, str], default_model: str | None,
) -> list[tuple[str, BenchmarkInfo, str | None, float, str | None, bool]]:
    """Results in one sentence as (model_key, benchmark, metric, value, setting, via_default_model).

    ``model_at`` maps token index -> model key for the model mentions of the sentence.
    """
    out = []
    used: set[int] = set()
    for b in benches:
        value_idx = None
        setting = None
        metric = b.info.metric
        # Form 1: "86.4% on MMLU", "52.3 pass@1 on HumanEval", "70.6 (5-shot) on MMLU"
        k = b.tok_start - 1
        if k >= 1 and toks[k].text.casefold() in {"on", "for", "in"}:
            for back in range(k - 1, max(-1, k - 4), -1):
                low = toks[back].text.casefold()
                if _num(toks[back]) and back not in used:
                    value_idx = back
                    break
                if low in _METRIC_WORDS:
                    metric = _METRIC_WORDS[low] or metric
                    continue
                if _SETTING.match(toks[back].text) or low in {"points", "score", "of", "accuracy"}:
                    continue
                break
        # Form 2: "MMLU (5-shot) of 70.6", "MMLU score of 70.6%", "MMLU: 70.6", "HumanEval pass@1 of 52.3"
        if value_idx is None:
            skip_to = -1
            for fwd in range(b.tok_end, min(len(toks), b.tok_end + 6)):
                if fwd <= skip_to:
                    continue
                low = toks[fwd].text.casefold()
                if _num(toks[fwd]) and fwd + 1 < len(toks) and toks[fwd + 1].text.casefold() == "shot":
                    setting = f"{toks[fwd].text}-shot"
                    skip_to = fwd + 1
                    continue
                if _num(toks[fwd]) and fwd not in used:
                    if toks[fwd].sep.strip() in (":", "=", "(") or toks[fwd].sep.strip().startswith(")") or toks[fwd - 1].text.casefold() in {
                            "of", "is", "at", "reaching", "achieving", "achieves", "reaches", "to", "=", "score"}:
                        value_idx = fwd
                    break
                sm = _SETTING.match(toks[fwd].text)
                if sm:
                    setting = f"{sm.group(1) or sm.group(2)}-shot"
                    continue
                if low in _METRIC_WORDS:
                    metric = _METRIC_WORDS[low] or metric
                    continue
                if low in {"score", "of", "accuracy", "benchmark", "dataset", "test", "set", "with", "a", "an"}:
                    continue
                break
        if value_idx is None:
            continue
        after = toks[value_idx + 1] if value_idx + 1 < len(toks) else None
        if after is not None and (after.sep == "" and after.text[:1].isalpha()):
            continue
        if after is not None and after.text.casefold() in {"billion", "million", "times", "x", "tokens", "points",
                                                           "samples", "examples", "languages", "tasks", "k"}:
            continue
        if toks[value_idx].sep == " " and value_idx == b.tok_end and "." in toks[value_idx].text:
            continue  # "Spider 2.0": a version, not a score
        before = {t.text.casefold() for t in toks[max(0, value_idx - 4):value_idx]}
        if before & _DELTA_WORDS:
            continue  # "improves ... by 4.9% on MATH": a gain, not a score
        for t in toks[max(0, value_idx - 3):value_idx]:
            if _METRIC_TOKEN.match(t.text):
                metric = t.text
        value, _pct = _num(toks[value_idx])  # type: ignore[misc]
        # the model: nearest mention before the value/benchmark in the sentence, else the paper's own model
        anchor = min(value_idx, b.tok_start)
        model = None
        for idx in sorted((i for i in model_at if i < anchor), reverse=True):
            model = model_at[idx]
            break
        via_default = False
        if model is None:
            model = default_model
            via_default = True
        if model is None:
            continue
        used.add(value_idx)
        out.append((model, b.info, metric, value, setting, via_default))
    return out
