"""Affiliation string -> organisation -> country, with a confidence.

Order of evidence: curated lab names/aliases found anywhere in the string, exact (normalised) match
of a comma-separated segment against every registry name and alias, then a fuzzy match (rapidfuzz)
restricted to names sharing the segment's rarest words. Country words and city names in the
string break ties between same-named organisations. Below ``threshold`` the result has
``key=None``; its country is then only the one the string itself names (``country_source='text'``),
never a guess.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from tracker.config import from_env
from tracker.knowledge.labs import load_countries
from tracker.orgs.registry import OrgEntry, Registry, load_registry

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.6
_ABBREV = [(re.compile(p), r) for p, r in [
    (r"\buniv\b\.?", "university"), (r"\buniversitat\b", "universitat"), (r"\binst\b\.?", "institute"),
    (r"\bdept\b\.?", "department"), (r"\btech\b\.?(?= univ| institute)", "technology"), (r"\bnatl\b", "national"),
    (r"\bst\b\.? (?=[a-z])", "saint "), (r"\bacad\b\.?", "academy"), (r"\bsci\b\.?", "science"),
    (r"\bctr\b\.?", "center"), (r"\bcentre\b", "center"), (r"\blab\b", "laboratory"),
    (r"\blabs\b", "laboratories"), (r"\bhosp\b\.?", "hospital")]]
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SEGMENT_SPLIT = re.compile(r"\s*[,;|\n]\s*|\s+-\s+|\s+&\s+|\s+/\s+")
_STOP = {"of", "the", "and", "for", "de", "la", "le", "du", "des", "der", "und", "di", "in", "at", "&"}
_GENERIC = {"university", "institute", "department", "college", "school", "center", "laboratory",
            "laboratories", "hospital", "national", "research", "science", "sciences", "technology",
            "faculty", "state", "medical", "medicine", "engineering", "key", "academy", "division", "group",
            "inc", "ltd", "co", "company", "corporation", "foundation", "unit", "program", "team", "lab"}
_SUBUNIT = re.compile(r"^(department|dept|school|faculty|division|section|unit|program|graduate school|"
                      r"key laboratory|state key laboratory|college of|chair|group|team)\b")
_ORGISH = re.compile(r"\b(universit\w*|institut\w*|college|academy|hospital|laborator\w*|center|"
                     r"polytechnic|school|inc|ltd|corporation|gmbh|company|research|foundation|"
                     r"ministry|agency|council|clinic|observatory|museum)\b")


def normalise(text: str) -> str:
    """Fold case, accents, punctuation and common abbreviations so spellings compare equal."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ").replace("'", "")
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    for pattern, repl in _ABBREV:
        text = pattern.sub(repl, text)
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


@dataclass(slots=True)
class MatchResult:
    """What one affiliation string resolved to. ``key`` is ``None`` when unresolved."""

    text: str
    key: str | None = None
    name: str | None = None
    country: str | None = None
    type: str | None = None
    ror_id: str | None = None
    confidence: float = 0.0
    method: str = "none"
    """``lab`` (curated name/alias), ``exact``, ``fuzzy``, or ``none``."""
    country_source: str | None = None
    """``org`` (registry country), ``text`` (named in the string), or ``None``."""
    alternatives: list[str] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.key is not None


class Matcher:
    """An index over a :class:`Registry`, built once; :meth:`match` is then cheap per string."""

    def __init__(self, registry: Registry, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.registry = registry
        self.threshold = threshold
        self._exact: dict[str, list[str]] = defaultdict(list)
        self._acronyms: dict[str, list[str]] = defaultdict(list)
        self._names: list[str] = []
        self._name_keys: list[str] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        lab_phrases: dict[str, str] = {}
        for entry in registry.entries.values():
            for name in entry.all_names:
                norm = normalise(name)
                if not norm:
                    continue
                if entry.key not in self._exact[norm]:
                    self._exact[norm].append(entry.key)
                if entry.curated and len(norm) >= 4:
                    lab_phrases.setdefault(norm, entry.key)
                idx = len(self._names)
                self._names.append(norm)
                self._name_keys.append(entry.key)
                for tok in set(norm.split()) - _STOP:
                    self._postings[tok].append(idx)
            for acro in entry.acronyms:
                if len(acro) >= 2 and entry.key not in self._acronyms[acro]:
                    self._acronyms[acro].append(entry.key)
        self._df = {tok: len(ids) for tok, ids in self._postings.items()}
        phrases = sorted(lab_phrases, key=len, reverse=True)
        self._lab_phrase_key = lab_phrases
        self._lab_re = re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b") if phrases else None
        curated_acros = sorted({a for a, keys in self._acronyms.items()
                                if any(self.registry.entries[k].curated for k in keys)}, key=len, reverse=True)
        self._acro_re = re.compile(r"(?<![\w@.])(" + "|".join(re.escape(a) for a in curated_acros)
                                   + r")(?![\w])") if curated_acros else None
        names, cities = load_countries()
        self._country_words = {normalise(k): v for k, v in names.items()}
        self._city_words = {normalise(k): v for k, v in cities.items()}
        country_alt = sorted(self._country_words, key=len, reverse=True)
        self._country_re = re.compile(r"\b(" + "|".join(re.escape(c) for c in country_alt) + r")\b")
        city_alt = sorted(self._city_words, key=len, reverse=True)
        self._city_re = re.compile(r"\b(" + "|".join(re.escape(c) for c in city_alt) + r")\b")
        log.info("matcher index: %d names, %d exact keys, %d acronyms", len(self._names), len(self._exact),
                 len(self._acronyms))

    # -- context ---------------------------------------------------------------------------------
    def countries_in(self, text: str) -> list[str]:
        """Country codes the string names explicitly (country words; 'US'/'UK' only in capitals)."""
        found: list[str] = []
        norm = normalise(text)
        for m in self._country_re.finditer(norm):
            word = m.group(1)
            if word in ("us", "uk", "prc", "ksa", "uae") and not re.search(rf"\b{word.upper()}\b",
                                                                          text.replace(".", "")):
                continue
            code = self._country_words[word]
            if code not in found:
                found.append(code)
        if "HK" in found and "CN" in found:
            found.remove("CN")  # "Hong Kong, China"
        if "MO" in found and "CN" in found:
            found.remove("CN")
        return found

    def cities_in(self, text: str) -> list[str]:
        return list(dict.fromkeys(self._city_words[m.group(1)] for m in self._city_re.finditer(normalise(text))))

    # -- matching ------------------------------------------------------------------------------
    def _entry(self, key: str) -> OrgEntry:
        return self.registry.entries[key]

    def _pick(self, keys: list[str], context: list[str]) -> tuple[str, bool]:
        """Among same-named entries prefer curated, then one in a context country. Returns (key, agreed)."""
        def rank(k: str) -> tuple[int, int]:
            e = self._entry(k)
            return (e.country in context if context else 0, e.curated)
        best = max(keys, key=rank)
        return best, bool(context) and self._entry(best).country in context

    def _segments(self, text: str) -> list[str]:
        parts = [p.strip() for p in _SEGMENT_SPLIT.split(text) if p and p.strip()]
        segs = list(parts)
        segs += [f"{a} {b}" for a, b in zip(parts, parts[1:], strict=False)]
        return segs

    def _fuzzy(self, seg_norm: str) -> tuple[int, float] | None:
        toks = [t for t in set(seg_norm.split()) - _STOP if t in self._df]
        if not toks:
            return None
        toks.sort(key=self._df.__getitem__)
        rare = [t for t in toks if t not in _GENERIC][:2]  # generic words alone never make a match
        ids: set[int] = set()
        for t in rare:
            if self._df[t] <= 20000:
                ids.update(self._postings[t])
        if not ids:
            return None
        cand = list(ids)
        hit = process.extractOne(seg_norm, [self._names[i] for i in cand], scorer=fuzz.ratio, score_cutoff=85)
        if hit is None:
            return None
        return cand[hit[2]], float(hit[1])

    def match(self, text: str) -> MatchResult:
        """The single best organisation for an affiliation string (see module docstring)."""
        raw = (text or "").strip()
        result = MatchResult(text=raw)
        if not raw or not any(c.isalpha() for c in raw):
            return result
        context = self.countries_in(raw) or self.cities_in(raw)
        explicit = self.countries_in(raw)
        candidates: list[tuple[float, str, str]] = []  # (confidence, key, method)
        norm_full = normalise(raw)
        # 1. curated labs named anywhere in the string (longest phrase first)
        if self._lab_re is not None:
            for m in self._lab_re.finditer(norm_full):
                key = self._lab_phrase_key[m.group(1)]
                candidates.append((0.93 + 0.001 * len(m.group(1)), key, "lab"))
        if self._acro_re is not None:
            for m in self._acro_re.finditer(raw):
                keys = [k for k in self._acronyms[m.group(1)] if self._entry(k).curated]
                if keys:
                    key, _ = self._pick(keys, context)
                    candidates.append((0.85, key, "lab"))
        # 2. exact segment matches against every name/alias; 3. fuzzy when none
        segments = self._segments(raw)
        exact_hits: list[tuple[float, str, str]] = []
        for seg in segments:
            seg_norm = normalise(seg)
            if not seg_norm or seg_norm in self._country_words or seg_norm in self._city_words:
                continue
            keys = self._exact.get(seg_norm)
            if keys:
                key, agreed = self._pick(keys, context)
                conf = 0.9 + (0.05 if agreed else 0.0) - (0.1 if _SUBUNIT.match(seg_norm) else 0.0)
                conf -= 0.15 if len(seg_norm) <= 4 and seg_norm.upper() != seg.replace(".", "").upper() else 0
                exact_hits.append((conf + 0.0005 * min(len(seg_norm), 80), key, "exact"))
        if not exact_hits and not candidates:
            for seg in segments[: len(segments)]:
                seg_norm = normalise(seg)
                if (len(seg_norm) < 6 or seg_norm in self._country_words or seg_norm in self._city_words
                        or not _ORGISH.search(seg_norm) or _SUBUNIT.match(seg_norm)):
                    continue
                hit = self._fuzzy(seg_norm)
                if hit is None:
                    continue
                idx, score = hit
                keys = self._exact.get(self._names[idx], [self._name_keys[idx]])
                key, agreed = self._pick(keys, context)
                conf = (score / 100.0) * 0.85 + (0.05 if agreed else 0.0)
                exact_hits.append((conf, key, "fuzzy"))
        candidates.extend(exact_hits)
        if not candidates:
            return self._unresolved(result, explicit)
        # country agreement: an org in a country the string contradicts loses confidence
        scored: list[tuple[float, str, str]] = []
        for conf, key, method in candidates:
            country = self._entry(key).country
            if explicit and country and country not in explicit and self._entry(key).type != "company":
                conf -= 0.3
            scored.append((conf, key, method))
        scored.sort(key=lambda c: c[0], reverse=True)
        conf, key, method = scored[0]
        result.alternatives = list(dict.fromkeys(k for _, k, _ in scored[1:]))[:5]
        if conf < self.threshold:
            return self._unresolved(result, explicit)
        entry = self._entry(key)
        result.key, result.name, result.type, result.ror_id = entry.key, entry.name, entry.type, entry.ror_id
        result.confidence = round(min(conf, 0.99), 3)
        result.method = method
        if entry.type == "company" and explicit and entry.country not in explicit and len(explicit) == 1:
            result.country, result.country_source = explicit[0], "text"  # a multinational's local site
        else:
            result.country, result.country_source = entry.country, "org" if entry.country else None
        return result

    def _unresolved(self, result: MatchResult, explicit: list[str]) -> MatchResult:
        if len(explicit) == 1:
            result.country, result.country_source, result.confidence = explicit[0], "text", 0.0
        return result

    def match_all(self, text: str) -> list[MatchResult]:
        """Every organisation in a string that may name several ('AI2 & University of Washington')."""
        parts = [p for p in re.split(r"\s*;\s*|\s+&\s+|\s+and\s+(?=[A-Z])", text or "") if p.strip()]
        out: list[MatchResult] = []
        seen: set[str] = set()
        for part in parts if len(parts) > 1 else [text]:
            res = self.match(part)
            if res.key is not None and res.key in seen:
                continue
            if res.key is not None:
                seen.add(res.key)
            out.append(res)
        return out


_DEFAULT: Matcher | None = None
_CACHE_VERSION = 1


def _cache_path() -> Path | None:
    """Where the built matcher is pickled: ``$SOTAGRAPH_HOME/cache/``, named by a fingerprint of every input
    (ROR dump, curated YAML, this module), so an edit or a new dump rebuilds it. ``None`` = caching off
    (``SOTAGRAPH_ORG_CACHE=0``)."""
    settings = from_env()
    if not settings.org_cache:
        return None
    from tracker.knowledge.labs import KNOWLEDGE_DIR
    from tracker.orgs.registry import default_ror_path

    parts = [str(_CACHE_VERSION)]
    inputs = [KNOWLEDGE_DIR / "labs.yaml", KNOWLEDGE_DIR / "countries.yaml", Path(__file__),
              Path(__file__).with_name("registry.py")]
    ror = default_ror_path()
    if ror is not None and ror.exists():
        inputs += sorted(ror.iterdir()) if ror.is_dir() else [ror]
    for path in inputs:
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    digest = hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]
    return settings.home / "cache" / f"org-matcher-{digest}.pickle"


def _load_cached(path: Path) -> Matcher | None:
    import gc

    gc_was_on = gc.isenabled()
    gc.disable()  # ~100k small objects: the cyclic collector would run dozens of times for nothing
    try:
        with path.open("rb") as fh:
            obj = pickle.load(fh)  # noqa: S301 - our own cache file, written below
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError) as exc:
        log.warning("organisation cache %s unreadable (%s); rebuilding", path, exc)
        return None
    finally:
        if gc_was_on:
            gc.enable()
    return obj if isinstance(obj, Matcher) else None


def _store_cached(path: Path, matcher: Matcher) -> None:
    """Write atomically (temp file + rename) so a killed run never leaves half a cache behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("org-matcher-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as fh:
            pickle.dump(matcher, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError as exc:
        log.warning("cannot write organisation cache %s: %s", path, exc)


def default_matcher() -> Matcher:
    """A process-wide matcher over :func:`load_registry`. Building it from the 100k ROR names costs ~4 s of
    CPU, so the built index is pickled under ``$SOTAGRAPH_HOME/cache`` and later processes load it in a
    fraction of that (see :func:`_cache_path`)."""
    global _DEFAULT
    if _DEFAULT is None:
        path = _cache_path()
        cached = _load_cached(path) if path is not None and path.exists() else None
        if cached is None:
            cached = Matcher(load_registry())
            if path is not None:
                _store_cached(path, cached)
        _DEFAULT = cached
    return _DEFAULT
