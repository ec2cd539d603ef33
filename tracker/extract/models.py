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

_INTRO_VERB = re.compile(
    r"\b(?:we|this (?:paper|work|report|article)|here,? we|our work)\s+(?:\w+ly\s+)?(?:also\s+)?"
    r"(?:introduce|present|propose|release|develop|train|build|open-source|open source|unveil|describe|report"
    r"|pre-?train|design|create|scale up|contribute|share|offer)(?:s|d|ed)?\b"
    r"|\b(?:introducing|presenting|meet)\b", re.IGNORECASE)
_NAMING = re.compile(r"\b(?:called|named|dubbed|termed|coined|namely|entitled|denoted(?: as)?)\s*$", re.IGNORECASE)
_SKIP_WORDS = set(["a", "an", "the", "our", "new", "novel", "family", "families", "series", "suite", "set", "collection", "of", "open-source", "opensource", "open", "source", "large", "small", "tiny", "efficient", "powerful", "strong", "capable", "state-of-the-art", "language", "model", "models", "llm", "llms", "multimodal", "foundation", "vision-language", "generalist", "simple", "first", "fully", "two", "three", "several", "versatile", "lightweight", "unified", "general-purpose", "pretrained", "pre-trained", "instruction-tuned", "bilingual", "multilingual", "chinese", "english", "native", "mixture-of-experts", "moe", "dense", "sparse", "transformer-based", "version", "improved", "upgraded", "next-generation", "advanced", "high-performance", "and", "both"])
_TITLE_REPORT = re.compile(r"^(.{2,60}?)\s+(?:Technical Report|Tech Report|Report|System Card|Model Card)\b", re.I)


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
        _INDEX = _Index(firsts, rx, table.max_words + 1)
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
        if c in idx.first_words or idx.prefix_re.match(c):
            for span in range(min(idx.max_words, n - i), 0, -1):
                if any(toks[i + k].sep not in _JOIN for k in range(1, span)):
                    continue
                cc = "".join(compact(toks[i + k].text) for k in range(span))
                info = table.by_compact.get(cc)
                if info is not None:
                    match = (info, span)
                    break
            if match is None:
                m = idx.prefix_re.match(c)
                if m and (tok.text[0].isupper() or any(ch.isupper() for ch in tok.text)):
                    fam = table.family_prefixes[m.group()]
                    match = (table.families[fam], 1)
                    match = (ModelInfo(slug(tok.text), tok.text, fam, match[0].developer, match[0].access,
                                       match[0].license, ()), 1)
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
            if size is not None or allow_plain_unknown:
                surface = text[tok.start:toks[j - 1].end]
                base_tail = [t for t in tail if not SIZE_TOKEN.fullmatch(t.text)]
                key = _key_for(None, [tok], tail)
                out.append(Mention(surface, key, _key_for(None, [tok], base_tail), None, None, i, j, tok.start,
                                   toks[j - 1].end, size, False))
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


def intro_spans(text: str, title: str = "") -> list[tuple[int, int, bool]]:
    """Character spans of ``text`` where a paper names what it introduces, and whether the span is
    strong enough to accept a plain capitalised word ("We present Galactica")."""
    spans: list[tuple[int, int, bool]] = []
    for m in _INTRO_VERB.finditer(text):
        end = m.end()
        stop = _slot_end(text, end)
        spans.append((end, stop, True))
    for m in re.finditer(r"\b(?:called|named|dubbed|termed|coined|namely|denoted as)\s+", text, re.I):
        spans.append((m.end(), _slot_end(text, m.end(), limit=60), True))
    return spans


def _slot_end(text: str, start: int, limit: int = 140) -> int:
    seg = text[start:start + limit]
    m = re.search(r"[.;:]\s|\bthat\b|\bwhich\b|\bwith\b|\bfor\b|\bto\b|\bby\b|\bin\b|\bon\b", seg)
    return start + (m.start() if m else len(seg))


def title_names(title: str) -> list[Mention]:
    """Names a title introduces: "FooNet: ...", "Foo Technical Report", "Introducing Foo", or a
    title that is just a name ("Mask R-CNN")."""
    found: list[Mention] = []
    head: str | None = None
    if ":" in title:
        head = title.split(":", 1)[0].strip()
    else:
        m = _TITLE_REPORT.match(title)
        if m:
            head = m.group(1)
        elif len(title.split()) <= 3:
            head = title
    if not head or len(head.split()) > 5:
        return found
    head = re.sub(r"^(?:Introducing|The|Meet|Hello)\s+", "", head).strip()
    words = head.split()
    mentions = find_mentions(head, allow_plain_unknown=len(words) == 1)
    good = [m for m in mentions if m.known or (len(words) == 1 and m.surface == head)
            or (len(words) > 1 and name_like(m.surface.split()[0].split("-")[0]))]
    if not any(m.known for m in good) and len(words) <= 3 and (len(words) > 1 or not good) and any(name_like(w) for w in re.split(r"[\s\-]+", head)):
        # a short head that is all one name ("DD-PPO", "Mask R-CNN"): keep it whole
        key = slug(head)
        good = [Mention(head, key, key, None, None, 0, len(words), 0, len(head), None, False)]
    for mention in good[:1]:
        mention.introduced = True
        found.append(mention)
    return found


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
