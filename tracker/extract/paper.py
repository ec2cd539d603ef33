"""The single extraction hook the pipeline calls: one paper (and its PDF, when fetched) in,
one :class:`PaperExtraction` out. Pure: no network, no store."""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING

from tracker.entities import Decision, ExtractedBenchmark, ExtractedModel, ExtractedResult, PaperExtraction
from tracker.extract.abstract_scores import abstract_results
from tracker.extract.identity import access_fact, inherits, model_facts
from tracker.extract.models import Mention, derivative_base, find_mentions, introduced_models, name_like
from tracker.extract.params import bare_sizes, param_mentions, param_phrase_end, parse_size_token
from tracker.extract.results import (
    FIRST_PERSON,
    METRIC_TOKEN,
    METRIC_WORDS,
    BenchMention,
    find_benchmarks,
    higher_is_better,
    normalise_score,
    results_in_sentence,
)
from tracker.extract.text import Token, name_pattern, sentence_bounds, tokens, untex, untex_accents
from tracker.knowledge import benchmarks_by_key, compact, model_table, word_lists
from tracker.records import PaperRecord

if TYPE_CHECKING:
    from tracker.pdf.reader import PdfDocument

log = logging.getLogger(__name__)

try:  # an optional module; extraction works without it
    from tracker.extract.affiliations import extract_organizations
except ImportError:  # pragma: no cover - depends on the other module being present
    extract_organizations = None  # type: ignore[assignment]

# "is made publicly available", "have been released", "will be open-sourced"
_MADE_AVAILABLE = (r"(?:is|are|will be|(?:has |have )?(?:all )?been)\s+(?:made\s+)?(?:publicly |freely |openly |fully )?"
                   r"(?:available|released|open[- ]sourced?)")
# The paper's own release, said as a verb ("we release our code and models", "open-sourced the weights"), in the
# passive ("models and code are publicly available"), or as an adjective of the paper's own model ("X, an open-weight
# 12.7B model"). Not the adjective about other models ("outperforms open-source models", "closed- and open-weight
# LLMs"), and not a link that may hold only code ("publicly available at https://github.com/..."): on the snapshot
# those were wrong about half the time.
_ARTEFACT = r"(?:models?|weights|checkpoints|llms?|vlms?|mllms?)"
# the rest of a list after its first item: ", data extraction scripts, and the released dataset"
_LIST_REST = r"(?:(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+)(?:the\s+|our\s+|all\s+)?[\w\-]+(?:\s+[\w\-]+){0,3}?){0,5}"
_OPEN_CUES = re.compile(  # "(?=[...])": the first letters of the alternatives, to skip other positions at once (speed)
    r"(?=[rowfpatmwchnb])(?:\b(?:releas(?:e|es|ed|ing)|open[- ]sourc(?:e|es|ed|ing))\s+(?:(?:publicly|freely|openly)\s+)?"
    r"(?:the|our|all|both|its|two|three|four|several|these)\s+"  # "we release two open versions of the model"
    r"(?:(?!(?:data(?:sets?)?|benchmarks?|corpora|corpus)\b)[\w\-.,]+\s+){0,5}?"  # not "two datasets with city models"
    rf"(?:{_ARTEFACT}|code and (?:models?|weights))\b"
    r"|\b(?:we|will|also|publicly|fully|further|to)\s+(?:(?:publicly|also|further|fully)\s+)?"
    r"(?:releas(?:e|ed|ing)|open[- ]sourc(?:e|ed|ing))\s+(?:(?!(?:data(?:sets?)?|benchmarks?)\b)[\w\-.]+\s+){0,4}?"
    rf"{_ARTEFACT}\b"
    # "We will release our data construction framework, datasets, and models": the artefact later in a list
    r"|\b(?:we|will|also)\s+(?:\w+\s+)?(?:releas(?:e|ed|ing)|open[- ]sourc(?:e|ed|ing))\s+[^.;]{0,80}?,\s*(?:and\s+)?"
    r"(?:the\s+|our\s+|all\s+)?(?:pre-?trained\s+|trained\s+|fine-?tuned\s+)?(?:models?|weights|checkpoints)\b"
    # "We make the generated data, our model and code base publicly available"
    r"|\bmake\s+[^.]{0,80}?\b(?:our|the)\s+(?:[\w\-]+\s+){0,2}?(?:models?|weights|checkpoints)\b[^.]{0,30}?\s"
    r"(?:publicly |freely |openly )?available\b"
    r"|\b(?:mak\w*|made)\s+(?:the|our|all|both|its)\s+(?:[\w\-.]+\s+){0,3}?(?:models?|weights|checkpoints|llms?)"
    r"\s+(?:publicly |freely |openly )?available\b"
    r"|\bmak(?:e|es|ing)\s+[\w\-.]+\s+open[- ](?:weights?|source)\b"  # "We are making Fara-7B open-weight"
    rf"|\b(?:models?|weights|checkpoints)\b(?:\s*\([^()]{{1,40}}\))?{_LIST_REST}\s+{_MADE_AVAILABLE}"
    r"(?!\s+(?:only\s+)?(?:via|through)\s+(?:an?\s+|our\s+|the\s+)?(?:[\w\-]+\s+)?api\b|\s+(?:up)?on\s+request"
    r"|\s+(?:only\s+)?(?:to|for)\s+(?:our\s+|selected\s+|select\s+)?(?:commercial|enterprise|business|paying|selected)\b)"
    r"|\b(?:pre-?trained|trained)\s+(?:models?|weights|checkpoints|representations|embeddings)\b[^.]{0,40}?"
    r"\b(?:are|is|will be|have been)\s+(?:made\s+)?(?:publicly\s+|freely\s+)?(?:available|released)"
    # the paper's own model called open: "X, an open-source 40B model", "a family of fully open VLMs"
    r"|(?P<adjective>\b(?:an?|our|the first|first)\s+(?:(?:family of|series of|suite of|\([^()]{1,30}\)|[\w\-.]+)"
    r"[,\s]+){0,3}?(?:open[- ](?:weights?|sourced?)|fully[- ]open),?\s+(?:[\w\-]+,?\s+){0,4}?"
    r"(?:models?|llms?|vlms?|mllms?|foundation|family|series|suite|reasoning)\b)"
    r"|huggingface\.co/(?!datasets/|spaces/|papers/|docs/|blog/)|apache[- ]?2\.0|\bmit licen|cc[- ]by)",
    re.IGNORECASE)
# words that make the cue after them about other models: "outperforms open-source models", "post-trained from
# Nemotron 3 Super, a fully open-source LLM", "injecting Arabic into a small open-source model"
_OTHERS_BEFORE = re.compile(
    r"\b(?:than|outperform\w*|surpass\w*|rival\w*|match\w*|compar\w*|versus|vs|existing|leading|prior|previous|"
    r"other|such as|like|among|into|from|upon|using|uses|use|over|gap|between|both|even|exceed\w*|beats?|"
    r"evaluat\w*|benchmark\w*|across|on|with|of)\s+(?:[\w\-.]+,?\s+){0,4}$", re.IGNORECASE)
# a sentence about the field, not the paper: "Recently, large speech encoders and LLMs have been released"
_WORLD_BEFORE = re.compile(r"\b(?:recent(?:ly)?|many|numerous|various|existing|several|increasingly|other)\b",
                           re.IGNORECASE)
# the paper's own model said to be closed: "available only via API", "we do not release the weights"
_CLOSED_CUES = re.compile(
    r"\b(?:available|accessible|offered|served|deployed)\s+(?:only\s+)?(?:via|through)\s+(?:an?\s+|our\s+|the\s+)?"
    r"(?:[\w\-]+\s+)?api\b"
    r"|\bour\s+(?:[\w\-]+\s+){0,2}?(?:proprietary|closed[- ]source)\s+(?:[\w\-]+\s+)?(?:models?|llms?|systems?)\b"
    r"|\b(?:(?:our|its)\s+(?:[\w\-]+\s+){0,2}?(?:weights|checkpoints?|models?)|(?:model\s+)?(?:weights|checkpoints))"
    r"\s+(?:are|is|will)\s+not\s+(?:be\s+)?(?:publicly\s+|openly\s+)?"
    r"(?:released|available|shared|open[- ]sourced)\b"
    r"|\bwe\s+do\s+not\s+(?:publicly\s+)?(?:release|open[- ]source)\s+(?:the\s+|our\s+)?(?:model|weights)",
    re.IGNORECASE)
_LICENSES = [("Apache-2.0", re.compile(r"apache[- ]?(?:licen[cs]e\s*)?2\.0", re.I)),
             ("MIT", re.compile(r"\bMIT licen[cs]e", re.I)), ("CC-BY-4.0", re.compile(r"CC[- ]BY[- ]4\.0", re.I)),
             ("CC-BY-NC-4.0", re.compile(r"CC[- ]BY[- ]NC", re.I))]
_BASE_CUE = re.compile(
    r"(?:fine-?tun\w*\s+(?:from|on|upon)|instruction[- ]tun\w*\s+(?:from|on)|built\s+(?:on|upon|from|atop)|"
    r"builds?\s+(?:on|upon)|based\s+(?:on|upon)|initiali[sz]\w*\s+(?:from|with)|start\w*\s+from|"
    r"train\w*\s+(?:from|upon|on top of)|"
    r"distill\w*\s+from|derived\s+from|adapted\s+from|extend\w*|upgrad\w*\s+from|on top of|"
    r"continu\w*\s+(?:pre-?)?train\w*(?:\s+(?:of|on|from))?|post-?train\w*\s+(?:from|on)|"
    r"(?:version|variant|checkpoint|weights)\s+of|"
    r"\bwe\s+(?:further\s+|then\s+)?(?:fine-?tune|adapt|distill|continue pre-?training|post-?train|extend))"
    r"\s+(?:[\w\-.,()]+\s+){0,5}?(?:\(?e\.g\.,?\s+)?$",
    re.IGNORECASE)
_BASE_AFTER = re.compile(r"^(?:-based\b|(?:\s+[a-z][\w\-]*){0,2}\s+as (?:the |our |its |a )?(?:base|backbone|foundation|starting point|"
                         r"initiali[sz]ation|(?:underlying |core )?(?:language model|LLM|language backbone|"
                         r"(?:text )?decoder))\b|\s+backbone\b)", re.IGNORECASE)
# "Unlike prior systems based on GPT-4": someone else's base, said before the paper's own model
_NOT_OURS_BEFORE = re.compile(r"\b(?:unlike|prior|previous|existing|earlier|other|compared|than|baselines?|outperform\w*|"
                              r"surpass\w*|while|whereas|such as|e\.g\.)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_OUR = re.compile(r"\b(?:our|we|ours)\b", re.IGNORECASE)


# Released code is a weaker cue than released weights, so it counts only when nothing says closed: in ML papers a
# code release nearly always ships the trained checkpoints (on Epoch's dev set, 28 of the 33 models whose abstract
# points to code are open weights).
_CODE_CUES = re.compile(  # "(?=[...])": the first letters of the alternatives (speed)
    rf"(?=[scirgp])(?:\b(?:(?:source )?codes?|implementations?|repositor(?:y|ies))\b[^.]{{0,80}}?\b(?:{_MADE_AVAILABLE}|at\s+(?:this\s+)?https?\b)"
    r"|\bgithub\.com/|\b(?:code|project page)\s*(?:is\s+)?:\s*(?:this\s+)?https?\b)",
    re.IGNORECASE)


def _released_by_name(text: str, names: list[str]) -> bool:
    """ "We release ONE-PEACE, a ...", "FooLM is open-sourced": the paper releases its own model by name."""
    if not _RELEASE_WORD.search(text):
        return False  # neither "release"/"open-source" nor "available" anywhere: no name can be released
    low = text.casefold()
    for name in names:
        n = name.casefold()
        i = low.find(n)
        while i >= 0 and n:
            end = i + len(n)
            before_ok = _RELEASE_BEFORE.search(text, max(0, i - 80), i) and (end == len(text) or not (
                text[end].isalnum() or text[end] == "_"))
            after_ok = (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_-")) and _AVAILABLE_AFTER.match(
                text, end)
            if before_ok or after_ok:
                return True
            i = low.find(n, i + 1)
    return False


_RELEASE_WORD = re.compile(r"releas|open[- ]sourc|availabl", re.IGNORECASE)
# "we release TeleChat2, TeleChat2.5 and T1": each name of the list is released
_RELEASE_BEFORE = re.compile(r"\b(?:releas|open[- ]sourc)\w*\s+(?:the\s+|our\s+)?(?:[\w\-.]+(?:,\s*|,?\s+and\s+)){0,4}$",
                             re.IGNORECASE)
_AVAILABLE_AFTER = re.compile(rf"\s+{_MADE_AVAILABLE}", re.IGNORECASE)


def _own_open_cue(text: str) -> str | None:
    """The first open-weights cue about the paper's own model; an adjective after comparison words is skipped."""
    for cue in _OPEN_CUES.finditer(text):
        sent = text.rfind(". ", 0, cue.start()) + 1
        if cue.group("adjective"):
            if _OTHERS_BEFORE.search(text, max(sent, cue.start() - 60), cue.start()):
                continue
        elif _WORLD_BEFORE.search(text, sent, cue.start()):
            continue  # "Recently, many LLMs have been released"
        return cue.group()
    return None


def _accessibility(text: str, names: list[str] | None = None) -> tuple[str, str | None, str]:
    """(accessibility, licence, reason) the paper's own words give its new model. A code link or a code
    release alone says nothing about weights: "unknown"."""
    licence = next((name for name, rx in _LICENSES if rx.search(text)), None)
    cue = _own_open_cue(text)
    if cue:
        return "open_weights", licence, f"open-weights cue {cue!r}"
    if licence:
        return "open_weights", licence, f"licence {licence} stated"
    if _released_by_name(text, names or []):
        return "open_weights", licence, "the paper releases the model by name"
    closed = _CLOSED_CUES.search(text)
    if closed:
        return "api", licence, f"closed cue {closed.group()!r}"
    if _CODE_CUES.search(text):
        return "unknown", licence, "only a code link: says nothing about weights"
    return "unknown", licence, "no release cue"


def extract_text_models(title: str, abstract: str, toks: list[Token] | None = None,
                        explain: list[tuple[str, bool, str, str]] | None = None) -> tuple[list[Mention], list[Mention]]:
    """(introduced, all mentions in the abstract) from title and abstract."""
    toks = toks if toks is not None else tokens(abstract)
    mentions = find_mentions(abstract, toks)
    introduced = introduced_models(title, abstract, toks, mentions, explain)
    return introduced, mentions


def _inherits(m: Mention) -> bool:
    """Does the mention name the listed version itself, or a size or tuning of it?"""
    return m.info is not None and inherits(m.key, m.info.key)


def _known_facts(m: Mention, derived_from: str | None) -> tuple[str, str | None, str | None, str, str]:
    """(accessibility, since, developer, rule, reason) for a model we may know: the curated, dated fact first,
    then the listed version (or a size/tuning of it), then nothing."""
    fact = access_fact(m.key)
    info = m.info
    if fact is not None:
        return (fact.accessibility, fact.since, fact.developer or (info.developer if info else None), "curated-access",
                f"curated fact {fact.key}: {fact.accessibility} since {fact.since or '?'} ({fact.source})")
    if info is None or derived_from is not None:
        why = f"a derivative of {derived_from}" if derived_from else "not a listed model"
        return "unknown", None, None, "no-fact", why
    if _inherits(m) or m.rule == "new-version":
        acc, since, dev, rule, reason = model_facts(info.key, info)
        return acc, since, dev, rule, reason
    return "unknown", None, info.developer, "unlisted-variant", \
        f"{m.key} is not a size or tuning of the listed {info.key}: its access is not inherited"


def _models_to_entities(record: PaperRecord, introduced: list[Mention], mentions: list[Mention]) -> list[ExtractedModel]:
    text = f"{record.title}. {record.abstract}"
    access, licence, access_reason = ("unknown", None, "")
    if introduced:
        access, licence, access_reason = _accessibility(text + " " + (record.comment or ""),
                                                        [m.surface for m in introduced])
    params = _own_param_counts(text, len(record.title) + 2, introduced, mentions) if introduced else []
    totals = [v for v, _, active in params if not active]
    actives = [v for v, _, active in params if active]
    out: dict[str, ExtractedModel] = {}
    intro_keys = {m.key for m in introduced}
    intro_bases = {m.base_key for m in introduced}
    stems = {b for b in intro_bases if not any(o != b and b.startswith(o + "-") for o in intro_bases)}
    base_key = _base_model(record.abstract, mentions, intro_keys | intro_bases) if introduced else None
    hub = _hub_developer(text + " " + (record.comment or "")) if introduced else None
    for m in [*introduced, *mentions]:
        role = "introduced" if m.introduced else "evaluated"
        if m.key in out:
            if role == "introduced" and out[m.key].role != "introduced":
                out[m.key].role = "introduced"
            continue
        info = m.info
        params_b = m.size_b
        derived_from = derivative_base(m)
        if role == "introduced" and params_b is None and totals:
            params_b = max(totals) if len(stems) <= 1 else None  # "Jais and Jais-chat ... 13 billion parameters"
        acc, since, developer, rule, reason = _known_facts(m, derived_from)
        if role == "introduced":
            if rule == "curated-access":
                pass  # a curated, dated fact beats the paper's words
            elif rule == "listed-version":
                if access != "unknown":
                    acc, rule, reason = access, "text-cue", access_reason
            else:
                # a new model: only the paper's own words decide; never a developer from a family name alone
                acc, since, developer, rule = access, None, None, "text-cue"
                reason = access_reason or "no release cue"
                if hub is not None and len(stems) <= 1:
                    developer = hub[0]  # "huggingface.co/Qwen/...": the lab whose official account hosts it
                    reason += f"; developer from the hub account {hub[1]}"
                if m.wrapper:  # "an agent powered by GPT-4o": no weights of its own; a release means its code
                    acc, rule, reason = "unknown", "built-on-model", f"a system built around {m.based_on}"
                    params_b = None
        base = None
        if role == "introduced":
            base = derived_from or m.based_on or (
                base_key if base_key and base_key != m.key and base_key != m.base_key else None)
        active_b = max(actives) if role == "introduced" and actives and len(stems) <= 1 and not m.wrapper else None
        if active_b is not None and params_b is not None and active_b >= params_b:
            active_b = None
        out[m.key] = ExtractedModel(
            name=m.surface, key=m.key, role=role, family=(info.family if info else m.base_key),
            params_b=params_b, active_params_b=active_b, accessibility=acc, is_open=acc == "open_weights",
            aliases=[a for a in [*m.aliases, *_defined_long_forms(record.abstract, m, mentions)]
                     if a != m.surface] if role == "introduced" else [],
            base_model=base, developer=developer,
            license=licence if role == "introduced" else (info.license if info and _inherits(m) else None),
            source="abstract", confidence=0.8 if (m.known or role == "introduced") else 0.5,
            variant=m.variant, access_since=since, rule=rule,
            reason=f"key by {m.rule or 'name'} rule; {reason}",
        )
    return _size_series(text, list(out.values()), stems)


# "The X model series consists of two sizes: a mid-size 32B model ... and a small-size 1.2B model",
# "It comes in two variants: a lightweight 7B model and a full-scale 32B model"
_SERIES = re.compile(r"\b(?:comes?\s+in|consists?\s+of|available\s+in|offered\s+in|released\s+in|is\s+released\s+in)\s+"
                     r"(?:two|three|four|five|several|multiple|\d)\s+(?:\w+\s+)?(?:sizes|variants|scales|versions)\b",
                     re.IGNORECASE)
_SIZE_WORD = re.compile(r"(?<![\w.\-])(\d+(?:\.\d+)?[MBT])(?![\w.])")


def _size_series(text: str, models: list[ExtractedModel], stems: set[str]) -> list[ExtractedModel]:
    """A paper whose one model "comes in two sizes" introduces each size as its own model (``exaone-4.0-32b``
    with 32B), and the series itself gets no single size. Only sizes stated in that sentence count."""
    own = [m for m in models if m.role == "introduced"]
    if len(own) != 1 or len(stems) > 1:
        return models
    m = own[0]
    series = _SERIES.search(text)
    if not series:
        return models
    start = text.rfind(". ", 0, series.start()) + 1
    end_dot = text.find(". ", series.end())
    sentence = text[start:end_dot if end_dot > 0 else len(text)]
    sizes = {compact(t): t for t in _SIZE_WORD.findall(sentence)}
    values = {}
    for token in sizes.values():
        value = parse_size_token(token)
        if value is not None:
            values[token] = value
    if len(values) < 2:
        return models
    keys = {x.key for x in models}
    m.params_b, m.active_params_b = None, None
    for token, value in sorted(values.items(), key=lambda kv: kv[1]):
        key = f"{m.key}-{token.lower()}"
        if key in keys:
            continue
        models.append(m.model_copy(update={
            "name": f"{m.name} {token}", "key": key, "params_b": value, "active_params_b": None, "aliases": [],
            "base_model": m.base_model, "variant": None, "rule": "size-series",
            "reason": f"one of the sizes the paper states for {m.name}: {series.group(0)!r}"}))
    return models


_PAREN_SHORT = re.compile(r"\s*\(([A-Za-z][\w\-.]*)\)")


def _defined_long_forms(abstract: str, m: Mention, mentions: list[Mention]) -> list[str]:
    """Long names the abstract defines for the model by its short one: "the Segment Anything Model (SAM)", both
    listed names of one key, is an alias of the introduced SAM."""
    out: list[str] = []
    for o in mentions:
        if o.key != m.key or " " not in o.surface or o.surface in out or o.surface in m.aliases:
            continue
        short = _PAREN_SHORT.match(abstract, o.end)
        if short and any(x.key == m.key and x.start == short.start(1) for x in mentions):
            out.append(o.surface)
    return out


_HUB_LINK = re.compile(r"\b(github\.com|huggingface\.co)/([\w\-.]+)", re.IGNORECASE)


def _hub_developer(text: str) -> tuple[str, str] | None:
    """(lab key, account) when the text links to exactly one lab's official hub account (hubs.yaml)."""
    from tracker.knowledge.labs import load_hubs

    hubs = load_hubs()
    found = {(hubs.get(host.lower(), {}).get(acct.lower()), f"{host.lower()}/{acct}")
             for host, acct in _HUB_LINK.findall(text)}
    labs = {lab for lab, _ in found if lab}
    if len(labs) != 1:
        return None
    return next((lab, acct) for lab, acct in found if lab)


_LISTED: set[str] = set()


def _listed(key: str) -> bool:
    if not _LISTED:
        _LISTED.update(info.key for info in model_table().by_compact.values())
    return key in _LISTED


_COMPARED_COUNT = re.compile(r"\b(?:than|compared|versus|vs\.?|outperform\w*|surpass\w*|match\w*|rival\w*|"
                             r"such as|like|including|exceed\w*)\b[^.;]{0,40}$", re.IGNORECASE)
# "using only", "with just": a count said to be small is the paper's own, even after a comparison
_ONLY_BEFORE = re.compile(r"\b(?:only|just|merely)\s+(?:about\s+|around\s+|~\s*)?$", re.IGNORECASE)
# between another model's name and a count that is its own: "GPT-3, with 175 billion", "GPT-3 (175B"
_OWNER_GAP = re.compile(r"[\s,(]*(?:which\s+has|that\s+has|with|has|having|of)?\s*(?:only\s+|about\s+|approximately\s+|"
                        r"over\s+|nearly\s+|roughly\s+)?")


def _own_param_counts(text: str, shift: int, introduced: list[Mention],
                      mentions: list[Mention]) -> list[tuple[float, int, bool]]:
    """Parameter counts that belong to the paper's own models: not one stated for another model named just
    before it ("GPT-3, with 175 billion parameters") or just after it ("a 4-billion parameter ViT"), nor one
    stated for comparison ("matching models with up to 70B parameters"). ``shift``: where the abstract starts
    in ``text`` (mention offsets are the abstract's)."""
    own = {m.key for m in introduced} | {m.base_key for m in introduced}
    others = [(m.start + shift, m.end + shift) for m in mentions
              if not any(m.key.startswith(k) or m.base_key.startswith(k) for k in own)]  # "StarCoderBase" is ours
    out = []
    for value, pos, active in param_mentions(text):
        sent_start = text.rfind(". ", 0, pos) + 1
        if _COMPARED_COUNT.search(text, max(sent_start, pos - 60), pos) and not _ONLY_BEFORE.search(
                text, max(sent_start, pos - 30), pos):
            continue  # "matching models with up to 70B parameters"; not "compared to prior methods, using only 0.38M"
        if any(sent_start <= s and e <= pos and _OWNER_GAP.fullmatch(text, e, pos) for s, e in others):
            continue
        if any(s <= pos < e for s, e in others):
            continue  # "the Llama 3 8B model": part of another model's name
        end = param_phrase_end(text, pos)
        if any(end <= s and re.fullmatch(r"[\s\-]*(?:model\s+)?", text[end:s]) for s, _ in others):
            continue  # "a 4-billion parameter ViT"
        if _COMPONENT_AFTER.match(text, end) or _COMPONENT_BEFORE.search(text, max(sent_start, pos - 50), pos):
            continue  # "a 532M-parameter vision encoder and an MoE LLM": a part's size, not the model's
        out.append((value, pos, active))
    for value, pos, active in bare_sizes(text):
        # only in apposition to the paper's own model: "Helios, the first 14B video generation model",
        # "AM-Thinking-v1, a 32B dense language model", "DreamLite, a compact ... diffusion model (0.39B)"
        own_at = [o.end() for m in introduced for o in re.finditer(re.escape(m.surface), text[:pos])]
        if any(_APPOSITION.fullmatch(text, end, pos) for end in own_at):
            end = param_phrase_end(text, pos)
            if not _COMPONENT_AFTER.match(text, end):
                out.append((value, pos, active))
    return out


# "Helios, the first 14B ...", "DreamLite, a compact ... diffusion model (": up to seven words before the size
_APPOSITION = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?(?:,|:|\s+is|\s+are)\s+(?:a|an|the|our)\s+(?:[\w\-]+\s+){0,7}\(?")


# a part of a model, whose own size is not the model's
_COMPONENT_NOUN = (r"(?:vision\s+|visual\s+|image\s+|audio\s+|speech\s+|text\s+|language\s+)?"
                   r"(?:encoders?|decoders?|backbones?|adapters?|projectors?|connectors?|heads?|tokenizers?|routers?|"
                   r"embeddings?|modules?|draft\s+models?|reward\s+models?|critics?|ViT|vision\s+towers?)\b")
_COMPONENT_AFTER = re.compile(r"[\s\-]*(?:[a-z]+[\s\-]+){0,2}?" + _COMPONENT_NOUN, re.IGNORECASE)
_COMPONENT_BEFORE = re.compile(r"\b" + _COMPONENT_NOUN + r"\s+(?:of|with|has|having|contains?|comprising)\s+"
                               r"(?:only\s+|about\s+|approximately\s+|just\s+)?$", re.IGNORECASE)


def _base_model(abstract: str, mentions: list[Mention], own: set[str]) -> str | None:
    """The known model the paper's own model is built on ("fine-tuned from Llama 2", "Qwen2.5-based",
    "uses Vicuna-13B as the language model"); not one that the sentence gives to other work ("Unlike prior
    systems based on GPT-4"). "distilled from DeepSeek-R1 into Qwen2.5-7B": the model distilled into."""
    for k, m in enumerate(mentions):
        if not m.known or m.key in own or m.base_key in own:
            continue
        before = abstract[max(0, m.start - 70):m.start]
        after = abstract[m.end:m.end + 40]
        if _BASE_CUE.search(before) or _BASE_AFTER.match(after):
            sent_start = abstract.rfind(". ", 0, m.start) + 1
            if _NOT_OURS_BEFORE.search(abstract, max(sent_start, m.start - 70), m.start):
                continue
            if re.search(r"distill\w*\s+from\s+\S*\s*$", before, re.IGNORECASE) and k + 1 < len(mentions):
                nxt = mentions[k + 1]
                if nxt.known and re.fullmatch(r"\s+into\s+(?:the\s+|a\s+)?", abstract[m.end:nxt.start]):
                    m = nxt
            return m.base_key if m.size_b is not None and m.base_key != m.key else m.key
    return None


def extract_text_results(record: PaperRecord, models: list[ExtractedModel], toks: list[Token] | None = None,
                         mentions: list[Mention] | None = None) -> list[ExtractedResult]:
    """Results stated in the abstract, one tokenisation shared with model extraction."""
    abstract = record.abstract
    if not _DIGIT.search(abstract):
        return []
    toks = toks if toks is not None else tokens(abstract)
    all_benches = find_benchmarks(toks)
    if not all_benches:
        return []
    mentions = mentions if mentions is not None else find_mentions(abstract, toks)
    intro = [m.key for m in models if m.role == "introduced"]
    # "it" / "our model" stands for the paper's model last named in an earlier sentence (Kimi-VL, then
    # Kimi-VL-Thinking), or for the paper's only model; with several and none named yet, for none
    default_model = intro[0] if len(set(intro)) == 1 else None
    own_names = [(name_pattern(m.name), m.key) for m in models if m.role == "introduced" and len(m.name) >= 3]
    known_keys = {m.key for m in models}
    results: list[ExtractedResult] = []
    seen: set[tuple] = set()
    ti = 0
    for s_start, s_end in sentence_bounds(abstract):
        while ti < len(toks) and toks[ti].start < s_start:
            ti += 1
        tj = ti
        while tj < len(toks) and toks[tj].start < s_end:
            tj += 1
        benches = all_benches[bisect_left(all_benches, ti, key=_TOK):bisect_left(all_benches, tj, key=_TOK)]
        if not benches or not _DIGIT.search(abstract, s_start, s_end):
            continue
        sent = abstract[s_start:s_end]
        sub = toks[ti:tj]
        local = [BenchMention(b.info, b.tok_start - ti, b.tok_end - ti) for b in benches]
        ms = mentions[bisect_left(mentions, ti, key=_TOK):bisect_left(mentions, tj, key=_TOK)]  # both sorted
        model_at = {m.tok_start - ti: m.key for m in ms}
        not_owner = {m.tok_start - ti for m in ms if _compared(abstract, m) or _backbone(abstract, m)}
        bench_toks = {k for b in local for k in range(b.tok_start, b.tok_end)}
        mention_toks = {k - ti for m in ms for k in range(m.tok_start, m.tok_end)}
        intro_names = {compact(m.name) for m in models if m.role == "introduced"}
        blockers = {k for k, t in enumerate(sub) if k not in bench_toks and k not in mention_toks
                    and _other_name(sub, k) and compact(t.text) not in intro_names
                    and not METRIC_TOKEN.match(t.text) and t.text.casefold() not in METRIC_WORDS}
        ours = bool(FIRST_PERSON.search(sent))
        if not intro and _METHOD_APPLIED.search(sent):
            continue  # "applying our method to Llama-3 gives 45%": a score of the method, not of the model
        for k_tok, key in _own_names(abstract, s_start, s_end, sub, own_names):
            model_at.setdefault(k_tok, key)  # "PubMedFoo achieves 73.4% on PubMedQA": the paper's model by name
        named_here = [model_at[k] for k in sorted(model_at) if model_at[k] in intro]
        for model, bench, metric, value, setting, via_default, printed in results_in_sentence(
                sub, local, model_at, default_model if ours else None, not_owner=not_owner, blockers=blockers):
            if model not in known_keys:
                continue
            if not intro and ours:
                continue
            value_n, metric, refused, rule = normalise_score(value, printed, metric, bench)
            if refused is not None:
                continue
            k = (model, bench.key, metric, setting)
            if k in seen:
                continue
            seen.add(k)
            results.append(ExtractedResult(
                model=model, benchmark=bench.key, metric=metric, value=value_n, setting=setting,
                source="abstract", self_reported=model in intro, confidence=0.6 if via_default else 0.75,
                value_raw=printed if value_n != value or "%" in printed else None,
                higher_is_better=higher_is_better(metric, bench), rule=rule,
                reason=f"{printed!r} on {bench.name}" + (" (the paper's model by default)" if via_default else "")))
        if named_here:
            default_model = named_here[-1]
    return results


def _own_names(text: str, start: int, end: int, sub: list[Token],
               own: list[tuple[re.Pattern[str], str]]) -> list[tuple[int, str]]:
    """Token positions (in ``sub``) where the paper's own models are named in ``text[start:end]``."""
    out = []
    for rx, key in own:
        for hit in rx.finditer(text, start, end):
            k = next((i for i, t in enumerate(sub) if t.start == hit.start()), None)
            if k is not None:
                out.append((k, key))
    return out


_COMPARED = re.compile(r"\b(?:outperform\w*|surpass\w*|than|compared (?:to|with)|versus|vs\.?|over|beat\w*|exceed\w*|"
                       r"rival\w*|match\w*|comparable to|such as|including|like|e\.g\.,?)\s+(?:the\s+|both\s+)?"
                       r"(?:[\w\-.]+\s+(?:and|or|,)\s+)?$", re.IGNORECASE)
_METHOD_APPLIED = re.compile(r"\b(?:appl(?:y|ied|ying)|when (?:used|combined)|equipped|integrat\w+|plugged|"
                             r"boost\w*|improv\w+|enhanc\w+|lift\w*|with our|using our)\b", re.IGNORECASE)


_BACKBONE_BEFORE = re.compile(r"\b(?:with|using|on|to|for|from|via|of|atop|upon|backbone|base model|"
                              r"models?|LLMs?|such as|e\.g\.,?|including|like|quantized|pruned|compressed|"
                              r"distilled|sparsified|merged|fine-?tuned)\s+(?:the\s+|a\s+|an\s+)?"
                              r"(?:[\w\-]+\s+){0,2}$", re.I)
_APPLIED_AFTER = re.compile(r"^\s*(?:\+|with|using|equipped with|augmented with|plus)\s+(?:our\s+)?[A-Z]"
                            r"|^\s*(?:as|serves as)\s+(?:the\s+|a\s+|our\s+)?(?:backbone|base|policy|teacher|judge)", re.I)


def _other_name(toks: list[Token], k: int) -> bool:
    """A name that is not a model we know ("DuSAR", "Goedel-Architect"): maybe the real owner of a score."""
    t = toks[k]
    if name_like(t.text):
        return True
    return k > 0 and t.text[:1].isupper() and k + 1 < len(toks) and toks[k + 1].sep == "-" \
        and toks[k + 1].text[:1].isupper() and t.sep != "-"


def _backbone(text: str, m: Mention) -> bool:
    """A model a method is applied to or evaluated on ("with Llama 3 8B, X achieves", "Qwen2.5-7B with SLOT")."""
    return bool(_BACKBONE_BEFORE.search(text[max(0, m.start - 30):m.start])
                or _APPLIED_AFTER.match(text[m.end:m.end + 30])
                or text[max(0, m.start - 1):m.start] == "(" and text[m.end:m.end + 1] == ")")  # "(Llama3.1-70B)"


def _compared(text: str, m: Mention) -> bool:
    """Is this mention a baseline the sentence compares against ("outperforms GPT-4o")?"""
    return bool(_COMPARED.search(text[max(0, m.start - 60):m.start]))


_TOK = attrgetter("tok_start")
MAX_TEXT_CHARS = 20_000
"""Extraction reads at most this many characters of an abstract (and of a title): real abstracts are under
4,000 (arXiv caps them near 1,920), so only broken or hostile input is cut, and the work per paper is bounded."""


def _cap(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, at the last sentence end (else word end) before the cut."""
    if not limit or len(text) <= limit:
        return text
    cut = text.rfind(". ", limit // 2, limit)
    if cut < 0:
        cut = text.rfind(" ", limit // 2, limit)
    return text[:cut + 1 if cut >= 0 else limit].rstrip()


@lru_cache(maxsize=4096)
def _macro_name(word: str) -> str | None:
    """The listed model a LaTeX macro spells ("\\chinchilla" -> "Chinchilla"), else None. Names that need a suffix
    ("Phi", "Pi") are never taken from a bare macro."""
    c = compact(word)
    info = model_table().by_compact.get(c)
    if info is None or c in {compact(w) for w in word_lists()["always_needs_suffix"]}:
        return None
    return info.name if compact(info.name) == c else None


def _untexed(record: PaperRecord) -> PaperRecord:
    """The record with LaTeX name markup in the abstract resolved ("\\textsc{Foo}", "{\\sc Foo}", "\\foo"). The
    title keeps its LaTeX markup: a title with markup reads as a sentence ("SAEs $\\textit{Can}$ Improve ..."), not a
    name; its TeX accents are resolved ("Moir\\'eNet")."""
    if "\\" not in record.abstract and "\\" not in record.title:
        return record
    return record.model_copy(update={"abstract": untex(record.abstract, _macro_name),
                                     "title": untex_accents(record.title)})


def _capped(record: PaperRecord, limit: int) -> PaperRecord:
    """The record as extraction reads it: over-long text cut (with a warning), everything else as is."""
    if not limit or len(record.abstract) <= limit and len(record.title) <= limit:
        return record
    log.warning("%s: abstract of %d and title of %d characters; extraction reads only the first %d of each",
                record.arxiv_id, len(record.abstract), len(record.title), limit)
    return record.model_copy(update={"abstract": _cap(record.abstract, limit), "title": _cap(record.title, limit)})


_PLAIN_WORD = re.compile(r"[A-Z][a-z]+|[A-Z]{2,6}s?")


@lru_cache(maxsize=1)
def _ambiguous_names() -> frozenset[str]:
    """Listed names that are also common words or reused acronyms (words.yaml ``ambiguous``)."""
    return frozenset(compact(w) for w in word_lists()["ambiguous"])


_SHORT_NAME = re.compile(r"[A-Za-z]{2,7}")  # "MoCo", "Kosmos", "SPARK": short names many papers reuse
_RELEASE_WINDOW = (-60, 200)
"""Days from a model's curated release date to its introducing paper: technical reports appear within weeks."""


def _not_a_release(record: PaperRecord, introduced: list[Mention]) -> list[Mention]:
    """Known models the paper cannot be introducing: a bare family name ("Llama"); a model whose dated release
    is far from the paper's date ("we adopt Qwen2.5 as the backbone" in 2025); a listed model named by a plain
    word with no dated fact ("MoCo: Motion-Consistent Human Video Generation", "Chameleon: A Data-mixing
    Framework"), which is taken as a new model of the same name (its key is then paper-scoped)."""
    table = model_table()
    out = []
    for m in introduced:
        if not m.known and m.info is None and m.key in table.versions:
            # "Momentum Contrast (MoCo)": a listed name the text spells out is the listed model, under the same
            # checks as any listed name (a plain-word name with no dated fact is still taken as a new one)
            m.info, m.known, m.family = table.versions[m.key], True, table.versions[m.key].family
        info = m.info
        if m.known and info is not None:
            if info.key in table.family_entries and info.key not in table.versions and m.key == info.key:
                m.introduced = False
                continue
            fact = access_fact(m.key)
            when = record.published or record.updated
            reusable = bool(_SHORT_NAME.fullmatch(m.surface) or compact(m.surface) in _ambiguous_names())
            if fact is not None and fact.since and when is not None:
                try:
                    days = (when - date.fromisoformat(fact.since[:10] if len(fact.since) >= 10
                                                      else fact.since + "-01")).days
                except ValueError:
                    days = 0
                if not _RELEASE_WINDOW[0] <= days <= _RELEASE_WINDOW[1]:
                    if not reusable:
                        m.introduced = False
                        continue
                    # "MoCo: Motion-Consistent ..." in 2025: a short name reused years after the dated release
                    m.info, m.known, m.family, m.rule = None, False, None, "name-collision"
            elif (fact is None or not fact.since) and reusable:
                m.info, m.known, m.family, m.rule = None, False, None, "name-collision"
        out.append(m)
    return out


def scoped_key(m: Mention, arxiv_id: str) -> str | None:
    """The paper-scoped key of a new model whose name is a plain word or a short acronym ("PRISM", "Sage",
    "HAD"): many unrelated papers give their models such names, so the key carries the paper's id
    ("prism-2503.01234") and unrelated models never share it. None for a distinctive name ("FooLM-7B",
    "MoCo", "VideoLLaMA3"), which keeps its global key."""
    if m.rule == "name-collision":
        return f"{m.key}-{arxiv_id}"  # a listed model's short name reused for a new model
    if m.known or m.size_b is not None or not _PLAIN_WORD.fullmatch(m.surface):
        return None
    return f"{m.key}-{arxiv_id}"


_OWN_VARIANT = re.compile(r"^(?:thinking|instruct|chat|base|reasoning|it|sft|rl|dpo|preview|vision|vl|coder|math|"
                          r"\d+(?:\.\d+)?[bmt]|a\d+(?:\.\d+)?b)$")


def _own_variants(introduced: list[Mention], mentions: list[Mention]) -> list[Mention]:
    """The paper's model's own tunings and sizes ("Kimi-VL-Thinking", "Kimi-VL-A3B" beside Kimi-VL) are
    introduced with it, each under its own key, so their scores stay theirs."""
    keys = {m.key for m in introduced}
    out = list(introduced)
    for m in mentions:
        if m.introduced or m.key in keys:
            continue
        if any(m.key.startswith(k + "-") and all(_OWN_VARIANT.match(p) for p in m.key[len(k) + 1:].split("-"))
               for k in keys):
            m.introduced = True
            m.rule = m.rule or "own-variant"
            keys.add(m.key)
            out.append(m)
    return out


def _scope_ambiguous_keys(arxiv_id: str, introduced: list[Mention], mentions: list[Mention]) -> None:
    renames = {m.key: k for m in introduced if (k := scoped_key(m, arxiv_id)) is not None}
    if not renames:
        return
    for m in [*introduced, *mentions]:
        if m.key in renames:
            m.rule = "paper-scoped-key"
            m.key = renames[m.key]
        m.base_key = renames.get(m.base_key, m.base_key)


def extract_paper(record: PaperRecord, pdf: PdfDocument | None = None, *,
                  max_chars: int = MAX_TEXT_CHARS) -> PaperExtraction:
    """Models, results, benchmarks and organisations of one paper (text always, PDF tables when given).

    ``max_chars``: the cap on the text read per paper (0 lifts it; benchmarks only)."""
    record = _untexed(_capped(record, max_chars))
    toks = tokens(record.abstract)
    explain: list[tuple[str, bool, str, str]] = []
    introduced, mentions = extract_text_models(record.title, record.abstract, toks, explain)
    introduced = _not_a_release(record, introduced)
    _scope_ambiguous_keys(record.arxiv_id, introduced, mentions)
    introduced = _own_variants(introduced, mentions)
    models = _models_to_entities(record, introduced, mentions)
    results = extract_text_results(record, models, toks, mentions)
    more, new_benchmarks = abstract_results(record, models, mentions, results)  # the abstract_scores rules
    results.extend(more)
    front_orgs = None
    if pdf is not None:
        try:  # the title page and full text: own models, sizes, openness, developer, organisations
            from tracker.extract.ownmodels import apply_full_text

            front_orgs = apply_full_text(record, pdf, models)
        except Exception:  # noqa: BLE001 - a strange PDF never loses the abstract's facts
            log.exception("full-text front matter failed for %s", record.arxiv_id)
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
    benchmarks += [b for b in new_benchmarks if b.key not in by_key and b.key in bench_keys]
    organizations = []
    if extract_organizations is not None:
        try:
            organizations = list(extract_organizations(record, pdf, models, front=front_orgs))
        except Exception:  # noqa: BLE001 - organisations are a separate extractor; keep the rest
            log.exception("organisation extraction failed for %s", record.arxiv_id)
    countries = sorted({o.country for o in organizations if o.country})
    decisions = [Decision(candidate=c, accepted=ok, rule=rule, reason=why) for c, ok, rule, why in explain]
    decisions += [Decision(candidate=f"{m.name} [{m.key}]", accepted=True, rule=f"access:{m.rule}",
                           reason=f"{m.role}; {m.accessibility}: {m.reason or ''}") for m in models if m.source == "abstract"]
    decisions += [Decision(candidate=f"{r.model} {r.benchmark} {r.value_raw or r.value}", kind="result", accepted=True,
                           rule=r.rule or "result", reason=r.reason or "") for r in results if r.source == "abstract"]
    return PaperExtraction(arxiv_id=record.arxiv_id, models=models, results=results, benchmarks=benchmarks,
                           organizations=organizations, countries=countries, decisions=decisions)


def explain_text(extraction: PaperExtraction) -> str:
    """The rules' verdicts on one paper as text, one candidate a line (``sotagraph extract --explain``)."""
    lines = [f"# {extraction.arxiv_id}"]
    for d in extraction.decisions:
        mark = "+" if d.accepted else "-"
        lines.append(f"{mark} {d.kind:<6} {d.candidate:<40} [{d.rule}] {d.reason}")
    for m in extraction.models:
        if m.source != "abstract":
            lines.append(f"+ model  {m.name + ' [' + m.key + ']':<40} [{m.source}] {m.role}, {m.accessibility}")
    return "\n".join(lines)
