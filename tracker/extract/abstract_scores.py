"""Absolute scores stated in abstract sentences: "achieves 85.3% accuracy on MMLU", "a WER of 21.22% on
CommonVoice", "0.8568 mIoU and 96.87% overall accuracy on LandCover.ai", "2.26% (IAM-A, en)",
"On Sudoku-Extreme, RSM reaches 97.5%", "GenEval (0.72)", "outperforms GPT-4o (71.2 vs 65.0) on X".

Named rules, each a sentence shape that ties one value to one benchmark; the model is the subject of the
scoring verb ("X achieves", "our model reaches", "it attains"). Precision first: a value is refused when it
reads as a gain, a bound, a count, a size, a cost or a share of something, when no scoring verb governs it,
or when its subject is not one named model. Benchmarks the curated table does not list keep the name the
abstract prints (variants stay distinct: ImageNet-100 is not ImageNet). Pure functions: text in, scores out.

Rules (``ExtractedResult.rule``): ``value-on-benchmark`` ("85.7% on Spider Dev", a list of values before one
"on X"), ``value-paren-benchmark`` ("2.26% (IAM-A, en)"), ``benchmark-paren-value`` ("GenEval (0.72)"),
``benchmark-with-value`` ("on READ-2016 (de) with 4.21%"), ``benchmark-first`` ("On Sudoku-Extreme, RSM reaches
97.5%"), ``respectively-list`` (values and names paired by position), ``versus-pair`` ("outperforms GPT-4o
(71.2 vs 65.0)") and ``paper-benchmark`` (a named model's score on the benchmark the paper introduces).
Direction and scale come from :mod:`tracker.extract.results` (``higher_is_better``, ``normalise_score``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracker.entities import ExtractedBenchmark, ExtractedModel, ExtractedResult
from tracker.extract.models import Mention
from tracker.extract.results import higher_is_better, normalise_score
from tracker.extract.text import name_pattern
from tracker.knowledge import BenchmarkInfo, benchmark_table, compact, slug
from tracker.records import PaperRecord

# ---- vocabulary -------------------------------------------------------------------------------------------------

_METRIC = (r"(?<![\w@\-])(?:(?:overall|mean|average|avg\.?|top-?[15]|exact|test|EX|EM|balanced|macro|micro|weighted|"
           r"segmentation|detection|classification|zero-shot|few-shot)[\s\-]+)?"
           r"(?:accuracy|accuracies|acc\.?|exact[- ]match|F1(?:[- ]scores?)?|F-?score|F0\.5|F_?\{?0\.5\}?|"
           r"mIoU|IoU|mAP(?:@[\d.:]+)?|AP(?:50|75)?|AUROC|AUC|AUPRC|BLEU(?:-\d)?(?: scores?)?|"
           r"ROUGE(?:-[12L])?(?: scores?)?|METEOR|CIDEr|BERTScores?|chrF\+*|WERs?|CERs?|"
           r"(?:word|character|phoneme) error rates?|pass@\d+|Recall@\d+|R@\d+|Hit@\d+|n?DCG@\d+|NDCG@\d+|MRR|"
           r"precision|recall|success rates?|win rates?|resolve rate|FID|PSNR|SSIM|LPIPS|perplexity|PPL|"
           r"Dice(?: scores?| coefficient)?|DSC|EER|Elo|MCC|UAR|UF1|WAR|WF1|QWK|OKS|PCK|specificity|sensitivity|AMOTA|MOTA|HOTA|IDF1|NDS|(?:normalized |normalised )?scores?)(?:\s+(?:scores?|values?))?(?![\w@])")
_METRIC_RX = re.compile(_METRIC, re.IGNORECASE)
# measures of agreement, never a benchmark score, anywhere in the clause before a value
_NOT_SCORE_CLAUSE = re.compile(r"\b(?:correlations?|agreement|kappa|p-?values?|significan\w+)\b", re.IGNORECASE)
# a quantity that is not a score: "a final loss of 0.0028", "latency of 23 ms"
_NOT_SCORE = re.compile(r"\b(?:loss|latency|memory|FLOPs|GFLOPs|throughput|speed|time|cost|price|parameters?|params|"
                        r"size|length|budget|ratio|rate of (?:compression|speedup)|compression|tokens?|energy|"
                        r"correlations?|agreement|kappa|p-?values?|HD95|Hausdorff|distance)\b", re.IGNORECASE)
_VALUE = re.compile(r"(?<![\w.,/@#$€£¥^_{\\])(\d{1,3}(?:\.\d+)?|0?\.\d+)(?!\d|\.\d|,\d)(\s?\\?%)?")
# a decimal or a percentage: every score this module reads has one in its sentence (a cheap first test)
_SCORE_SHAPE = re.compile(r"\d\s?\\?%|\d\.\d")
_APPROX = re.compile(r"(?:~|≈|\\sim|\\approx|\babout|\baround|\bapproximately|\broughly)\s*$", re.IGNORECASE)
# just before a value: a gain, a bound, a range or a comparison, never a score
_BEFORE_BAD = re.compile(
    r"(?:[+±\-−–>≥<≤=×/:]\s*|\\pm\s*|\$\s*|\bby\s+(?:an?\s+)?(?:average\s+of\s+|absolute\s+)?|\bup\s+to\s+|"
    r"\b(?:more|less|fewer|greater|higher|lower|better|worse|larger|smaller)\s+than\s+|\bat\s+(?:least|most)\s+|"
    r"(?:'s|s'|’s|s’)\s+(?:\w+\s+)?|"
    r"\b(?:over|above|below|under|exceeding|nearly|almost|beyond|only\s+over|from|to|rank(?:ed|s)?|top|"
    r"n|k|x|p|step|epoch|layer|level|version|v|no\.|#)\s+|\bvs\.?\s+|\bversus\s+)$", re.IGNORECASE)
_METRIC_EQUALS = re.compile(_METRIC + r"\s*[=:]\s*$", re.IGNORECASE)
# just after a value (and its %): what it counts or how it compares
_AFTER_BAD = re.compile(
    r"\s*(?:[-–−/:×]\s*\d|x\b|×|times\b|-?fold\b|\\times|pp\b|p\.p\.|points?\b|pts\b|percentage|absolute|relative|"
    r"higher|lower|better|worse|more|less|fewer|faster|slower|smaller|larger|improve|gain|increas|decreas|reduc|"
    r"drop|boost|margin|lead|advantage|of\b|over\b|above|below|ahead|behind|compared|vs\b|versus|"
    r"[A-Za-z])", re.IGNORECASE)
_AFTER_OK_WORD = re.compile(
    r"\s*(?:on|in|and|or|with|for|across|at|while|whereas|respectively|using|under|when|as|accuracy|"
    r"exact|overall|average|mean|top-?\d|test|success|win|zero|few|\d+-shot)\b", re.IGNORECASE)
_WORD_AFTER = re.compile(r"\s*[A-Za-z]")
# a word right after the metric that makes the figure a change: "3.2% accuracy improvement"
_CHANGE_AFTER = re.compile(r"\s*(?:improvement|gain|increase|decrease|drop|boost|reduction|advantage|lead|margin|"
                           r"degradation|lift|higher|lower|better|worse|over\b|above|below)", re.IGNORECASE)

# before the value's own "on X": a change word ends the list the value is in
_CHANGE_LATER = re.compile(r"\b(?:improvements?|gains?|increases?|decreases?|drops?|boosts?|reductions?|"
                           r"higher|lower|better|worse)\b", re.IGNORECASE)
_CHANGE_STOP = re.compile(r"\b(?:on|in|for|across)\s|[;,]\s+(?!and\s+\d)|[()]", re.IGNORECASE)

_CHANGE_WORD = re.compile(r"\b(?:improv\w*|gains?|boost\w*|increas\w*|lift\w*|reduc\w*|decreas\w*|drops?|margins?|"
                          r"higher|lower|better|worse)\b", re.IGNORECASE)

_SCORE_VERBS = (r"achiev\w*|reach\w*|attain\w*|obtain\w*|scor(?:es|ed|ing)(?!\s+(?:of|on)\b)|yield\w*|record\w*|deliver\w*|"
                r"set(?:s|ting)?|gets?|getting|got|register\w*|establish\w*|post(?:s|ed|ing)|"
                r"achieving|exhibit\w*|demonstrat\w*|show(?:s|ed|ing|n)?|perform(?:s|ed|ing)? at|maintain\w*|"
                r"top(?:s|ped|ping)|rank\w* first with|is at|stands? at")
_COMPARE_VERBS = r"outperform\w*|surpass\w*|exceed\w*|beat\w*|beating|rival\w*|match\w*|trail\w*|improv\w*|boost\w*"
_FIRST = r"(?=[abcdeghilmoprstwy])"  # the verbs' first letters: most positions fail at once (speed)
_VERB = re.compile(rf"\b{_FIRST}(?:(?P<score>{_SCORE_VERBS})|(?P<cmp>{_COMPARE_VERBS})|(?P<with>with))\b")
_ANY_SCORE_VERB = re.compile(rf"\b{_FIRST}(?:{_SCORE_VERBS})\b")  # lower case: "HiT" is a name, not "hit"

_FIRST_PERSON = re.compile(
    r"\b(?:[Oo]ur\s+(?:[\w\-]+\s+){0,2}?(?:model|method|approach|network|system|framework|architecture|detector|"
    r"classifier|agent|variant|pipeline|solution|generator|encoder|recognizer|segmenter|student|LLM|VLM)s?|[Ww]e|[Ii]t|[Oo]urs|[Tt]he\s+(?:proposed|resulting|final)\s+"
    r"(?:[\w\-]+\s+){0,2}?(?:model|method|approach|network|architecture|framework|detector|classifier|system)|"
    r"[Tt]his\s+(?:model|network|architecture))\b")
_COMPARED_BEFORE = re.compile(
    r"\b(?P<cue>outperform\w*|surpass\w*|than|over|beat\w*|beating|exceed\w*|compared\s+(?:to|with)|relative\s+to|"
    r"vs\.?|versus|unlike|such\s+as|including|like|e\.g\.,?|i\.e\.,?|baselines?|match\w*|rival\w*|against)\b"
    r"[^;]*$", re.IGNORECASE)
_CUE = re.compile(_COMPARED_BEFORE.pattern.removesuffix(r"[^;]*$"), re.IGNORECASE)
_BACKBONE_BEFORE = re.compile(r"(?:\b(?:with|using|via|from|upon|atop|on|based\s+on|built\s+on|powered\s+by|"
                              r"applied\s+to|of|fine-?tuning|training|prompting|distilling)|\+)\s*"
                              r"(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)
_KIND_AFTER = re.compile(r"[\-\s](?:based|style|like|type|family|series|era)\b|'s?\s|s'|\s+(?:models|variants|"
                         r"architectures?|backbones?|networks|methods|baselines|detectors|families)\b", re.IGNORECASE)
# right after a known model's name: a word or a size that makes the name longer, so a different model ("Falcon
# OCR", "Whisper-medium", "NorBERTo-large", "Llama-3 70B"); not a verb, a kind word or punctuation
_NAME_GOES_ON = re.compile(r"(?:\s(?!(?:[Aa]nd|[Oo]r|[Ii]n|[Oo]n|[Ww]ith|[Aa]s|[Aa]t|[Bb]y|[Ff]or|[Tt]o|[Tt]he)\b)[A-Z][\w\-]*"
                           r"|-(?!based|style|like|type|family|series|era|only|free|level|scale|sized?|size)[A-Za-z][\w]*"
                           r"|[\s\-]\d+(?:\.\d+)?[BbMm])"
                           r"(?=[\s,:;.()]|$)")
_PAPER_SCOPE = re.compile(r"-\d{4}\.\d{4,5}$")


_SIZE_WORD = re.compile(r"(?<![A-Za-z])(tiny|small|base|medium|large|huge|mini|nano|micro|xxl|xl|\d+(?:\.\d+)?[bmk])"
                        r"(?![A-Za-z])", re.IGNORECASE)


def _version_not_printed(surface: str, key: str) -> bool:
    """The printed name and the model it resolves to disagree on the version or size: a name without any
    number that resolves to a numbered model ("ChatGPT" -> gpt-3.5), or a size the key lacks
    ("Whisper-medium" -> whisper). The score is of a variant the graph does not hold apart."""
    key = _PAPER_SCOPE.sub("", key)
    if not any(c.isdigit() for c in surface) and any(c.isdigit() for c in key):
        return True
    key_sizes = {m.casefold() for m in _SIZE_WORD.findall(key)}
    return any(m.casefold() not in key_sizes for m in _SIZE_WORD.findall(surface))


_SETTING = re.compile(r"\b(zero|one|few|\d{1,2})[- ]shot\b", re.IGNORECASE)

# a benchmark-like name: "LandCover.ai", "READ-2016", "CommonVoice Pashto v24", "Spider Dev", "AIME 2025"
_WORD = r"(?:[A-Z][\w+]*|[a-z]+[A-Z][\w+]*|\d+[A-Za-z][\w+]*)(?:[.\-+/][A-Za-z0-9][\w+]*)*\+*"
_NAME = (rf"{_WORD}(?:\s(?:[A-Z][\w+]*(?:[.\-][A-Za-z0-9][\w+]*)*|v\d+(?:\.\d+)?|(?:19|20)\d\d(?!\d|\.\d|\s?\\?%)|"
         r"\d+[A-Za-z]\w*|\d+\.\d+(?![\d.]|\s?\\?%)))*")
_SLOT_ON = re.compile(rf"(?=[OoIiFfAa])(?<![\w\-])(?:[Oo]n|[Ii]n|[Ff]or|[Aa]cross)\s+(?:the\s+|our\s+|its\s+|both\s+)?(?P<name>{_NAME})")
_SLOT_PAREN = re.compile(rf"\(\s*(?P<name>{_NAME})\s*(?:,[^()]{{0,25}})?\)")
_SLOT_BEFORE_PAREN = re.compile(rf"(?<![\w^\-./+])(?P<name>{_NAME})\s*\(\s*(?=[~≈]?\d|0?\.\d)")
_PAREN_NUMBER = re.compile(r"\(\s*(?=[~≈]?\d|0?\.\d)")
_SUBSET_AFTER = re.compile(r"\s*(?:\\?%)?\s*(?:" + _METRIC + r")?\s*(?:\([^()]*\)\s*)?(?:on|in|across)\s"
                           r"(?!(?:the|our|this)\s+(?:proposed\s+|new\s+)?(?:benchmark|dataset)\b)",
                           re.IGNORECASE)
_FOR_AFTER = re.compile(r"\s*(?:\\?%)?\s*(?:" + _METRIC + r")?\s*for\s", re.IGNORECASE)
# "90.11% Dice for CarSeg": the value belongs to a named part of the data ("for object detection" is a task)
_FOR_PART_AFTER = re.compile(r"\s*(?:\\?%)?\s*(?:" + _METRIC + r")?\s*for\s+(?:the\s+)?(?-i:[A-Z])", re.IGNORECASE)
_OWN_BENCH_REF = re.compile(r"\b(?:on|in|across)\s+(?:the|our|this)\s+(?:proposed\s+|new\s+)?(?:benchmark|dataset)\b")
_NAME_FOLLOW_OK = re.compile(
    r"\s*(?:$|[,.;:)\]]|\(|(?:dataset|benchmark|corpus|test|testset|split|set|leaderboard|and|or|with|while|whereas|"
    r"respectively|compared|outperforming|surpassing|which|when|using|under|at|in|for|on|by|as|to|after|without|"
    r"without|among|across|despite|thereby|thus|a|an|the|val|validation|dev)\b)")
_NAME_WORD_OK = re.compile(r"(?:\d|[a-z][A-Z]|[A-Z]{2}|[.\-+][A-Za-z0-9])")
_CLAUSE_BREAK = re.compile(r";|,?\s+(?:while|whereas|but|followed\s+by)\s+|,\s+and\s+(?=(?:on|in|for)\s)", re.IGNORECASE)

_STOP_NAMES = frozenset(compact(w) for w in ["GPU", "GPUs", "CPU", "CPUs", "TPU", "NPU", "A100", "H100", "H800", "V100", "RTX", "NVIDIA", "Jetson", "Raspberry", "Android", "iOS", "Linux", "Windows", "macOS", "Python", "Java", "JavaScript", "C++", "Rust", "SQL", "English", "Chinese", "Japanese", "Korean", "German", "French", "Spanish", "Arabic", "Hindi", "Russian", "Portuguese", "Italian", "Urdu", "Persian", "Turkish", "Vietnamese", "Indonesian", "Bengali", "Swahili", "Pashto", "Dari", "Table", "Tables", "Fig", "Figure", "Section", "Appendix", "Eq", "Equation", "Average", "Overall", "Mean", "Total", "Top", "Ours", "Baseline", "Baselines", "ASR", "NLP", "NLU", "NLG", "CV", "QA", "VQA", "MRC", "NLI", "SRL", "POS", "STS", "MCQ", "MCQA", "KGC", "KBQA", "ODQA", "NMT", "SLU", "DST", "VLN", "ReID", "MOT", "SOD", "VOS", "OCR", "NER", "MT", "TTS", "GEC", "CGEC", "ABSA", "HTR", "GUI", "GUIs", "API", "APIs", "AI", "ML", "DL", "RL", "SFT", "RAG", "CoT", "LLM", "LLMs", "VLM", "VLMs", "MLLM", "MLLMs", "LVLM", "LVLMs", "SOTA", "IoT", "EEG", "ECG", "MRI", "CT", "fMRI", "LiDAR", "RGB", "RGB-D", "IID", "OOD", "I.I.D.", "KV", "PEFT", "LoRA", "MoE", "Level", "Task", "Track", "Stage", "Phase", "Setting", "Split", "Part", "Round", "Subtask", "Scenario", "Category", "Tier", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Pass", "Recall", "Precision", "Accuracy", "F1", "BLEU", "ROUGE", "WER", "CER", "FID", "AUC", "AUROC", "mAP", "mIoU"])


@dataclass(frozen=True, slots=True)
class ModelSpan:
    """A named model in the abstract (character span) and the key a score of it is stored under."""

    start: int
    end: int
    key: str


@dataclass(frozen=True, slots=True)
class AbstractScore:
    """One absolute score read from an abstract sentence."""

    model: str
    benchmark: BenchmarkInfo
    known_benchmark: bool
    """False for a benchmark the curated table does not list (its key is the slug of the printed name)."""
    metric: str | None
    value: float
    """On the comparable scale (a 0-1 fraction of a percentage metric becomes 0-100)."""
    printed: str
    setting: str | None
    higher_is_better: bool
    rule: str
    reason: str
    via_default: bool
    """The subject was "we" / "it" / "our model": the paper's single introduced model."""


@dataclass(frozen=True, slots=True)
class _Bench:
    start: int
    end: int
    info: BenchmarkInfo
    known: bool
    slot: str


# ---- benchmarks ---------------------------------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def _bench_info(name: str) -> tuple[BenchmarkInfo, bool] | None:
    """The curated benchmark a printed name is, else a new one under the printed name; None when the name
    reads as a language, a device, a task acronym, a metric or a figure reference."""
    name = name.strip()
    known = benchmark_table().get(compact(name))
    if known is not None:
        return known, True
    if compact(name) in _STOP_NAMES or compact(name.split()[0]) in _STOP_NAMES or _METRIC_RX.fullmatch(name):
        return None
    if len(compact(name)) < 3 or _METRIC_TAIL.search(name):
        return None  # "L1" (a level), "Arena Score" (a metric)
    if _METRIC_NAME.fullmatch(name) or _MODEL_VARIANT_TAIL.search(name):
        return None  # "mAAP", "ROC-AUC", "Pearson" (metrics); "LightningDiT-XL" (a model size)
    parts = [p for p in _NAME_PARTS.split(name) if p]
    if compact(parts[0]) in _LEAD_NOT_DATA or all(compact(p) in _GENERIC_WORDS for p in parts):
        return None  # "English-to-Chinese", "Task-A" (a language pair, a task); "Test Set" (no name)
    return BenchmarkInfo(key=slug(name), name=name, aliases=(), task=None, domain=None, metric=None), False


def _benches(text: str, s0: int, s1: int, spans: list[ModelSpan], own_bench: str | None) -> list[_Bench]:
    """Benchmark names in the sentence ``text[s0:s1]``, each found in a slot that names data ("on X",
    "(X, en)" after a value, "X (0.72)"): a capitalised word elsewhere is not taken for a benchmark."""
    out: dict[tuple[int, int], _Bench] = {}
    for slot, rx in (("on", _SLOT_ON), ("paren", _SLOT_PAREN), ("before-paren", _SLOT_BEFORE_PAREN)):
        if slot == "before-paren" and not _PAREN_NUMBER.search(text, s0, s1):
            continue  # no "(0.72)" in the sentence: skip the costly name scan
        for m in rx.finditer(text, s0, s1):
            a, b = m.span("name")
            name = text[a:b]
            while name and name[-1] in ".-+/" and not name.endswith("++"):
                name, b = name[:-1], b - 1
            if any(sp.start < b and a < sp.end for sp in spans):
                continue  # a model, not data ("on Llama-3", "for Swin-L")
            version = _VERSION_PAREN.match(text, b)
            if version:
                name, b = f"{name} {version.group(1)}", version.end()  # "AffectNet (v7)": a variant of AffectNet
            got = _bench_info(name)
            if got is None:
                continue
            info, known = got
            if not known:
                if slot == "paren" and (" " in name and not _NAME_WORD_OK.search(name) or len(compact(name)) < 4):
                    continue  # "(Tumor Core)", "(WBS)": a class or a region, not a data set
                if slot == "on" and not (_NAME_WORD_OK.search(name) or own_bench and compact(name) == compact(own_bench)
                                         or compact(name.split()[0]) in benchmark_table()
                                         or m.group().lower().startswith(("on the ", "in the ")) and " " not in name
                                         and _DATA_WORD_AFTER.match(text, b)):
                    continue  # "on Monday", "in Bentham": a plain word needs the paren slot, a name's shape or
                    # "on the Synapse dataset"
                if not _NAME_FOLLOW_OK.match(text, b):
                    continue  # "on GUI benchmarks", "on NLP tasks": a modifier, not a name
                if slot == "on" and m.group()[:1] in "Ff" and not (_DATA_WORD_AFTER.match(text, b)
                                                                    or _EDITION.search(name)):
                    continue  # "0.57 for CD3e", "0.95 for Task-A": a class or a task; "for ISLES 2022" is data
            if not known and slot == "before-paren" and not _NAME_WORD_OK.search(name):
                continue  # "Citation (3.38)": a plain word before a number is a criterion, not a data set
            if own_bench and compact(name) == compact(own_bench):
                info = BenchmarkInfo(key=slug(own_bench), name=own_bench, aliases=(), task=None, domain=None, metric=None)
            out[(a, b)] = _Bench(a, b, info, known, slot)
    found = sorted(out.values(), key=lambda x: x.start)
    if any(b.slot == "paren" and not b.known and not _NAME_WORD_OK.search(b.info.name) for b in found) and not any(
            b.known or _NAME_WORD_OK.search(b.info.name) for b in found if b.slot == "paren"):
        # "48.6% (Adult), 50.5% (Child)": plain words alone in parentheses are groups or sites, not data sets
        # ("(IAM-A, en), ... (Bentham, en)" keeps Bentham: its list names data sets)
        found = [b for b in found if not (b.slot == "paren" and not b.known)]
    return found


# metric names the curated vocabulary above does not spell out: means of metrics, correlation measures
_METRIC_NAME = re.compile(r"m[A-Za-z]{0,3}(?:AP|IoU|AUC|PQ|Acc)\w{0,3}|(?:ROC|PR)[-\s]?AUC|AUC[-\s]?(?:ROC|PR)|Pearson|"
                          r"Spearman|Kendall|SRCC|PLCC|KRCC|MAE|RMSE|MSE|MAPE|R2|R\^2|Top-?\d+(?:\s+Acc\w*)?")
# a size word at the end names a model variant, not data: "LightningDiT-XL", "ViT Large"
_MODEL_VARIANT_TAIL = re.compile(r"[-\s](?:XXL|XL|Base|Large|Small|Tiny|Huge)$")
_NAME_PARTS = re.compile(r"[-\s_/]+")
# a first word that makes the name a language, a language pair or a part of a task, never a data set
_LEAD_NOT_DATA = frozenset(compact(w) for w in [
    "English", "Chinese", "Japanese", "Korean", "German", "French", "Spanish", "Arabic", "Hindi", "Russian",
    "Portuguese", "Italian", "Urdu", "Persian", "Turkish", "Vietnamese", "Indonesian", "Bengali", "Swahili",
    "Task", "Subtask", "Track", "Level", "Stage", "Phase", "Split", "Part", "Round", "Scenario", "Category", "Tier",
    "Setting", "Fold", "Class", "Group", "Type"])
# words that name no particular data set on their own: "Test Set", "Validation Split", "Public Benchmark"
_GENERIC_WORDS = frozenset(compact(w) for w in [
    "test", "testset", "set", "sets", "dataset", "datasets", "benchmark", "benchmarks", "data", "validation", "val",
    "dev", "development", "split", "splits", "corpus", "suite", "leaderboard", "subset", "challenge", "task", "tasks",
    "our", "the", "this", "public", "private", "hidden", "held", "out", "heldout", "in", "domain", "cross", "real",
    "world", "synthetic", "standard", "full", "main", "new", "proposed", "internal", "external", "clinical", "overall",
    "average", "evaluation", "eval", "training", "train", "holdout", "unseen", "seen", "easy", "medium", "hard"])

# after an unknown name in a "for X" slot: the word that makes X a data set ("for the XYZ test set")
_DATA_WORD_AFTER = re.compile(r"\s+(?:dataset|benchmark|corpus|test\s*set|testset|split|leaderboard|challenge)s?\b",
                              re.IGNORECASE)
_VERSION_PAREN = re.compile(r"\s*\(\s*([vV]\d+(?:\.\d+)?)\s*\)")
# an edition marks a data set's name: a year or a version ("BraTS 2021", "LIBERO v2")
_EDITION = re.compile(r"(?<![\w.])(?:(?:19|20)\d\d|[vV]\d+(?:\.\d+)?)(?![\w.])")

_METRIC_TAIL = re.compile(r"\b(?:score|rate|accuracy|index|metric|error|distance|ratio|coefficient)s?$", re.IGNORECASE)
_OWN_BENCH_TITLE = re.compile(rf"^(?P<name>{_WORD})\s*:\s*(?:benchmarking\b|(?:an?\s+|the\s+)?(?:[\w\-]+\s+){{0,4}}?"
                              r"(?:benchmark|dataset|corpus|suite)s?\b)", re.IGNORECASE)
_OWN_BENCH_TEXT = re.compile(rf"\b(?:present|introduce|propose|release|construct|build|curate|create)\w*\s+"
                             rf"(?P<name>{_WORD}),\s+(?:an?\s+|the\s+first\s+)(?:[\w\-]+\s+){{0,5}}?"
                             r"(?:benchmark|dataset|corpus|suite)\b")


def own_benchmark(title: str, abstract: str) -> str | None:
    """The benchmark or dataset the paper itself introduces ("OMIBench: Benchmarking ...", "we present
    VisText-Mosquito, a multimodal dataset"), by name; None when it introduces none."""
    m = _OWN_BENCH_TEXT.search(abstract)
    if m:
        return m.group("name")
    m = _OWN_BENCH_TITLE.match(title)
    return m.group("name") if m and _NAME_WORD_OK.search(m.group("name")) else None


# ---- values -------------------------------------------------------------------------------------------------------

def _refused(text: str, c0: int, a: int, b: int, pct: bool, num: str) -> str | None:
    """Why the number ``text[a:b]`` is not a score (None when it may be one)."""
    before = text[max(c0, a - 40):a]
    approx = _APPROX.search(before)
    core = before[:approx.start()] if approx else before
    if _BEFORE_BAD.search(core) and not _METRIC_EQUALS.search(core):
        return "a gain, bound, range or comparison"
    after = text[b:b + 40]
    m = _AFTER_OK_WORD.match(after)
    if not m and _AFTER_BAD.match(after) and not _METRIC_RX.match(after.lstrip()):
        return "a count, unit, change or share"
    if m is None and _WORD_AFTER.match(after) and not _METRIC_RX.match(after.lstrip()):
        return "followed by a word that is not a metric"
    metric_after = _METRIC_RX.match(after.lstrip())
    if metric_after and _CHANGE_AFTER.match(after.lstrip()[metric_after.end():]):
        return "a change of a metric"
    last_change = max((m.end() for m in _CHANGE_WORD.finditer(text, c0, a)), default=-1)
    if last_change >= 0 and not _ANY_SCORE_VERB.search(text, last_change, a):
        return "in a list of gains: \"with increases of 0.17%, 0.67% and 0.92%\""
    tail = text[b:b + 100]
    stop = _CHANGE_STOP.search(tail)
    if _CHANGE_LATER.search(tail[:stop.start()] if stop else tail):
        return "a list of changes: \"5.1% AP and 3.8% AP increase over\""
    if after.lstrip().startswith(("of ", "of\n")):
        return "a share of something"
    if not pct and "." not in num and not _metric_near(text, c0, a, b):
        return "a whole number without % or a metric: a count"
    if not pct and float(num) > 100 and not _metric_near(text, c0, a, b):
        return "above 100 without a metric"
    return None


def _metric_near(text: str, c0: int, a: int, b: int) -> str | None:
    """The metric printed next to a value: "accuracy of 85.3%", "WER 21.22%", "92.1 F1", "AUROC of 0.747"."""
    after = text[b:b + 40]
    m = re.match(r"\s*(?:\\?%)?\s*", after)
    rest = after[m.end():] if m else after
    ma = _METRIC_RX.match(rest)
    if ma and not rest[ma.end():ma.end() + 1].isalnum():
        return ma.group().strip()
    before = text[max(c0, a - 60):a]
    mb = re.search(_METRIC + r"\s*(?:\(\s*[\w\-]+\s*\)\s*)?(?:of|=|:|is|was|at|reaching|to)?\s*(?:an?\s+)?"
                   r"(?:~|≈|about\s+|around\s+|approximately\s+|roughly\s+)?$", before, re.IGNORECASE)
    return mb.group().strip().split(" of")[0] if mb else None


_METRIC_CANON: dict[str, str] = {"accuracies": "accuracy", "acc": "accuracy", "acc.": "accuracy", "character error rate": "CER",
                 "character error rates": "CER", "word error rate": "WER", "word error rates": "WER", "wers": "WER",
                 "cers": "CER", "bleu score": "BLEU", "bleu scores": "BLEU", "f1 score": "F1", "f1-score": "F1",
                 "f1 scores": "F1", "bertscores": "BERTScore", "success rates": "success rate",
                 "win rates": "win rate", "scores": "score", "phoneme error rate": "PER"}


def _canon_metric(raw: str | None) -> str | None:
    if not raw:
        return None
    m = _METRIC_RX.search(raw)
    if not m:
        return None
    text = re.sub(r"\s+", " ", m.group().strip())
    text = re.sub(r"^(?:test|segmentation|detection|classification|EX|EM)\s+", "", text, flags=re.IGNORECASE)
    if not re.fullmatch(r"(?:normalized |normalised )?scores?", text, re.IGNORECASE):
        bare = re.sub(r"\s+(?:scores?|values?)$", "", text, flags=re.IGNORECASE)  # "FID scores" -> "FID"
        if not re.fullmatch(r"(?:overall|mean|average|avg\.?|normali[sz]ed)", bare, re.IGNORECASE):
            text = bare
    return _METRIC_CANON.get(text.casefold(), text)


# ---- subjects -----------------------------------------------------------------------------------------------------

def _name_like(word: str) -> bool:
    """A name that is neither a model we know nor a benchmark ("AutoRefine", "PABSA"): maybe the true subject."""
    return len(word) > 1 and bool(re.fullmatch(r"[A-Za-z][\w\-.+]*", word)) and (
        any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word))


def _subject(text: str, c0: int, verb_start: int, spans: list[ModelSpan], benches: list[_Bench],
             default_model: str | None) -> tuple[str, bool, str] | None:
    """(model key, via default, why) of the subject before the scoring verb at ``verb_start``; None when the
    subject is no named model (a method, a framework, an unnamed model) or is ambiguous."""
    cands: list[tuple[int, str | None, bool, str]] = []
    backbone = False
    for sp in spans:
        if c0 <= sp.start and sp.end <= verb_start:
            pre = text[c0:sp.start]
            if _compared(pre[-70:]):
                continue  # "outperforms GPT-4o": a baseline
            if _BACKBONE_BEFORE.search(pre[-25:]):
                backbone = True
                continue  # "with Llama 3 8B, X achieves": a backbone
            if _KIND_AFTER.match(text, sp.end):
                continue  # "Mamba-based architectures": a kind of model, not one
            if _NAME_GOES_ON.match(text, sp.end) or _version_not_printed(text[sp.start:sp.end], sp.key):
                cands.append((sp.start, None, False, f"a longer or other name than {text[sp.start:sp.end]!r}"))
                continue  # "Falcon OCR", "Whisper-medium", "NorBERTo-large": another model than the one known
            cands.append((sp.start, sp.key, False, f"subject {text[sp.start:sp.end]!r}"))
    for m in _FIRST_PERSON.finditer(text, c0, verb_start):
        cands.append((m.start(), default_model, True, f"subject {m.group()!r}: the paper's model"))
    bench_pos = [(b.start, b.end) for b in benches]
    covered = [(sp.start, sp.end) for sp in spans] + bench_pos
    for m in re.finditer(r"[A-Za-z][\w\-.+]*", text[c0:verb_start]):
        a = c0 + m.start()
        if a == c0 or any(s <= a < e for s, e in covered) or not _name_like(m.group().rstrip(".")):
            continue
        if _METRIC_RX.fullmatch(m.group()) or compact(m.group()) in _STOP_NAMES:
            continue
        pre = text[c0:a]
        if _COMPARED_BEFORE.search(pre[-70:]):
            continue
        cands.append((a, None, False, f"another name {m.group()!r}"))
    if not cands:
        return None
    pos, key, via_default, why = max(cands, key=lambda c: c[0])
    if not _carried_subject(text, pos, verb_start):
        return None  # "GPT-5.1 reaches 48.8% and expert models achieve (IoU 30.09%)"
    if via_default and backbone:
        return None  # "with Llama-3-8B, our method achieves": the method on someone else's model
    return (key, via_default, why) if key else None


def _compared(pre: str) -> bool:
    """Does ``pre`` (the text just before a name) make the name a baseline ("outperforms", "over", "than"),
    with no scoring verb after that cue ("gains over X, and sets ...": X is still a baseline)?"""
    if not _COMPARED_BEFORE.search(pre):
        return False
    cue_end = max(m.end("cue") for m in _CUE.finditer(pre))
    return not _ANY_SCORE_VERB.search(pre, cue_end)


def _carried_subject(text: str, subj_pos: int, verb_start: int) -> bool:
    """No other verb between the subject and its scoring verb, or one joined by "and" ("X achieves 85% on A
    and reaches 90% on B"): else the verb has a subject of its own ("X reaches 48% and expert models achieve")."""
    between = list(_ANY_SCORE_VERB.finditer(text, subj_pos, verb_start))
    if not between or re.match(r"\w+ing\b", text[verb_start:verb_start + 20]):
        return True  # "X demonstrates strong results, achieving 85.4%": a participle shares the subject
    return bool(re.search(r"(?:,\s*|\s)(?:and|then|while)\s+(?:also\s+|further\s+)?$", text[:verb_start][-30:]))


def _governing_verb(text: str, c0: int, a: int) -> tuple[int, str] | None:
    """(start, kind) of the verb that governs a value at ``a``: the last scoring verb before it in the clause
    ("achieves ... 85%"), or a comparison verb followed by "with" ("outperformed X with 93.15%")."""
    verbs = list(_VERB.finditer(text, c0, a))
    if not verbs:
        return None
    last = verbs[-1]
    if last.lastgroup == "score":
        return last.start(), "score"
    if last.lastgroup == "cmp":
        return None  # "outperforms GPT-4 (86.4%)": whose figure is it?
    for v in reversed(verbs[:-1]):  # "with": the verb before it
        if v.lastgroup in ("score", "cmp"):
            return v.start(), v.lastgroup
    return None



# ---- rules ---------------------------------------------------------------------------------------------------------

_CHAIN_STEP = re.compile(
    rf"\s*(?:\\?%)?\s*(?:{_METRIC})?\s*(?:\(\s*(?:\d{{1,2}}|zero|few|one)[- ]shot\s*\)\s*)?"
    rf"(?:(?P<on>(?:on|in|for|across)\s+(?:the\s+|our\s+|its\s+|both\s+)?)|"
    rf"(?P<next>(?:,\s*(?:and\s+)?|\s+and\s+|\s+with\s+|\s+along\s+with\s+)(?:an?\s+)?(?:{_METRIC}\s+(?:of\s+)?)?"
    rf"(?:~|≈)?(?=\d|0?\.\d)))", re.IGNORECASE)


def _bench_at(benches: list[_Bench], pos: int) -> _Bench | None:
    return next((b for b in benches if b.start == pos), None)


def _value_on_bench(text: str, b: int, c1: int, benches: list[_Bench]) -> _Bench | None:
    """ "0.8568 mIoU and 96.87% overall accuracy on LandCover.ai": the first "on X" the chain of values
    starting at this one leads to."""
    pos = b
    for _ in range(6):
        m = _CHAIN_STEP.match(text, pos, c1)
        if not m:
            return None
        if m.group("on") is not None:
            hit = _bench_at(benches, m.end())
            if hit is not None and _NAME_LIST_AFTER.match(text, hit.end):
                return None  # "93%, 90% and 91% on A, B and C": which value is whose?
            return hit
        nv = _VALUE.match(text, m.end())
        if not nv:
            return None
        pos = nv.end()
    return None


_NAME_LIST_AFTER = re.compile(rf"\s*(?:\([^()]{{0,25}}\))?\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?{_NAME}\s*"
                              r"(?:[,.;)]|\s+(?:and|datasets?|benchmarks?)\b|$)")
_SUITE_LEAD = re.compile(r"\s*(?:[Oo]n|[Ii]n|[Aa]cross)\s+(?:the\s+)?")
_PAREN_AFTER = re.compile(r"\s*(?:\\?%)?\s*\(\s*")
_WITH_BEFORE = re.compile(r"(?:\([^()]{0,25}\)\s*)?(?:,\s*)?\s+with\s+(?:an?\s+)?(?:" + _METRIC + r"\s+(?:of\s+)?)?"
                          r"(?:~|≈|about\s+)?$", re.IGNORECASE)
_COMPARISON_GAP = re.compile(r"\b(?:below|above|than|compared|versus|vs|while|whereas|human|baselines?|prior|"
                             r"previous)\b", re.IGNORECASE)
_LEAD_GAP = re.compile(r"^\s*(?:\([^()]{0,40}\))?\s*(?:dataset|benchmark|split|test set)?\s*,?\s+")


def _pick_bench(text: str, c0: int, c1: int, a: int, b: int, benches: list[_Bench],
                own: _Bench | None) -> tuple[_Bench, str] | None:
    """The benchmark of the value ``text[a:b]`` and the rule that tied them."""
    pm = _PAREN_AFTER.match(text, b)
    if pm:
        hit = next((x for x in benches if x.start == pm.end() and x.slot == "paren"), None)
        if hit:
            return hit, "value-paren-benchmark"  # "2.26% (IAM-A, en)"
    hit = _value_on_bench(text, b, c1, benches)
    if hit:
        lead = next((x for x in benches if c0 <= x.start < a and x.slot == "on" and x.info.key != hit.info.key
                     and _SUITE_LEAD.fullmatch(text, c0, x.start) and text.startswith(",", x.end)), None)
        if lead is not None:
            return None  # "On PLUE, X reaches 0.92 F1 on MRPC": a task inside the suite, not the original MRPC
        return hit, "value-on-benchmark"  # "85.7% on Spider Dev"
    for x in benches:
        if x.end <= a and x.slot == "before-paren" and re.fullmatch(r"\s*\(\s*(?:~|≈)?", text[x.end:a]) \
                and re.match(r"\s*(?:\\?%)?\s*\)", text[b:]) and not _compared(text[max(c0, x.start - 70):x.start]):
            return x, "benchmark-paren-value"  # "GenEval (0.72)"
    prior = [x for x in benches if c0 <= x.start and x.end <= a and x.slot == "on"]
    if prior:
        x = prior[-1]
        gap = text[x.end:a]
        if _NAME_LIST_AFTER.match(text, x.end):
            return None  # "Evaluated on BABE and BASIL, X achieves 0.853 F1": on which of them?
        if _WITH_BEFORE.search(gap) and len(gap) < 60:
            return x, "benchmark-with-value"  # "competitive on READ-2016 (de) with 4.21%"
        lead = _LEAD_GAP.match(gap)
        verb_in_gap = None
        for hit in _ANY_SCORE_VERB.finditer(gap):
            verb_in_gap = hit
        if lead and not _VALUE.search(re.sub(r"\([^()]*\)", "", gap)) and verb_in_gap is not None \
                and len(gap) < 90 and not any(x.end <= y.start < a for y in benches) \
                and not re.search(r"\b(?:on|in|for|across|under)\s", gap[verb_in_gap.end():]) \
                and not _COMPARISON_GAP.search(gap) \
                and not _SUBSET_AFTER.match(text, b) and not _FOR_AFTER.match(text, b):
            return x, "benchmark-first"  # "On Sudoku-Extreme, RSM reaches 97.5%"
    if own is not None and not any(c0 <= x.start < c1 for x in benches):
        return own, "paper-benchmark"
    return None


_VERSUS = re.compile(r"\(\s*(?P<a>(?:~|≈)?\d{1,3}(?:\.\d+)?\s?\\?%?)\s*(?:vs\.?|versus|v\.s\.)\s*"
                     r"(?P<b>\d{1,3}(?:\.\d+)?\s?\\?%?)\s*\)", re.IGNORECASE)


def _num(printed: str) -> float:
    return float(re.sub(r"[^\d.]", "", printed))


def _make(model: str, bench: _Bench, metric: str | None, value: float, printed: str, setting: str | None,
          rule: str, why: str, via_default: bool) -> AbstractScore | None:
    info = bench.info
    value_n, metric_n, refused, _scale = normalise_score(value, printed, metric, info)
    if refused is not None:
        return None
    return AbstractScore(model=model, benchmark=info, known_benchmark=bench.known, metric=metric_n, value=value_n,
                         printed=printed, setting=setting, higher_is_better=higher_is_better(metric_n, info),
                         rule=rule, reason=why, via_default=via_default)


def _setting(text: str, c0: int, c1: int, a: int, b: int) -> str | None:
    """ "5-shot", "zero-shot" stated in the clause near the value."""
    m = None
    for hit in _SETTING.finditer(text, max(c0, a - 60), min(c1, b + 40)):
        m = hit
    if m is None:
        return None
    return f"{m.group(1).casefold()}-shot"


_SENT_END = re.compile(r"[.!?](?=\s+[A-Z(\"“])|\n{2,}")


def _sentence_start(text: str, p: int) -> int:
    """Where the sentence holding ``p`` starts: after the last ".", "?" or "!" followed by space and a capital
    (the split of :func:`tracker.extract.text.sentence_bounds`), found backwards from ``p``."""
    i = p
    while True:
        i = max(text.rfind(".", 0, i), text.rfind("?", 0, i), text.rfind("!", 0, i))
        if i < 0:
            return 0
        k = i + 1
        while k < p and text[k].isspace():
            k += 1
        if k > i + 1 and k < len(text) and (text[k].isupper() or text[k] in "(\"“"):
            return k


def _score_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences that hold a decimal or a percentage: only these can state a score (splitting only
    around them keeps the per-paper cost low)."""
    out: list[tuple[int, int]] = []
    end = -1
    for m in _SCORE_SHAPE.finditer(text):
        if m.start() < end:
            continue
        start = _sentence_start(text, m.start())
        stop = _SENT_END.search(text, m.end())
        end = stop.start() + 1 if stop else len(text)
        out.append((start, end))
    return out


def _clauses(text: str, s0: int, s1: int) -> list[tuple[int, int]]:
    out, pos = [], s0
    for m in _CLAUSE_BREAK.finditer(text, s0, s1):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, s1))
    return out


def abstract_scores(abstract: str, spans: list[ModelSpan], default_model: str | None,
                    own_bench: str | None = None) -> list[AbstractScore]:
    """Absolute scores in ``abstract``. ``spans``: named models (found mentions and the paper's own names);
    ``default_model``: the paper's single introduced model, which "we" / "it" / "our model" refer to;
    ``own_bench``: the benchmark or dataset the paper introduces, if any (see :func:`own_benchmark`)."""
    if not _SCORE_SHAPE.search(abstract):
        return []
    spans = sorted(spans, key=lambda s: s.start)
    out: list[AbstractScore] = []
    for s0, s1 in _score_sentences(abstract):
        if not _VERB.search(abstract, s0, s1):
            continue
        first_close, first_open = abstract.find(")", s0, s1), abstract.find("(", s0, s1)
        if first_close >= 0 and (first_open < 0 or first_close < first_open):
            continue  # a sentence cut inside a parenthesis ("(vs. Claude at 80.8%)"): its subject is elsewhere
        sent_spans = [sp for sp in spans if s0 <= sp.start < s1]
        benches = _benches(abstract, s0, s1, sent_spans, own_bench)
        own = None
        if own_bench and not benches:
            own = _Bench(s0, s0, BenchmarkInfo(key=slug(own_bench), name=own_bench, aliases=(), task=None, domain=None,
                                               metric=None), False, "own")
        if not benches and own is None:
            continue
        skip_from = s1
        resp = _RESPECTIVELY.search(abstract, s0, s1)
        if resp:
            paired, skip_from = _respectively(abstract, s0, resp.end(), sent_spans, benches, default_model)
            out.extend(paired)  # values of a "..., respectively" list pair only by position, never with "on X"
        versus_spans: set[int] = set()
        out.extend(_versus(abstract, s0, s1, sent_spans, benches, default_model, versus_spans))
        for c0, c1 in _clauses(abstract, s0, s1):
            last_refused = -1
            for vm in _VALUE.finditer(abstract, c0, c1):
                a, b = vm.span()
                if skip_from <= a < (resp.end() if resp else s1):
                    continue
                if last_refused >= 0 and _LIST_GAP.fullmatch(abstract, last_refused, a):
                    last_refused = b
                    continue  # "by 5% and 10% on A and B": the list goes on with gains
                if any(x <= a < y for x, y in ((bb.start, bb.end) for bb in benches)) or a in versus_spans:
                    continue  # part of a name ("ModelNet40")
                if any(sp.start <= a < sp.end for sp in sent_spans):
                    continue
                num, pct = vm.group(1), bool(vm.group(2))
                if _refused(abstract, c0, a, b, pct, num):
                    last_refused = b
                    continue
                picked = _pick_bench(abstract, c0, c1, a, b, benches, own)
                if picked is None:
                    continue
                bench, rule = picked
                metric_raw = _metric_near(abstract, c0, a, b)
                if metric_raw and _NOT_SCORE.search(metric_raw):
                    continue
                near = abstract[max(c0, a - 30):a] + abstract[b:b + 30]
                if _NOT_SCORE.search(near) and not metric_raw:
                    continue
                if rule == "paper-benchmark" and (
                        not metric_raw and not _OWN_BENCH_REF.search(abstract, b, min(c1, b + 40))
                        or _SUBSET_AFTER.match(abstract, b) or _FOR_PART_AFTER.match(abstract, b)):
                    continue  # a bare number, or one on a part of the data ("20% in multi-table tasks")
                verb = _governing_verb(abstract, c0, a)
                if verb is None:
                    continue
                with_at = abstract.rfind(" with ", verb[0], a)  # "a final loss of 0.0028, with a BLEU of 54.7"
                if _NOT_SCORE.search(abstract, max(verb[0], with_at), a) or _NOT_SCORE_CLAUSE.search(abstract, c0, a):
                    continue  # "achieves Kendall correlations ... 0.945"
                if metric_raw is None and re.search(r"\bof\s*(?:~|≈)?\s*$", abstract[max(c0, a - 8):a]):
                    continue  # "the HD95 value of 3.03": a measure we cannot name
                if _other_owner_between(abstract, verb, a, sent_spans, benches):
                    continue  # "X achieves 26.88, ... claude-sonnet-4-5 at 24.87": whose is it?
                if _in_busy_parens(abstract, c0, a):
                    continue  # "(7.5x the second best at 5.10)", "(90.9% recall, 76.5% precision)"
                if _NEGATED_VERB.search(abstract, max(c0, verb[0] - 30), verb[0]):
                    continue  # "struggles to achieve an accuracy of 75%": a bound it does not reach
                subj = _subject(abstract, c0, verb[0], sent_spans, benches, default_model)
                if subj is None:
                    continue
                model, via_default, why = subj
                if rule == "paper-benchmark" and via_default:
                    continue  # "our model" on a benchmark the paper only names as its own: keep to named models
                if rule == "paper-benchmark" and (_PART_LEAD.search(abstract[s0:a])
                                                  or compact(model) == compact(bench.info.key)):
                    continue  # "(3) In Information Extraction, ... X scores 11.23": one part of the benchmark;
                    # "FirstPass achieves 80.5%" in "FirstPass: ...": the title names the model, not a data set
                metric = _canon_metric(metric_raw) or _clause_metric(abstract, c0, a)
                if metric is None and _UNNAMED_ERROR.search(abstract, c0, a):
                    continue  # "a mean pixel error of 104.73 on A and 63.48 on B": lower is better, unnamed
                printed = abstract[a:b].replace("\\%", "%").replace(" %", "%")
                approx = _APPROX.search(abstract[max(c0, a - 20):a])
                if approx:
                    printed = "~" + printed
                score = _make(model, bench, metric, float(num), printed, _setting(abstract, c0, c1, a, b), rule,
                              f"{printed} on {bench.info.name}; {why}", via_default)
                if score is not None:
                    out.append(score)
    return _dedup(out)


# a sentence that walks through the parts of a benchmark: "(1) In Numerical Calculation, ...", "; on Reasoning tasks, "
_PART_LEAD = re.compile(r"(?:^|[:;]\s*|\(\w{1,3}\)\s*|\b\d\)\s*)(?:In|On|For|in|on|for)\s+(?:the\s+)?[A-Z][\w\-]*"
                        r"(?:\s+(?:[A-Z][\w\-]*|of|and|&))*(?:\s+(?:tasks?|categor(?:y|ies)|subsets?|splits?|tracks?|"
                        r"settings?|domains?|dimensions?))?\s*,")

# an error or a distance we have no metric name for: its direction is unknown, so its values are not read
_UNNAMED_ERROR = re.compile(r"\b(?:errors?|deviations?|drift|displacements?|distances?)\b", re.IGNORECASE)

_LIST_GAP = re.compile(r"\s*(?:\\?%)?\s*(?:" + _METRIC + r")?\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*/\s*)"
                      r"(?:~|≈)?\s*", re.IGNORECASE)


def _other_owner_between(text: str, verb: tuple[int, str], a: int, spans: list[ModelSpan],
                         benches: list[_Bench]) -> bool:
    """A model (or another name) named between a scoring verb and the value: the value may be that one's."""
    if verb[1] == "cmp":
        return False  # "outperformed DGCNN and MS-DGCNN with 93.15%": the compared ones sit there
    start = verb[0]
    if any(start < sp.start and sp.end <= a for sp in spans):
        return True
    covered = [(b.start, b.end) for b in benches] + [mm.span() for mm in _METRIC_RX.finditer(text, start, a)]
    for m in re.finditer(r"[A-Za-z][\w\-.+]*", text[start:a]):
        p = start + m.start()
        if any(x <= p < y for x, y in covered) or _METRIC_RX.fullmatch(m.group()) or not _name_like(m.group()):
            continue
        if compact(m.group()) in _STOP_NAMES:
            continue
        return True
    return False


def _in_busy_parens(text: str, c0: int, a: int) -> bool:
    """Is the value inside parentheses after other words than a metric ("(7.5x the second best at 5.10)")?"""
    open_at = text.rfind("(", c0, a)
    if open_at < 0 or text.find(")", open_at, a) >= 0:
        return False
    inner = text[open_at + 1:a].strip()
    return bool(inner) and not re.fullmatch(r"(?:" + _METRIC + r")\s*[:=]?\s*(?:~|≈)?", inner, re.IGNORECASE)


def _clause_metric(text: str, c0: int, a: int) -> str | None:
    """The metric named earlier in the clause, for the later items of a list ("CERs of 2.26% (IAM), 1.81% (RIMES)")."""
    last = None
    for m in _METRIC_RX.finditer(text, c0, a):
        last = m
    return _canon_metric(last.group()) if last else None


def _versus(text: str, s0: int, s1: int, spans: list[ModelSpan], benches: list[_Bench], default_model: str | None,
            used: set[int]) -> list[AbstractScore]:
    """ "X outperforms GPT-4o (71.2 vs 65.0) on B": X's and GPT-4o's scores, when the sentence names one
    benchmark and both sides are named models."""
    out: list[AbstractScore] = []
    for m in _VERSUS.finditer(text, s0, s1):
        if len({b.info.key for b in benches}) != 1:
            continue
        other = [sp for sp in spans if sp.end <= m.start() and re.fullmatch(r"[\s,]*", text[sp.end:m.start()])]
        if not other:
            continue
        cmp_verb = None
        for v in _VERB.finditer(text, s0, other[-1].start):
            cmp_verb = v
        if cmp_verb is None or cmp_verb.lastgroup != "cmp" or not re.search(
                r"outperform|surpass|exceed|beat", cmp_verb.group(), re.IGNORECASE):
            continue
        subj = _subject(text, s0, cmp_verb.start(), spans, benches, default_model)
        if subj is None or subj[0] == other[-1].key:
            continue
        bench = benches[0]
        metric = _clause_metric(text, s0, m.start())
        for side, key, via in (("a", subj[0], subj[1]), ("b", other[-1].key, False)):
            printed = m.group(side).replace("\\%", "%").replace(" %", "%")
            score = _make(key, bench, metric, _num(printed), printed, _setting(text, s0, s1, m.start(), m.end()),
                          "versus-pair", f"{printed} on {bench.info.name}; ({m.group()}) after "
                          f"{cmp_verb.group()!r}", via)
            if score is not None:
                out.append(score)
        used.update(range(m.start(), m.end()))
    return out


_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_RESP_LIST = re.compile(rf"\b(?:on|for|in|across)\s+(?:the\s+|both\s+)?(?P<names>{_NAME}(?:\s*(?:\([^()]{{0,20}}\))?"
                        rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+){_NAME})+)\s*(?:\([^()]{{0,20}}\))?"
                        r"(?:\s+(?:datasets|benchmarks|splits|test sets|sets))?\s*,?\s*(?:\(\s*)?respectively\b")
_RESP_SPLIT = re.compile(r"\s*(?:\([^()]{0,20}\))?\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def _respectively(text: str, s0: int, s1: int, spans: list[ModelSpan], benches: list[_Bench],
                  default_model: str | None) -> tuple[list[AbstractScore], int]:
    """ "FIDs of 13.12 and 15.08 on CUB-200 and ImageNet, respectively": values paired with names by position,
    only when the counts agree and every name is a benchmark name. Also where the list "respectively" closes
    starts (the last verb before it), so no other rule reads its values."""
    verbs = list(_VERB.finditer(text, s0, s1))
    region = verbs[-1].start() if verbs else s0
    scores = _respectively_pairs(text, s0, s1, spans, benches, default_model)
    return scores, region


def _respectively_pairs(text: str, s0: int, s1: int, spans: list[ModelSpan], benches: list[_Bench],
                        default_model: str | None) -> list[AbstractScore]:
    m = _RESP_LIST.search(text, s0, s1)
    if not m:
        return []
    names = [n.strip() for n in _RESP_SPLIT.split(m.group("names")) if n.strip()]
    infos = [_bench_info(n) for n in names]
    if any(i is None or not i[1] and not _NAME_WORD_OK.search(n) for i, n in zip(infos, names, strict=True)):
        return []
    if any(sp.start < m.end() and m.start("names") < sp.end for sp in spans):
        return []  # models, not data
    values = []
    for vm in _VALUE.finditer(text, s0, m.start()):
        a, b = vm.span()
        if any(sp.start <= a < sp.end for sp in spans) or any(x.start <= a < x.end for x in benches):
            continue
        if values and not _LIST_GAP.fullmatch(text, values[-1][1], a):
            values = []  # not the same list
        if _refused(text, s0, a, b, bool(vm.group(2)), vm.group(1)):
            values = []
            continue
        values.append((a, b, vm.group(1)))
    if len(values) != len(names) or not re.fullmatch(r"\s*(?:\\?%)?\s*(?:" + _METRIC + r")?\s*",
                                                     text[values[-1][1]:m.start()], re.IGNORECASE):
        return []
    first = values[0][0]
    verb = _governing_verb(text, s0, first)
    subj = _subject(text, s0, verb[0], spans, benches, default_model) if verb else None
    if subj is None:
        return []
    metric = _canon_metric(_metric_near(text, s0, first, values[0][1])) or _clause_metric(text, s0, first)
    if metric and _NOT_SCORE.search(metric):
        return []
    out = []
    for (a, b, num), name, (info, known) in zip(values, names, infos, strict=True):
        printed = text[a:b].replace("\\%", "%").replace(" %", "%")
        score = _make(subj[0], _Bench(a, b, info, known, "respectively"), metric, float(num), printed,
                      _setting(text, s0, s1, a, b), "respectively-list", f"{printed} on {name} (by position); {subj[2]}",
                      subj[1])
        if score is not None:
            out.append(score)
    return out


_NEGATED_VERB = re.compile(r"\b(?:struggl\w*|fail\w*|unable|not|never|cannot|hard)\s+(?:even\s+)?(?:to\s+)?$",
                           re.IGNORECASE)


def _dedup(scores: list[AbstractScore]) -> list[AbstractScore]:
    """One value per (model, benchmark, metric, setting): two different ones ("90.20% and 90.34% accuracy",
    with and without augmentation) mean a condition we did not read, so neither is kept."""
    groups: dict[tuple, list[AbstractScore]] = {}
    for s in scores:
        groups.setdefault((s.model, s.benchmark.key, s.setting), []).append(s)

    def clash(s: AbstractScore) -> bool:  # a metric left unnamed may be the other's
        return any(o.value != s.value and (o.metric == s.metric or o.metric is None or s.metric is None)
                   for o in groups[(s.model, s.benchmark.key, s.setting)])

    scores = [s for s in scores if not clash(s)]
    seen: set[tuple] = set()
    out = []
    for s in scores:
        k = (s.model, s.benchmark.key, s.metric, s.setting, s.value)
        if k not in seen:
            seen.add(k)
            out.append(s)
    return out


# ---- the per-paper hook ---------------------------------------------------------------------------------------------

def abstract_results(record: PaperRecord, models: list[ExtractedModel], mentions: list[Mention],
                     existing: list[ExtractedResult]) -> tuple[list[ExtractedResult], list[ExtractedBenchmark]]:
    """Scores of one paper's abstract as results (those ``existing`` already holds left out), and the
    benchmarks the curated table does not list that they are on."""
    abstract = record.abstract
    if not models or not _SCORE_SHAPE.search(abstract):
        return [], []  # a score is always some model's: no model in the paper, no result
    known_keys = {m.key for m in models}
    intro = list(dict.fromkeys(m.key for m in models if m.role == "introduced"))
    spans = [ModelSpan(m.start, m.end, m.key) for m in mentions if m.key in known_keys]
    for m in models:
        if m.role != "introduced":
            continue
        for name in {m.name, *m.aliases}:
            if len(name) >= 2:
                spans.extend(ModelSpan(h.start(), h.end(), m.key) for h in name_pattern(name).finditer(abstract))
    spans = [sp for sp in spans if not any(o is not sp and o.start <= sp.start and sp.end <= o.end
                                           and (o.end - o.start) > (sp.end - sp.start) for o in spans)]
    own = own_benchmark(record.title, abstract)
    have = {(r.model, r.benchmark, round(r.value, 4)) for r in existing}
    have_values = {(r.model, round(r.value, 4)) for r in existing}  # the same figure read by the older rules
    results: list[ExtractedResult] = []
    benches: dict[str, ExtractedBenchmark] = {}
    for s in abstract_scores(abstract, spans, intro[0] if len(intro) == 1 else None, own):
        if (s.model, s.benchmark.key, round(s.value, 4)) in have or s.model not in known_keys \
                or (s.model, round(s.value, 4)) in have_values:
            continue
        have.add((s.model, s.benchmark.key, round(s.value, 4)))
        results.append(ExtractedResult(
            model=s.model, benchmark=s.benchmark.key, metric=s.metric, value=s.value, setting=s.setting,
            source="abstract", self_reported=s.model in intro, confidence=0.6 if s.via_default else 0.7,
            value_raw=s.printed, higher_is_better=s.higher_is_better, rule=s.rule, reason=s.reason))
        if not s.known_benchmark:
            b = s.benchmark
            benches.setdefault(b.key, ExtractedBenchmark(key=b.key, name=b.name, metric=s.metric,
                                                         higher_is_better=s.higher_is_better))
    return results, list(benches.values())
