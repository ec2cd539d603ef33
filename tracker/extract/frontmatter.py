"""A report's front matter from its PDF: authors as printed, team authors, organisations per author,
contributor lists at the end, and the developer organisation of the models the report introduces.

Used when the paper's record carries no author list (a bare PDF) or only a team name: the names are
read off the title page (comma lists with superscript markers, one name per line, or blocks), then
:func:`tracker.extract.affiliations.from_pdf_first_page` ties them to the organisations printed below
(markers, blocks, footnotes). Every organisation and the developer carry a ``why`` string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tracker.entities import ExtractedOrganization
from tracker.extract.affiliations import (
    _fold,
    from_emails,
    from_links,
    from_pdf_first_page,
    header_lines,
    merge_organizations,
)

if TYPE_CHECKING:
    from tracker.orgs.matcher import Matcher
    from tracker.pdf.reader import PdfDocument, PdfLine

_MARKS = "∗*†‡§¶⋆⋄♦♣♠♥♢♡□◇★#"
_MARK_RUN = re.compile(rf"[\d{re.escape(_MARKS)}]+$")
_NAME_WORD = re.compile(r"^(?:[A-Z][^\W\d_]*(?:[-'’ˇ´`¨][^\W\d_]*)*\.?|[A-Z]\.(?:-?[A-Z]\.)*|"
                        r"(?:de|van|von|der|den|la|le|da|di|del|du|bin|al|el|ter|dos|das))$")
_NOT_NAME = re.compile(r"(?i)\b(?:team|university|institute|lab|labs|laborator\w*|research|group|inc|ltd|ai|"
                       r"technical|report|model|models|card|system|abstract|introduction|corresponding|"
                       r"contribution|contributions|equal|github|hugging|huggingface|blog|http|www|department|"
                       r"school|college|center|centre|academy|foundation|corporation|company|technology|"
                       r"technologies|preprint|review|conference|google|microsoft|ibm|openai|nvidia|"
                       r"contributors|authors|list|full)\b")
_TEAM = re.compile(r"(?i)^(?:[\w@&.\- ]{0,40}\bteam\b[\w@&.,\- ]{0,40}|[A-Z][\w.\-]*-AI|[\w.\-]+-hilab|"
                   r"LLM-[\w]+ [A-Z]\w+)$")
_NOTE = re.compile(r"(?i)\b(?:equal contribution|corresponding author|contact|project lead|core contributor|"
                   r"full author list|see contributions|work done|listed in|alphabetical)\b")
_CONTRIB_HEAD = re.compile(r"(?i)^(?:(?:[A-Z]\.?|\d+(?:\.\d+)*)\s+)?(?:core contributors|contributors(?:\s*\(.*\))?|"
                           r"authors?|author list|contributions(?: and acknowledg(?:e)?ments)?|"
                           r"list of contributors)\s*$")
_POSSESSIVE = re.compile(r"\b([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,2})[’']s\s+(?:most\s+\w+|latest|newest|new|"
                         r"first|next[- ]generation|flagship|frontier|best)\b[^.]{0,40}?\bmodels?\b")


@dataclass
class FrontMatter:
    """What the title page (and a contributor list) says about who wrote the report."""

    authors: list[str] = field(default_factory=list)
    """Person (or team) authors in printed order; positions in ``organizations[*].authors`` index this."""
    team: str | None = None
    """A team author as printed ("Kimi Team", "DeepSeek-AI", "Qwen Team, Alibaba Group")."""
    organizations: list[ExtractedOrganization] = field(default_factory=list)
    developer: ExtractedOrganization | None = None
    why: list[str] = field(default_factory=list)


def _strip_marks(piece: str) -> tuple[str, str]:
    piece = piece.strip().rstrip(".")
    m = _MARK_RUN.search(piece)
    if m and m.start() > 0:
        return piece[:m.start()].strip(), m.group(0)
    return piece, ""


def person_name(text: str) -> bool:
    """ "Damai Dai", "Z.Z. Ren", "Maximilien de Bayser": 2-5 capitalised words, no organisation words."""
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 45 or _NOT_NAME.search(text):
        return False
    return all(_NAME_WORD.match(w) for w in words) and any(len(w.strip('.')) > 1 for w in words)


def _line_pieces(text: str) -> list[str]:
    return [p for p in re.split(r",\s*|\s+and\s+|;\s*", text) if p.strip()]


def parse_author_lines(lines: list[PdfLine]) -> tuple[list[str], set[int]]:
    """Author names in printed order from header lines, and the indexes of the lines that hold them.

    A line counts when most of its comma pieces are person names; a name broken over two lines
    ("Yu" / "Cao1, ...") is joined again."""
    names: list[str] = []
    used: set[int] = set()
    carry = ""
    # the PDF's own block order is the printed reading order (a name block under another in one column
    # comes before the next column); rows of a comma list stay in order inside their block
    order = sorted(range(len(lines)), key=lambda k: (lines[k].block, lines[k].y0, lines[k].x0))
    for i in order:
        ln = lines[i]
        raw = ln.text.strip()
        if "@" in raw or "http" in raw or _NOTE.search(raw):
            continue
        pieces = _line_pieces(raw)
        if carry and pieces:
            pieces[0] = carry + " " + pieces[0]
            carry = ""
        cleaned = []
        for p in pieces:
            p = re.sub(rf"^[\d{re.escape(_MARKS)}\s]+(?=[A-Z])", "", p.strip())
            name, marks = _strip_marks(p)
            if not name and marks:
                continue  # "1,2": the markers of the name before
            cleaned.append(name)
        if not cleaned:
            continue
        good = [c for c in cleaned if person_name(c)]
        last_single = (not raw.rstrip().endswith((",", "and")) and len(cleaned) >= 3
                       and len(cleaned[-1].split()) == 1 and re.match(r"^[A-Z][a-z]+$", cleaned[-1]))
        if last_single:
            carry = cleaned[-1]
        if len(good) >= max(1, (len(cleaned) - (1 if last_single else 0)) * 0.6):
            names.extend(good)
            used.add(i)
        elif person_name(cleaned[0]) and _NOT_NAME.search(" ".join(cleaned[1:])):
            names.append(cleaned[0])  # "TAL AUGUST, University of Washington, USA" (ACM style)
            used.add(i)
            carry = ""
        else:
            carry = ""
    return names, used


def _team_line(lines: list[PdfLine], author_lines: set[int]) -> tuple[int, str] | None:
    for i, ln in enumerate(lines):
        text = re.sub(rf"[{re.escape(_MARKS)}\d]+$", "", ln.text.strip()).strip(" ,")
        if i in author_lines or not text or "@" in text or "http" in text or _NOTE.search(text):
            continue
        if _TEAM.match(text) and len(text.split()) <= 8:
            return i, text
    return None


def contributor_names(pdf: PdfDocument, start_page: int = 1) -> list[str]:
    """Names listed under a "Contributors" / "Authors" heading in the report's back matter."""
    names: list[str] = []
    for page in pdf.pages[max(start_page, len(pdf.pages) // 2):]:
        lines = page.lines
        for i, ln in enumerate(lines):
            if not _CONTRIB_HEAD.match(ln.text.strip()):
                continue
            block = []
            for nxt in lines[i + 1:i + 120]:
                t = nxt.text.strip()
                if re.match(r"(?i)^(?:references|bibliography|appendix|acknowledg)", t):
                    break
                block.append(nxt)
            found, _ = parse_author_lines(block)
            names.extend(n for n in found if n not in names)
    return names


def _pick_developer(orgs: list[ExtractedOrganization], team_org_keys: list[str]) -> \
        tuple[ExtractedOrganization, str] | None:
    resolved = [o for o in orgs if o.key]
    if not resolved:
        return None
    for key in team_org_keys:
        for o in resolved:
            if o.key == key:
                return o, "team author on the title page"
    pdf_orgs = [o for o in resolved if o.source == "pdf"]
    if pdf_orgs:
        best = max(pdf_orgs, key=lambda o: (len(o.authors), -pdf_orgs.index(o)))
        if len(pdf_orgs) == 1:
            return best, "the only organisation printed on the title page"
        return best, f"title-page organisation with the most authors ({len(best.authors)})"
    best = resolved[0]
    return best, f"title page {best.source} ({best.name})"


def read_front_matter(pdf: PdfDocument, matcher: Matcher, record_authors: list[str] | None = None,
                      title: str = "") -> FrontMatter:
    """Authors, team, organisations (with author positions) and developer from the PDF (module docstring)."""
    fm = FrontMatter()
    lines = header_lines(pdf)
    names, author_lines = parse_author_lines(lines)
    team = _team_line(lines, author_lines)
    if record_authors:  # positions must index the paper's own author list (AUTHORED.position)
        authors = list(record_authors)
        fm.why.append("authors from the paper record")
    elif names:
        authors = names
        fm.why.append(f"{len(names)} authors read off the title page")
    else:
        authors = []
    if team:
        fm.team = team[1]
        if not authors:
            authors = [team[1]]
            fm.why.append(f"team author '{team[1]}'")
    fm.authors = authors
    team_idx = [i for i, a in enumerate(authors) if _is_team_name(a, team[1] if team else None)]
    # team authors ("DeepSeek-AI") are matched as organisations, not as names; blanks keep the positions
    person_authors = ["" if i in team_idx else a for i, a in enumerate(authors)]
    n_people = len(authors) - len(team_idx)
    orgs = from_pdf_first_page(pdf, person_authors, matcher) if lines else []
    title_c = re.sub(r"\W+", "", _fold(title))
    kept = []
    for o in orgs:
        c = re.sub(r"\W+", "", _fold(o.name))
        if o.key is None and c and title_c and c in title_c:
            continue  # a title fragment is never an organisation
        o.why = _why_pdf(o, team)  # type: ignore[attr-defined]
        kept.append(o)
    pdf_keys = {o.key for o in kept if o.key and o.source == "pdf"}
    if len(pdf_keys) == 1 and n_people and not any(o.key is None and o.country for o in kept):
        team_orgs = {r.key for r in matcher.match_all(team[1])} if team else set()
        for o in kept:  # one organisation on the title page: every author printed is printed with it
            if o.key in pdf_keys:
                people = {i for i in range(len(authors)) if i not in team_idx}
                o.authors = sorted(people | (set(team_idx) if o.key in team_orgs else set()))
                o.why = f"the only organisation on the title page, under all {n_people} authors"
    header_text = "\n".join(ln.text for ln in lines)
    for o in from_emails(header_text, matcher):
        o.why = f"email domain on the title page ({o.name})"
        kept.append(o)
    team_keys: list[str] = []
    if team:
        team_keys = [r.key for r in matcher.match_all(team[1]) if r.key]
        for o in kept:
            if o.key in team_keys and team_idx:
                o.authors = sorted(set(o.authors) | set(team_idx))
    if not any(o.key for o in kept):
        extra = _fallback_orgs(pdf, matcher, header_text)
        kept.extend(extra)
    fm.organizations = merge_organizations(kept)
    picked = _pick_developer(kept, team_keys)
    if picked:
        org, why = picked
        fm.developer = org
        fm.why.append(f"developer {org.key}: {why}")
    if len(authors) <= 1:
        contrib = contributor_names(pdf)
        if contrib:
            fm.why.append(f"{len(contrib)} names in the contributor list")
            if not names:
                fm.authors = contrib if not team else [team[1], *contrib]
    return fm


def _is_team_name(author: str, team: str | None) -> bool:
    """ "DeepSeek-AI", "Kimi Team", "Qwen Team, Alibaba Group": an author that is a team, not a person."""
    if team and re.sub(r"\W+", "", author.casefold()) == re.sub(r"\W+", "", team.casefold()):
        return True
    return bool(_TEAM.match(author.strip())) and not person_name(author)


def _why_pdf(o: ExtractedOrganization, team: tuple[int, str] | None) -> str:
    if team and o.key and o.name and (o.authors == [] or o.authors == [0]) and o.source == "pdf":
        return f"team author line '{team[1]}'"
    if o.authors:
        return f"title-page affiliation of authors {o.authors[:8]}{'...' if len(o.authors) > 8 else ''}"
    return "title-page affiliation line"


def _fallback_orgs(pdf: PdfDocument, matcher: Matcher, header_text: str) -> list[ExtractedOrganization]:
    """No organisation in the header: "<Org>'s most advanced model" on the first pages (model cards), then
    hub accounts linked on the title page."""
    out: list[ExtractedOrganization] = []
    text = "\n".join(p.text for p in pdf.pages[:2])
    if not re.search(r"(?i)\b(?:model|system) card\b|\btechnical report\b", text[:3000]):
        first = pdf.pages[0].text if pdf.pages else ""
        for o in from_links(header_text + "\n" + first, matcher):  # an ordinary paper: only its own hub links
            o.why = f"hub account linked on the title page ({o.name})"
            return [o]
        return out
    # a model or system card names no affiliation: the company it calls the owner
    for m in _POSSESSIVE.finditer(text):
        res = matcher.match(m.group(1))
        entry = matcher.registry.get(res.key) if res.key else None
        if entry is not None and entry.curated:
            out.append(ExtractedOrganization(name=entry.name, key=entry.key, country=entry.country, type=entry.type,
                                             source="pdf", confidence=0.7,
                                             why=f"'{m.group(0)[:60]}' on the first pages"))
            break
    if not out:  # a model card: the curated company its first pages name most often as owner ("Google's")
        counts: dict[str, int] = {}
        for m in re.finditer(r"\b([A-Z][\w.\-]+)[’']s\b", "\n".join(p.text for p in pdf.pages[:3])):
            res = matcher.match(m.group(1))
            entry = matcher.registry.get(res.key) if res.key else None
            if entry is not None and entry.curated and entry.type == "company":
                counts[entry.key] = counts.get(entry.key, 0) + 1
        if counts:
            key = max(counts, key=counts.__getitem__)
            entry = matcher.registry.get(key)
            if counts[key] >= 2 and entry is not None:
                out.append(ExtractedOrganization(name=entry.name, key=key, country=entry.country, type=entry.type,
                                                 source="pdf", confidence=0.6,
                                                 why=f"named as owner ('{entry.name}'s') {counts[key]} times on the "
                                                     "first pages of a document with no title-page organisation"))
    if not out:
        first = pdf.pages[0].text if pdf.pages else ""
        for o in from_links(header_text + "\n" + first, matcher):
            o.why = f"hub account linked on the title page ({o.name})"
            out.append(o)
            break
    return out
