"""Organisations (and so countries) of a paper, each with its source and confidence.

Sources, in order of trust, each a pure function:
1. :func:`from_arxiv_affiliations` - the affiliation strings arXiv itself carries per author;
2. :func:`from_pdf_first_page` - the affiliation block of the PDF's first page: numbered or symbol
   footnotes and per-author blocks tie authors to institutions (author positions), plus email
   domains (:func:`from_emails`);
3. :func:`from_links` - code/model hub accounts in the abstract or comment (``github.com/deepseek-ai``,
   ``huggingface.co/Qwen``) through ``knowledge/hubs.yaml``;
4. :func:`from_model_developers` - the developer of a model the paper introduces.
Sources 3 and 4 only speak when 1-2 resolved nothing: a link or a model name can also point at
someone else's work, a title page cannot. Strings that do not resolve are kept with ``key=None``
(for review); their country is set only when the string itself names one.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.entities import ExtractedModel, ExtractedOrganization
from tracker.knowledge.labs import load_email_domains, load_hubs
from tracker.orgs.matcher import Matcher, MatchResult, default_matcher
from tracker.records import PaperRecord

if TYPE_CHECKING:
    from tracker.pdf.reader import PdfDocument, PdfLine

log = logging.getLogger(__name__)

_TRUST = {"arxiv": 0, "pdf": 1, "email": 2, "link": 3, "comment": 4, "model_developer": 5}
_MARKERS = "†‡§¶♦♣♠♥♢♡∗*□⋄◇⋆★♮♯‖#"
_MARKER_SPLIT = re.compile(rf"(?:(?<=^)|(?<=[,;\s]))([{re.escape(_MARKERS)}]|\d{{1,2}}|[a-e](?=[A-Z]))\s*(?=[A-Z])")
_EMAIL = re.compile(r"(?:\{[^{}]{1,300}\}|[\w.+\-]+)\s*@\s*([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)")
_HUB_LINK = re.compile(r"(?:https?://)?(?:www\.)?(github\.com|huggingface\.co)/(?:(?:datasets|spaces|models)/)?"
                       r"([A-Za-z0-9][A-Za-z0-9_.\-]*)", re.IGNORECASE)
_STOP_HEAD = re.compile(r"^(a\s?b\s?s\s?t\s?r\s?a\s?c\s?t\b|abstract\b|summary\b|keywords\b|index terms\b|"
                        r"ccs concepts\b|(\d|i)\.?\s*introduction\b|introduction\b)", re.IGNORECASE)
# a row of link labels under the title ("GitHub  HuggingFace  ModelBlog"), not an affiliation
_LINK_LABELS = re.compile(r"(?i)^(?:(?:github|hugging\s?face|modelscope|model\s?blog|blog|demo|code|website|homepage|"
                          r"project page|paper|models?|datasets?|twitter|discord|wechat|api|chat)\s*[:|•·]?\s*)+$")
_GENERIC_TLDS = {"io", "ai", "co", "me", "tv", "cc", "ly", "to", "fm", "gg", "sh", "so", "ws", "app", "dev"}
_TLD_COUNTRY_FIX = {"uk": "GB"}


def _fold(text: str) -> str:
    """Case and accents folded; PDF spacing accents ('Teˇsanovi´c') dropped so names compare."""
    text = "".join(c for c in text if unicodedata.category(c) != "Sk" and not 0x2B0 <= ord(c) <= 0x2FF)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _org(res: MatchResult, name: str, source: str, confidence: float, authors: Iterable[int] = ()) -> \
        ExtractedOrganization:
    return ExtractedOrganization(name=res.name or name, key=res.key, country=res.country, type=res.type,
                                 ror_id=res.ror_id, source=source,  # type: ignore[arg-type]
                                 confidence=round(confidence, 3), authors=sorted(set(authors)))


def _resolve(text: str, source: str, matcher: Matcher, authors: Iterable[int] = (),
             weight: float = 1.0) -> list[ExtractedOrganization]:
    out = []
    for res in matcher.match_all(text):
        if res.key is None and res.country is None and not _looks_like_org(res.text):
            continue
        conf = res.confidence * weight if res.key else 0.0
        out.append(_org(res, res.text.strip(" ,;"), source, conf, authors))
    return out


def _looks_like_org(text: str) -> bool:
    return bool(re.search(r"(?i)\b(univ|institut|college|academy|laborator|lab\b|school|research|inc\b|"
                          r"ltd\b|corp|company|gmbh|center|centre|hospital|foundation)", text))


# -- 1. arXiv's own affiliation fields -----------------------------------------------------------------
def from_arxiv_affiliations(record: PaperRecord, matcher: Matcher) -> list[ExtractedOrganization]:
    out: list[ExtractedOrganization] = []
    for pos, strings in enumerate(record.affiliations):
        for text in strings:
            if text and text.strip():
                out.extend(_resolve(text, "arxiv", matcher, [pos] if pos < len(record.authors) else []))
    return out


# -- 2. PDF first page ------------------------------------------------------------------------------------
def _author_patterns(authors: list[str]) -> list[tuple[int, re.Pattern[str]]]:
    pats = []
    for i, name in enumerate(authors):
        parts = [p for p in re.split(r"[\s.]+", _fold(name)) if p]
        if not parts:
            continue
        last = re.escape(parts[-1])
        first = re.escape(parts[0][0])
        pats.append((i, re.compile(rf"\b{first}[\w.\-]*(?:\s+[\w.\-]+){{0,3}}?\s+{last}(?![^\W\d_])")))
    return pats


def _is_prose(line: PdfLine, page_width: float) -> bool:
    words = line.text.split()
    if len(words) < 12 or (line.x1 - line.x0) < 0.45 * page_width:
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return lower / len(words) >= 0.5


_STAMP = re.compile(r"^(?:arXiv:\d{4}\.\d{4,5}|preprint\b|under review\b|published as\b|"
                    r"model card (?:published|update)|\d{4}-\d{1,2}-\d{1,2}$|"
                    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
                    r"\s+\d{1,2},?\s+\d{4}$)", re.IGNORECASE)


def _vertical(line: PdfLine) -> bool:
    """arXiv's rotated side stamp: a tall, narrow box."""
    return (line.y1 - line.y0) > 3 * max(line.size, 1.0) and (line.x1 - line.x0) < 2 * max(line.size, 1.0)


def header_lines(pdf: PdfDocument) -> list[PdfLine]:
    """Lines between the title and the abstract (or the first prose line) of page one, title excluded.

    The title is the run of lines in the largest font among the page's first lines; running heads,
    logos and dates printed above it, and the arXiv side stamp, are never part of the header."""
    if not pdf.pages or not pdf.pages[0].lines:
        return []
    page = pdf.pages[0]
    lines = sorted((ln for ln in page.lines if not _vertical(ln)), key=lambda ln: (round(ln.y0), ln.x0))
    head: list[PdfLine] = []
    for ln in lines:
        text = ln.text.strip()
        if _STOP_HEAD.match(text) or _is_prose(ln, page.width):
            break
        if ln.y0 > page.height * 0.6:
            break
        if _STAMP.match(text):
            continue
        head.append(ln)
    if not head:
        return []
    top_size = max(ln.size for ln in head[:10])
    if all(abs(ln.size - top_size) < 0.6 for ln in head):
        return head[1:]  # one font size throughout: only the first line can be told apart as the title
    title_idx = [i for i, ln in enumerate(head[:10]) if ln.size >= top_size - 0.6]
    return head[title_idx[-1] + 1:]


def _overlap(a: PdfLine, b: PdfLine) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1


def from_pdf_first_page(pdf: PdfDocument, authors: list[str], matcher: Matcher) -> list[ExtractedOrganization]:
    """Affiliations of the PDF's title page; author positions where markers or blocks show them."""
    lines = header_lines(pdf)
    if not lines:
        log.info("PDF first page: no affiliation block found (empty or garbage page); skipped")
        return []
    text = " ".join(ln.text for ln in lines)
    letters = [c for c in text if c.isalpha()]
    if letters and sum(1 for c in letters if c.isascii() or unicodedata.name(c, "").startswith("LATIN")) \
            < 0.5 * len(letters):
        log.info("PDF first page: affiliation block is not in Latin script; skipped")
        return []
    pats = _author_patterns(authors)
    # author names per line, and the markers that follow each name
    line_authors: dict[int, list[int]] = {}
    marker_authors: dict[str, set[int]] = {}
    for li, ln in enumerate(lines):
        folded = _fold(ln.text)
        hits = sorted((m.start(), m.end(), i) for i, p in pats for m in [p.search(folded)] if m)
        if not hits:
            continue
        line_authors[li] = [i for _, _, i in hits]
        for k, (_, end, i) in enumerate(hits):
            nxt = hits[k + 1][0] if k + 1 < len(hits) else len(folded)
            tail = folded[end:nxt]
            tail = re.split(r",\s*(?=[a-z]{2})|\s(?:and)\s", tail)[0]
            for mk in re.findall(rf"[{re.escape(_MARKERS)}]|\d{{1,2}}", tail):
                marker_authors.setdefault(mk, set()).add(i)
    out: list[ExtractedOrganization] = []
    author_line_ids = set(line_authors)
    pending: str | None = None
    pending_line = -1
    chunks: list[tuple[int, str | None, str]] = []  # (line index, marker, text)
    for li, ln in enumerate(lines):
        raw = ln.text.strip()
        if "@" in raw or raw.lower().startswith(("http", "www.")) or _LINK_LABELS.match(raw):
            continue
        if li in author_line_ids:
            # "NAME, Organisation, Country" (ACM style): keep what follows the names
            folded = _fold(raw)
            ends = [m.end() for _, p in pats for m in [p.search(folded)] if m]
            rest = raw[max(ends):].strip(" ,;*∗†‡") if ends else ""
            if rest and any(c.isalpha() for c in rest) and re.search(r"[a-z]", rest):
                chunks.append((li, None, rest))
            continue
        if pending is not None:
            raw = pending + " " + raw
            li_use = pending_line
            pending = None
        else:
            li_use = li
        if raw.endswith((",", "&", " and")):
            pending, pending_line = raw, li_use
            continue
        pieces = _MARKER_SPLIT.split(raw)
        if len(pieces) > 1:
            lead = pieces[0].strip(" ,")
            if lead:
                chunks.append((li_use, None, lead))
            for mk, body in zip(pieces[1::2], pieces[2::2], strict=False):
                chunks.append((li_use, mk, body.strip(" ,;")))
        else:
            chunks.append((li_use, None, raw))
    if pending:
        chunks.append((pending_line, None, pending))
    for li, mk, body in chunks:
        if not body:
            continue
        if mk is not None and mk in marker_authors:
            who = marker_authors[mk]
        elif li in line_authors:
            who = set(line_authors[li])
        else:
            who = _block_authors(lines, li, line_authors, {c[0] for c in chunks})
        found = _resolve(body, "pdf", matcher, who)
        # a bare location line ("Seattle, WA, USA") belongs to the organisation above it
        out.extend(o for o in found if o.key is not None or _looks_like_org(o.name))
    return out


def _block_authors(lines: list[PdfLine], li: int, line_authors: dict[int, list[int]],
                   org_lines: set[int]) -> set[int]:
    """Authors whose name lines sit above this org line in the same column, since the previous org line."""
    target = lines[li]
    who: set[int] = set()
    for j in range(li - 1, -1, -1):
        ln = lines[j]
        if not _overlap(ln, target):
            continue
        if j in line_authors:
            who.update(line_authors[j])
        elif j in org_lines and who:
            break
    return who


# -- email domains -------------------------------------------------------------------------------------------
def from_emails(text: str, matcher: Matcher) -> list[ExtractedOrganization]:
    domains, personal = load_email_domains()
    reg_domains = _registry_domains(matcher)
    out: list[ExtractedOrganization] = []
    seen: set[str] = set()
    for m in _EMAIL.finditer(text):
        domain = m.group(1).lower().rstrip(".")
        if domain in seen or domain in personal:
            continue
        seen.add(domain)
        key = _suffix_lookup(domain, domains) or _suffix_lookup(domain, reg_domains)
        if key and (entry := matcher.registry.get(key)):
            out.append(ExtractedOrganization(name=entry.name, key=key, country=entry.country, type=entry.type,
                                             ror_id=entry.ror_id, source="email", confidence=0.8))
            continue
        tld = domain.rsplit(".", 1)[-1]
        if len(tld) == 2 and tld not in _GENERIC_TLDS:
            out.append(ExtractedOrganization(name=domain, key=None, country=_TLD_COUNTRY_FIX.get(tld, tld.upper()),
                                             source="email", confidence=0.0))
    return out


def _suffix_lookup(domain: str, table: dict[str, str]) -> str | None:
    parts = domain.split(".")
    for i in range(len(parts) - 1):
        hit = table.get(".".join(parts[i:]))
        if hit:
            return hit
    return None


_REG_DOMAINS: dict[int, dict[str, str]] = {}


def _registry_domains(matcher: Matcher) -> dict[str, str]:
    """Domains that ROR (schema v2 ``domains``, v1 ``links``) gives for each organisation."""
    cached = _REG_DOMAINS.get(id(matcher))
    if cached is None:
        cached = {}
        for entry in matcher.registry.entries.values():
            for d in entry.domains:
                cached.setdefault(d, entry.key)
        _REG_DOMAINS[id(matcher)] = cached
    return cached


# -- 3. hub links ----------------------------------------------------------------------------------------------
def from_links(text: str, matcher: Matcher) -> list[ExtractedOrganization]:
    hubs = load_hubs()
    out: list[ExtractedOrganization] = []
    if ".co" not in (text or "").lower():
        return out  # every hub link has ".com/" or ".co/": most abstracts have none, and the scan is slow
    for m in _HUB_LINK.finditer(text or ""):
        host, account = m.group(1).lower(), m.group(2).lower().rstrip(".")
        key = hubs.get(host, {}).get(account)
        entry = matcher.registry.get(key) if key else None
        if entry is not None and all(o.key != key for o in out):
            out.append(ExtractedOrganization(name=entry.name, key=key, country=entry.country, type=entry.type,
                                             source="link", confidence=0.7))
    return out


# -- 4. developers of introduced models --------------------------------------------------------------------------
_INTRO_VERB = r"(?:introduc|present|releas|open-sourc|propos|unveil|report)\w*"


@lru_cache(maxsize=1)
def _curated_model_names() -> frozenset[str]:
    """Every model name/version/alias written in knowledge/models.yaml, folded."""
    import yaml  # local: only needed when model developers are consulted

    path = Path(__file__).resolve().parents[1] / "knowledge" / "models.yaml"
    if not path.exists():
        return frozenset()
    names: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("name", "versions", "aliases"):
                    for item in v if isinstance(v, list) else [v]:
                        if isinstance(item, str):
                            names.add(re.sub(r"[\s\-_]", "", item.casefold()))
                walk(v)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    return frozenset(names)


def _paper_introduces(model: ExtractedModel, title: str, abstract: str) -> bool:
    """The paper is the model's own release: its title opens with the name ('Gemma 3 Technical Report',
    'DeepSeek-V3: ...') or the abstract says 'we introduce/present/release <name>'. A model only used or
    fine-tuned (BERT, Mamba, ChatGPT in a review) says nothing about the authors' organisation."""
    known = _curated_model_names()
    if known and re.sub(r"[\s\-_]", "", model.name.casefold()) not in known:
        return False  # a derived name ('SAM2Matting', 'DINO-YOLO') is someone else's model built on a family
    name = re.escape(model.name)
    if re.match(rf"\s*{name}(?:\s+technical report|\s+report|\s*$)", title, re.IGNORECASE):
        return True
    # An unversioned family name ('EVA:', 'ALBERT:', 'XLM:') collides with other people's systems too
    # often; only a versioned release name ('DeepSeek-V3:', 'Qwen2.5-VL') ties the paper to the lab.
    if not re.search(r"\d", model.name):
        return False
    if re.match(rf"\s*{name}\s*:", title, re.IGNORECASE):
        return True
    return bool(re.search(rf"\bwe\s+{_INTRO_VERB}\s+(?:the\s+|our\s+)?{name}(?![\w\-])", abstract, re.IGNORECASE))


def from_model_developers(models: list[ExtractedModel], matcher: Matcher, title: str = "",
                          abstract: str = "") -> list[ExtractedOrganization]:
    out: list[ExtractedOrganization] = []
    for model in models:
        if model.role != "introduced" or not model.developer:
            continue
        if (title or abstract) and not _paper_introduces(model, title, abstract):
            continue
        entry = matcher.registry.get(model.developer)
        if entry is None:
            res = matcher.match(model.developer)
            entry = matcher.registry.get(res.key) if res.key else None
        if entry is not None and all(o.key != entry.key for o in out):
            out.append(ExtractedOrganization(name=entry.name, key=entry.key, country=entry.country,
                                             type=entry.type, source="model_developer",
                                             confidence=round(min(0.75, 0.5 + model.confidence / 2), 3)))
    return out


# -- combining -----------------------------------------------------------------------------------------------------
def merge_organizations(orgs: list[ExtractedOrganization]) -> list[ExtractedOrganization]:
    """One entry per resolved key (most trusted source kept, author positions united); unresolved by name."""
    merged: dict[str, ExtractedOrganization] = {}
    for org in sorted(orgs, key=lambda o: (_TRUST.get(o.source, 9), -o.confidence)):
        ident = org.key or f"?{org.name.casefold()}|{org.country}"
        if ident in merged:
            kept = merged[ident]
            kept.authors = sorted(set(kept.authors) | set(org.authors))
            continue
        merged[ident] = org.model_copy(deep=True)
    return list(merged.values())


def countries_of(orgs: list[ExtractedOrganization]) -> list[str]:
    """The paper's countries (sorted ISO codes) from every organisation that has one."""
    return sorted({o.country for o in orgs if o.country})


def extract_organizations(record: PaperRecord, pdf: PdfDocument | None, models: list[ExtractedModel],
                          matcher: Matcher | None = None,
                          front: list[ExtractedOrganization] | None = None) -> list[ExtractedOrganization]:
    """All organisations of a paper from every source (module docstring), merged and de-duplicated.

    ``front``: the PDF's title-page organisations already read (:mod:`tracker.extract.frontmatter`)."""
    matcher = matcher or default_matcher()
    found = from_arxiv_affiliations(record, matcher)
    if front is not None:
        found += front
    elif pdf is not None:
        try:
            found += from_pdf_first_page(pdf, record.authors, matcher)
            found += from_emails("\n".join(ln.text for ln in header_lines(pdf)) if pdf.pages else "", matcher)
        except Exception as exc:  # noqa: BLE001 - a strange page must not lose the paper's other sources
            log.warning("%s: PDF first page skipped (%s)", record.arxiv_id, exc)
    trusted = any(o.key for o in found)
    if not trusted:
        link_text = " ".join(filter(None, [record.abstract, record.comment]))
        if pdf is not None and pdf.pages:
            link_text += " " + "\n".join(ln.text for ln in header_lines(pdf))
        found += from_links(link_text, matcher)
        found += from_model_developers(models, matcher, record.title, record.abstract)
    return merge_organizations(found)
