"""The single extraction hook the pipeline calls: one paper (and its PDF, when fetched) in,
one :class:`PaperExtraction` out. Pure: no network, no store."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from tracker.entities import ExtractedBenchmark, ExtractedModel, ExtractedResult, PaperExtraction
from tracker.extract.models import Mention, derivative_base, find_mentions, introduced_models, name_like
from tracker.extract.params import PARAM_PHRASE, param_mentions
from tracker.extract.results import (
    FIRST_PERSON,
    METRIC_TOKEN,
    METRIC_WORDS,
    BenchMention,
    find_benchmarks,
    results_in_sentence,
)
from tracker.extract.text import Token, sentence_bounds, tokens
from tracker.knowledge import benchmarks_by_key, compact, model_table
from tracker.records import PaperRecord

if TYPE_CHECKING:
    from tracker.pdf.reader import PdfDocument

log = logging.getLogger(__name__)

try:  # written by the issue-5 helper; extraction works without it
    from tracker.extract.affiliations import extract_organizations
except ImportError:  # pragma: no cover - depends on the other module being present
    extract_organizations = None  # type: ignore[assignment]

# "is made publicly available", "have been released", "will be open-sourced"
_MADE_AVAILABLE = (r"(?:is|are|will be|(?:has |have )?(?:all )?been)\s+(?:made\s+)?(?:publicly |freely |openly |fully )?"
                   r"(?:available|released|open[- ]sourced?)")
_OPEN_CUES = re.compile(
    r"\b(?:releas|open[- ]sourc)\w*\s+(?:(?:publicly|freely|openly)\s+)?(?:(?:the|our|all|both|its)\s+)?"
    r"(?:[\w\-.]+\s+){0,3}?(?:models?|weights|checkpoints|llms?|code and (?:models?|weights))\b"
    r"|\b(?:mak\w*|made)\s+(?:the|our|all|both|its)\s+(?:[\w\-.]+\s+){0,3}?(?:models?|weights|checkpoints|llms?)"
    r"\s+(?:publicly |freely |openly )?available\b"
    rf"|\bopen[- ]weights?\b|(?:models?|weights|checkpoints|code and models?)\s+{_MADE_AVAILABLE}"
    r"|huggingface\.co|hugging ?face\b|apache[- ]?2\.0|\bmit licen|cc[- ]by|openly available|publicly available (?:at|on)",
    re.IGNORECASE)
_CLOSED_CUES = re.compile(r"\bvia (?:an |our )?api\b|\bproprietary\b|closed[- ]source", re.IGNORECASE)
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
_CODE_CUES = re.compile(
    rf"\b(?:(?:source )?codes?|implementations?|repositor(?:y|ies))\b[^.]{{0,80}}?\b(?:{_MADE_AVAILABLE}|at\s+(?:this\s+)?https?\b)"
    r"|\bgithub\.com/|\b(?:code|project page)\s*(?:is\s+)?:\s*(?:this\s+)?https?\b",
    re.IGNORECASE)


def _released_by_name(text: str, names: list[str]) -> bool:
    """ "We release ONE-PEACE, a ...", "FooLM is open-sourced": the paper releases its own model by name."""
    for name in names:
        n = re.escape(name)
        if re.search(rf"\b(?:releas|open[- ]sourc)\w*\s+(?:the\s+|our\s+)?{n}\b|(?<![\w-]){n}\s+{_MADE_AVAILABLE}",
                     text, re.IGNORECASE):
            return True
    return False


def _accessibility(text: str, names: list[str] | None = None) -> tuple[str, str | None]:
    licence = next((name for name, rx in _LICENSES if rx.search(text)), None)
    if _OPEN_CUES.search(text) or licence or _released_by_name(text, names or []):
        return "open_weights", licence
    if _CLOSED_CUES.search(text):
        return "api", licence
    if _CODE_CUES.search(text):
        return "open_weights", licence
    return "unknown", licence


def extract_text_models(title: str, abstract: str, toks: list[Token] | None = None) -> tuple[list[Mention], list[Mention]]:
    """(introduced, all mentions in the abstract) from title and abstract."""
    toks = toks if toks is not None else tokens(abstract)
    mentions = find_mentions(abstract, toks)
    introduced = introduced_models(title, abstract, toks, mentions)
    return introduced, mentions


def _models_to_entities(record: PaperRecord, introduced: list[Mention], mentions: list[Mention]) -> list[ExtractedModel]:
    text = f"{record.title}. {record.abstract}"
    access, licence = ("unknown", None)
    if introduced:
        access, licence = _accessibility(text + " " + (record.comment or ""), [m.surface for m in introduced])
    params = _own_param_counts(text, len(record.title) + 2, introduced, mentions) if introduced else []
    totals = [v for v, _, active in params if not active]
    table = model_table()
    out: dict[str, ExtractedModel] = {}
    intro_keys = {m.key for m in introduced}
    intro_bases = {m.base_key for m in introduced}
    stems = {b for b in intro_bases if not any(o != b and b.startswith(o + "-") for o in intro_bases)}
    base_key = _base_model(record.abstract, mentions, intro_keys | intro_bases) if introduced else None
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
        if role == "introduced" and (info is None or derived_from is not None or not _listed(info.key)):
            acc = access
            release = info is not None and derived_from is None and info.family in table.families
            if acc == "unknown" and release:
                acc = info.access  # type: ignore[union-attr]
            # a derivative ("YOLOv11-RGBT") is not the family developer's model
            developer = info.developer if release and info is not None else None
        elif role == "introduced":
            acc = access if access != "unknown" else info.access  # type: ignore[union-attr]
            developer = info.developer if info is not None else None
        else:
            acc = info.access if info is not None and derived_from is None else "unknown"
            developer = info.developer if info is not None and derived_from is None else None
        base = None
        if role == "introduced":
            base = derived_from or (base_key if base_key and base_key != m.key and base_key != m.base_key else None)
        out[m.key] = ExtractedModel(
            name=m.surface, key=m.key, role=role, family=(info.family if info else m.base_key),
            params_b=params_b, accessibility=acc, is_open=acc == "open_weights",
            aliases=[a for a in m.aliases if a != m.surface] if role == "introduced" else [],
            base_model=base, developer=developer,
            license=licence if role == "introduced" else (info.license if info else None),
            source="abstract", confidence=0.8 if (m.known or role == "introduced") else 0.5,
        )
    return list(out.values())


_LISTED: set[str] = set()


def _listed(key: str) -> bool:
    if not _LISTED:
        _LISTED.update(info.key for info in model_table().by_compact.values())
    return key in _LISTED


_COMPARED_COUNT = re.compile(r"\b(?:than|compared|versus|vs\.?|outperform\w*|surpass\w*|match\w*|rival\w*|"
                             r"such as|like|including|exceed\w*)\b[^.;]{0,40}$", re.IGNORECASE)
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
        if _COMPARED_COUNT.search(text, max(sent_start, pos - 60), pos):
            continue
        if any(sent_start <= s and e <= pos and _OWNER_GAP.fullmatch(text, e, pos) for s, e in others):
            continue
        phrase = PARAM_PHRASE.match(text, pos)
        end = phrase.end() if phrase else pos
        if any(end <= s and re.fullmatch(r"[\s\-]*(?:model\s+)?", text[end:s]) for s, _ in others):
            continue  # "a 4-billion parameter ViT"
        out.append((value, pos, active))
    return out


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
    default_model = intro[0] if intro else None
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
        benches = [b for b in all_benches if ti <= b.tok_start < tj]
        if not benches or not _DIGIT.search(abstract, s_start, s_end):
            continue
        sent = abstract[s_start:s_end]
        sub = toks[ti:tj]
        local = [BenchMention(b.info, b.tok_start - ti, b.tok_end - ti) for b in benches]
        ms = [m for m in mentions if ti <= m.tok_start < tj]
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
        for model, bench, metric, value, setting, via_default in results_in_sentence(
                sub, local, model_at, default_model if ours else None, not_owner=not_owner, blockers=blockers):
            if model not in known_keys:
                continue
            if not intro and ours:
                continue
            k = (model, bench.key, metric, setting)
            if k in seen:
                continue
            seen.add(k)
            results.append(ExtractedResult(
                model=model, benchmark=bench.key, metric=metric, value=value, setting=setting,
                source="abstract", self_reported=model in intro, confidence=0.6 if via_default else 0.75))
    return results


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


def extract_paper(record: PaperRecord, pdf: PdfDocument | None = None) -> PaperExtraction:
    """Models, results, benchmarks and organisations of one paper (text always, PDF tables when given)."""
    toks = tokens(record.abstract)
    introduced, mentions = extract_text_models(record.title, record.abstract, toks)
    models = _models_to_entities(record, introduced, mentions)
    results = extract_text_results(record, models, toks, mentions)
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
