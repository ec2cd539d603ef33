"""Model identity: one stable key per model version, read from a name's grammar.

A model name is ``family + version + size + variant + date``: "Qwen3-235B-A22B-Instruct-2507" is family
``qwen``, version "Qwen3", sizes 235B/A22B, variant "Instruct", date "2507". The key keeps what tells two
models apart (family, version, size, instruct/chat/base/thinking) and drops what does not (a release date,
"preview", "latest"): "Gemini-3-Pro-Preview", "Gemini 3.0 Pro" and "gemini-3-pro" are one key,
``gemini-3-pro``, with the variant kept beside it.

Rules that keep keys honest:

* a bare family name ("GPT", "LLaMA") resolves to the family's own key (``gpt``, ``llama``), never to its
  first version;
* a version nobody listed ("GPT-5.4") gets a key of its own (``gpt-5.4``) in the family its major version
  names (``gpt-5``), never a key under an old version;
* accessibility and developer come first from the curated, dated facts in
  ``tracker/knowledge/accessibility.yaml``; the family's access is used for a version nobody listed only when
  every listed version of the family has that access;
* renamed keys are listed in ``tracker/knowledge/key_renames.yaml``; :func:`migrate_store_keys` re-keys the
  stored Model nodes so old papers and new ones meet at one key.

:func:`resolve` is the public entry point for a free-standing name (a table's row or column label, a name in
a sentence): it returns the key, family, developer, developer country and accessibility.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tracker.knowledge import HERE, ModelInfo, compact, model_table, slug

log = logging.getLogger(__name__)

ACCESSIBILITY_FILE = HERE / "accessibility.yaml"
RENAMES_FILE = HERE / "key_renames.yaml"

# Tail words that name a release of the same model, not another model: dropped from the key, kept as variant.
_SAME_MODEL_WORDS = {"preview", "latest", "exp-preview", "release", "high", "low", "medium", "xhigh", "minimal"}  # and reasoning effort
_DATE_FULL = re.compile(r"^(?:19|20)\d{6}$")  # 20250514
_YEAR = re.compile(r"^20[12]\d$")  # 2024 (of 2024-08-06)
_YYMM = re.compile(r"^2[2-9](?:0[1-9]|1[0-2])$")  # 2507 (Qwen3-...-2507), only after another tail word
_MMDD = re.compile(r"^(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$")  # 0709 (grok-4-0709), 0520 (GLM-4-0520)
_TWO_DIGITS = re.compile(r"^\d{2}$")
_VERSION_START = re.compile(r"^(?:[vV]?\d+(?:\.\d+)*[a-z]?)$")
_SIZE_WORD = re.compile(r"^(?:\d+(?:\.\d+)?[KkMmBbTt]|[aA]\d+(?:\.\d+)?[bB]|\d+x\d+(?:\.\d+)?[bBmM])$")


def is_version(word: str) -> bool:
    """A version number ("5.4", "V3", "2.5"), not a size ("7B")."""
    return bool(_VERSION_START.match(word)) and not _SIZE_WORD.match(word)


@dataclass(frozen=True, slots=True)
class Canonical:
    """What :func:`canonical` makes of a known-name match: the version entry, the key and the variant."""

    info: ModelInfo
    key: str
    base_key: str
    variant: str | None
    rule: str


def _is_date(words: list[str], k: int) -> bool:
    w = words[k]
    if _DATE_FULL.match(w):
        return True
    if _YEAR.match(w) and k + 2 < len(words) and _TWO_DIGITS.match(words[k + 1]) and _TWO_DIGITS.match(words[k + 2]):
        return True
    return bool(_YYMM.match(w) or _MMDD.match(w))


def split_tail(tail: list[str]) -> tuple[list[str], list[str]]:
    """(words that stay in the key, words that only say which release: dates, "preview")."""
    keep: list[str] = []
    drop: list[str] = []
    k = 0
    while k < len(tail):
        w = tail[k]
        if _YEAR.match(w) and k + 2 < len(tail) and _TWO_DIGITS.match(tail[k + 1]) and _TWO_DIGITS.match(tail[k + 2]):
            drop.append("-".join(tail[k:k + 3]))
            k += 3
            continue
        if w.casefold() in _SAME_MODEL_WORDS or _is_date(tail, k):
            drop.append(w)
            k += 1
            if w.casefold() == "preview":  # "preview-05-06": the preview's month and day
                while k < len(tail) and _TWO_DIGITS.match(tail[k]) and len(drop) < 4:
                    drop.append(tail[k])
                    k += 1
            continue
        keep.append(w)
        k += 1
    return keep, drop


def _uniform_access(family: str) -> str:
    """The access every listed version of ``family`` shares, else "unknown"."""
    return _family_access().get(family, "unknown")


@lru_cache(maxsize=1)
def _family_access() -> dict[str, str]:
    """Family -> the access its declared entry and all its released versions share (an unreleased research
    preview does not count), else "unknown"."""
    table = model_table()
    seen: dict[str, set[str]] = {}
    for info in table.versions.values():
        if info.access != "unreleased":
            seen.setdefault(info.family, set()).add(info.access)
    out = {}
    for fam, acc in seen.items():
        declared = table.families[fam].access if fam in table.families else None
        out[fam] = next(iter(acc)) if len(acc) == 1 and declared in (None, *acc) else "unknown"
    return out


@lru_cache(maxsize=1)
def _joined_families() -> dict[str, bool]:
    """Family key -> do its listed versions write the version number straight after the name ("Qwen3")
    rather than after a separator ("GPT-4", "Llama 3")?"""
    out: dict[str, list[bool]] = {}
    for info in model_table().versions.values():
        m = re.match(r"^([A-Za-z][A-Za-z\-]*?)([\s\-]?)[vV]?\d", info.name)
        if m:
            out.setdefault(info.family, []).append(m.group(2) == "")
    return {fam: sum(v) > len(v) / 2 for fam, v in out.items()}


def _has_major(family: str, major: str) -> bool:
    """Does a listed version of ``family`` write ``major`` without a decimal ("Gemini 3 Pro" for "3")?"""
    rx = re.compile(rf"(?<![\d.]){re.escape(major)}(?![\d.])")
    return any(info.family == family and rx.search(info.name) for info in model_table().versions.values())


def new_version(info: ModelInfo, head_text: str, tail: list[str]) -> Canonical:
    """A version nobody listed, named by a family name and a version number ("GPT-5.4", "Claude Opus 4.6",
    "ERNIE 5.0"): its own key, in the family its major version names when that is listed ("GPT-5" for
    GPT-5.4), with the family's access only when the whole family shares it."""
    table = model_table()
    keep, drop = split_tail(tail)
    version = next((w for w in keep if is_version(w)), None)
    family = info.family
    if version is not None:
        major = re.sub(r"^v", "", version, flags=re.I).split(".")[0]
        for cand in (compact(head_text) + major, compact(head_text) + "-" + major):
            hit = table.by_compact.get(compact(cand))
            if hit is not None and hit.family != family and hit.key in table.versions:
                family = hit.family
                break
    if version is not None and re.fullmatch(r"\d+\.0", version) and _has_major(family, version[:-2]):
        keep = [version[:-2] if w == version else w for w in keep]  # "Gemini 3.0 Flash" = "Gemini 3 Flash"
    joined = _joined_families().get(family, False)
    head = slug(head_text)
    if keep and joined and is_version(keep[0]):
        key = slug(head + keep[0] + ("-" + "-".join(keep[1:]) if keep[1:] else ""))
    else:
        key = slug("-".join([head, *keep]))
    fam_info = table.family_entries.get(family) or table.families.get(family) or info
    access = _uniform_access(family)
    new = ModelInfo(key=key, name=" ".join([head_text, *keep]), family=family, developer=fam_info.developer,
                    access=access, license=None, sizes=())
    return Canonical(new, key, key, "-".join(drop) or None, "new-version")


def canonical(info: ModelInfo, head_text: str, tail: list[str]) -> Canonical:
    """Key of a known-name match ``head_text`` + ``tail`` words: release dates and "preview" dropped, "3.0"
    read as "3" when only that is listed, a version after a bare family name made a new version."""
    table = model_table()
    if tail and info.key == info.family and info.key in table.family_entries and any(is_version(w) for w in tail):
        keep, drop = split_tail(tail)
        if not keep:
            return Canonical(info, info.key, info.key, "-".join(drop), "release-variant")
        listed = _listed_form(head_text, tail)
        if listed is not None:
            return listed
        return new_version(info, head_text, tail)
    keep, drop = split_tail(tail)
    if keep and is_version(keep[0]) and info.key in table.versions and info.key != info.family \
            and re.search(r"\d", info.name) and not re.search(r"\d", head_text):
        # "ChatGPT-4o-mini": a version number after an alias that stands for a numbered version ("ChatGPT" =
        # GPT-3.5) names another version; the brand inside the alias reads it ("GPT-4o-mini"), never a key under the
        # old version. Not after a line's own name ("ShieldGemma 2", "InstructBLIP-2" stay themselves).
        other = _brand_version(head_text, tail)
        if other is not None:
            return other
    if drop:
        listed = _listed_form(head_text, keep) if keep else None
        if listed is not None:
            return Canonical(listed.info, listed.key, listed.base_key, "-".join(drop), "release-variant")
    key = slug(info.key + "-" + "-".join(keep)) if keep else info.key
    rule = "release-variant" if drop else "listed" if info.key in table.versions or info.key in table.family_entries \
        else "new-version"
    return Canonical(info, key, key, "-".join(drop) or None, rule)


def _brand_version(head_text: str, tail: list[str]) -> Canonical | None:
    """The version a tail names after the brand inside a product name: "ChatGPT" + "4o mini" -> the listed
    "GPT-4o mini"; a family brand with an unlisted version -> a new version of that family; else None."""
    table = model_table()
    for m in re.finditer(r"(?<=[a-z])(?=[A-Z])|[\s\-]", head_text):
        stem = head_text[m.end():].strip(" -")
        if len(stem) < 2:
            continue
        listed = _listed_form(stem, tail)
        if listed is not None:
            return listed
        fam = table.family_entries.get(table.by_compact[compact(stem)].family) \
            if compact(stem) in table.by_compact else None
        if fam is not None and fam.key == table.by_compact[compact(stem)].key:
            return new_version(fam, stem, tail)
    return None


def _listed_form(head_text: str, tail: list[str]) -> Canonical | None:
    """"Gemini 3.0 Pro" -> the listed "Gemini 3 Pro"; None when no listed version reads so."""
    table = model_table()
    keep, drop = split_tail(tail)
    words = [re.sub(r"^(\d+)\.0$", r"\1", w) for w in keep]
    for n in range(len(words), 0, -1):
        for form in (words[:n], keep[:n]):
            hit = table.versions.get(slug("-".join([head_text, *form]))) or (
                table.by_compact.get(compact(head_text + "".join(form))))
            if hit is not None and hit.key in table.versions:
                rest = keep[n:]
                key = slug(hit.key + "-" + "-".join(rest)) if rest else hit.key
                return Canonical(hit, key, key, "-".join(drop) or None, "listed")
    return None


# ---- curated, dated accessibility facts ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AccessFact:
    key: str
    accessibility: str
    since: str | None
    source: str
    developer: str | None = None
    country: str | None = None


@lru_cache(maxsize=1)
def access_facts(path: Path = ACCESSIBILITY_FILE) -> dict[str, AccessFact]:
    """Model key -> its curated accessibility fact (empty when the file is absent)."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, AccessFact] = {}
    for key, raw in (data.get("models") or {}).items():
        out[str(key)] = AccessFact(str(key), str(raw["access"]), str(raw.get("since") or "") or None,
                                   str(raw.get("source") or "curated"), raw.get("developer"), raw.get("country"))
    return out


_SIZE_PART = re.compile(r"^(?:\d+(?:\.\d+)?[bmt]|a\d+(?:\.\d+)?b|\d+x\d+(?:\.\d+)?b)$")
_VARIANT_PART = {"instruct", "chat", "base", "it", "hf", "thinking", "reasoning", "sft", "rl", "dpo"}


@lru_cache(maxsize=1 << 16)
def access_fact(key: str) -> AccessFact | None:
    """The curated fact for ``key``, or for the model it is a size or tuning of ("llama-3.1-8b-instruct" ->
    "llama-3.1-8b" -> "llama-3.1"). Not for a new name built on it ("qwen3-coder-max" is not "qwen3-coder")."""
    facts = access_facts()
    fact = facts.get(key)
    if fact is not None:
        return fact
    parts = key.split("-")
    while len(parts) > 1 and (_SIZE_PART.match(parts[-1]) or parts[-1] in _VARIANT_PART):
        parts = parts[:-1]
        fact = facts.get("-".join(parts))
        if fact is not None:
            return fact
    # sizes in the middle: "qwen2.5-7b-instruct" -> "qwen2.5-instruct" -> "qwen2.5"
    core = [p for p in key.split("-") if not _SIZE_PART.match(p)]
    while core:
        fact = facts.get("-".join(core))
        if fact is not None:
            return fact
        if core[-1] not in _VARIANT_PART:
            break
        core = core[:-1]
    return None


# ---- the public resolver ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a model name is: key, family, developer (organisation key), developer country, accessibility."""

    name: str
    key: str
    family: str | None
    developer: str | None
    country: str | None
    accessibility: str
    since: str | None
    variant: str | None
    rule: str
    reason: str


def _country_of(org: str | None) -> str | None:
    if not org:
        return None
    from tracker.knowledge.labs import load_labs

    lab = load_labs().get(org)
    return lab.country if lab else None


def model_facts(key: str, info: ModelInfo | None) -> tuple[str, str | None, str | None, str, str]:
    """(accessibility, since, developer, rule, reason) of a model known by key: the curated fact first,
    then the listed version, then the family's shared access."""
    fact = access_fact(key)
    dev = info.developer if info is not None else None
    if fact is not None:
        return fact.accessibility, fact.since, fact.developer or dev, "curated-access", \
            f"{fact.key}: {fact.accessibility} since {fact.since or '?'} ({fact.source})"
    if info is None:
        return "unknown", None, None, "unknown-name", "no curated fact and not a listed model"
    if info.key in model_table().versions:
        return info.access, None, dev, "listed-version", f"models.yaml lists {info.name} as {info.access}"
    if info.key in model_table().family_entries:
        acc = _uniform_access(info.family)
        return acc, None, dev, "family", f"family {info.family}: every listed version is {acc}"
    return info.access, None, dev, "new-version", f"unlisted version of family {info.family}: {info.access}"


_SAME_MODEL_PART = re.compile(r"^(?:\d+(?:\.\d+)?[bmt]|a\d+(?:\.\d+)?b|\d+x\d+(?:\.\d+)?b|v?\d+(?:\.\d+)*|instruct|chat|"
                              r"base|it|hf|sft|rl|dpo|thinking|reasoning)$")


# a version number with a one-letter size after it ("v8n", "11x"): nano, small, medium, large, extra-large
SIZE_LETTER = re.compile(r"(v?\d+(?:\.\d+)?)([nsmlx])")


def letter_size_of(key: str) -> str | None:
    """The listed version key whose one-letter size ``key`` is ("yolov8n" -> "yolov8"), else None."""
    base = key[:-1]
    return base if SIZE_LETTER.fullmatch(key[-2:]) and base in model_table().versions else None


def inherits(key: str, listed_key: str) -> bool:
    """Is ``key`` the listed version itself, or a size or tuning of it ("llama-3.1-8b-instruct" of
    "llama-3.1")? Not a new product built on its name ("qwen3-coder-max" is not "qwen3-coder")."""
    if key == listed_key or letter_size_of(key) == listed_key:
        return True
    if not key.startswith(listed_key + "-"):
        return False
    return all(_SAME_MODEL_PART.match(p) for p in key[len(listed_key) + 1:].split("-"))


def facts_for_key(key: str, family: str | None = None) -> tuple[str, str | None, str | None, str, str]:
    """(accessibility, since, developer, rule, reason) for a model known only by its key (a results-table
    label): the curated fact, else the listed version it is a size or tuning of, else the family's shared
    access for a new version of a listed family."""
    table = model_table()
    info = table.versions.get(key) or table.family_entries.get(key)
    if info is None and letter_size_of(key):
        info = table.versions[key[:-1]]
    if info is None:
        parts = key.split("-")
        for n in range(len(parts) - 1, 0, -1):
            info = table.versions.get("-".join(parts[:n]))
            if info is not None:
                break
    if info is not None and info.key == info.family and key != info.key:
        family, info = info.family, None  # "claude-opus-4.6" after the bare "Claude": a new version of the family
    if info is not None and not inherits(key, info.key):
        fact = access_fact(key)
        if fact is None:
            return "unknown", None, info.developer, "unlisted-variant", \
                f"{key} is not a size or tuning of the listed {info.key}: its access is not inherited"
        info = None
    if info is None and family and access_fact(key) is None:
        fam = table.family_entries.get(family)
        if fam is None:
            return "unknown", None, None, "no-fact", "not a listed model"
        acc = _uniform_access(family)
        return acc, None, fam.developer, "new-version", f"unlisted version of family {family}: {acc}"
    return model_facts(key, info)


def resolve(name: str) -> Identity | None:
    """Resolve a free-standing model name (a results-table label, a baseline in a sentence) to its identity;
    None when the text does not start with a model name we can key."""
    from tracker.extract.models import find_mentions

    text = re.sub(r"\s+", " ", name).strip()
    text = re.sub(r"\bInst\.?(?=\s|$)", "Instruct", text)
    if not text:
        return None
    mentions = find_mentions(text)
    if not mentions or mentions[0].start > 1:
        return None
    m = mentions[0]
    access, since, dev, rule, reason = facts_for_key(m.key, m.info.family if m.info is not None else None)
    fam = m.info.family if m.info is not None else None
    return Identity(name=m.surface, key=m.key, family=fam, developer=dev, country=_country_of(dev),
                    accessibility=access, since=since, variant=m.variant, rule=rule, reason=reason)


# ---- key renames -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def key_renames(path: Path = RENAMES_FILE) -> dict[str, str]:
    """Old model key -> new key (``key_renames.yaml``); chains are followed to the last key."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    raw = {str(k): str(v) for k, v in (data.get("renames") or {}).items()}
    out = {}
    for old in raw:
        new, seen = raw[old], {old}
        while new in raw and new not in seen:
            seen.add(new)
            new = raw[new]
        if new != old:
            out[old] = new
    return out


def migrate_store_keys(store: Any, renames: dict[str, str] | None = None) -> int:
    """Re-key stored Model nodes by the rename map: edges move to the new key, properties the new node lacks
    are copied, the old node goes. Works on both backends (plain Cypher through ``run_write``; a store may
    offer its own ``rename_model_key``). Returns how many stored keys were renamed."""
    renames = key_renames() if renames is None else renames
    rename = getattr(store, "rename_model_key", None)
    done = 0
    for old, new in renames.items():
        if old == new:
            continue
        if (rename(old, new) if rename is not None else rename_model_key(store, old, new)):
            done += 1
    if done:
        log.info("re-keyed %d stored models", done)
    return done


def rename_model_key(store: Any, old: str, new: str) -> bool:
    """Move the stored Model ``old`` onto ``new`` (created when absent) with plain Cypher both backends speak."""
    from graph.schema import NODE_BY_LABEL, RELS

    if not store.run_write("MATCH (o:Model {key: $old}) RETURN o.key AS k", {"old": old}):
        return False
    props = [p for p, _ in NODE_BY_LABEL["Model"].properties if p != "key"]
    sets = ", ".join(f"n.{p} = coalesce(n.{p}, o.{p})" for p in props)
    store.run_write(f"MATCH (o:Model {{key: $old}}) MERGE (n:Model {{key: $new}}) SET {sets}", {"old": old, "new": new})
    for rel in RELS:
        rprops = [p for p, _ in rel.properties]
        if rel.dst == "Model":
            src = "Model" if rel.src == "Model" else rel.src
            rset = (" SET " + ", ".join(f"r2.{p} = r.{p}" for p in rprops)) if rprops else ""
            store.run_write(f"MATCH (x:{src})-[r:{rel.type}]->(o:Model {{key: $old}}), (n:Model {{key: $new}}) "
                            f"WHERE x.{NODE_BY_LABEL[src].key} <> $new "
                            f"MERGE (x)-[r2:{rel.type}]->(n){rset}", {"old": old, "new": new})
        if rel.src == "Model":
            dst = rel.dst
            rset = (" SET " + ", ".join(f"r2.{p} = r.{p}" for p in rprops)) if rprops else ""
            store.run_write(f"MATCH (o:Model {{key: $old}})-[r:{rel.type}]->(y:{dst}), (n:Model {{key: $new}}) "
                            f"WHERE y.{NODE_BY_LABEL[dst].key} <> $new AND y.{NODE_BY_LABEL[dst].key} <> $old "
                            f"MERGE (n)-[r2:{rel.type}]->(y){rset}", {"old": old, "new": new})
    store.run_write("MATCH (o:Model {key: $old}) DETACH DELETE o", {"old": old})
    return True
