"""Epoch AI model-version ids -> the model keys extraction makes, so curated and paper facts meet.

An Epoch version id is a model name plus how it was run: ``gpt-5-2025-08-07_high`` is GPT-5, API
snapshot 2025-08-07, reasoning effort high; ``claude-opus-4-1-20250805_16K`` is Claude Opus 4.1 with a
16K thinking budget; ``chutes/DeepSeek-R1-0528`` is DeepSeek-R1-0528 served by a provider. The run
parts become the result's *setting*; the name goes through the same identity rules as a name in a
paper (the extraction grammar and the curated family table), never a rule of its own, so
``claude-3-5-sonnet`` and a paper's "Claude 3.5 Sonnet" meet on ``claude-3.5-sonnet``.

Short date codes that papers write as part of a name (``gpt-4-0613``, ``DeepSeek-R1-0528``) stay in
the name, exactly as extraction keeps them; only full calendar dates (API snapshot stamps) move to
the setting.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tracker.knowledge import compact, lookup_model, slug

log = logging.getLogger(__name__)

_EFFORT = re.compile(r"_(minimal|low|medium|high|xhigh|none)$", re.IGNORECASE)
_BUDGET = re.compile(r"_(\d+(?:\.\d+)?[kK])$")
_THINKING = re.compile(r"_(thinking)$", re.IGNORECASE)
_FULL_DATE = re.compile(r"[-_@](20\d{2}-\d{2}-\d{2}|20\d{2}[01]\d[0-3]\d|[01]\d-[0-3]\d-20\d{2}|[01]\d-20\d{2})$")
_DATED_STAGE = re.compile(r"-(preview|exp|experimental|beta)-(\d{2}-\d{2}|\d{4})$", re.IGNORECASE)
_STAGE = re.compile(r"-(beta)$", re.IGNORECASE)  # a release stage, not another model ("-exp" can be one: DeepSeek-V3.2-Exp)
_PACKAGING = re.compile(r"-(hf)$", re.IGNORECASE)  # the same weights converted for Hugging Face
_REVISION = re.compile(r"-(0\d\d)$")
_TAG = re.compile(r":\d+$")  # Bedrock-style revision tags ("amazon.nova-lite-v1:0")
_QUANT = re.compile(r"[-_.](q\d(?:_[0-9a-z]+)*|fp8|fp16|bf16|int4|int8|gguf|awq|gptq)(?=$|[-_.])", re.IGNORECASE)
_PAREN = re.compile(r"\s*\(([^()]*)\)$")
_SIZE_ONLY = re.compile(r"^\d+(?:\.\d+)?\s*[BMbm]$")
_DOTTED = re.compile(r"(?<=\b\d)-(?=\d\b)|(?<=[a-z]\d)-(?=\d\b)", re.IGNORECASE)


@dataclass(frozen=True)
class VersionName:
    """An Epoch version id split into the model's name and how it was run."""

    version_id: str
    name: str
    effort: str | None = None
    budget: str | None = None
    snapshot: str | None = None
    provider: str | None = None
    quantization: str | None = None
    note: str | None = None

    def setting_parts(self) -> list[str]:
        parts = []
        if self.effort:
            parts.append(f"reasoning effort {self.effort}")
        if self.budget:
            parts.append(f"thinking budget {self.budget}" if self.budget != "thinking" else "thinking")
        if self.snapshot:
            parts.append(f"snapshot {self.snapshot}")
        if self.provider:
            parts.append(f"served by {self.provider}")
        if self.quantization:
            parts.append(f"quantised {self.quantization}")
        if self.note:
            parts.append(self.note)
        return parts


def split_version(version_id: str) -> VersionName:
    """Split an Epoch version id into name, reasoning effort or thinking budget, snapshot date and provider."""
    text = version_id.strip()
    effort = budget = snapshot = provider = quant = note = None
    if "/" in text:
        provider, text = text.rsplit("/", 1)
    paren = _PAREN.search(text)
    if paren and paren.start() > 0:  # "Chinchilla (70B)" names a size; "QwQ-32B (16K thinking)" a setting
        inner, text = paren.group(1).strip(), text[:paren.start()]
        if _SIZE_ONLY.match(inner):
            text = f"{text} {inner}"
        elif inner:
            note = inner
    if ":" in text and not _TAG.search(text):  # local runtimes' "name:size-variant-quant" tags
        text = text.replace(":", "-", 1)
    for rx, kind in ((_EFFORT, "effort"), (_BUDGET, "budget"), (_THINKING, "budget")):
        m = rx.search(text)
        if m:
            if kind == "effort":
                effort = m.group(1).lower()
            else:
                budget = m.group(1).upper() if m.group(1)[-1] in "kK" else m.group(1).lower()
            text = text[:m.start()]
            break
    m = _FULL_DATE.search(text)
    if m and m.start() > 0:
        snapshot, text = m.group(1), text[:m.start()]
    m = _DATED_STAGE.search(text)  # "gemini-2.5-pro-exp-03-25": a dated preview of the model
    if m and m.start() > 0 and snapshot is None:
        snapshot, text = f"{m.group(1).lower()} {m.group(2)}", text[:m.start()]
    stage = _STAGE.search(text)  # "grok-3-beta"
    if stage and stage.start() > 0 and re.search(r"\d", text[:stage.start()]):
        note = ", ".join(filter(None, [note, stage.group(1).lower()]))
        text = text[:stage.start()]
    pack = _PACKAGING.search(text)
    if pack and pack.start() > 0:
        note = ", ".join(filter(None, [note, f"{pack.group(1)} weights"]))
        text = text[:pack.start()]
    m = _REVISION.search(text)  # "gemini-1.5-flash-002": an API revision of a versioned name
    if m and m.start() > 0 and snapshot is None and re.search(r"\d", text[:m.start()]):
        snapshot, text = f"revision {m.group(1)}", text[:m.start()]
    text = _TAG.sub("", text)
    found = []
    while (q := _QUANT.search(text)) and q.start() > 0:
        found.append(q.group(1))
        text = (text[:q.start()] + text[q.end():]).rstrip("-_.")
    quant = " ".join(found) or None
    text = re.sub(r"(?<=\d)_(?=\d)", ".", text)  # Hugging Face ids write "1_8B" for 1.8B, "phi-1_5" for phi-1.5
    return VersionName(version_id, text.strip(), effort, budget, snapshot, provider, quant, note)


def _spelled_in(key: str, name: str) -> bool:
    """Every word and number of the key is written in the name: a key read from an alias plus a tail
    ("ChatGPT" = GPT-3.5, then "-4o": ``gpt-3.5-4o``) is refused."""
    low = compact_case(name)
    return all(t in low for t in re.findall(r"[a-z]+|\d+", compact_case(key)))


def _loose(key: str) -> str:
    """Case and separators folded, except between two digits: "claude-3.5-sonnet" = "Claude 3-5 Sonnet" and
    "qwen-2.5" = "qwen2.5", but "llama-33b" is not "llama-3-3b"."""
    text = re.sub(r"[\s\-_.·‐‑–/]+", "|", compact_case(key)).strip("|")
    return re.sub(r"(?<=\D)\||\|(?=\D)", "", text)


def compact_case(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=1)
def _lab_words() -> frozenset[str]:
    from tracker.knowledge.labs import load_labs

    words: set[str] = set()
    for lab in load_labs().values():
        for n in (lab.key, lab.name, *lab.aliases):
            if " " not in n.strip():
                words.add(compact(n))
    return frozenset(words)


def _identity_resolver() -> Callable[[str], Any] | None:
    """``tracker.extract.identity.resolve`` (the extraction's public name resolver) when it is installed."""
    try:
        from tracker.extract import identity
    except ImportError:
        return None
    func = getattr(identity, "resolve", None)
    return func if callable(func) else None


_warned: set[str] = set()


def _grammar_key(name: str) -> tuple[str, bool] | None:
    """The key extraction gives ``name`` read as a whole (and whether the family table knows it)."""
    info = lookup_model(name)
    if info is not None:
        return info.key, True
    resolver = _identity_resolver()
    if resolver is not None:
        try:
            ident = resolver(name)
        except Exception as exc:  # the resolver is young; a failure must not stop an import
            if type(exc).__name__ not in _warned:
                _warned.add(type(exc).__name__)
                log.warning("identity resolver failed (%s: %s); using the mention grammar", type(exc).__name__, exc)
            ident = None
        if ident is not None and len(re.sub(r"\s+", " ", ident.name).strip()) >= len(name.strip()) \
                and _spelled_in(ident.key, name):
            return ident.key, ident.family is not None
    from tracker.extract.models import find_mentions

    mentions = find_mentions(name, allow_plain_unknown=True)
    if len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(name):
        m = mentions[0]
        # The grammar may read a known alias plus a tail ("ChatGPT" + "-4o"); keep only keys that spell the name.
        if _loose(m.key) == _loose(name):
            return m.key, m.known
    return None


def model_key(name: str) -> tuple[str, bool]:
    """(key, known): the key extraction would give this model name, trying the spellings Epoch uses
    for dotted versions ("claude-opus-4-1" = "Claude Opus 4.1") and a leading lab word ("Meta-Llama-3-8B")."""
    candidates, listed_only = [name], []
    parts = re.split(r"[\-._ ]", name, maxsplit=1)
    if len(parts) == 2 and compact(parts[0]) in _lab_words():  # a leading lab word ("Meta-Llama-3-8B")
        candidates.append(parts[1])
    elif len(parts) == 2 and name[:5].casefold() == "open-":
        # an API namespace ("open-mixtral-8x22b"): only a name the family table lists counts, so that
        # OpenLLaMA never becomes LLaMA
        listed_only.append(parts[1])
    spellings = [c for cand in candidates for c in dict.fromkeys((cand, _DOTTED.sub(".", cand)))]
    for cand in spellings + listed_only:  # a name the family table lists, in any of the spellings
        info = lookup_model(cand)
        if info is not None:
            return info.key, True
    first = _grammar_key(name)
    if first and first[1]:
        return first
    for cand in spellings[1:]:
        got = _grammar_key(cand)
        if got and got[1]:
            return got
    if first:
        return first
    return slug(name), False


@dataclass(frozen=True)
class Resolution:
    version: VersionName
    key: str
    known: bool
    """The family table knows the name."""
    matched: bool
    """The key is already in the store (a paper, or an earlier import, made it)."""


class KeyIndex:
    """Store model keys, looked up exactly and by loose form (case, hyphens, dots folded)."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = set(keys)
        self.loose: dict[str, set[str]] = {}
        for k in self.keys:
            self.loose.setdefault(_loose(k), set()).add(k)

    def find(self, key: str) -> str | None:
        if key in self.keys:
            return key
        same = self.loose.get(_loose(key), set())
        return next(iter(same)) if len(same) == 1 else None


def resolve(version_id: str, index: KeyIndex, model_name: str | None = None) -> Resolution:
    """Resolve one Epoch version id against the store's keys: an existing key is reused, never duplicated.

    ``model_name`` is Epoch's own name for the version ("GPT-4 Turbo" for ``gpt-4-1106-preview``): when it
    names a more specific listed model that extends the id's key (``gpt-4-turbo`` extends ``gpt-4``), it wins;
    a coarser name ("o1" for ``o1-pro-...``) never does."""
    version = split_version(version_id)
    key, known = model_key(version.name)
    if model_name:  # only a version the family table lists by that name, not a size read off the name
        listed = lookup_model(split_version(model_name).name)
        if listed is not None and listed.key != key and listed.key.startswith(key + "-"):
            key, known = listed.key, True
    existing = index.find(key)
    return Resolution(version, existing or key, known, existing is not None)
