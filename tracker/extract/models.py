"""Model names in text: find mentions, normalise them to one key per version, tell introduced
from evaluated models.

Known names come from the curated family table (``tracker/knowledge/models.yaml``); names never
seen before are created when the paper introduces them ("We introduce FooLM-7B" -> ``foolm-7b``)
or when they carry a size ("FooLM-7B" anywhere). Pure functions: text in, mentions out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from tracker.extract.params import SIZE_TOKEN, parse_size_token
from tracker.extract.text import Token, tokens
from tracker.knowledge import ModelInfo, benchmark_table, compact, model_table, slug

_JOIN = {" ", "-", "_", "‐", "‑", "–"}
_HYPHEN = {"-", "_", "‐", "‑"}

# Variant words that stay part of a model's name when joined by a space ("Gemini 1.5 Pro").
_SPACE_VARIANTS = {
    "pro", "ultra", "flash", "sonnet", "opus", "haiku", "turbo", "instruct", "chat", "base", "large", "small",
    "medium", "xl", "xxl", "mini", "max", "plus", "lite", "nano", "preview", "thinking", "coder", "vision",
    "omni", "zero", "air", "huge", "tiny",
}
# Lower-case words that may follow a hyphen inside a model name ("Llama-2-7b-chat").
_HYPHEN_VARIANTS = _SPACE_VARIANTS | {
    "it", "sft", "rl", "dpo", "hf", "code", "moe", "next", "exp", "math", "vl", "distill", "r1", "o", "v",
    "instruct", "chat", "base", "reasoning", "audio", "video", "mm", "multimodal", "edge", "fast",
}
_VERSION = re.compile(r"^(?:[vV]?\d+(?:\.\d+)*[a-z]?|[vV]\d+(?:\.\d+)*|\d+(?:\.\d+)?[kKmMbBtT]|\d+x\d+(?:\.\d+)?[bBmM]"
                      r"|[aA]\d+(?:\.\d+)?[bB]|[IVX]{1,4}|\d{4})$")
# Upper-case words and acronyms that look like names but are not models.
_STOP = {c.casefold() for c in ["LLM", "LLMs", "MLLM", "MLLMs", "VLM", "VLMs", "LM", "LMs", "NLP", "NLU", "NLG", "AI", "AGI", "ML", "RL", "RLHF", "RLAIF", "DPO", "PPO", "GRPO", "SFT", "CoT", "ToT", "RAG", "MoE", "MoEs", "API", "APIs", "GPU", "GPUs", "TPU", "TPUs", "CPU", "CPUs", "SOTA", "SoTA", "FLOPs", "FLOP", "KV", "QA", "VQA", "OCR", "ASR", "TTS", "NER", "POS", "MT", "CNN", "CNNs", "RNN", "RNNs", "GAN", "GANs", "VAE", "VAEs", "MLP", "MLPs", "ReLU", "GeLU", "GELU", "SwiGLU", "LoRA", "QLoRA", "PEFT", "ICL", "IID", "OOD", "SGD", "AdamW", "BLEU", "ROUGE", "CIDEr", "FID", "IS", "mAP", "AP", "AUC", "F1", "EM", "PhD", "USA", "US", "UK", "EU", "IoT", "Deep", "Neural", "Learning", "Large", "Multi", "Multi-Task", "One-Shot", "Towards", "Toward", "Improving", "Learning", "Scaling", "Efficient", "HTTP", "URL", "JSON", "SQL", "PDF", "LaTeX", "GitHub", "HuggingFace", "arXiv", "COVID", "COVID-19", "DNA", "RNA", "CT", "MRI", "EEG", "ECG", "VR", "AR", "3D", "2D", "1D", "4D", "Hello", "Beyond", "Rethinking", "Exploring", "Training", "Understanding", "How", "What", "Why", "When", "Can", "Do", "Is", "Are", "RGB", "RGBD", "RGB-D", "LiDAR", "GPS", "UAV", "UAVs", "IMU", "NeRF", "NeRFs", "SLAM", "BEV", "DiT", "DiTs", "ViTs", "MAE", "LLaMA-based", "I", "II", "III", "IV", "V", "We", "Our", "Code", "Data", "Models", "Model", "Results", "Table", "Figure", "Fig", "Sec", "Appendix", "Abstract", "Introduction"]}
_AMBIGUOUS = {compact(w) for w in ["Transformer", "LSTM", "Spark", "Step", "Command", "Nova", "Titan", "Seed", "Gen", "Pi", "Phi", "Orca", "Eagle", "Cosmos", "Inception", "Rainbow", "DQN", "U-Net", "E5", "GTE", "Emu", "Aider", "Codex", "MAE", "S4", "H3", "CPM", "EVA", "SAM", "Dolly", "Arctic", "Alpaca", "Koala", "Starling", "Gorilla", "Falcon", "Mamba", "Claude", "Gemini", "Yi", "GLM", "Kimi", "Chameleon", "Flamingo", "Ferret", "Janus", "Jamba", "Aya", "Orca", "Zephyr", "Granite", "Solar", "Spider", "Bird", "Octo", "Eagle", "ELMo", "MoCo", "BYOL", "SimCLR", "DINO", "GloVe", "Seamless", "Pythia", "Galactica", "Chinchilla", "Gopher", "Gato", "Meena", "Parti", "Imagen", "Veo", "Sora", "Whisper", "Kling", "Wan", "Ling", "Ring", "Ming", "Skywork", "Baichuan", "Qwen", "Vicuna", "Dolly", "Hyena", "Contriever", "ColBERT", "Emu2", "Emu3", "Transformer-XL", "ReALM", "Minitron"]}

@dataclass(slots=True)
class Mention:
    """A model name found in text, with the key it normalises to."""

    surface: str
    key: str
    base_key: str
    """Key without the size suffix (``llama-2`` for ``llama-2-70b``): the version family."""
    family: str | None
    info: ModelInfo | None
    tok_start: int
    tok_end: int
    start: int
    end: int
    size_b: float | None = None
    known: bool = True
    introduced: bool = False
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Index:
    first_words: set[str]
    prefixes: set[str]
    fam2: set[str]
    prefix_re: re.Pattern[str]
    max_words: int


_INDEX: _Index | None = None


def _index() -> _Index:
    global _INDEX
    if _INDEX is None:
        table = model_table()
        firsts: set[str] = set()
        for info in set(table.by_compact.values()):
            firsts.add(compact(re.split(r"[\s\-_]+", info.name)[0]))
        for c in table.by_compact:
            firsts.add(c[: max(2, len(c))])
        prefixes = sorted((p for p in table.family_prefixes if len(p) >= 2), key=len, reverse=True)
        rx = re.compile(r"^(?:" + "|".join(map(re.escape, prefixes)) + r")(?=v?\d)")
        prefixes_set = {c[:k] for c in table.by_compact for k in range(1, len(c) + 1)}
        _INDEX = _Index(firsts, prefixes_set, {p[:2] for p in prefixes}, rx, table.max_words + 1)
    return _INDEX


def _is_suffix(tok: Token, *, after_hyphen: bool) -> bool:
    word = tok.text
    if _VERSION.match(word) or SIZE_TOKEN.fullmatch(word):
        return True
    low = word.casefold()
    if after_hyphen:
        if low in _HYPHEN_VARIANTS:
            return True
        return (word[0].isupper() or word[0].isdigit()) and low not in _STOP and len(word) <= 12 and \
            not word.isupper() or (word.isupper() and len(word) <= 4 and low not in _STOP)
    return low in _SPACE_VARIANTS and (word[0].isupper() or low in {"mini", "nano"})


_QUICK = re.compile(r".[A-Z]|\d")


@lru_cache(maxsize=262144)
def name_like(word: str) -> bool:
    """Could this word be a model name nobody listed (CamelCase, letters with digits, acronyms)?"""
    if not _QUICK.search(word):
        return False
    if len(word) < 2 or not word[0].isalnum() or word.casefold() in _STOP:
        return False
    if word.isdigit() or SIZE_TOKEN.fullmatch(word) or _VERSION.match(word):
        return False
    if compact(word) in benchmark_table():
        return False
    has_alpha = any(ch.isalpha() for ch in word)
    inner_upper = any(ch.isupper() for ch in word[1:])
    has_digit = any(ch.isdigit() for ch in word)
    if not has_alpha or re.search(r"\d{3,}", word) and not inner_upper:
        return False
    return (inner_upper and sum(ch.isalpha() for ch in word) >= 2) or (has_digit and word[0].isupper())


def _size_of(parts: list[Token]) -> float | None:
    for t in parts:
        if SIZE_TOKEN.fullmatch(t.text):
            return parse_size_token(t.text)
    return None


def _key_for(info: ModelInfo | None, head: list[Token], tail: list[Token]) -> str:
    base = info.key if info is not None else slug("-".join(t.text for t in head))
    if tail:
        return slug(base + "-" + "-".join(t.text for t in tail))
    return base


def find_mentions(text: str, toks: list[Token] | None = None, *, allow_plain_unknown: bool = False) -> list[Mention]:
    """All model-name mentions in ``text`` (known names, and unknown names that carry a size).

    ``allow_plain_unknown`` also returns name-like unknown words without a size (used in
    introducing contexts, where "We present FooLM" is enough).
    """
    idx = _index()
    table = model_table()
    toks = toks if toks is not None else tokens(text)
    out: list[Mention] = []
    n = len(toks)
    i = 0
    while i < n:
        tok = toks[i]
        c = compact(tok.text)
        match: tuple[ModelInfo, int] | None = None
        if c in idx.first_words or c[:2] in idx.fam2 and idx.prefix_re.match(c):
            # grow the span one token at a time while it is still the start of some name: the longest name wins
            cc = c
            prefixes = idx.prefixes
            for span in range(1, min(idx.max_words, n - i) + 1):
                if span > 1:
                    nxt = toks[i + span - 1]
                    if nxt.sep not in _JOIN:
                        break
                    cc += compact(nxt.text)
                if cc not in prefixes:
                    break
                info = table.by_compact.get(cc)
                if info is not None:
                    match = (info, span)
            if match is None:
                m = idx.prefix_re.match(c)
                if m and (tok.text[0].isupper() or any(ch.isupper() for ch in tok.text)):
                    fam = table.family_prefixes[m.group()]
                    match = (table.families[fam], 1)
                    match = (ModelInfo(slug(tok.text), tok.text, fam, match[0].developer, match[0].access,
                                       match[0].license, ()), 1)
        if match is not None and i > 0 and tok.sep in _HYPHEN and toks[i - 1].text[-1:].isalnum():
            match = None  # "CoMP-SigLIP", "Reload-Mamba": someone's new name built on a known one
            i += 1
            continue
        if match is not None and i + 1 < n and toks[i + 1].text.casefold() in ("score", "scores", "similarity") \
                and toks[i + 1].sep == " ":
            match = None  # "CLIP score", "BERT score": a metric named after a model
        if match is not None:
            info, span = match
            head = toks[i:i + span]
            j = i + span
            while j < n and toks[j].sep in _JOIN and _is_suffix(toks[j], after_hyphen=toks[j].sep in _HYPHEN):
                j += 1
            tail = toks[i + span:j]
            surface = text[head[0].start:toks[j - 1].end]
            head_text = text[head[0].start:head[-1].end]
            if _reject_known(info, head_text, tail):
                i += 1
                continue
            size = _size_of(tail)
            size_tail = [t for t in tail if not SIZE_TOKEN.fullmatch(t.text)]
            key = _key_for(info, head, tail)
            base_key = _key_for(info, head, [t for t in tail if t is not None and not SIZE_TOKEN.fullmatch(t.text)]
                                if size_tail != tail else tail)
            if size is None and len(info.sizes) == 1 and not tail:
                size = info.sizes[0]
            out.append(Mention(surface, key, base_key, info.family, info, i, j, head[0].start,
                               toks[j - 1].end, size, True))
            i = j
            continue
        if name_like(tok.text) or (allow_plain_unknown and tok.text[:1].isupper() and len(tok.text) > 2
                                   and tok.text.casefold() not in _STOP and compact(tok.text) not in benchmark_table()):
            j = i + 1
            while j < n and toks[j].sep in _JOIN and _is_suffix(toks[j], after_hyphen=toks[j].sep in _HYPHEN):
                j += 1
            tail = toks[i + 1:j]
            size = _size_of(tail)
            if size is not None and size < 0.001:  # "MJHQ-30K", "COCO-Stuff 164K": a data set's size, not a model's
                size = None
                if not allow_plain_unknown:
                    i += 1
                    continue
            if size is not None or allow_plain_unknown:
                first = i
                while first > 0 and toks[first].sep in _HYPHEN and toks[first - 1].text[:1].isupper() \
                        and first > i - 2 and (not out or out[-1].tok_end <= first - 1):
                    first -= 1  # "Infi-MMR-3B": the capitalised word joined in front belongs to the name
                head_toks = toks[first:i + 1]
                surface = text[toks[first].start:toks[j - 1].end]
                base_tail = [t for t in tail if not SIZE_TOKEN.fullmatch(t.text)]
                key = _key_for(None, head_toks, tail)
                out.append(Mention(surface, key, _key_for(None, head_toks, base_tail), None, None, first, j,
                                   toks[first].start, toks[j - 1].end, size, False))
                i = j
                continue
        i += 1
    return out


def _reject_known(info: ModelInfo, head_text: str, tail: list[Token]) -> bool:
    """Drop matches of common words ("Transformer", "Spark", "phi") that are not the model."""
    if head_text.islower() and head_text.isalpha() and not info.name.islower() and not tail:
        return True
    if compact(head_text) in _AMBIGUOUS and not tail:
        return head_text != info.name and head_text.casefold() != info.name.casefold() or head_text.isupper() \
            and not info.name.isupper() or compact(head_text) in _ALWAYS_NEEDS_SUFFIX
    return False


_ALWAYS_NEEDS_SUFFIX = {compact(w) for w in ["Transformer", "LSTM", "Spark", "Step", "Command", "Nova", "Titan", "Seed", "Gen", "Pi", "Phi", "Inception", "Rainbow", "Cosmos", "Eagle", "Spider", "Bird", "Solar", "Granite", "Ring", "Wan", "Octo", "Seamless"]}


def _slot_end(text: str, start: int, limit: int = 140) -> int:
    seg = text[start:start + limit]
    m = re.search(r"[.;:]\s|\bthat\b|\bwhich\b|\bwith\b|\bfor\b|\bto\b|\bby\b|\bin\b|\bon\b", seg)
    return start + (m.start() if m else len(seg))


_ACRONYM_DEF = re.compile(r"((?:[A-Z][\w\-]*\s+){1,6}?(?:[A-Za-z][\w\-]*))\s+\(([A-Z][\w\-.+]{1,15})\)")


def acronym_definitions(text: str) -> list[tuple[str, str, int]]:
    """"Multi-Task Deep Neural Network (MT-DNN)" -> (acronym, phrase, offset of the acronym)."""
    out = []
    for m in _ACRONYM_DEF.finditer(text):
        phrase, acro = m.group(1), m.group(2)
        letters = [ch for ch in acro if ch.isupper()]
        initials = "".join(w[0].upper() for w in re.split(r"[\s\-]+", phrase) if w)
        if len(letters) >= 2 and acro.casefold() not in _STOP and initials and letters[0] == initials[0]:
            out.append((acro, phrase, m.start(2)))
    return out


# ---- what a paper introduces -------------------------------------------------------------------
# A paper "introduces" a model only on a strong cue (a title "NAME: ...", "NAME Technical Report",
# "we introduce/present/propose/release NAME", "called NAME", "to obtain NAME") AND when what is
# named is a model or system, judged from the head noun of its description ("NAME, a 7B language
# model" yes; "NAME, a benchmark / a method / a dataset" no) or, without a description, from the
# name itself (a size, a model-like suffix). Known models are "introduced" only by their release.

_INTRO_CUE = re.compile(
    r"\b(?:we|this (?:paper|work|report|article)|here,? we|our work)\s+(?:\w+ly\s+)?(?:also\s+|further\s+|then\s+)?"
    r"(?:introduce|present|propose|release|unveil|open-source|develop|build|train|design|describe)(?:s|d|ed)?\b"
    r"(?:\s+and\s+(?:publicly\s+)?(?:introduce|present|propose|release|open-source)(?:s|d)?\b)?"
    r"|\b(?:introducing|presenting|meet)\b", re.IGNORECASE)
_STRONG_VERB = re.compile(r"introduc|present|propos|releas|unveil|open-source", re.IGNORECASE)
_NAMED = re.compile(r"\b(?:called|named|dubbed|termed|coined|namely|denoted(?: as)?|to (?:obtain|produce|create|"
                    r"yield|get|build)|resulting in|yielding|which we call|we call (?:it|them|this model))\s+$",
                    re.IGNORECASE)
_NP_END = re.compile(r"\s(?:for|of|with|via|in|on|to|through|from|towards?|that|which|who|using|by|based|trained|"
                     r"built|designed|capable|able|achieving|where|while|as|at|under|across|into|over|done|against)\s|[.;:(]"
                     r"|,\s+(?:which|that|where|and|while|but|to|we|it|with)\b", re.I)
_MODEL_HEADS = {
    "model", "models", "network", "networks", "net", "nets", "transformer", "transformers", "llm", "llms", "lm",
    "lms", "vlm", "vlms", "mllm", "mllms", "slm", "slms", "encoder", "encoders", "decoder", "autoencoder",
    "detector", "generator", "tokenizer", "agent", "agents", "assistant", "chatbot", "policy", "policies",
    "segmenter", "classifier", "recognizer", "predictor", "backbone", "architecture", "family", "series",
    "suite-of-models", "checkpoint", "checkpoints", "embeddings", "embedder", "retriever", "reranker",
    "vae", "gan", "diffusion", "convnet", "cnn", "rnn", "lstm", "moe", "system", "planner", "synthesizer",
    "captioner", "critic", "verifier", "reasoner", "coder", "solver", "prover", "estimator", "tagger", "parser",
    "translator", "recommender", "simulator-model", "world-model",
}
_SOFT_HEADS = {
    "method", "methods", "approach", "approaches", "technique", "techniques", "algorithm", "algorithms", "framework",
    "frameworks", "strategy", "paradigm", "pipeline", "mechanism", "module", "layer", "scheme", "recipe",
    "optimizer", "objective", "regularizer", "criterion", "sampler", "trick", "improvement", "representations",
    "formulation", "search",
}
_NOT_MODEL_HEADS = {
    "dataset", "datasets", "data", "benchmark", "benchmarks", "corpus", "corpora", "survey", "challenge", "task",
    "competition", "leaderboard", "evaluation", "test", "testbed", "suite", "toolkit", "toolbox", "library",
    "database", "study", "analysis", "review", "arena", "environment", "platform", "metric", "metrics", "loss",
    "protocol", "taxonomy", "tutorial", "workshop", "resource", "collection", "index", "attack", "defense", "game", "dialect",
    "simulator", "gym", "playground", "interface", "tool", "position", "perspective", "report", "paper",
    "annotation", "annotations", "guideline", "guidelines", "questionnaire", "measure", "score", "prompt",
    "prompts", "dsl", "format", "standard", "specification", "principle", "theory", "estimate", "challenges",
    "hackathon", "bench", "set", "sets", "split", "questions", "problems", "exam", "exams", "tasks", "evaluator",
}
_MODELISH_NAME = re.compile(
    r"(?:net|former|gpt|lm|llm|bert|gan|vae|vit|clip|coder|diffusion|dit|mamba|lstm|cnn|rnn|vl|vla|gen|seg|det|"
    r"sam|dino|llava|yolo|rcnn|\d+(?:\.\d+)?[bmBM])(?:v?\d+(?:\.\d+)?)?\+*$", re.IGNORECASE)
_TITLE_REPORT = re.compile(r"^(.{2,60}?)\s+(?:Technical Report|Tech Report|System Card|Model Card|Report)\b", re.I)


def _classify(w: str, whole: bool = False) -> str | None:
    """'model', 'other' (data, benchmark, survey...: never a model), 'method' (soft) or None (no idea)."""
    low = w.casefold()
    for part in dict.fromkeys((low,) if whole else (low, low.rsplit("-", 1)[-1])):
        if part in _MODEL_HEADS:
            return "model"
        if part in _NOT_MODEL_HEADS:
            return "other"
        if part in _SOFT_HEADS or part.endswith(("ing", "tion", "sion", "ment", "tions")):
            return "method"
    if not whole and compact(w) in model_table().by_compact and not w.islower():
        return "model"  # "A Lite BERT" (the head); in front of a noun a known name is only a modifier
    return None


def _head_noun(desc: str) -> str | None:
    """Head noun of the noun phrase at the start of ``desc`` ("A Unified Spectral Attention Model for ..." ->
    "model"); "method" when the phrase is a gerund ("Compressing Redundancy via ...")."""
    desc = desc.strip()
    if not desc:
        return None
    for part in re.split(r"[-–—]\s+(?=(?:A|An|The)\s)", desc)[1:]:  # "Site in Pieces- A Dataset of ..."
        if _head_noun(part) == "other":
            return "other"
    first = desc.split(None, 1)[0].casefold()
    if first.endswith("ing") and first not in {"thing", "string", "king", "spring", "bring"}:
        return "other" if first in {"benchmarking", "evaluating", "assessing", "probing", "measuring"} else "method"
    if first in {"towards", "toward", "on", "when", "how", "why", "what", "can", "does", "do", "is", "are",
                 "rethinking", "beyond", "from", "to", "an empirical", "revisiting"}:
        return "method"
    desc = re.sub(r"\([^)]*\)", " ", desc)
    m = _NP_END.search(" " + desc + " ")
    phrase = (" " + desc + " ")[:m.start()] if m else desc
    words = re.findall(r"[A-Za-z][\w\-]*", phrase)
    last = next((k for k in map(_classify, reversed(words)) if k is not None), None) if words else None
    if last == "model" and words and _classify(words[-1]) == "model":
        return "model"
    # "Optimized Protein Language Model Unlocks ...": the first classified word of the phrase decides
    first_kind = next((k for k in (_classify(w, whole=True) for w in words[:8]) if k is not None), None)
    if first_kind is not None:
        return first_kind
    for w in reversed(words):
        kind = _classify(w)
        if kind is not None:
            return kind
        if re.fullmatch(r"\d{4}|[A-Z]+\d*", w):
            continue
        return None
    return None


_DESC_AFTER = re.compile(r"^\)?\s*(?:\([^)]{1,80}\)\s*)?(?:,|:|—|–|-{1,2}|is|as|,? which is)\s*(?:a|an|the|our|one)?\s*"
                         r"(?:new|novel|family of|series of|suite of|collection of|set of)?\s*([^.;]{0,120})", re.I)


def _kind_after(text: str, end: int) -> str | None:
    seg = text[end:end + 160]
    m = _DESC_AFTER.match(seg)
    if m:
        return _head_noun(m.group(1))
    if re.match(r"\s+[A-Z]", seg):  # "NTIRE 2026 Remote Sensing ... Challenge": the name is a modifier
        kind = _head_noun(seg)
        return kind if kind in ("other", "method") else None
    return None


def _kind_before(text: str, verb_end: int, name_start: int) -> str | None:
    """The noun phrase between "we propose" and the name: "a new language model, called FooLM"."""
    seg = text[verb_end:name_start]
    seg = re.sub(r"\b(?:called|named|dubbed|termed|coined|namely|denoted(?: as)?)\s*$", "", seg.strip(" ,:"),
                 flags=re.I).strip(" ,:")
    if not seg or len(seg) > 120:
        return None
    words = re.findall(r"[A-Za-z][\w\-]*", seg)
    for w in reversed(words[-8:]):
        kind = _classify(w)
        if kind is not None:
            return kind
    return None


_DATA_TAIL = re.compile(r"(?:[\s\-]|(?<=[a-z]))(?:Bench|Benchmark|Dataset|Data|Corpus|Set|Eval|Arena|Gym|Suite|QA|"
                        r"Test|Survey|Challenge|Leaderboard|Instruct-\d+[kKmM])$")


def _name_ok(m: Mention) -> bool:
    """Does the name read like a model or system name (not a common word, benchmark or acronym we know)?"""
    s = m.surface
    first = re.split(r"[\s\-]", s, maxsplit=1)[0]
    if compact(s) in benchmark_table() or compact(first) in benchmark_table() and not m.known:
        return False
    if first.casefold() in _STOP or s.casefold() in _STOP or len(compact(s)) < 3 or "," in s or "~" in s:
        return False
    if _DATA_TAIL.search(s):
        return False
    parts = [p for p in re.split(r"[\s\-]+", s) if p]
    if not m.known and len(parts) > 1 and all(re.fullmatch(r"[A-Z][a-z]+", p) for p in parts) \
            and not _modelish(m):
        return False  # "Sub-Billion", "Describe-Then-Act", "Memory-Distilled": words, not a name
    return not (s.islower() and not any(ch.isdigit() for ch in s) and not m.known)


def _modelish(m: Mention) -> bool:
    """A size, a known model, or a model-like suffix at a word or CamelCase boundary ("TFANet", "Scale-DiT",
    not "ProEdit")."""
    if m.size_b is not None or m.known:
        return True
    s = m.surface.rstrip("+")
    for hit in _MODELISH_NAME.finditer(s):
        p = hit.start()
        if p == 0 or s[p - 1] in "-_ " or s[p - 1].isdigit() or s[p].isupper():
            return True
    return False


_TITLE_PREFIX = re.compile(r"^(?:Introducing|The|Meet|Hello,?)\s+", re.I)


def _title_candidate(title: str) -> tuple[Mention, str | None, str] | None:
    """The name a title puts forward, the kind of thing its description says it is, and the cue:
    "FooNet: A Network for ..." -> (FooNet, "model", "colon"); "Foo Technical Report" -> "report"."""
    title = " ".join(title.split())
    desc: str | None = None
    m = _TITLE_REPORT.match(title)
    if m and ":" not in m.group(1):
        head, cue = m.group(1), "report"
    elif ":" in title:
        head, desc = (p.strip() for p in title.split(":", 1))
        cue = "colon"
    elif re.match(r"^(?:Introducing|Meet)\s", title):
        head, cue = title, "report"
    elif len(title.split()) <= 3:
        head, cue = title, "bare"
    else:
        return None
    head = _TITLE_PREFIX.sub("", head).strip()
    whole = head
    head = re.split(r",\s|\s+and\s+|\s+&\s+", head)[0].strip()  # "Jais and Jais-chat", "Reka Core, Flash, ..."
    head = re.sub(r"\s+(?:Model|Models|LLM|LLMs)$", "", head)  # "Aya Model"
    words = head.split()
    if not words or len(words) > 4:
        return None
    table = model_table()
    for w in words:
        if w[0].islower() and not name_like(w) and compact(w) not in table.by_compact and not re.search(r"\d", w):
            return None
    found = find_mentions(head, allow_plain_unknown=True)
    if found and found[0].start == 0 and found[0].known and found[0].end >= len(head) - 1:
        mention = found[0]
    elif any(name_like(w.split("-")[0]) or name_like(w) for w in words) or len(words) == 1 and len(head) > 2:
        key = slug(head)
        mention = Mention(head, key, key, None, None, 0, len(words), 0, len(head), None, False)
        sized = [f for f in found if f.size_b is not None]
        if sized:
            mention.size_b = sized[0].size_b
            mention.base_key = sized[0].base_key if len(found) == 1 else key
    else:
        return None
    kind = "model" if cue == "report" else _head_noun(desc) if desc else None
    if mention.known and head != whole and not re.search(r"\b(?:and|&)\b", whole):
        return None  # "GPT, But Backwards: ...": a known name in a phrase, not the model's release
    return mention, kind, cue


_STD_TAIL = re.compile(r"^(?:v?\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)?[kmbt]|\d+x\d+(?:\.\d+)?[bm]|a\d+(?:\.\d+)?b|[ivx]{1,4})$")


def derivative_base(m: Mention) -> str | None:
    """A known model with a non-standard suffix ("YOLOv11-RGBT") is someone's derivative of it: the key
    of the model it derives from, else None."""
    if not m.known or m.info is None or not m.key.startswith(m.info.key + "-"):
        return None
    tail = m.key[len(m.info.key) + 1:].split("-")
    if all(_STD_TAIL.match(t) or t in _HYPHEN_VARIANTS for t in tail):
        return None
    return m.info.key


def introduced_models(title: str, text: str, toks: list[Token], mentions: list[Mention]) -> list[Mention]:
    """The models the paper itself introduces (see the rules above); marks them ``introduced``."""
    out: list[Mention] = []
    title_cand = _title_candidate(title) if title else None
    title_keys: set[str] = set()
    if title_cand is not None:
        tm, _, _ = title_cand
        title_keys = {tm.key, tm.base_key, compact(tm.surface)}
    title_c = compact(title)

    def in_title(m: Mention) -> bool:
        return m.key in title_keys or m.base_key in title_keys or (
            name_like(m.surface.split()[0]) and len(m.surface) > 2 and compact(m.surface) in title_c)

    title_kind = title_cand[1] if title_cand is not None else None
    slot_hits: list[tuple[Mention, str | None, bool]] = []  # (mention, kind, strong verb)
    for cue in _INTRO_CUE.finditer(text):
        verb_end = cue.end()
        stop = _slot_end(text, verb_end)
        strong = bool(_STRONG_VERB.search(cue.group()))
        cand = _first_name(text, toks, mentions, verb_end, stop)
        if cand is None:
            continue
        kind = _kind_after(text, cand.end) or _kind_before(text, verb_end, cand.start)
        if title_kind in ("other", "method") and (cand.key in title_keys or cand.base_key in title_keys):
            kind = "other" if title_kind == "other" else kind or title_kind
        slot_hits.append((cand, kind, strong))
    for nm in _NAMED_ANY.finditer(text):
        start = nm.end()
        cand = _first_name(text, toks, mentions, start, min(len(text), start + 40), first_only=True)
        if cand is None:
            continue
        kind = _kind_after(text, cand.end) or _kind_before(text, max(0, nm.start() - 80), nm.start())
        slot_hits.append((cand, kind, True))
    # the title
    if title_cand is not None:
        tm, kind, cue = title_cand
        echoed = [h for h in slot_hits if h[0].base_key == tm.base_key or h[0].key == tm.key]
        if kind is None and echoed:
            kind = next((h[1] for h in echoed if h[1]), None)
        if not _name_ok(tm) or kind == "other":
            ok = False
        elif tm.known and derivative_base(tm) is None:
            # "Llama 2: Open Foundation and Fine-Tuned Chat Models", "Qwen2.5 Technical Report", "Mask R-CNN"
            ok = True
        else:
            echo_kinds = {h[1] for h in echoed}
            ok = kind == "model" or cue == "report" or _modelish(tm) or "model" in echo_kinds or (
                kind is None and any(h[1] is None and h[2] for h in echoed))
            if kind != "model" and cue != "report" and tm.size_b is None and "model" not in echo_kinds \
                    and echo_kinds & {"method", "other"}:
                ok = False  # "we propose FooDet, a training-free framework": a method, whatever its name

        if ok:
            same = [m for m in mentions if m.base_key == tm.base_key or m.key == tm.key]
            chosen = same[0] if same and len(same[0].key) >= len(tm.key) else tm
            if chosen.size_b is None and tm.size_b is not None:
                chosen = tm
            out.append(chosen)
    for cand, kind, strong in slot_hits:
        if not _name_ok(cand) or kind == "other":
            continue
        if cand.known and derivative_base(cand) is None:
            first = next((m for m in mentions if m.base_key == cand.base_key), cand)
            described = kind == "model" and first.start >= cand.start and (
                strong or _PARAMS_NEAR.search(text, cand.end, cand.end + 120))
            if not (strong and (cand.key in title_keys or cand.base_key in title_keys)) and not described:
                continue  # a known model named after "we present" is a release only when the title says so
        elif kind == "method":
            if not (title_kind == "model" and in_title(cand)):
                continue  # "we propose FooDet, a training-free framework": a method, whatever its name
        elif kind is None and not (_modelish(cand) or in_title(cand) and strong):
            continue
        out.append(cand)
    # "our FooLM", "FooLM (ours)" for new names
    for m in mentions:
        if m.known and derivative_base(m) is None:
            continue
        before = text[max(0, m.start - 12):m.start]
        if (re.search(r"\bour\s+$", before, re.I) or re.match(r"\s*\(ours\)", text[m.end:m.end + 8], re.I)) \
                and _name_ok(m):
            out.append(m)
    # new names with a size that share the title's name ("FooLM-7B" in "FooLM: ...")
    for m in mentions:
        if not m.known and m.size_b is not None and (m.base_key in title_keys or m.key in title_keys) and _name_ok(m):
            out.append(m)
    uniq: dict[str, Mention] = {}
    for m in out:
        uniq.setdefault(m.key, m)
    bases = {m.base_key for m in uniq.values()} | set(uniq)
    for m in mentions:
        if m.base_key in bases or m.key in bases:
            if m.known and derivative_base(m) is None and not any(x.known and x.base_key == m.base_key
                                                                 for x in uniq.values()):
                continue
            uniq.setdefault(m.key, m)
    for m in uniq.values():
        m.introduced = True
    return list(uniq.values())


_RUN_ACRONYM = re.compile(r"((?:[A-Z][\w\-]*\s+|\([A-Z][\w\-]*\)\s+){1,7}?[A-Z][\w\-]*)\s*\(([A-Z][\w\-.+]{1,15})\)")
_PARAMS_NEAR = re.compile(r"\d\s*(?:billion|million|[BM])\s+parameters", re.I)
_WORD_RUN = re.compile(r"[\w\-.+]*[\w+]")
_NAMED_ANY = re.compile(r"\b(?:called|named|dubbed|termed|coined|which we call|we call (?:it|them|this model)|"
                        r"to (?:obtain|produce|yield)|resulting in|yielding)\s+", re.IGNORECASE)


def _first_name(text: str, toks: list[Token], mentions: list[Mention], start: int, stop: int,
                first_only: bool = False) -> Mention | None:
    """The first name in ``text[start:stop]`` after lower-case filler ("a new 7B model, FooLM")."""
    for m in mentions:
        if start <= m.start < stop:
            pre = text[start:m.start]
            if first_only and pre.strip(" ,:\"'“”"):
                return None
            if not re.search(r"[A-Z]", pre) or re.fullmatch(r"[\s\w\-,]*", pre) and not re.search(r"\b[A-Z]", pre):
                return m
            break
    for t in toks:
        if t.start < start:
            continue
        if t.start >= stop:
            return None
        w = t.text
        if w[:1].isupper() or name_like(w):
            acr = _RUN_ACRONYM.match(text, t.start, min(len(text), stop + 100))
            if acr and acr.group(2)[0].upper() == acr.group(1)[0].upper() and acr.group(2).casefold() not in _STOP \
                    and not re.fullmatch(r"[A-Z]+s", acr.group(2)):
                a = acr.group(2)
                key = slug(a)
                return Mention(a, key, key, None, None, 0, 0, acr.start(2), acr.end(2), None, False,
                               aliases=[acr.group(1)])
            local = find_mentions(text[t.start:stop], allow_plain_unknown=True)
            if not local or local[0].start != 0:
                return None
            m = local[0]
            m.start += t.start
            m.end += t.start
            if not m.known:
                word = _WORD_RUN.match(text, m.start)
                if word and word.end() > m.end:  # "HALT-RAG", not "HALT"
                    m.end = word.end()
                    m.surface = text[m.start:m.end]
                    m.key = m.base_key = slug(m.surface)
                if not _plausible_new(m, text, t.start):
                    return None
            return m
        if first_only:
            return None
        if w.casefold() not in _FILLER and not w.isdigit() and not SIZE_TOKEN.fullmatch(w):
            return None
    return None


_FILLER = {w for w in ["a", "an", "the", "our", "new", "novel", "family", "families", "series", "suite", "set", "collection", "of", "open-source", "open", "source", "large", "small", "efficient", "powerful", "strong", "capable", "state-of-the-art", "language", "model", "models", "llm", "llms", "multimodal", "foundation", "generalist", "simple", "first", "fully", "two", "three", "several", "versatile", "lightweight", "unified", "general-purpose", "pretrained", "pre-trained", "bilingual", "multilingual", "native", "dense", "sparse", "version", "improved", "upgraded", "next-generation", "advanced", "high-performance", "and", "both", "frontier-class", "frontier", "open-weight", "openly-available", "fast", "scalable", "lite", "called", "named", "dubbed", "termed", "namely", "parameter", "parameters", "vision-language", "reasoning", "code", "chat", "instruction-tuned", "mixture-of-experts", "moe", "decoder-only", "transformer", "transformer-based", "network", "neural", "deep", "end-to-end", "which", "we", "call", "is", "are", "latest", "flagship", "compact", "speech", "audio", "video", "image", "text", "generative", "diffusion", "autoregressive"]}


def _plausible_new(m: Mention, text: str, offset: int) -> bool:
    """An unknown capitalised word right after "we present" is a name when it reads like one."""
    parts = re.split(r"[\s\-]+", m.surface)
    if m.known or m.size_b is not None or any(ch.isdigit() for ch in m.surface) or any(
            any(ch.isupper() for ch in p[1:]) for p in parts):
        return True
    nxt = text[offset + len(m.surface):offset + len(m.surface) + 3]
    return bool(re.match(r"\s*[,(:]", nxt)) and m.surface[:1].isupper()
