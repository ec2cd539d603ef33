"""Model names in text: find mentions, normalise them to one key per version, tell introduced
from evaluated models.

Known names come from the curated family table (``tracker/knowledge/models.yaml``); names never
seen before are created when the paper introduces them ("We introduce FooLM-7B" -> ``foolm-7b``)
or when they carry a size ("FooLM-7B" anywhere). Pure functions: text in, mentions out.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import attrgetter, itemgetter

from tracker.extract.identity import SIZE_LETTER, canonical, inherits, is_version, new_version
from tracker.extract.params import SIZE_TOKEN, parse_size_token
from tracker.extract.text import Token, tokens
from tracker.knowledge import ModelInfo, benchmark_table, compact, model_table, slug, word_lists

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
# Curated word lists (tracker/knowledge/words.yaml): non-model acronyms, ambiguous names, title genre words.
_WORDS = word_lists()
_STOP = {c.casefold() for c in _WORDS["stop"]}
_AMBIGUOUS = {compact(w) for w in _WORDS["ambiguous"]}
_TITLE_WORDS = {w.casefold() for w in _WORDS["title_words"]}

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
    named: bool = False
    """Given a name by the text itself ("called Vall-E", "Momentum Contrast (MoCo)", "Noisy Student Training, a")."""
    variant: str | None = None
    """Release words kept out of the key ("preview", "2024-08-06")."""
    rule: str = ""
    """The identity rule that made the key (see :mod:`tracker.extract.identity`)."""
    based_on: str | None = None
    """The known model the text builds this new one on, in the sentence that introduces it ("X, an agent powered
    by GPT-4o", "X, a search agent fine-tuned from Qwen3-30B-A3B"): its ``BASED_ON`` edge."""
    wrapper: bool = False
    """Built around ``based_on`` rather than trained from it ("built on", "powered by"): no weights, size or openness
    of its own are known."""


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
        for name in table.spellings:  # "Segment Anything Model", "Deep Q-Network": an alias's first word too
            if " " in name:
                firsts.add(compact(name.split()[0]))
        for c in table.by_compact:
            firsts.add(c[: max(2, len(c))])
        prefixes = sorted((p for p in table.family_prefixes if len(p) >= 2), key=len, reverse=True)
        rx = re.compile(r"^(?:" + "|".join(map(re.escape, prefixes)) + r")(?=v?\d)")
        prefixes_set = {c[:k] for c in table.by_compact for k in range(1, len(c) + 1)}
        _INDEX = _Index(firsts, prefixes_set, {p[:2] for p in prefixes}, rx, table.max_words + 1)
    return _INDEX


_SPACE_VERSION = re.compile(r"^(?:[vV]?\d{1,2}(?:\.\d{1,2})?[a-z]?|[vV]\d+(?:\.\d+)*|[IVX]{1,4}|\d{4}|\d+x\d+(?:\.\d+)?[bBmM]|[aA]\d+(?:\.\d+)?[bB])$")


# what a size counts when it is not parameters: "2M samples", "FooData-2M, 2M image-text pairs"
_DATA_AFTER = re.compile(r"[\s,(]*(?:(?:of\s+)?\d+(?:\.\d+)?\s*[KMBkmb]?\s+)?(?:[\w\-]+\s+)?(?:samples|images|pairs|examples|"
                         r"instances|tokens|hours|videos|clips|frames|questions|conversations|dialogues|trajectories|"
                         r"episodes|documents|sentences|words|molecules|proteins|records|entries|utterances|texts|"
                         r"annotations|captions|prompts|problems|tasks|users|points|scenes)\b", re.IGNORECASE)


def _is_suffix(tok: Token, *, after_hyphen: bool, prev: Token | None = None) -> bool:
    word = tok.text
    if SIZE_TOKEN.fullmatch(word) or _VERSION.match(word) and (after_hyphen or _SPACE_VERSION.match(word) and not (
            prev is not None and prev.text[-1:].isdigit() and word.isdigit())):
        return True  # not "Gemini 3 Pro 4.706" (a score), nor "GLM-4 1) rivals" (a list number)
    low = word.casefold()
    if after_hyphen:
        if low in _HYPHEN_VARIANTS:
            return True
        return (word[0].isupper() or word[0].isdigit()) and low not in _STOP and len(word) <= 12 and \
            not word.isupper() or (word.isupper() and len(word) <= 4 and low not in _STOP)
    return low in _SPACE_VARIANTS and (word[0].isupper() or low in {"mini", "nano"})


_QUICK = re.compile(r".[A-Z]|\d")
_ACTIVE_SIZE = re.compile(r"[aA]\d+(?:\.\d+)?[bB]")  # "A22B": active parameters of a mixture of experts


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


_TEXT = itemgetter(0)  # Token.text


@lru_cache(maxsize=262144)
def _may_start_name(word: str) -> bool:
    """Can a mention start at this word (outside introducing contexts)? The first word of a listed name, a
    family prefix with a version ("Qwen4"), or a name-like word: the tests :func:`find_mentions` makes first."""
    idx = _index()
    c = compact(word)
    return c in idx.first_words or c[:2] in idx.fam2 and idx.prefix_re.match(c) is not None or name_like(word)


def find_mentions(text: str, toks: list[Token] | None = None, *, allow_plain_unknown: bool = False,
                  limit: int = 0) -> list[Mention]:
    """All model-name mentions in ``text`` (known names, and unknown names that carry a size).

    ``allow_plain_unknown`` also returns name-like unknown words without a size (used in
    introducing contexts, where "We present FooLM" is enough). ``limit``: stop after that many
    mentions (the first ones, as a full pass finds them).
    """
    idx = _index()
    table = model_table()
    toks = toks if toks is not None else tokens(text)
    out: list[Mention] = []
    n = len(toks)
    # most words can start neither a known name nor an unknown one: jump from one word that can to the next
    hot = None if allow_plain_unknown else list(compress(range(n), map(_may_start_name, map(_TEXT, toks))))
    h = 0
    i = 0
    while i < n:
        if hot is not None:
            while h < len(hot) and hot[h] < i:
                h += 1
            if h == len(hot):
                break
            i = hot[h]
        tok = toks[i]
        c = compact(tok.text)
        match: tuple[ModelInfo, int] | None = None
        plural = False
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
                    if span > 1 and cc[-1] == "s" and nxt.text[-1] == "s" and cc[:-1] in table.by_compact \
                            and cc[:-1] not in _AMBIGUOUS and not tok.text.islower():
                        # "Denoising Diffusion Probabilistic Models": the plural of a listed name of several words
                        match, plural = (table.by_compact[cc[:-1]], span), True
                    break
                info = table.by_compact.get(cc)
                if info is not None:
                    match = (info, span)
            if match is None:
                m = idx.prefix_re.match(c)
                if m and (tok.text[0].isupper() or any(ch.isupper() for ch in tok.text)):
                    fam = table.family_prefixes[m.group()]
                    fam_info = table.family_entries.get(fam) or table.families[fam]
                    prefix_len = len(m.group())
                    rest = tok.text[prefix_len:]
                    sized = SIZE_LETTER.fullmatch(rest)
                    listed = table.by_compact.get(compact(tok.text[:prefix_len] + sized.group(1))) if sized else None
                    if listed is not None and listed.key in table.versions and listed.key[-1].isdigit():
                        # "YOLOv8n", "YOLOv11s": a size (by its letter) of a listed version or alias, with its facts
                        match = (ModelInfo(listed.key + sized.group(2), tok.text, listed.family, listed.developer,
                                           listed.access, listed.license, ()), 1)
                    elif is_version(rest):  # "Qwen4", "GPT5.4": a new version of the family
                        match = (new_version(fam_info, tok.text[:prefix_len], [rest]).info, 1)
                    else:  # "BERT4Rec", "BLIP2OIQA": someone's name built on the family's: not its developer's
                        match = (ModelInfo(slug(tok.text), tok.text, fam, None, "unknown", None, ()), 1)
        if match is None and len(c) >= 4 and c[-1] == "s" and tok.text[-1] == "s" and tok.text[:-1].isupper() \
                and c[:-1] in table.by_compact and c[:-1] not in _AMBIGUOUS and c not in _STOP:
            # "cross-lingual language models (XLMs)": the plural of a listed acronym that is no name of its own
            match, plural = (table.by_compact[c[:-1]], 1), True
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
            while not plural and j < n and toks[j].sep in _JOIN and \
                    _is_suffix(toks[j], after_hyphen=toks[j].sep in _HYPHEN, prev=toks[j - 1]):
                j += 1
            tail = toks[i + span:j]
            surface = text[head[0].start:toks[j - 1].end]
            head_text = text[head[0].start:head[-1].end - plural]
            if _reject_known(info, head_text, tail) or not tail and _metric_here(text, toks, i, span, head_text, info):
                i += 1
                continue
            size = _size_of(tail)
            canon = canonical(info, head_text, [t.text for t in tail])
            info = canon.info
            key = canon.key
            size_tail = [t.text for t in tail if not SIZE_TOKEN.fullmatch(t.text) and not _ACTIVE_SIZE.fullmatch(t.text)]
            base_key = key if len(size_tail) == len(tail) else canonical(match[0], head_text, size_tail).key
            head_size = next((t.text for t in head[1:] if SIZE_TOKEN.fullmatch(t.text)), None)
            if head_size is not None and size is None and not re.search(rf"(?<![\d.]){re.escape(head_size.casefold())}",
                                                                         key):
                # "DeepSeek 67B" (an alias of DeepSeek LLM that carries its size): the size stays in the key
                size = parse_size_token(head_size)
                key = slug(f"{key}-{head_size}")
            if size is None and len(info.sizes) == 1 and not tail:
                size = info.sizes[0]
            out.append(Mention(surface, key, base_key, info.family, info, i, j, head[0].start,
                               toks[j - 1].end, size, True, variant=canon.variant, rule=canon.rule))
            if len(out) == limit:
                break
            i = j
            continue
        if name_like(tok.text) or allow_plain_unknown and tok.text[:1].isupper() and (
                len(tok.text) > 2 and tok.text.casefold() not in _STOP and compact(tok.text) not in benchmark_table()
                or i + 1 < n and toks[i + 1].sep in _HYPHEN and toks[i + 1].text.isupper()
                and toks[i + 1].text.casefold() not in _STOP):  # "AR-LDM", "MT-DNN": an acronym pair is a name
            j = i + 1
            while j < n and toks[j].sep in _JOIN and _is_suffix(toks[j], after_hyphen=toks[j].sep in _HYPHEN, prev=toks[j - 1]):
                j += 1
            tail = toks[i + 1:j]
            size = _size_of(tail)
            if size is not None and (size < 0.001 or _DATA_AFTER.match(text, toks[j - 1].end)):
                # "MJHQ-30K", "COCO-Stuff 164K", "FooData-2M samples": a data set's size, not a model's
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
                if len(out) == limit:
                    break
                i = j
                continue
        i += 1
    return out


def _reject_known(info: ModelInfo, head_text: str, tail: list[Token]) -> bool:
    """Drop matches of common words ("Transformer", "Spark", "phi") that are not the model."""
    if head_text.islower() and not info.name.islower() and not tail and (head_text.isalpha() or " " in head_text and (
            head_text.replace(" ", "").replace("-", "").isalpha() and compact(head_text) != compact(info.name))):
        return True  # "latent diffusion", "deep q-networks": an alias in lower case is a generic phrase
    if compact(head_text) in _AMBIGUOUS and not tail:
        return head_text != info.name and head_text.casefold() != info.name.casefold() or head_text.isupper() \
            and not info.name.isupper() or compact(head_text) in _ALWAYS_NEEDS_SUFFIX
    return False


_ALWAYS_NEEDS_SUFFIX = {compact(w) for w in _WORDS["always_needs_suffix"]}
_METRIC_NAMES = {compact(w) for w in _WORDS["metric_names"]}
# a metric's use: "an MAE of 2.1", "MAE = 0.3", "MAE: 0.3", "MAE and RMSE", "RMSE/MAE", "MAE (0.21)"
_METRIC_USE_AFTER = re.compile(r"\s*(?:of|=|:|<|>|≤|≥|from|to|by|is|was|values?\s+of|ranging\s+from|\(?\s*[↓↑])?\s*"
                               r"(?:approximately\s+|about\s+|around\s+|nearly\s+|up\s+to\s+)?\(?\s*\$?\s*[-+]?\d"
                               r"|\s*(?:,|/|and|or|&)\s*(?:the\s+)?[A-Z][A-Za-z0-9]*\b")
_METRIC_BESIDE = re.compile(r"\b([A-Z][A-Za-z0-9]*)\s*(?:,|/|and|or|&)\s*(?:the\s+)?$")
_METRIC_USE_BEFORE = re.compile(r"\b(?:lower|higher|low|high|reduc\w*|"
                                r"improv\w*|average|mean|test|validation|normalized|normalised|relative|ordinal)\s+$"
                                r"|\d\s?(?:\\?%|mm|cm|m|km|bpm|ms|px|°|deg|kPa|dB|kg|years?|days?|hours?)?\s+(?:in\s+)?$"
                                r"|\b(?:decrease|increase|improvement|reduction|gain|drop|rise)s?\s+(?:in|of)\s+(?:the\s+)?$",
                                re.IGNORECASE)


_METRIC_HEAD = re.compile(r"\b(?:errors?|deviation|scores?|distance|coefficient|ratio|precision|recall|curve|rate|"
                          r"similarity|index|correlation|accuracy|understudy|divergence)\s*$", re.IGNORECASE)


def _metric_here(text: str, toks: list[Token], i: int, span: int, head_text: str, info: ModelInfo) -> bool:
    """A model's name that is also a metric's acronym ("MAE") used as the metric: defined as lower-case words that
    are not the model's own long name ("mean absolute error (MAE)"), followed by a value, or listed beside
    another metric ("MAE and RMSE")."""
    c = compact(head_text)
    if c not in _METRIC_NAMES:
        return False
    if re.search(_METRIC_HEAD.pattern.removesuffix(r"\s*$") + r"\s*\(\s*" + re.escape(head_text) + r"\s*[),]", text,
                 re.IGNORECASE):
        return True  # defined as a metric anywhere: "mean absolute error (MAE)", "Mean Absolute Error (MAE)"
    start, end = toks[i].start, toks[i + span - 1].end
    after = _METRIC_USE_AFTER.match(text, end)
    if after and (after.group(0).strip()[-1:].isdigit() or compact(after.group(0).split()[-1]) in _METRIC_NAMES):
        return True
    if _METRIC_USE_BEFORE.search(text, max(0, start - 30), start):
        return True
    beside = _METRIC_BESIDE.search(text, max(0, start - 30), start)
    return bool(beside) and compact(beside.group(1)) in _METRIC_NAMES


def _slot_end(text: str, start: int, limit: int = 140) -> int:
    seg = text[start:start + limit]
    m = _SLOT_STOP.search(seg)
    return start + (m.start() if m else len(seg))


_SLOT_STOP = re.compile(r"[.;:]\s|\bthat\b|\bwhich\b|\bwith\b|\bfor\b|\bto\b|\bby\b|\bin\b|\bon\b")


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
# Cues: "we introduce/present/propose NAME", "we are releasing NAME", "(we focus on X) and propose NAME",
# "called/named/dubbed/referred to as/we name (this model) NAME", "Momentum Contrast (MoCo)", "an off-policy RL
# algorithm (MetaMimic)", "our SElf-supERvised (SEER) model", "Noisy Student Training, a ...", and names joined by
# "and" ("XLM-R XL and XLM-R XXL"). A named *method* ("SimCSE, a contrastive learning framework") counts as a model
# only when its description says it is trained for a task or is a learned artefact (_learned), and never when it
# is training-free, a recipe/module/strategy, or a way to train or run someone else's LLM. "System"/"agent"
# descriptions need the same evidence; agents built around an LLM ("a tool-augmented agent that equips LLMs") and
# abbreviations of ordinary words ("speech emotion recognition (SER)") are not models.

_INTRO_CUE = re.compile(  # "(?=[...])": the first letters of the alternatives, to skip other words at once (speed)
    r"\b(?=[wthoaipm])(?:(?:we|this (?:paper|work|report|article)|here,? we|our work)\s+(?:\w+ly\s+)?"
    r"(?:also\s+|further\s+|then\s+)?"
    r"(?:introduce|present|propose|release|unveil|open-source|develop|build|train|design|describe)(?:s|d|ed)?\b"
    r"(?:\s+and\s+(?:publicly\s+)?(?:introduce|present|propose|release|open-source)(?:s|d)?\b)?"
    r"|we\s+are\s+(?:introducing|presenting|proposing|releasing|open-sourcing)\b"
    r"|and\s+(?:then\s+|also\s+|further\s+)?(?:introduce|present|propose|release)\b"  # "we focus on X and propose"
    r"|(?:introducing|presenting|meet)\b)", re.IGNORECASE)
_STRONG_VERB = re.compile(r"introduc|present|propos|releas|unveil|open-source", re.IGNORECASE)
_NAMED = re.compile(r"\b(?:called|named|dubbed|termed|coined|namely|denoted(?: as)?|to (?:obtain|produce|create|"
                    r"yield|get|build)|resulting in|yielding|which we call|we call (?:it|them|this model))\s+$",
                    re.IGNORECASE)
_NP_END = re.compile(r"\s(?:for|of|with|without|via|in|on|to|through|from|towards?|that|which|who|using|by|based|trained|"
                     r"built|designed|capable|able|achieving|where|while|as|at|under|across|into|over|done|against|"
                     r"employing|leveraging|integrating|combining|featuring|exploiting|incorporating)\s|[.;:(]"
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
    "formulation", "search", "inference", "serving",
}
_NOT_MODEL_HEADS = {
    "dataset", "datasets", "data", "benchmark", "benchmarks", "corpus", "corpora", "survey", "challenge", "task",
    "competition", "leaderboard", "evaluation", "test", "testbed", "suite", "toolkit", "toolbox", "library",
    "database", "study", "analysis", "review", "arena", "environment", "platform", "metric", "metrics", "loss",
    "protocol", "taxonomy", "tutorial", "workshop", "resource", "collection", "index", "attack", "defense", "game", "dialect",
    "simulator", "gym", "playground", "interface", "tool", "tools", "libraries", "toolkits", "package", "packages",
    "software", "catalogue", "catalog", "compendium", "inventory", "position", "perspective", "report", "paper",
    "annotation", "annotations", "guideline", "guidelines", "questionnaire", "measure", "score", "prompt",
    "prompts", "dsl", "format", "standard", "specification", "principle", "theory", "estimate", "challenges",
    "hackathon", "bench", "set", "sets", "split", "questions", "problems", "exam", "exams", "tasks", "evaluator",
} | {w.casefold() for w in _WORDS.get("software_heads", [])}
# words that mostly modify the head noun ("Task Planning", "Game Agents", "Test-Time Scaling"): as the first
# classified word of a title phrase they do not decide its kind
# heads that leave the kind to the model word before them ("a Masked Diffusion Transformer Framework")
_GENERIC_SOFT = {"framework", "frameworks", "approach", "approaches", "method", "methods", "pipeline", "paradigm",
                 "architecture", "system", "scheme", "strategy"}
_MODIFIER_WORDS = {"task", "tasks", "game", "test", "set", "index", "score", "format", "prompt", "standard", "tool",
                   "interface", "position", "annotation", "measure", "series", "time", "data"}
_MODELISH_NAME = re.compile(
    r"(?:net|former|gpt|lm|llm|bert|gan|vae|vit|clip|coder|diffusion|dit|mamba|lstm|cnn|rnn|vl|vla|gen|seg|det|"
    r"sam|dino|llava|yolo|rcnn|\d+(?:\.\d+)?[bmBM])(?:v?\d+(?:\.\d+)?)?\+*$", re.IGNORECASE)
_TITLE_REPORT = re.compile(r"^(.{2,60}?)\s+(?:Technical Report|Tech Report|System Card|Model Card|Report)\b"
                           r"(?=\s*$|\s*[:,(]|\s+(?:on|for|of|v\d))", re.I)


def _classify(w: str, whole: bool = False) -> str | None:
    """'model', 'other' (data, benchmark, survey...: never a model), 'method' (soft) or None (no idea).

    ``whole`` (any word of a title phrase, "Robotic Task Generalization"): a word that is mostly a modifier
    ("Task", "Game") says nothing there."""
    low = w.casefold()
    if whole and low in _MODIFIER_WORDS:
        return None
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


def _head_noun(desc: str, after_article: bool = False) -> str | None:
    """Head noun of the noun phrase at the start of ``desc`` ("A Unified Spectral Attention Model for ..." ->
    "model"); "method" when the phrase is a gerund ("Compressing Redundancy via ..."), unless an article came
    before it ("an identity-preserving driving world model": the -ing word is an adjective)."""
    desc = desc.strip()
    if not desc:
        return None
    for part in re.split(r"[-–—]\s+(?=(?:A|An|The)\s)", desc)[1:]:  # "Site in Pieces- A Dataset of ..."
        if _head_noun(part) == "other":
            return "other"
    first = desc.split(None, 1)[0].casefold()
    if first.endswith("ing") and first not in {"thing", "string", "king", "spring", "bring"}:
        if first in {"benchmarking", "evaluating", "assessing", "probing", "measuring"}:
            return "other"
        if not after_article:
            return "method"
    if first in {"towards", "toward", "on", "when", "how", "why", "what", "can", "does", "do", "is", "are",
                 "rethinking", "beyond", "from", "to", "an empirical", "revisiting"}:
        return "method"
    desc = re.sub(r"\([^)]*\)", " ", desc)
    desc = re.sub(r"^((?:(?:a|an|the)\s+)?(?:[\w\-]+,\s+){1,4})and\s+", lambda a: a.group(1).replace(",", ""), desc,
                  flags=re.I)  # "A Unified,
    # Modular, and Fully-Integrated Toolkit": coordinated adjectives, not the end of the noun phrase
    m = _NP_END.search(" " + desc + " ")
    phrase = (" " + desc + " ")[:m.start()] if m else desc
    words = re.findall(r"[A-Za-z][\w\-]*", phrase)
    if words and words[-1].casefold() in _NOT_MODEL_HEADS and words[-1].casefold() not in _MODIFIER_WORDS \
            and not any(_classify(w, whole=True) == "model" for w in words[:-1]):
        # (a model word before it leaves the phrase to the rules below: "A Graph Neural Network Including the Immune
        # Environment", "Foundation Models Toolkit")
        return "other"  # the head noun: "A Large-scale X-ray ... Segmentation Benchmark", "a ... pretraining dataset"
    last = next((k for k in map(_classify, reversed(words)) if k is not None), None) if words else None
    if last == "model" and words and _classify(words[-1]) == "model":
        return "model"
    # "Optimized Protein Language Model Unlocks ...": the first classified word of the phrase decides
    kinds = [_classify(w, whole=True) for w in words[:9]]
    for k in range(len(kinds) - 1):
        if kinds[k] == "method" and kinds[k + 1] == "model" and words[k].casefold() not in _SOFT_HEADS:
            kinds[k] = None  # "Vision Assistant", "Reasoning Model": a task word in front of the head
    first_kind = next((k for k in kinds[:8] if k is not None), None)
    if first_kind == "model" and kinds[kinds.index("model") + 1:kinds.index("model") + 2] == ["other"] \
            and words[kinds.index("model") + 1].casefold() not in ("suite", "collection", "zoo"):
        return "other"  # "The Geospatial Foundation Models Toolkit": "Models" modifies the head
    if first_kind == "model" and 1 <= len(words) - 1 - kinds.index("model") <= 2 and len(words) <= 9 \
            and (words[-1].casefold() in _NOT_MODEL_HEADS or words[-1].casefold() in _SOFT_HEADS
                 or words[-1].casefold().endswith(("tion", "sion", "ment")) or words[-1].casefold() in _PROCESS_NOUNS) \
            and words[-1].casefold() not in _GENERIC_SOFT:
        if words[-1].casefold() in _PROCESS_NOUNS or words[-1].casefold().endswith(("tion", "sion", "ment")):
            return "method"  # "neural network model discovery", "Diffusion Model Customization": a process on models
            # (not "a Grounding Model Excelling in ...": a participle after the head is no head)
        return _classify(words[-1])  # "universal model inversion attack", "Efficient LLM Inference": the last word
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


_PROCESS_NOUNS = {w.casefold() for w in _WORDS.get("process_nouns", [])}
_WORD_NAMES = {compact(w) for w in _WORDS["always_needs_suffix"]}  # listed names that are English words ("Gen", "Step")
_STRONG_ENDING = re.compile(r"(?:" + "|".join(sorted(map(re.escape, _WORDS.get("model_name_endings", [])), key=len,
                                                     reverse=True)) + r")(?:v?\d+(?:\.\d+)?)?\+*$", re.IGNORECASE)


def _strong_name(m: Mention) -> bool:
    """A coined name whose ending says network or language model at a word or CamelCase boundary ("HQF-Net",
    "RSGMamba", "Pts3D-LLM"): words.yaml ``model_name_endings``."""
    s = m.surface.rstrip("+")
    parts = re.split(r"[-_]", s)
    if len(parts) > 1 and compact(parts[-1]) in model_table().by_compact and compact(parts[-1]) not in _WORD_NAMES:
        return True  # "ROS-SAM", "CoMP-SigLIP": a new model built on a listed one (not "-Gen", "-Step": words)
    if re.search(r"[-_ ]\d+(?:\.\d+)?[BT]$", s):
        return True  # "Terminus-4B": billions of parameters (a data set counts thousands or millions: "-5M")
    for hit in _STRONG_ENDING.finditer(s):
        p = hit.start()
        if p == 0 or s[p - 1] in "-_ " or s[p - 1].isdigit() or s[p].isupper():
            return True
    return False


_PART_NOUNS = {"layer", "layers", "module", "modules", "block", "blocks", "loss", "mechanism", "head", "unit", "operator",
               "component", "strategy", "regularizer", "token", "tokens", "gate", "kernel"}
_NOUN_AFTER = re.compile(r"\)?\s+([a-z]+)\b(?=\s*[,.;:(]|\s+(?:that|which|to|for|with|based|trained|built|"
                         r"designed|is|was|are|on|in|of|and|using|consisting|comprising|capable|achieves|as)\b)")
_ARTICLE_END = re.compile(r"\b(?:a|an|the|our|one|two|three|four|both)\s*$", re.I)
_VERB_FIRST = re.compile(r"(?:are|were|has|have|had|can|could|will|would|achieves?|outperforms?|consists?|"
                         r"uses?|relies|performs?|shows?)\b", re.I)
_DESC_AFTER = re.compile(r"^\)?\s*(?:\([^)]{1,80}\)\s*)?(?:,|:|—|–|-{1,2}|is|as|,? which is)\s*"
                         r"(?:(?:a|an|the|our|one|two|three|four|both)\b)?\s*"
                         r"(?:(?:new|novel|family of|series of|suite of|collection of|set of)\b)?\s*([^.;]{0,120})", re.I)


_PAREN_DESC = re.compile(r"^\s*\((?:a|an|the)\s+([^()]{3,100})\)", re.I)
_DESC_AFTER_LONG = re.compile(_DESC_AFTER.pattern.replace("{0,120}", "{0,240}"), re.I)


_APPOSED = re.compile(r"\b(?:a|an|our)\s+(?:(?:new|novel|single|predicted|proposed|resulting|final|[\w\-]+-(?:based|optimal|"
                      r"scale|size[d]?))\s+){0,3}(?:[a-z][\w\-]*\s+){0,2}(?:model|network|LLM|language model),\s+")
_MAKE_BEFORE = re.compile(r"\b(?:train(?:ing|ed)?|introduc\w+|present(?:ing|ed)?|releas\w+|develop(?:ing|ed)?|"
                          r"build(?:ing)?|built)\s+$", re.I)
_APPOSED_END = re.compile(r"\s*(?:,|\.|;|\s+(?:that|which|with|is|was)\b)")
_NAME_SAYS_MODEL = re.compile(r"\b(?:Model|Network|Transformer|LLM|Language Model|Autoencoder|Encoder)s?$")
_CLAUSE_FIRST = re.compile(r"(?:to|which|that|who|whose|where)\b", re.I)


def _kind_after(text: str, end: int, noun_after: bool = True) -> str | None:
    """The kind the words after a name give it; ``noun_after``: also "the FooBar model" (for new names only:
    "we train a ViT model" is a use of ViT)."""
    seg = text[end:end + 160]
    par = _PAREN_DESC.match(seg)  # "the MonkeyDoc (the most comprehensive document parsing dataset to date)"
    if par:
        kind = _head_noun(par.group(1), after_article=True)
        if kind:
            return kind
    m = _DESC_AFTER.match(seg)
    if m and _VERB_FIRST.match(m.group(1)):
        m = None  # "called DEtection TRansformer or DETR, are a set-based global loss ...": the name is a subject
    if m and _CLAUSE_FIRST.match(m.group(1)):
        return None  # "a novel model, ScanVLA, to first exploit ...": a purpose or relative clause, not a description
    if m:
        return _head_noun(m.group(1), after_article=bool(_ARTICLE_END.search(seg, 0, m.start(1))))
    noun = _NOUN_AFTER.match(seg) if noun_after else None  # "the FooBar dataset"; not "a T2I diffusion adapter"
    if noun:
        w = noun.group(1)
        if w in _MODEL_HEADS:
            return "model"
        if w in _NOT_MODEL_HEADS or w in _PART_NOUNS:
            return "other"  # "the FooBar dataset"; "a Spectral Enhancement Transformer (SET) layer": a part
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
    rest = s[len(first) + 1:]
    if first.casefold() in _STOP and not (rest and (name_like(rest.split("-")[0]) or rest.split("-")[0].isupper())
                                          and rest.split("-")[0].casefold() not in _STOP) \
            or s.casefold() in _STOP or "," in s or "~" in s:
        return False  # "LLM", "RL-based", "LLM-Planner"; but "MT-DNN", "AR-LDM" are names
    if len(compact(s)) < 3 and not (m.named and re.fullmatch(r"[A-Z]\d", s)):
        return False  # "S4" only when the text names it so
    if _DATA_TAIL.search(s):
        return False
    parts = [p for p in re.split(r"[\s\-]+", s) if p]
    if not m.known and len(parts) > 1 and all(re.fullmatch(r"[A-Z][a-z]+", p) for p in parts) \
            and not _modelish(m) and not (m.named and "-" not in s):
        return False  # "Sub-Billion", "Describe-Then-Act", "Memory-Distilled": words, not a name
    return not (s.islower() and not any(ch.isdigit() for ch in s) and not m.known)


def _word_in(name: str, title: str) -> bool:
    """The name stands as words of the title ("Re-ID" is not in "Person Re-Identification")."""
    parts = [re.escape(p) for p in re.split(r"[\s\-_]+", name) if p]
    return re.search(r"(?<![\w])" + r"[\s\-_]?".join(parts) + r"(?![A-Za-z])", title, re.IGNORECASE) is not None


def _listed(m: Mention) -> bool:
    """Is the known name a listed version or family (or a size or tuning of one), not a new name built on a family's
    prefix ("Gen2Balance", "BERT4Rec")?"""
    table = model_table()
    return m.info is not None and (m.info.key in table.versions or m.info.key in table.family_entries)


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
    if head.split(" ", 1)[0].casefold() in _TITLE_WORDS:
        return None  # "Technical Report for ...", "Position: ...": the title's genre, not a name
    if ("$" in head or "\\" in head) and len(head.split()) > 1:
        return None  # "SAEs $\textit{Can}$ Improve Unlearning": a sentence with LaTeX, not "Mask$^2$DiT"
    first, _, rest = head.partition(" ")
    if rest and first.casefold() in _company_words() and (
            any(name_like(w) for w in rest.split()) or compact(rest.split()[0]) in model_table().by_compact):
        head = rest  # "Tencent HunYuan Turbo S", "NVIDIA Nemotron Nano 2": the developer is not part of the name
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


@lru_cache(maxsize=1)
def _company_words() -> frozenset[str]:
    """One-word names of the curated companies ("Tencent", "NVIDIA"), which titles put before a model's name."""
    from tracker.knowledge.labs import load_labs

    return frozenset(n.casefold() for lab in load_labs().values() if lab.type == "company"
                     for n in (lab.name, *lab.aliases) if " " not in n and len(n) > 2)


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


def introduced_models(title: str, text: str, toks: list[Token], mentions: list[Mention],
                      explain: list[tuple[str, bool, str, str]] | None = None) -> list[Mention]:
    """The models the paper itself introduces (see the rules above); marks them ``introduced``.

    ``explain``: filled with (candidate, accepted, rule, reason) for every candidate a cue put forward."""
    out: list[Mention] = []
    title_cand = _title_candidate(title) if title else None
    title_keys: set[str] = set()
    if title_cand is not None:
        tm, _, _ = title_cand
        title_keys = {tm.key, tm.base_key, compact(tm.surface)}
    title_c = compact(title)

    def in_title(m: Mention) -> bool:
        return m.key in title_keys or m.base_key in title_keys or (
            name_like(m.surface.split()[0]) and len(m.surface) > 2 and compact(m.surface) in title_c
            and _word_in(m.surface, title)) or any(
            len(a.split()) > 1 and compact(a) in title_c for a in m.aliases)  # "Momentum Contrast (MoCo)"

    title_kind = title_cand[1] if title_cand is not None else None
    title_desc = title.split(":", 1)[1] if title_cand is not None and title_cand[2] == "colon" else ""
    slot_hits: list[tuple[Mention, str | None, bool, str]] = []  # (mention, kind, strong verb, its sentences)
    cand_aliases: list[str] = []

    def described(start: int, end: int, verb_end: int) -> str:
        """What the text says the name is: the phrase before it ("a lightweight ... framework, called FooNet") and
        the phrase after it ("FooLM, a ..."), with the expansion of an acronym ("Token-Regularized Finetuning
        (TReFT)")."""
        before = text[max(verb_end, start - 120):start].strip(" ,:")
        before = before if len(before.split()) >= 2 and not cand_aliases else ""
        m = _DESC_AFTER_LONG.match(text[end:end + 260])
        if m and m.group(1).strip():
            return " ".join([*cand_aliases, before, m.group(1)]).strip()
        noun = _NOUN_AFTER.match(text[end:end + 60])
        return text[max(verb_end, start - 120):start] + (" " + noun.group(1) if noun else "")

    for cue in _INTRO_CUE.finditer(text):
        if cue.group()[:3].casefold() == "and" and not _WE.search(text, text.rfind(". ", 0, cue.start()) + 1,
                                                                   cue.start()):
            continue  # "... and propose" counts only in a sentence of the authors' own ("we focus on X and propose")
        verb_end = cue.end()
        stop = _slot_end(text, verb_end)
        strong = bool(_STRONG_VERB.search(cue.group()))
        cand = _first_name(text, toks, mentions, verb_end, stop)
        if cand is None:
            continue
        kind = _kind_after(text, cand.end, not cand.known) or _kind_before(text, verb_end, cand.start)
        if kind != "other" and not cand.known and any(_NAME_SAYS_MODEL.search(a) for a in cand.aliases) \
                and not _UNLEARNED_RX.search(title) and not _UNLEARNED_RX.search(_sentences_at(text, cue.start(), "")):
            kind = "model"  # "Recursive Stem Model (RSM), a recursive reasoning approach": the full name says model
            # (not when the text says it works on someone else's model: "... Inference with Pretrained LMs")
        _note_system_base(text, cand, kind, mentions, built="build" in cue.group().casefold())
        ctx = _sentences_at(text, cue.start(), cand.surface)
        cand_aliases[:] = cand.aliases
        desc = described(cand.start, cand.end, verb_end)
        joined = _coordinated(text, toks, mentions, cand)
        if joined and not cand.known:
            kind = _kind_after(text, joined[-1].end, True) or kind  # "MIORe and VAR-MIORe, two novel datasets"
        slot_hits.append((cand, kind, strong, ctx, desc))
        for other in joined:
            slot_hits.append((other, kind, strong, ctx, desc))
    for nm in _NAMED_ANY.finditer(text) if _may_name(text) else ():
        start = nm.end()
        cand = _first_name(text, toks, mentions, start, min(len(text), start + 40), first_only=True,
                           named=not nm.group().casefold().startswith(("to ", "result", "yield")))
        if cand is None:
            continue
        kind = _kind_after(text, cand.end, not cand.known) or _kind_before(text, max(0, nm.start() - 80), nm.start())
        if re.search(r"\b(?:models?|networks?|architectures?)\b", nm.group()):
            kind = "model"  # "We name this model GMapLatent"
        _note_system_base(text, cand, kind, mentions)
        ctx = _sentences_at(text, nm.start(), cand.surface)
        cand_aliases[:] = cand.aliases
        desc = described(cand.start, cand.end, max(0, nm.start() - 80))
        joined = _coordinated(text, toks, mentions, cand)
        if joined and not cand.known:
            kind = _kind_after(text, joined[-1].end, True) or kind
        slot_hits.append((cand, kind, True, ctx, desc))
        for other in joined:
            slot_hits.append((other, kind, True, ctx, desc))
    # "by training a predicted compute-optimal model, Chinchilla, that ...": a new name set beside "a ... model" (the
    # apposition names it); a known name there is a baseline ("a strong model, GPT-4o,") and is left to its own rules
    if "model, " in text or "network, " in text or "LLM, " in text:
        for ap in _APPOSED.finditer(text):
            cand = _first_name(text, toks, mentions, ap.end(), min(len(text), ap.end() + 40), first_only=True,
                               named=True)
            if cand is None or not _APPOSED_END.match(text, cand.end) or cand.known and _listed(cand) and not _MAKE_BEFORE.search(
                    text, max(0, ap.start() - 30), ap.start()):
                continue  # a listed name counts only when the authors train or release it there
            slot_hits.append((cand, "model", True, _sentences_at(text, ap.start(), cand.surface), ap.group(0)))
    if "our " in text or "Our " in text:
        for om in _OUR_NAMED.finditer(text):
            name = om.group(1) or om.group(2)
            if om.group(2) and not name_like(name) or name.casefold() in _STOP or name.casefold().startswith("ours") \
                    or _abbreviates_words(text, name):
                continue
            if any(m.start == om.start(1 if om.group(1) else 2) for m in mentions):
                continue  # a name the mention pass found ("our Llama-3 model") goes through its own rules
            key = slug(name)
            cand = Mention(name, key, key, None, None, 0, 0, om.start(1 if om.group(1) else 2),
                           om.end(1 if om.group(1) else 2), None, False, named=True)
            slot_hits.append((cand, "model", True, _sentences_at(text, om.start(), name), ""))
    # "a self-evolving agent system built on ...", "a tool-augmented agent that equips LLMs": a system around someone
    # else's model, for the title's name as much as for the abstract's; not an agent the paper trains ("KLong:
    # Training LLM Agent for ...", "SEVA-3B", "FunAudio-ASR Technical Report")
    trained = bool(_TRAINED_AGENT.search(title)) or title_cand is not None and title_cand[2] == "report"
    slot_hits = [(c, "other" if k == "model" and not trained and c.size_b is None and not _TRAINED_AGENT.search(d)
                  and _AGENT_HEAD.search(d[:80]) and _AGENTIC.search(d + " " + title) else k,
                  st, x, d) for c, k, st, x, d in slot_hits]
    # the title
    if title_cand is not None:
        tm, kind, cue = title_cand
        echoed = [h for h in slot_hits if h[0].base_key == tm.base_key or h[0].key == tm.key]
        if kind is None and echoed:
            kind = next((h[1] for h in echoed if h[1]), None)
        if not _name_ok(tm) or kind == "other":
            ok = False
        elif tm.known and derivative_base(tm) is None and _listed(tm):
            # "Llama 2: Open Foundation and Fine-Tuned Chat Models", "Qwen2.5 Technical Report", "Mask R-CNN"
            ok = True
        else:
            # "EgoSelf, a system that includes a memory ...": a system or agent is a model only when it is learned
            echo_kinds = {None if h[1] == "model" and _weak_model_head(h[4]) and not _learned(h[4], h[3], title)
                          else h[1] for h in echoed}
            # a title that reads as a method ("Gen2Balance: Generative Balancing for ...") names a model only by a
            # network's or language model's ending ("FooNet: Learning to ...") or a listed model's name it builds on
            # ("ROS-SAM: High-Quality Interactive Segmentation ..."), not by "-Gen", "-Seg" or a size
            named_model = (_strong_name(tm) or derivative_base(tm) is not None) if kind == "method" else _modelish(tm)
            ok = kind == "model" or cue == "report" or named_model or "model" in echo_kinds or (
                kind is None and any(h[1] is None and h[2] for h in echoed))
            if kind != "model" and cue != "report" and tm.size_b is None and "model" not in echo_kinds \
                    and echo_kinds & {"method", "other"} or "other" in echo_kinds and "model" not in echo_kinds \
                    and not _TITLE_MODEL_PHRASE.match(title_desc):
                ok = False  # "we propose FooDet, a training-free framework"; "We introduce SKATE: a novel evaluation
                # framework": a method or an evaluation, whatever its name and its title
            if not ok and cue == "colon" and "other" not in echo_kinds and " " not in tm.surface:
                # "SimCSE: Simple Contrastive Learning of ...", "We present SimCSE, a contrastive learning
                # framework": a named method whose product is a trained model; with no echo, the abstract
                # must speak of "the proposed model" ("LUKE: Deep Contextualized Entity Representations")
                ok = any(_learned(h[4] + " " + title_desc, h[3], title) for h in echoed) \
                    if echoed else any(_learned(title_desc + " " + _sentences_at(text, o.start(), "")[:300], "", title)
                                       for o in _OWN_MODEL.finditer(text))

        if ok and kind == "model" and cue == "colon" and not tm.known and _weak_model_head(title_desc) and not (
                _modelish(tm) or _PARAMS_NEAR.search(title) or any(h[1] == "model" and not _weak_model_head(h[4])
                                                                   for h in echoed)
                or _learned(title_desc + " " + " ".join(h[4] for h in echoed), " ".join(h[3] for h in echoed), title)):
            ok = False  # "Qualixar OS: A Universal Operating System for AI Agent Orchestration"
            title_kind = "method"  # and its echoes in the abstract ("This paper introduces OmniAcc") are judged so
        if ok:
            same = [m for m in mentions if m.base_key == tm.base_key or m.key == tm.key]
            chosen = same[0] if same and len(same[0].key) >= len(tm.key) else tm
            if chosen.size_b is None and tm.size_b is not None:
                chosen = tm
            out.append(chosen)
    for cand, kind, strong, ctx, desc in slot_hits:
        if title_kind in ("other", "method") and (cand.key in title_keys or cand.base_key in title_keys):
            kind = "other" if title_kind == "other" else kind or title_kind  # the title's description counts too
        if not _name_ok(cand) or kind == "other" or not cand.known and not cand.aliases and _abbreviates_words(
                text, cand.surface):
            continue  # "speech emotion recognition (SER) ... We develop SER models": a task's abbreviation
        if " " in cand.surface and not any(name_like(w) for w in cand.surface.split()) and not (
                kind == "model" and _STRICT_HEAD.search(desc) or _learned(desc, ctx, title)):
            continue  # "Noisy Student Training, a semi-supervised learning approach"; not "Paper Copilot, a system"
        if cand.known and derivative_base(cand) is None and _listed(cand):
            first = next((m for m in mentions if m.base_key == cand.base_key), cand)
            described = first.start >= cand.start and (
                kind == "model" and (strong or _PARAMS_NEAR.search(text, cand.end, cand.end + 120))
                or strong and _learned(desc, ctx, title)  # "Here, we introduce GraphCast, a machine learning-based method"
                or strong and bool(cand.aliases))  # "the new framework, called DEtection TRansformer or DETR"
            if not (strong and (cand.key in title_keys or cand.base_key in title_keys)) and not described:
                continue  # a known model named after "we present" is a release only when the title says so
        elif kind == "method":
            said = desc + " " + title_desc if in_title(cand) else desc  # the title describes its own name too
            if not (title_kind == "model" and in_title(cand)) and not (strong and _learned(said, ctx, title)):
                continue  # "we propose FooDet, a training-free framework": a method, whatever its name
        elif kind == "model" and _AGENT_HEAD.search(desc[:80]) and _AGENTIC.search(desc + " " + title):
            continue  # "a tool-augmented agent that equips LLMs with ...": a system around someone else's model
        elif kind == "model" and _weak_model_head(desc) and not (
                _modelish(cand) or _learned(desc, ctx, title) or in_title(cand) and _STRICT_HEAD.search(title)
                or _PARAMS_NEAR.search(text, cand.end, cand.end + 150)):
            continue  # "Phaser, a flexible system that directs laser light", "an open-source memory system"
        elif kind is None and not (_modelish(cand) or in_title(cand) and strong and (
                not cand.aliases or _learned(ctx, ctx, title)) or strong and _learned(desc + " " + ctx, ctx, title)):
            continue
        out.append(cand)
    # a named system or agent the sentence that introduces it builds on a known model ("we present SearchX, a deep
    # research agent built on GPT-4o"): its own node, BASED_ON that model, even when the rules above refuse agents
    # around someone else's LLM as models
    taken = {m.key for m in out}
    for cand, _kind, _strong, _ctx, _desc in slot_hits:
        if cand.based_on is None or cand.key in taken or not _name_ok(cand) or title_kind == "other" and (
                cand.key in title_keys or cand.base_key in title_keys) or _abbreviates_words(text, cand.surface):
            continue
        out.append(cand)
        taken.add(cand.key)
    # "our FooLM", "FooLM (ours)" for new names
    for m in mentions:
        if m.known and derivative_base(m) is None:
            continue
        before = text[max(0, m.start - 12):m.start]
        if (re.search(r"\bour\s+$", before, re.I) or re.match(r"\s*\(ours\)", text[m.end:m.end + 8], re.I)) \
                and _name_ok(m):
            out.append(m)
    # new names with a size that share the title's name ("FooLM-7B" in "FooLM: ..."); not a data set's size
    # ("BioVFM-21M: Benchmarking ...", "we introduce BioVFM-21M, a large-scale biomedical image dataset")
    title_other = title_kind == "other" or any(h[1] == "other" and (h[0].key in title_keys or h[0].base_key in title_keys)
                                               for h in slot_hits)
    for m in mentions:
        if not m.known and m.size_b is not None and (m.base_key in title_keys or m.key in title_keys) and _name_ok(m) \
                and not title_other:
            out.append(m)
    uniq: dict[str, Mention] = {}
    for m in out:
        uniq.setdefault(m.key, m)
    for key in list(uniq):
        words = uniq[key].surface.split()
        initials = "".join(w[0] for w in words).upper() if len(words) > 1 and all(w[0].isupper() for w in words) else ""
        if key.endswith("s") and key[:-1] in uniq or initials and any(
                k != key and re.sub(r"[^A-Z]", "", uniq[k].surface).startswith(initials) for k in uniq):
            del uniq[key]  # "EfficientNets" beside "EfficientNet"; "Robotics Transformer" beside "RT-1"
    bases = {m.base_key for m in uniq.values()} | set(uniq)
    for m in mentions:
        if m.base_key in bases or m.key in bases:
            if m.known and derivative_base(m) is None and not any(x.known and x.base_key == m.base_key
                                                                 for x in uniq.values()):
                continue
            uniq.setdefault(m.key, m)
    for cand, *_ in slot_hits:  # the title's mention of a system stands for the abstract's, which says its base
        own = uniq.get(cand.key)
        if cand.based_on is not None and own is not None and own.based_on is None:
            own.based_on, own.wrapper = cand.based_on, cand.wrapper
    for m in uniq.values():
        m.introduced = True
    if explain is not None:
        _explain(explain, uniq, title_cand, slot_hits)
    return list(uniq.values())


_SYSTEM_HEAD = r"(?:agents?|systems?|assistants?|chatbots?|copilots?|planners?)"
# "built on", "powered by": around the model; "fine-tuned from": trained from it
_AROUND_CUE = r"(?:built\s+(?:on\s+top\s+of|on|upon|atop)|powered\s+by|based\s+on|backed\s+by|driven\s+by|running\s+on)"
_TRAINED_CUE = r"(?:fine-?tuned\s+from|trained\s+from|initiali[sz]ed\s+from|post-?trained\s+from|distilled\s+into)"
_ON_CUE = rf"(?:(?P<around>{_AROUND_CUE})|{_TRAINED_CUE})\s+(?:the\s+|an?\s+)?"
# "X, a deep research agent built on GPT-4o", "X (eXtended Y), an LLM-based assistant powered by the Claude 3.5 Sonnet"
_SYSTEM_ON = re.compile(rf"(?:\s*\([^()]{{1,60}}\))?,\s+(?:an?|the|our)\s+(?:[\w\-]+\s+){{0,6}}?{_SYSTEM_HEAD},?\s+"
                        rf"(?:(?:that|which)\s+(?:is\s+)?)?{_ON_CUE}", re.IGNORECASE)
# "X, which is built on GPT-4o", "X is powered by GPT-4o" (the name's kind must already say model or agent)
_IS_ON = re.compile(rf"(?:,\s+(?:which|that)\s+|\s+)(?:is|was)\s+{_ON_CUE}", re.IGNORECASE)
# "we build X on top of GPT-4o" (after "build" only: "we train X on ..." names data)
_BUILD_ON = re.compile(r"\s+(?P<around>on\s+top\s+of|upon|on|atop)\s+(?:the\s+)?", re.IGNORECASE)
# what may follow the base model's name: the end of the phrase, not a part ("GPT-4o outputs", "CLIP encoder") or a
# second model ("GPT-4o and Claude": which one?)
_BASE_END = re.compile(r"(?:\s*[,.;:)]|\s*$|\s+(?:model|LLM|language model|backbone|and|as|to|that|which|with|for|in|via|"
                       r"through|using|by|across|on)\b)", re.IGNORECASE)
_PART_AFTER = re.compile(r"-[a-z]|\s*(?:'s\b|’s\b)|\s+(?:outputs?|data|responses?|generat\w*|annotat\w*|encoders?|"
                         r"embeddings?|features?|tokenizers?|vision|judges?)\b", re.IGNORECASE)


def _note_system_base(text: str, cand: Mention, kind: str | None, mentions: list[Mention], built: bool = False) -> None:
    """Set ``cand.based_on`` when the words right after a new name say it is built on (or trained from) one known
    model: "X, a deep research agent built on GPT-4o", "X, which is powered by Claude 3.5 Sonnet" (when X reads as a
    model or agent), "we build X on top of GPT-4o". The base must be a listed model's version, size or tuning (not a
    bare family, not a misread name) and the only model named there."""
    if cand.known or cand.based_on is not None or kind == "other":
        return
    m = _SYSTEM_ON.match(text, cand.end, cand.end + 220)
    if m is None and kind == "model":
        m = _IS_ON.match(text, cand.end, cand.end + 60)
    if m is None and built and kind in ("model", None):
        m = _BUILD_ON.match(text, cand.end, cand.end + 30)
    if m is None:
        return
    k = bisect_left(mentions, m.end(), key=_START)
    base = mentions[k] if k < len(mentions) and mentions[k].start == m.end() else None
    if base is None or not base.known or base.info is None or base.info.key in model_table().family_entries \
            or not inherits(base.key, base.info.key) or _PART_AFTER.match(text, base.end) \
            or not _BASE_END.match(text, base.end) or k + 1 < len(mentions) and mentions[k + 1].start - base.end <= 6:
        return
    cand.based_on = base.base_key if base.size_b is not None and base.base_key != base.key else base.key
    end = text.find(". ", cand.end)
    cand.wrapper = m.group("around") is not None and cand.size_b is None and not _TRAINED_AGENT.search(
        text, cand.end, end if end >= 0 else len(text))  # "a translation system based on Gemma 3 and fine-tuned for"


def _explain(explain: list[tuple[str, bool, str, str]], chosen: dict[str, Mention],
             title_cand: tuple[Mention, str | None, str] | None, slot_hits: list[tuple]) -> None:
    """One line per candidate: which cue put it forward, what its description says it is, and the verdict."""
    seen: set[str] = set()
    if title_cand is not None:
        tm, kind, cue = title_cand
        ok = tm.key in chosen or tm.base_key in {m.base_key for m in chosen.values()}
        explain.append((tm.surface, ok, f"title-{cue}", f"the title puts it forward; its description reads as "
                                                        f"{kind or 'nothing definite'}"))
        seen.add(tm.key)
    for cand, kind, strong, _ctx, desc in slot_hits:
        if cand.key in seen:
            continue
        seen.add(cand.key)
        ok = cand.key in chosen
        cue = "named" if cand.named else "verb" if strong else "weak-verb"
        why = f"described as {kind or 'nothing definite'}"
        if ok and cand.based_on is not None:
            cue = "built-on"
            why = f"a system {'built around' if cand.wrapper else 'trained from'} {cand.based_on}, its own node BASED_ON it"
        if desc:
            why += f" ({' '.join(desc.split())[:70]!r})"
        if not ok:
            why += ("; a known model is introduced only by its release" if cand.known else
                    "; not a model, or not enough to tell")
        explain.append((cand.surface, ok, f"intro-{cue}", why))
    for m in chosen.values():
        if m.key not in seen:
            explain.append((m.surface, True, "intro-echo", "the paper's own name, sized or after 'our'"))


_RUN_ACRONYM = re.compile(r"((?:[A-Z][\w\-]*\s+|\([A-Z][\w\-]*\)\s+){1,7}?(?:[A-Z][\w\-]*|(?:[a-z][\w\-]*\s+)?"
                          r"(?:model|network|transformer|agent|algorithm|architecture)))\s*\(([A-Z][\w\-.+]{1,15})\)")
# "we introduce an off-policy RL algorithm (MetaMimic)": a name in brackets after the description
_PAREN_NAME = re.compile(r"\s*(?:a|an|the|our)\s+((?:[\w\-]+\s+){0,6}?[\w\-]+)\s+\(([A-Z][\w\-.+]{1,20})\)")
# "Our final SElf-supERvised (SEER) model", "our DLWP model" ("[Oo](?<!\w.)" is "\b[Oo]" written so that the scan
# jumps from one "o" to the next: speed)
_OUR_NAMED = re.compile(r"[Oo](?<!\w.)ur\s+(?:(?:final|proposed|new|best|resulting)\s+)?(?:(?:[A-Z][\w\-]*\s+){1,5}\("
                        r"([A-Z][\w\-.+]{1,15})\)|([A-Z][\w\-.+]*[\w+]))\s+(?:model|network|architecture|agent|system)s?\b")
# the named thing is itself trained (the sentence that introduces it, or the next one): a method named
# this way ("SimCSE, a contrastive learning framework", "DD-PPO, a method for distributed reinforcement learning")
# yields a model; not so for what works on someone else's model without training it
_LEARNED_RX = re.compile(r"\b(?:learn(?:s|ed|t|ing)?|(?:pre-?)?train(?:s|ed|ing)?|self-supervised|semi-supervised|"
                         r"unsupervised|supervised|reinforcement|RL|neural|deep[- ](?:learning|neural|network|model)|"
                         r"contrastive|polic(?:y|ies)|transformer-based|feed-?forward)\b", re.IGNORECASE)
_UNLEARNED_RX = re.compile(
    r"training-free|train-free|tuning-free|learning-free|optimization-free|zero-training|"
    r"without\s+(?:any\s+)?(?:additional\s+|extra\s+|further\s+|model\s+)?(?:training|fine-?tuning|re-?training|"
    r"parameter updates|gradient updates)|no\s+(?:additional\s+|extra\s+)?(?:training|fine-?tuning)\b|"
    r"plug-and-play|plug-in|\bprompt(?:s|ing)?\b|test-time|inference-time|decoding|attacks?\b|jailbreak|"
    r"watermark|unlearning|for evaluating|evaluation (?:framework|protocol|method)|library|toolkit|compiler|"
    r"\b(?:llm|gpt|agent|vlm|mllm|ai)s?[- ](?:based|powered|driven|agnostic)|multi-agent|agentic|model-agnostic|"
    r"inversion-free|retraining-free|fine-?tuning-free|gradient-free|training-only|post-(?:pre-)?training|"
    r"\bfor\s+training\s+(?:\w+\s+)?models|\bpruning\b|\bquantization\b|"
    r"policy optimi[sz]ation|preference optimi[sz]ation|GRPO|instruction[- ]tuning|\bRLHF\b|\bRLVR\b|"
    r"(?:LLM|language model|VLM|MLLM)s?[- ]agents?\b|"
    r"\b(?:train|fine-tune|align|adapt|steer|distill|teach)(?:s|es)?\s+(?:\w+\s+)?(?:L?LMs|M?LLMs|VLMs|language models|"
    r"models|agents|policies)\b|"
    r"\b(?:with|using|leverag\w*|on|of|into|for|to)\s+(?:a\s+|an\s+|the\s+|any\s+)?(?:[\w\-]+\s+)?"
    r"(?:pre-?trained|off-the-shelf|frozen|existing|black-box)\b|"
    # a method for other people's models: "Preference Optimization for Adaptive Reasoning in LLMs"
    r"\b(?:for|of|in|on|to|into|with|across)\s+(?:(?:the|a|an|large|small|open|modern)\s+)?(?:[\w\-]+\s+){0,2}?"
    r"(?:L?LMs?\b|M?LLMs?\b|L?VLMs?\b|LMMs?\b|LRMs?\b|VLAs?\b|(?:language|reasoning|vision-language|multimodal|foundation|"
    r"reward)\s+models?\b)|"
    r"\b(?:for|of|in|into)\s+(?:(?:the|a|an|large|modern)\s+)?(?:[\w\-]+\s+)?(?:diffusion|generative|pre-?trained|base|"
    r"frontier|video|world)\s+models?\b|"
    # a way to route or orchestrate other agents or models, or to rework a training set ("converts an imbalanced
    # training set into ...", "selects agents that ..."): a method around models, not one
    r"\borchestrat\w*|\brout(?:e|es|ing)\s+(?:\w+\s+)?(?:agents|models|LLMs|queries)\b|"
    r"\b(?:augment\w*|rebalanc\w*|balanc\w*|convert\w*|curat\w*)\s+(?:the\s+|an?\s+)?(?:[\w\-]+\s+)?training\s+(?:sets?|data)\b",
    re.IGNORECASE)
# what the trained thing does or is: a task it performs or a learned artefact ("for video generation", "an ensemble
# of models", "a policy"), as opposed to a way of training in some setting ("for class-incremental learning")
_PRODUCT_RX = re.compile(
    r"\b(?:segment\w*|detect\w*|classif\w*|recogni\w*|estimat\w*|generat\w*|predict\w*|forecast\w*|track\w*|"
    r"reconstruct\w*|retriev\w*|caption\w*|translat\w*|synthes\w*|restor\w*|denois\w*|enhancement|super-resolution|"
    r"completion|locali[sz]\w*|registration|pars\w*|matching|grounding|navigat\w*|control|manipulat\w*|diagnos\w*|"
    r"question answering|embeddings?|representations?|encoders?|decoders?|neural|transformer-based|deep learning|"
    r"models?|polic(?:y|ies)|agents?|self-play|weather|speech|poker)\b", re.IGNORECASE)
# a named method in a paper about large language models is nearly always a way to train or run someone else's
# LLM ("REAL, a reinforcement learning framework that incentivizes LLMs"); a new LLM is described as a model
_LLM_CONTEXT = re.compile(r"\b(?:L?LMs?|M?LLMs?|L?VLMs?|LMMs?|LRMs?|(?:large\s+)?language\s+models?|reasoning)\b",
                          re.IGNORECASE)
# a part or a recipe, not a whole model ("a weight initialization scheme", "a scorer module")
_COMPONENT_RX = re.compile(r"\b(?:strateg(?:y|ies)|schemes?|recipes?|techniques?|mechanisms?|modules?|layers?|objectives?|"
                           r"loss|regulari[sz]\w*|optimi[sz]ers?|tricks?|samplers?|criteri(?:on|a)|formulations?|"
                           r"initiali[sz]ation|plug-ins?|add-ons?|adapt[eo]rs?|routing|schedul\w*|protocols?|interventions?|paradigms?|concepts?|methodology|(?<!pre-)(?<!pre)training\s+(?:method|framework|pipeline|procedure|approach|paradigm)s?|federated\s+learning\s+framework|"
                           r"(?:fine-?tuning|post-?training|distillation|alignment|quantization|pruning|merging|editing|"
                           r"steering|compression)(?:\s+\w+)?)\b", re.IGNORECASE)
# the abstract speaks of its own model without naming it ("The proposed model", "our network")
_OWN_MODEL = re.compile(r"\b(?:[Tt]he proposed|[Oo]ur)\s+(?:\w+\s+)?(?:model|network|architecture)s?\b")
_STRICT_HEAD = re.compile(r"\b(?:models?|networks?|[LM]?LLMs?|[LV]?LMs?|transformers?|(?:auto)?encoders?|decoders?|"
                          r"detectors?|classifiers?|generators?|embeddings?)\b", re.IGNORECASE)
_AGENT_HEAD = re.compile(r"\b(?:agents?|systems?|assistants?|chatbots?|planners?|copilots?)\b", re.IGNORECASE)
_AGENTIC = re.compile(r"\b(?:LLM|GPT|VLM|MLLM|LMM|language model)s?[- ](?:based|powered|driven|guided|agents?)\b|multi-agent|self-evolving|"
                      r"tool-augmented|\bagent\s+(?:framework|system)|\bagents?\s+that\s+wraps?|harness|agentic\s+(?:framework|system|workflow|pipeline)|\b(?:equips?|prompts?|orchestrat\w+)\s+"
                      r"(?:\w+\s+)?(?:LLMs|language models)", re.IGNORECASE)
_TRAINED_AGENT = re.compile(r"\b(?:train(?:s|ed|ing)?|fine-?tun\w*|reinforcement learning|RL|R1|post-?train\w*)\b", re.I)
_WEAK_HEAD = re.compile(r"\b(?:systems?|assistants?|chatbots?|planners?|pipelines?|agents?)\b", re.I)


def _weak_model_head(desc: str) -> bool:
    """Is the description's model word only "system", "agent", "pipeline" (which need not be learned), with no
    "model", "network", "LLM" beside it?"""
    np_end = _NP_END.search(" " + desc + " ")
    head = desc[:np_end.start()] if np_end else desc[:80]
    return bool(_WEAK_HEAD.search(head)) and not _STRICT_HEAD.search(head)


# a title whose description starts with a model noun ("XtraGPT: LLMs for Human-AI Collaboration ...")
_TITLE_MODEL_PHRASE = re.compile(r"\s*(?:(?:a|an|the)\s+)?(?:[\w\-]+\s+){0,3}?(?:models?|networks?|[LM]?LLMs?|[LV]?LMs?|"
                                 r"transformers?|encoders?)\s+(?:for|of|with|in|on|that|via|to)\b", re.IGNORECASE)
_WE = re.compile(r"\bwe\b", re.IGNORECASE)


def _learned(desc: str, sentences: str, title: str) -> bool:
    """Is the named method itself a trained model? Its description says how it learns ("a contrastive learning
    framework", "an off-policy RL algorithm"), or the next sentence, about it, does ("It is trained ..."); nothing
    around it says it works without training or on someone else's model; and it is not a part or a recipe
    ("a weight initialization scheme", "a scorer module")."""
    np_end = _NP_END.search(" " + desc + " ")
    head = desc[:np_end.start()] if np_end else desc
    noun = re.search(r"\(\S+\)\s+([a-z]+)", desc)  # "a Progressive Learning (SAMPL) strategy"
    follow = sentences[sentences.find(". ") + 2:] if ". " in sentences else ""
    said = desc + " " + follow
    return bool(_LEARNED_RX.search(said)) and bool(_PRODUCT_RX.search(said)) \
        and not _COMPONENT_RX.search(head) and not (noun and _COMPONENT_RX.match(noun.group(1))) \
        and not _UNLEARNED_RX.search(sentences) and not _UNLEARNED_RX.search(title) \
        and not _LLM_CONTEXT.search(sentences[:sentences.find(". ") + 1 or None]) and not _LLM_CONTEXT.search(title)


def _sentences_at(text: str, pos: int, name: str) -> str:
    """The sentence around ``pos``, and the next one when it is about the same thing ("FooNet ...", "It ...")."""
    start = text.rfind(". ", 0, pos) + 1
    end = text.find(". ", pos)
    if end < 0:
        return text[start:]
    nxt = text[end + 2:end + 2 + max(len(name), 12)]
    if nxt.startswith((name, "It ", "This model", "The model", "Our model")):
        end2 = text.find(". ", end + 2)
        return text[start:end2 if end2 >= 0 else len(text)]
    return text[start:end]
_PARAMS_NEAR = re.compile(r"\d\s*(?:billion|million|[BM])\s+parameters", re.I)
_WORD_RUN = re.compile(r"[\w\-.+]*[\w+]")
# "(?=[...])": the first letters of the alternatives, so that other words are skipped at once (speed)
_NAMED_ANY = re.compile(r"\b(?=[cdtnwry])(?:called|named|dubbed|termed|coined|which we call|we call (?:it|them|this model|the (?:resulting|final|trained) (?:models?|networks?|systems?))|"
                        r"we name(?: (?:it|them|this (?:model|method|framework|network|approach|architecture|system)))?|"
                        r"refer(?:red)? to as|to (?:obtain|produce|yield)|resulting in|yielding)\s+",
                        re.IGNORECASE)
# words one of which every _NAMED_ANY cue contains: a text without any is not scanned (most abstracts)
_NAMED_WORDS = ("called", "named", "dubbed", "termed", "coined", "we call", "we name", "to as", "to obtain", "to produce",
                "to yield", "resulting in", "yielding")


def _may_name(text: str) -> bool:
    """Could ``text`` hold a naming cue? Exact for ASCII text (lower() then folds case as the regex does); any other
    text is scanned."""
    if not text.isascii():
        return True
    low = text.lower()
    return any(w in low for w in _NAMED_WORDS)


_START = attrgetter("start")


def _first_name(text: str, toks: list[Token], mentions: list[Mention], start: int, stop: int,
                first_only: bool = False, named: bool = False) -> Mention | None:
    """The first name in ``text[start:stop]`` after lower-case filler ("a new 7B model, FooLM").

    ``named``: right after "called", "named", "we name": a capitalised word there is a name."""
    if named:
        alt = _OR_NAME.match(text, start, min(len(text), start + 80)) or _LIST_ACRONYM.match(
            text, start, min(len(text), start + 100))
        if alt and name_like(alt.group(2)):
            # "called DEtection TRansformer or DETR": the short name, known or not, with the long one as an alias
            known = next((m for m in mentions if m.start == alt.start(2) and m.end == alt.end(2)), None)
            if known is not None:
                if alt.group(1).strip() not in known.aliases:
                    known.aliases = [*known.aliases, alt.group(1).strip()]
                return known
            key = slug(alt.group(2))
            return Mention(alt.group(2), key, key, None, None, 0, 0, alt.start(2), alt.end(2), None, False,
                           aliases=[alt.group(1).strip()], named=True)
    k = bisect_left(mentions, start, key=_START)  # mentions and tokens come sorted by start
    for m in mentions[k:k + 1]:
        if start <= m.start < stop:
            pre = text[start:m.start]
            if first_only and pre.strip(" ,:\"'“”"):
                return None
            words = re.findall(r"[\w\-]+", pre)
            if (not re.search(r"[A-Z]", pre) or re.fullmatch(r"[\s\w\-,]*", pre) and not re.search(r"\b[A-Z]", pre)) \
                    and len(words) <= 10 and not any(w in _LINK_WORDS or w.endswith(("ing", "-trained", "pretrained"))
                                                     and w not in _FILLER for w in words) \
                    and not _BASED_AFTER.match(text, m.end):
                return m  # "a new 7B model, FooLM"; not "... using the Pythia model family", "a YOLO-based model"
            break
    np_end = _NP_THEN_NAME.match(text, start, stop)
    if np_end and not first_only:
        start = np_end.end()  # "our first reflective generative model MetaStone-S1", "a single MLLM, EditThinker"
    for t in map(toks.__getitem__, range(bisect_left(toks, start, key=_START), len(toks))):
        if t.start < start:
            continue
        if t.start >= stop:
            return None
        w = t.text
        if w[:1].isupper() or name_like(w):
            acr = _RUN_ACRONYM.match(text, t.start, min(len(text), stop + 100))
            if acr and acr.group(2)[0].upper() == acr.group(1)[0].upper() and acr.group(2).casefold() not in _STOP \
                    and not re.fullmatch(r"[A-Z]+s", acr.group(2)) and not all(
                        w.casefold() in _GENERIC_ARCH for w in re.split(r"[\s\-]+", acr.group(1)) if w):
                a = acr.group(2)
                key = slug(a)
                return Mention(a, key, key, None, None, 0, 0, acr.start(2), acr.end(2), None, False,
                               aliases=[acr.group(1)], named=True)
            local = find_mentions(text[t.start:stop], allow_plain_unknown=True, limit=1)  # only the first counts
            if not local or local[0].start != 0 or local[0].known and _BASED_AFTER.match(text, t.start + local[0].end):
                return None
            if not local[0].known:
                run = _TITLE_RUN.match(text, t.start, min(len(text), stop + 2))
                if run and not any(w.casefold() in _STOP for w in run.group(1).split()[:1]) \
                        and not re.match(r"\s*\(", text[run.end(1):run.end(1) + 3]):
                    # "We present Noisy Student Training, a semi-supervised learning approach"
                    name = run.group(1)
                    key = slug(name)
                    return Mention(name, key, key, None, None, 0, 0, run.start(1), run.end(1), None, False,
                                   named=True)
            m = local[0]
            m.start += t.start
            m.end += t.start
            m.named = named
            if not m.known:
                word = _WORD_RUN.match(text, m.start)
                if word and word.end() > m.end:  # "HALT-RAG", not "HALT"
                    m.end = word.end()
                    m.surface = text[m.start:m.end]
                    m.key = m.base_key = slug(m.surface)
                if not _plausible_new(m, text, t.start) or text[m.end:m.end + 1] == "(":
                    return None  # "SIM(3)-equivariant": a group, not a name
                if m.size_b is None and re.sub(r"[^A-Za-z]", "", m.surface).isupper() and _MODIFIER_NEXT.match(text, m.end):
                    # "a lightweight MAV action recognition framework, MobiAct": the acronym modifies a noun
                    later = _NAME_AFTER_NP.match(text, m.end, min(len(text), m.end + 120))
                    if later is None:
                        return None
                    key = slug(later.group(1))
                    return Mention(later.group(1), key, key, None, None, 0, 0, later.start(1), later.end(1), None,
                                   False, named=True)
            return m
        if first_only:
            return None
        if w.casefold() not in _FILLER and not w.isdigit() and not SIZE_TOKEN.fullmatch(w):
            return _paren_name(text, start, stop)
    return None


# a noun phrase of lower-case words that ends in a model noun, then a capitalised name: the adjectives need not be
# known filler ("our first reflective generative model MetaStone-S1")
_NP_THEN_NAME = re.compile(r"\s*(?:(?:our|a|an|the)\s+)(?:[a-z][\w\-]*\s+){0,6}?"
                           r"(?:(?:model|network|language model|transformer|detector|classifier)\s*,?\s+"
                           r"|(?:LLM|MLLM|VLM|LMM)\s*,\s+)(?=[A-Z])")  # "the MLLM Interview strategy": a modifier
_PARENS = re.compile(r"\(([^()\s]{1,64})\)")


@lru_cache(maxsize=4)
def _parens(text: str) -> dict[str, list[int]]:
    """Where each short "(WORD)" of ``text`` starts: built once per text, so a look-up is not a scan."""
    found: dict[str, list[int]] = {}
    for m in _PARENS.finditer(text):
        found.setdefault(m.group(1), []).append(m.start())
    return found


def _definitions(text: str, name: str) -> Iterator[re.Match[str]]:
    """The "lower-case words (NAME)" definitions of ``name``, each matched in a window before its
    parenthesis (starting at a word boundary) rather than by a scan of the whole text."""
    if len(name) > 64 or re.search(r"[()\s]", name):
        yield from re.finditer(r"((?:[a-z][\w\-]*\s+){1,5})\(" + re.escape(name) + r"\)", text)
        return
    for pos in _parens(text).get(name, ()):
        start = max(0, pos - 1000)
        while 0 < start < pos and not text[start - 1].isspace():
            start += 1
        m = _WORDS_BEFORE_END.search(text, start, pos)  # the words that end right at "(NAME)"
        if m:
            yield m


_WORDS_BEFORE_END = re.compile(r"((?:[a-z][\w\-]*\s+){1,5})\Z")


@lru_cache(maxsize=256)  # one answer per name and text: repeated names cost nothing
def _abbreviates_words(text: str, name: str) -> bool:
    """Is ``name`` (all capitals) defined in the text as the abbreviation of lower-case words ("human pose
    estimation (HPE)")? Not "a vision-assisted foundation model (VaFM)", a name of its own."""
    if re.search(r"[a-z]", name):
        return False
    for m in _definitions(text, name):
        words = [w for w in re.split(r"[\s\-]+", m.group(1)) if w]
        initials = iter("".join(w[0] for w in words).upper())
        if all(ch in initials for ch in re.sub(r"[^A-Z]", "", name)):
            return not _abbreviation_names_model(words, name)
    return False


_MODEL_NOUNS = {"model", "network", "transformer"}


def _abbreviation_names_model(words: list[str], name: str) -> bool:
    """Do the words an abbreviation stands for name one model of the paper's own ("deep learning recommendation
    model (DLRM)"), rather than a kind of model ("large language model (LLM)", "graph neural network (GNN)") or a
    task ("speech emotion recognition (SER)")? The expansion ends in a model noun and one of the words the
    letters stand for is not a generic architecture word."""
    letters = sum(ch.isupper() for ch in name)
    if not words or words[-1].casefold() not in _MODEL_NOUNS or name.casefold() in _STOP or letters < 2:
        return False
    return any(w.casefold() not in _GENERIC_KIND for w in words[-letters:])


def _coordinated(text: str, toks: list[Token], mentions: list[Mention], cand: Mention) -> list[Mention]:
    """Names joined to ``cand`` by "and" or commas: "dubbed XLM-R XL and XLM-R XXL", "called BLOOMZ and mT0"."""
    out: list[Mention] = []
    end = cand.end
    for _ in range(4):
        joint = _JOINT.match(text, end, min(len(text), end + 8))
        if joint is None:
            break
        nxt = _first_name(text, toks, mentions, joint.end(), min(len(text), joint.end() + 40), first_only=True,
                          named=cand.named)
        if nxt is None or nxt.start != joint.end() or not (nxt.known or name_like(nxt.surface.split("-")[0])
                                                           or re.search(r"\d", nxt.surface)):
            break  # "XLM-R XL and XLM-R XXL", "BLOOMZ and mT0"; not "Mask, Inpaint and Denoise (MID)"
        out.append(nxt)
        end = nxt.end
    return out


_MODIFIER_NEXT = re.compile(r"\s+(?!(?:is|are|was|which|that|to|for|with|as|in|on|and|or|by|via|achieves|outperforms|"
                            r"model|models|network|networks|agent|llm)\b)[a-z][\w\-]*\b")
_NAME_AFTER_NP = re.compile(r"[^,.;()]{0,80}?\b(?:framework|model|network|method|approach|system|architecture|agent|"
                            r"detector|pipeline)s?,\s+(?:called\s+|named\s+|dubbed\s+|namely\s+)?([A-Z][\w\-.+]*[\w+])(?=[\s,.;:])")
# words of a generic architecture's expansion ("Bidirectional Long Short-Term Memory (Bi-LSTM)"): not a new name
_GENERIC_ARCH = {w for w in ["bidirectional", "long", "short", "term", "memory", "convolutional", "neural", "network",
                             "networks", "graph", "recurrent", "multi", "multilayer", "layer", "perceptron", "variational",
                             "autoencoder", "vision", "transformer", "generative", "adversarial", "deep", "residual",
                             "gated", "unit", "belief", "large", "language", "model", "attention", "spiking", "kolmogorov",
                             "arnold", "physics", "informed", "random", "forest", "support", "vector", "machine"]}
# lower-case words that say what kind of model something is, not which one ("a state space model (SSM)")
_GENERIC_KIND = _GENERIC_ARCH | {w for w in [
                             "state", "space", "process", "reward", "gaussian", "mixture", "energy", "based", "small",
                             "scale", "conditional", "diffusion", "structural", "causal", "pretrained", "pre", "trained",
                             "fully", "connected", "temporal", "reduced", "order", "dueling", "double", "q", "invertible",
                             "flow", "latent", "autoregressive", "multimodal", "hidden", "markov", "bayesian", "masked",
                             "foundation", "world", "experts", "of", "feed", "forward"]}
_LIST_ACRONYM = re.compile(r"((?:[A-Z][\w\-]*,?\s+(?:and\s+|or\s+)?){1,6})\(([A-Z][\w\-.+]{1,15})\)")  # "Mask, Inpaint and Denoise (MID)"
_OR_NAME = re.compile(r"((?:[A-Z][\w\-]*\s+){1,5})or\s+([A-Z][\w\-.]*[\w])(?=[\s,.;:)])")
_JOINT = re.compile(r",?\s+and\s+|,\s+")


def _paren_name(text: str, start: int, stop: int) -> Mention | None:
    """"an off-policy RL algorithm (MetaMimic)" -> MetaMimic; not "a graph neural network (GNN)", where the
    brackets only abbreviate the words before them."""
    m = _PAREN_NAME.match(text, start, min(len(text), stop + 30))
    if m is None or m.start(2) > stop + 2:
        return None
    desc, name = m.group(1), m.group(2)
    words = [w for w in re.split(r"[\s\-]+", desc) if w]
    own = _abbreviation_names_model(words, name)  # "a ... deep learning recommendation model (DLRM)"
    if name.casefold() in _STOP or compact(name) in benchmark_table() or re.fullmatch(r"[A-Z]+s?", name) and \
            len(name) <= 6 and not own:
        return None  # an all-capital short word in brackets is nearly always the abbreviation of the words before
    initials = iter("".join(w[0] for w in words).upper())
    letters = "".join(ch for ch in name if ch.isupper())
    if len(letters) >= 2 and not re.search(r"[a-z]", name) and all(ch in initials for ch in letters) \
            and not re.search(r"\b(?:novel|new|proposed)\b", desc) and not own:
        return None  # "a strong video-to-video (V2V)": the letters are the initials of the words before
    if not (name_like(name) or name[:1].isupper() and len(name) > 3):
        return None
    key = slug(name)
    return Mention(name, key, key, None, None, 0, 0, m.start(2), m.end(2), None, False, named=True)


_TITLE_RUN = re.compile(r"((?:[A-Z][a-z][\w\-]*)(?:\s+[A-Z][\w\-]*){1,3})(?=\s*(?:,\s+(?:a|an|the|which)\s|\(|:\s))")
_BASED_AFTER = re.compile(r"-[a-z]{3,}\b")  # "a YOLO-based model", "ChatGPT-annotated": not a suffix of the name
_LINK_WORDS = {"of", "using", "with", "on", "in", "from", "by", "via", "through", "throughout", "than", "to", "based",
               "over", "across", "between", "into", "as", "such", "like", "including", "against", "versus", "vs"}
_FILLER = {w for w in ["a", "an", "the", "our", "new", "novel", "family", "families", "series", "suite", "set", "collection", "of", "open-source", "open", "source", "large", "small", "efficient", "powerful", "strong", "capable", "state-of-the-art", "language", "model", "models", "llm", "llms", "multimodal", "foundation", "generalist", "simple", "first", "fully", "two", "three", "several", "versatile", "lightweight", "unified", "general-purpose", "pretrained", "pre-trained", "bilingual", "multilingual", "native", "dense", "sparse", "version", "improved", "upgraded", "next-generation", "advanced", "high-performance", "and", "both", "frontier-class", "frontier", "open-weight", "openly-available", "fast", "scalable", "lite", "called", "named", "dubbed", "termed", "namely", "parameter", "parameters", "vision-language", "reasoning", "code", "chat", "instruction-tuned", "moe", "decoder-only", "transformer", "transformer-based", "network", "neural", "deep", "end-to-end", "which", "we", "call", "is", "are", "latest", "flagship", "compact", "speech", "audio", "video", "image", "text", "generative", "diffusion", "autoregressive"]}


def _plausible_new(m: Mention, text: str, offset: int) -> bool:
    """An unknown capitalised word right after "we present" is a name when it reads like one."""
    parts = re.split(r"[\s\-]+", m.surface)
    if m.known or m.size_b is not None or any(ch.isdigit() for ch in m.surface) or any(
            any(ch.isupper() for ch in p[1:]) for p in parts):
        return True
    nxt = text[offset + len(m.surface):offset + len(m.surface) + 3]
    if m.named and m.surface[:1].isupper():
        return not re.match(r"\s[A-Z]", nxt)  # "called Vall-E", not "referred to as Oriented Response Networks"
    return bool(re.match(r"\s*[,(:]", nxt)) and m.surface[:1].isupper()
