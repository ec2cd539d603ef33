"""Benchmark results stated in text: "86.4% on MMLU", "MMLU (5-shot) of 70.6",
"achieves 52.3 pass@1 on HumanEval" -> (model, benchmark, metric, value, setting).

The model is resolved from context: the nearest model named earlier in the sentence, else the
paper's introduced model ("our model", "it", "we").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import itemgetter

from tracker.extract.text import Token
from tracker.knowledge import BenchmarkInfo, benchmark_table, compact

_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d+)?)(%?)$")
METRIC_WORDS = {
    "pass@1": "pass@1", "pass@10": "pass@10", "accuracy": "accuracy", "acc": "accuracy", "f1": "F1",
    "bleu": "BLEU", "rouge": "ROUGE", "em": "exact match", "exact": "exact match", "map": "mAP", "ap": "AP",
    "miou": "mIoU", "fid": "FID", "wer": "WER", "cer": "CER", "top-1": "top-1 accuracy", "top1": "top-1 accuracy",
    "perplexity": "perplexity", "ppl": "perplexity", "cider": "CIDEr", "elo": "Elo", "score": None,
}
_SETTING = re.compile(r"^\(?\s*(\d+)[- ]?shot\)?$|^(zero|one|few)[- ]?shot$", re.IGNORECASE)
_DELTA_WORDS = {"by", "gain", "gains", "improvement", "improvements", "improves", "improving", "outperforms",
                "surpassing", "over", "boost", "boosts", "increase", "reduction", "reduces", "relative", "margin",
                "average", "up", "around", "about", "nearly", "approximately", "vs", "versus", "from"}
METRIC_TOKEN = re.compile(r"^(?:FID|IS|NDS|mAP|AP|mIoU|WER|CER|BLEU|ROUGE-?L?|CIDEr|Recall@\d+|R@\d+|pass@\d+|Pass@\d+"
                           r"|nDCG@\d+|MRR@?\d*|EM|F1|PSNR|SSIM|LPIPS|Elo|perplexity|PPL)$")
FIRST_PERSON = re.compile(r"\b(?:our|we|it|ours|this model|the model|the proposed)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BenchMention:
    info: BenchmarkInfo
    tok_start: int
    tok_end: int


@lru_cache(maxsize=1)
def _bench_prefixes() -> frozenset[str]:
    return frozenset(c[:k] for c in benchmark_table() for k in range(1, len(c) + 1))


_TEXT = itemgetter(0)  # Token.text


@lru_cache(maxsize=262144)
def _may_start_bench(word: str) -> bool:
    """Can a benchmark name start at this word? Capitalised or with a digit (or one of the lower-case names),
    and the start of some listed name."""
    return (word[:1].isalnum() and not word.islower() or word in ("miniF2F", "nocaps", "nuScenes")) \
        and compact(word) in _bench_prefixes()


def find_benchmarks(toks: list[Token], max_words: int = 5) -> list[BenchMention]:
    table = benchmark_table()
    prefixes = _bench_prefixes()
    out: list[BenchMention] = []
    n = len(toks)
    hot = list(compress(range(n), map(_may_start_bench, map(_TEXT, toks))))  # most words start no name: skip them
    i = h = 0
    while i < n:
        while h < len(hot) and hot[h] < i:
            h += 1
        if h == len(hot):
            break
        i = hot[h]
        hit = None
        text = toks[i].text
        if (text[:1].isalnum() and not text.islower() or text in ("miniF2F", "nocaps", "nuScenes")) \
                and (cc := compact(text)) in prefixes:
            for span in range(1, min(max_words, n - i) + 1):  # longest name that starts here
                if span > 1:
                    nxt = toks[i + span - 1]
                    if nxt.sep not in (" ", "-", ""):
                        break
                    cc += compact(nxt.text)
                    if cc not in prefixes:
                        break
                info = table.get(cc)
                if info is not None:
                    hit = (info, span)
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


_AFTER_DELTA = {"improvement", "improvements", "gain", "gains", "higher", "lower", "better", "worse", "increase",
                "decrease", "drop", "drops", "pp", "absolute", "relative", "more", "less", "fewer", "faster", "reduction",
                "boost", "lead", "advantage", "margin", "over", "above", "below", "ahead", "behind", "improved",
                "x", "×", "times", "fold", "percentage", "point", "points"}
_BOUND_BEFORE = {("up", "to"), ("at", "most"), ("as", "high"), ("more", "than"), ("less", "than"), ("at", "least"),
                 ("over",), ("exceeding",), ("above",), ("below",), ("under",), ("nearly",), ("almost",), ("by",),
                 ("than",), ("around",), ("about",), ("approximately",), ("roughly",)}


_LIST_WORDS = {"on", "in", "and", "or", "at", "for", "with", "across", "of", "under", "while", "to", "vs", "versus",
               "respectively", "when", "using", "compared", "over", "after", "before", "without"}
_GAIN_STEMS = ("improvement", "gain", "improv", "boost", "increas", "outperform", "surpass", "lift", "exceed",
               "reduc", "decreas", "drop", "sav", "speedup", "margin")
_SCORE_STEMS = ("achiev", "reach", "scor", "obtain", "attain", "record", "yield", "deliver", "set", "hit", "get",
                "accuracy", "reported", "establish", "with")


def _is_delta(toks: list[Token], i: int) -> bool:
    """A gain, a difference or a bound rather than a score: "+4.2%", "by 3.1 points", "up to 80%",
    "4.2% higher", "improves ... from 40.1 to 45.3" (the first number)."""
    tok = toks[i]
    sep = tok.sep
    if any(ch in sep for ch in "+±↑↓Δ△>≥<≤~≈") or sep.rstrip().endswith(("-", "−", "–")) and sep.strip() \
            and not sep.strip().endswith((",", ":", "(")):
        return True
    if i >= 1 and toks[i - 1].text in ("+", "-", "−", "Δ", "delta"):
        return True
    prev = [t.text.casefold() for t in toks[max(0, i - 2):i]]
    if prev and ((prev[-1],) in _BOUND_BEFORE or tuple(prev[-2:]) in _BOUND_BEFORE):
        return True
    nxt = toks[i + 1].text.casefold() if i + 1 < len(toks) else ""
    if nxt in _AFTER_DELTA or nxt.startswith(("vs", "versus")) or prev and prev[-1] in ("vs", "versus", "rank", "top"):
        return True  # "(79.0 vs. 79.8)", "rank 9"
    if i >= 1 and sep.strip() == "," and _num(toks[i - 1]) and re.fullmatch(r"\d{3}", tok.text):
        return True  # "19, 653": a thousands separator
    if re.fullmatch(r"\d+", tok.text) and nxt[:1].isalpha() and nxt not in _LIST_WORDS and nxt not in METRIC_WORDS:
        return True  # "134 unseen tasks", "5-model pool": a count
    # a list that continues a gain: "up to 13.4% improvement on MATH, 8.8% on GPQA, and 7.0% on GSM8K"
    before = [t.text.casefold() for t in toks[:i]]
    last_gain = max((k for k, w in enumerate(before) if w.startswith(_GAIN_STEMS)), default=-1)
    last_score = max((k for k, w in enumerate(before) if w.startswith(_SCORE_STEMS)), default=-1)
    if last_gain > last_score:
        return True
    if nxt == "to" and i + 2 < len(toks) and _num(toks[i + 2]) is not None:
        return True  # "from 40.1 to 45.3": the old score
    window = [t.text.casefold() for t in toks[max(0, i - 8):i]]
    if any(w.startswith(("sav", "reduc", "cut", "compress", "speed", "retain", "fewer")) for w in window[-4:]):
        return True  # "saves 83.7% on CIFAR-100", "retains 96.9% of ... accuracy"
    return any(w.startswith(("improv", "outperform", "surpass", "gain", "boost", "increas", "reduc", "lift",
                             "exceed", "decreas", "drop")) for w in window) and "by" in window


def _top_k(toks: list[Token], i: int) -> bool:
    """Is ``toks[i]`` the number of "top-1" / "top-5" (split from "top" by the tokenizer)?"""
    return 1 <= i < len(toks) and toks[i].sep == "-" and toks[i - 1].text.casefold() == "top" and _num(toks[i]) is not None


def _is_variant(toks: list[Token], b: BenchMention) -> bool:
    """"OSWorld-G", "COCO-20^i", "MMBench GUI", "Long-MMLU": a benchmark we do not know, named after one we do."""
    end = b.tok_end
    if end < len(toks):
        nxt = toks[end]
        if nxt.sep in ("-", "") and not _num(nxt) and not _SETTING.match(nxt.text):
            return True
        if nxt.sep == " " and re.fullmatch(r"v?\d+\.\d+", nxt.text) and not _NUMBER.match(toks[end - 1].text):
            return True  # "Terminal-Bench 2.0", "Spider 2.0": a later version we do not list
        if nxt.sep == " " and nxt.text[:1].isupper() and nxt.text.casefold() not in METRIC_WORDS \
                and not METRIC_TOKEN.match(nxt.text) and not _SETTING.match(nxt.text) and len(nxt.text) > 1:
            return True
    start = b.tok_start
    return start > 0 and toks[start].sep == "-" and toks[start - 1].text[:1].isalpha()


def results_in_sentence(
    toks: list[Token], benches: list[BenchMention], model_at: dict[int, str], default_model: str | None,
    *, not_owner: frozenset[int] | set[int] = frozenset(), blockers: frozenset[int] | set[int] = frozenset(),
) -> list[tuple[str, BenchmarkInfo, str | None, float, str | None, bool, str]]:
    """Results in one sentence as (model_key, benchmark, metric, value, setting, via_default_model, printed).

    ``model_at`` maps token index -> model key for the model mentions of the sentence; ``not_owner`` are
    mentions that cannot own a score (a baseline compared against, a backbone a method is applied to:
    "with Llama 3 8B, EORM achieves ..."); ``blockers`` are other names (methods, systems) that may be the
    subject instead: a score after one of them is nobody's we can name, so it is dropped.
    """
    if any(t.text.casefold() == "respectively" for t in toks):
        return []  # "99.5%, 85.6% and 59.1% on A, B and C, respectively": pairing by position is too fragile
    out = []
    used: set[int] = set()
    for b in benches:
        value_idx = None
        setting = None
        metric = b.info.metric
        # Form 1: "86.4% on MMLU", "52.3 pass@1 on HumanEval", "70.6 (5-shot) on MMLU"
        k = b.tok_start - 1
        if k >= 1 and toks[k].text.casefold() in {"on", "for", "in"}:
            for back in range(k - 1, max(-1, k - 6), -1):
                low = toks[back].text.casefold()
                if _top_k(toks, back):  # "84.0% top-1 accuracy on ImageNet": a metric, not a score of 1
                    metric = f"top-{toks[back].text} accuracy"
                    continue
                if low == "top" and _top_k(toks, back + 1):
                    continue
                if _num(toks[back]) and back not in used:
                    value_idx = back
                    if "(" in toks[back].sep and back >= 1 and _num(toks[back - 1]):
                        value_idx = back - 1  # "94.51% (87.20%) on HumanEval (Plus)": the outer figure
                    break
                if low in METRIC_WORDS:
                    metric = METRIC_WORDS[low] or metric
                    continue
                if _SETTING.match(toks[back].text) or low in {"points", "score", "of", "accuracy", "overall", "average",
                                                               "percentile"}:
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
                if low in METRIC_WORDS:
                    metric = METRIC_WORDS[low] or metric
                    continue
                if low in {"score", "of", "accuracy", "benchmark", "dataset", "test", "set", "with", "a", "an"}:
                    continue
                break
        if value_idx is None:
            continue
        if _is_variant(toks, b) or _numbered_variant(toks, b, value_idx):
            continue  # "OSWorld-G", "Long-MMLU", "ImageNet-200", "AIME 2026": another benchmark than the one we know
        if _is_delta(toks, value_idx):
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
            if METRIC_TOKEN.match(t.text):
                metric = t.text
        value, _pct = _num(toks[value_idx])  # type: ignore[misc]
        # the model: nearest mention before the value/benchmark in the sentence, else the paper's own model
        anchor = min(value_idx, b.tok_start)
        model = None
        owner_idx = max((i for i in model_at if i < anchor), default=None)
        if owner_idx is not None:
            if owner_idx in not_owner or any(owner_idx < x < anchor for x in blockers):
                continue
            model = model_at[owner_idx]
        via_default = False
        if model is None:
            if any(x < anchor for x in blockers):
                continue
            model = default_model
            via_default = True
        if model is None:
            continue
        used.add(value_idx)
        printed = toks[value_idx].text
        if value_idx + 1 < len(toks) and toks[value_idx + 1].text.casefold() in ("percentile", "th", "%ile"):
            printed += " percentile"
        out.append((model, b.info, metric, value, setting, via_default, printed))
    return out


def _numbered_variant(toks: list[Token], b: BenchMention, value_idx: int) -> bool:
    """A number or year joined to the benchmark's name that the name we know does not include: "ImageNet-200"
    (a subset), "AIME 2026" (another year). Not the score itself ("MMLU: 70.6")."""
    end = b.tok_end
    if end >= len(toks) or end == value_idx:
        return False
    nxt = toks[end]
    if nxt.sep == "-" and re.fullmatch(r"\d+[kK]?", nxt.text):
        return True
    return nxt.sep == " " and bool(re.fullmatch(r"(?:19|20)\d\d|'\d\d", nxt.text))


# ---- what a score means: direction and scale --------------------------------------------------------------------

_LOWER_IS_BETTER = re.compile(
    r"^(?:fid|fid-\w+|kid|fvd|is-?fid|perplexity|ppl|wer|cer|ter|per|latency|time|runtime|error(?: rate)?|.*\berror\b.*|"
    r"mae|mse|rmse|nll|loss|bits per (?:byte|character|dim)|bpb|bpc|bpd|mce|lpips|eer|chamfer(?: distance)?|"
    r"abs ?rel|ade|fde|miss rate|ece|brier)$", re.IGNORECASE)
_PERCENT_METRICS = re.compile(
    r"^(?:(?:mean|average|avg\.?|overall|balanced|macro|micro|weighted|top-\d+|pixel-level)[\s\-]+)?"
    r"(?:accuracy|acc|top-\d+ accuracy|pass@\d+|f1|exact match|em|miou|map|ap|ap\d*|win rate|success rate|"
    r"recall(?:@\d+)?|r@\d+|precision(?:@\d+)?|hit(?:s)?@\d+|resolved|resolve rate|score|dice|dsc|iou|auc|auroc|"
    r"auprc|sensitivity|specificity)$", re.IGNORECASE)


def higher_is_better(metric: str | None, bench: BenchmarkInfo) -> bool:
    """Direction of ``metric`` on ``bench``: FID, perplexity, WER, CER, latency and errors are lower-is-better
    whatever the benchmark's usual metric is; other metrics follow the benchmark."""
    if metric and _LOWER_IS_BETTER.match(metric.strip()):
        return False
    if metric and bench.metric and metric.casefold() != bench.metric.casefold():
        return True  # another metric than the benchmark's own (accuracy on a perplexity data set): higher
    return bench.higher_is_better


def normalise_score(value: float, printed: str, metric: str | None,
                    bench: BenchmarkInfo) -> tuple[float, str | None, str | None, str]:
    """(value on the comparable scale, metric, refusal reason or None, rule): a 0-1 fraction of a percentage
    metric ("0.734" accuracy) becomes 73.4 (the printed form is kept beside it); a Codeforces percentage is a
    percentile, never a rating; a percentage above 100 is refused."""
    m = metric or bench.metric
    pct = "%" in printed
    if bench.key == "codeforces":
        if pct or "percentile" in printed:
            return value, "percentile", None, "codeforces-percentile"
        if (m or "").casefold() == "rating" and value < 400:
            return value, m, "a Codeforces rating is never below 400: a percentile or a count", "codeforces-rating"
    if m and _PERCENT_METRICS.match(m):
        if pct and value > 100:
            return value, m, "a percentage above 100", "percent-range"
        if not pct and 0 < value <= 1 and "." in printed:
            return round(value * 100, 6), m, None, "fraction-to-percent"
    return value, m, None, "as-printed"
