"""The single extraction hook the pipeline calls: one paper (and its PDF, when fetched) in,
one :class:`PaperExtraction` out. Pure: no network, no store."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from tracker.entities import ExtractedBenchmark, ExtractedModel, ExtractedResult, PaperExtraction
from tracker.extract.models import Mention, acronym_definitions, find_mentions, intro_spans, name_like, title_names
from tracker.extract.params import param_mentions
from tracker.extract.results import find_benchmarks, results_in_sentence
from tracker.extract.text import sentences, tokens
from tracker.knowledge import benchmarks_by_key, model_table, slug
from tracker.records import PaperRecord

if TYPE_CHECKING:
    from tracker.pdf.reader import PdfDocument

log = logging.getLogger(__name__)

try:  # written by the issue-5 helper; extraction works without it
    from tracker.extract.affiliations import extract_organizations
except ImportError:  # pragma: no cover - depends on the other module being present
    extract_organizations = None  # type: ignore[assignment]

_OPEN_CUES = re.compile(
    r"open[- ]?sourc\w* (?:the |our |all )?(?:models?|weights|checkpoints|llms?)|open[- ]weights?|"
    r"(?:we|will|to) (?:publicly |fully |openly )?(?:release|open[- ]source)\w*(?! of)|"
    r"models? (?:are|is|will be) (?:publicly |freely |openly )?(?:available|released)|huggingface\.co|hugging ?face|"
    r"apache[- ]?2\.0|\bmit licen|cc[- ]by|model weights|weights (?:are|will be)|checkpoints?|code and "
    r"(?:pre-?trained )?models?|models? and code|pre-?trained models? (?:are|is|will)|open-access|openly available",
    re.IGNORECASE)
_CLOSED_CUES = re.compile(r"\bvia (?:an |our )?api\b|\bproprietary\b|closed[- ]source", re.IGNORECASE)
_LICENSES = [("Apache-2.0", re.compile(r"apache[- ]?(?:licen[cs]e\s*)?2\.0", re.I)),
             ("MIT", re.compile(r"\bMIT licen[cs]e", re.I)), ("CC-BY-4.0", re.compile(r"CC[- ]BY[- ]4\.0", re.I)),
             ("CC-BY-NC-4.0", re.compile(r"CC[- ]BY[- ]NC", re.I))]
_BASE_CUE = re.compile(
    r"(?:fine-?tun(?:ed|ing)|built|based|initiali[sz]ed|adapted|distilled|continu\w* pre-?train\w*|instruction[- ]tuned"
    r"|trained|developed|derived|adapting|extending|extends|adapts)\s+(?:up)?(?:on|from|upon|with)?\s*"
    r"(?:the\s+|a\s+|an\s+|pre-?trained\s+|open\s+)*(?:[\w\-]+\s+){0,3}$"
    r"|(?:on top of|starting from|upon|backbone|initiali[sz]ed with)\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_OUR = re.compile(r"\b(?:our|we|ours)\b", re.IGNORECASE)


def _accessibility(text: str) -> tuple[str, str | None]:
    licence = next((name for name, rx in _LICENSES if rx.search(text)), None)
    if _OPEN_CUES.search(text) or licence:
        return "open_weights", licence
    if _CLOSED_CUES.search(text):
        return "api", licence
    return "unknown", licence


def extract_text_models(title: str, abstract: str) -> tuple[list[Mention], list[Mention]]:
    """(introduced, all mentions in the abstract) from title and abstract."""
    text = abstract
    toks = tokens(text)
    mentions = find_mentions(text, toks)
    introduced: list[Mention] = list(title_names(title)) if title else []
    strong = [m for m in find_mentions(title, allow_plain_unknown=False)] if title else []
    acronyms = acronym_definitions(text)
    title_words = {w.casefold() for w in re.findall(r"[A-Za-z][\w\-]{3,}", title)}
    for acro, phrase, off in acronyms:  # "Deep Learning Recommendation Model (DLRM)" echoing the title
        overlap = sum(1 for w in re.findall(r"[A-Za-z][\w\-]{3,}", phrase) if w.casefold() in title_words)
        if overlap >= 2 and not introduced:
            introduced.append(Mention(acro, slug(acro), slug(acro), None, None, 0, 0, off, off + len(acro), None,
                                      False, introduced=True, aliases=[phrase]))
    for w in dict.fromkeys(re.findall(r"[A-Za-z][\w.+\-]*[\w+]", title)):  # "PixelCNN" in title and abstract
        if name_like(w) and not introduced and w in text and not find_mentions(w):
            introduced.append(Mention(w, slug(w), slug(w), None, None, 0, 0, 0, 0, None, False, introduced=True))
    # intro slots in the abstract: the first name right after "we introduce/present/...", skipping filler
    for start, stop, _strong in intro_spans(text):
        slot_toks = [t for t in toks if start <= t.start < stop]
        if not slot_toks:
            continue
        first = slot_toks[0]
        seg_start = toks.index(first)
        k = seg_start
        while k < len(toks) and toks[k].start < stop and toks[k].text.casefold() in _FILLER:
            k += 1
        if k >= len(toks) or toks[k].start >= stop:
            continue
        cands = [m for m in mentions if m.tok_start == k]
        if not cands:
            local = find_mentions(text[toks[k].start:stop], allow_plain_unknown=True)
            if local and local[0].start == 0 and _plausible_new(local[0], text, toks[k].start):
                m = local[0]
                m.start += toks[k].start
                m.end += toks[k].start
                cands = [m]
        acr = [a for a in acronyms if start <= a[2] < stop + 80 and a[2] - start < 120]
        if acr and not any(c.known for c in cands):
            acro, phrase, off = acr[0]
            cands = [Mention(acro, slug(acro), slug(acro), None, None, 0, 0, off, off + len(acro), None, False,
                             aliases=[phrase])]
        for m in cands[:1]:
            m.introduced = True
            introduced.append(m)
    # "Our FooLM", "FooLM (ours)"
    for m in mentions:
        before = text[max(0, m.start - 12):m.start]
        if re.search(r"\bour\s+$", before, re.I) or re.match(r"\s*\(ours\)", text[m.end:m.end + 8], re.I):
            m.introduced = True
            introduced.append(m)
    # a name in the title that the abstract also introduces or repeats is the paper's own
    for m in strong:
        if any(x.base_key == m.base_key for x in introduced):
            continue
        if not m.known and sum(1 for x in mentions if x.base_key == m.base_key) >= 1:
            m.introduced = True
            introduced.append(m)
    intro_bases = {m.base_key for m in introduced} | {m.key for m in introduced}
    for m in mentions:
        if m.base_key in intro_bases or m.key in intro_bases:
            m.introduced = True
    # sizes of the same new model named in the abstract ("FooLM-7B and FooLM-70B")
    return introduced, mentions


_FILLER = {w for w in ["a", "an", "the", "our", "new", "novel", "family", "families", "series", "suite", "set", "collection", "of", "open-source", "open", "source", "large", "small", "efficient", "powerful", "strong", "capable", "state-of-the-art", "language", "model", "models", "llm", "llms", "multimodal", "foundation", "generalist", "simple", "first", "fully", "two", "three", "several", "versatile", "lightweight", "unified", "general-purpose", "pretrained", "pre-trained", "bilingual", "multilingual", "native", "dense", "sparse", "version", "improved", "upgraded", "next-generation", "advanced", "high-performance", "and", "both", "frontier-class", "frontier", "open-weight", "openly-available", "fast", "scalable", "lite"]}


def _plausible_new(m: Mention, text: str, offset: int) -> bool:
    """An unknown capitalised word right after "we present" is a name when it reads like one."""
    if m.known or m.size_b is not None or any(ch.isupper() for ch in m.surface[1:]) or any(
            ch.isdigit() for ch in m.surface):
        return True
    nxt = text[offset + len(m.surface):offset + len(m.surface) + 3]
    return bool(re.match(r"\s*[,(:]", nxt)) and m.surface[:1].isupper()


def _models_to_entities(record: PaperRecord, introduced: list[Mention], mentions: list[Mention]) -> list[ExtractedModel]:
    text = f"{record.title}. {record.abstract}"
    access, licence = ("unknown", None)
    if introduced:
        access, licence = _accessibility(text + " " + (record.comment or ""))
    params = param_mentions(text) if introduced else []
    totals = [v for v, _, active in params if not active]
    table = model_table()
    out: dict[str, ExtractedModel] = {}
    base_key = _base_model(record.abstract, mentions)
    intro_keys = [m.key for m in introduced]
    for m in [*introduced, *mentions]:
        role = "introduced" if m.introduced else "evaluated"
        if m.key in out:
            if role == "introduced" and out[m.key].role != "introduced":
                out[m.key].role = "introduced"
            continue
        info = m.info
        params_b = m.size_b
        if role == "introduced" and params_b is None and totals:
            params_b = max(totals) if len(set(intro_keys)) <= 1 or not m.known else None
        if role == "introduced" and (info is None or not _listed(info.key)):
            acc = access
            is_known_family = info is not None and info.family in table.families
            if acc == "unknown" and is_known_family:
                acc = info.access  # type: ignore[union-attr]
            developer = info.developer if is_known_family and info is not None else None
        else:
            acc = info.access if info is not None else (access if role == "introduced" else "unknown")
            developer = info.developer if info is not None else None
        out[m.key] = ExtractedModel(
            name=m.surface, key=m.key, role=role, family=(info.family if info else m.base_key),
            params_b=params_b, accessibility=acc, is_open=acc == "open_weights",
            base_model=base_key if role == "introduced" and base_key and base_key != m.key else None,
            developer=developer, license=licence if role == "introduced" else (info.license if info else None),
            source="abstract", confidence=0.8 if (m.known or role == "introduced") else 0.5,
        )
    return list(out.values())


_LISTED: set[str] = set()


def _listed(key: str) -> bool:
    if not _LISTED:
        _LISTED.update(info.key for info in model_table().by_compact.values())
    return key in _LISTED


def _base_model(abstract: str, mentions: list[Mention]) -> str | None:
    for m in mentions:
        if not m.known:
            continue
        before = abstract[max(0, m.start - 60):m.start]
        if _BASE_CUE.search(before) or re.match(r"-based\b", abstract[m.end:m.end + 7]):
            return m.key
    return None


def extract_text_results(record: PaperRecord, models: list[ExtractedModel]) -> list[ExtractedResult]:
    intro = [m.key for m in models if m.role == "introduced"]
    default_model = intro[0] if len(intro) >= 1 else None
    results: list[ExtractedResult] = []
    seen: set[tuple] = set()
    for sent in sentences(record.abstract):
        if not _DIGIT.search(sent):
            continue
        toks = tokens(sent)
        benches = find_benchmarks(toks)
        if not benches:
            continue
        ms = find_mentions(sent, toks)
        model_at = {m.tok_start: m.key for m in ms}
        known_keys = {m.key for m in models}
        for model, bench, metric, value, setting, via_default in results_in_sentence(
                toks, benches, model_at, default_model if _OUR.search(sent) or not ms else None):
            if model not in known_keys:
                continue
            k = (model, bench.key, metric, setting)
            if k in seen:
                continue
            seen.add(k)
            results.append(ExtractedResult(
                model=model, benchmark=bench.key, metric=metric, value=value, setting=setting,
                source="abstract", self_reported=model in intro, confidence=0.6 if via_default else 0.75))
    return results


def extract_paper(record: PaperRecord, pdf: PdfDocument | None = None) -> PaperExtraction:
    """Models, results, benchmarks and organisations of one paper (text always, PDF tables when given)."""
    introduced, mentions = extract_text_models(record.title, record.abstract)
    models = _models_to_entities(record, introduced, mentions)
    results = extract_text_results(record, models)
    if pdf is not None:
        try:
            from tracker.extract.tables import table_results

            model_keys = {m.key for m in models}
            for res, extra_models in [table_results(pdf, introduced=[m.key for m in models if m.role == "introduced"])]:
                for em in extra_models:
                    if em.key not in model_keys:
                        models.append(em)
                        model_keys.add(em.key)
                results.extend(res)
        except Exception:  # noqa: BLE001 - a bad PDF table never loses the text extraction
            log.exception("table extraction failed for %s", record.arxiv_id)
    bench_keys = sorted({r.benchmark for r in results})
    by_key = benchmarks_by_key()
    benchmarks = [ExtractedBenchmark(key=k, name=by_key[k].name, aliases=list(by_key[k].aliases), task=by_key[k].task,
                                     domain=by_key[k].domain, metric=by_key[k].metric,
                                     higher_is_better=by_key[k].higher_is_better) for k in bench_keys if k in by_key]
    organizations = []
    if extract_organizations is not None:
        try:
            organizations = list(extract_organizations(record, pdf, models))
        except Exception:  # noqa: BLE001 - organisations are a separate extractor; keep the rest
            log.exception("organisation extraction failed for %s", record.arxiv_id)
    countries = sorted({o.country for o in organizations if o.country})
    return PaperExtraction(arxiv_id=record.arxiv_id, models=models, results=results, benchmarks=benchmarks,
                           organizations=organizations, countries=countries)
