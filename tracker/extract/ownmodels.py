"""The report's own models from its full text: every released size, total and active parameters,
open weights or API only. Generic rules over the text, each recorded in the model's ``why``.

1. Stems: the model name the title leads with ("DeepSeek-V3 Technical Report", "Kimi K3: ...",
   "Gemini 3 Pro - Model Card"), names after "we introduce/present/release" on the first pages, and
   the names the abstract extractor already took as introduced.
2. Variants: a stem followed by a size ("MiMo-7B", "DeepSeekMoE 145B", "Granite-8B-Code",
   "Kimi-Linear-48B-A3B") or a tier word ("DeepSeek-V2-Lite", "LLaDA2.1-Flash", "Ling-Plus"), printed
   at least twice, or once in a release statement or hub link.
3. Parameters: "671B total parameters with 37B activated" beside the stem on the first pages, and
   "-A3B" / "-A800M" in a variant name.
4. Open weights: a release statement about the report's own weights/models/checkpoints, or a hub link
   to a repository named after the stem; API only where the text says the model is reached through an
   API or product and nothing is released.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.extract.params import param_mentions

_SIZE = r"(\d+(?:\.\d+)?)\s?([BMT])(?![a-zA-Z])"
_ACTIVE = r"(?:[- ]?A(\d+(?:\.\d+)?)([BM]))?"
_INFIX = r"(?:(?-i:[a-z]+)-|\d+(?:\.\d+)+[ \-])?"  # "granite-embedding-english-", "Granite-Guardian-3.0-"
_ACTIVE_COUNT = re.compile(r"(?:(\d+(?:\.\d+)?)\s?(?:([BMT])\b|(billion|million|trillion))\s+(?:parameters\s+)?(?:are\s+|is\s+)?"
                           r"(?:activated|active)\b|(?:activat\w+|with)\s+(?:only\s+)?(\d+(?:\.\d+)?)\s?(?:([BMT])\b|"
                           r"(billion|million|trillion))\s+(?:activated\s+|active\s+)?param)", re.IGNORECASE)
_CARD_LINE = re.compile(r"^\s*(.{2,40}?)\s+[-–—]\s+(?:model|system) card\b", re.IGNORECASE | re.MULTILINE)
_OPEN_OBJECT = re.compile(r"\b(?:weights|checkpoints?|open[- ]sourc\w*|hugging\s?face|modelscope|licen[cs]e)\b",
                          re.IGNORECASE)
_TIERS = ("Lite", "Mini", "Flash", "Plus", "Pro", "Max", "Speciale", "Zero", "Air", "Nano", "Small", "Large",
          "Turbo", "Ultra")
_UNIT = {"b": 1.0, "m": 1e-3, "t": 1e3}
_TITLE_LEAD = re.compile(r"^\s*(.{2,40}?)\s*(?::|\s[-–—]\s|\s+(?:technical report|model card|system card|"
                         r"report)\b)", re.IGNORECASE)
_INTRO = re.compile(r"\b(?i:we|this (?:paper|report|work)|here,? we)\s+(?:(?:are\s+)?(?:excited|pleased|proud)\s+to\s+)?"
                    r"(?:introduce|present|release|open-source|unveil|propose)s?\s+(?:the\s+|our\s+|a\s+new\s+)?"
                    r"((?:[A-Z][\w.\-]*|[a-z]+[\d.]+[\w.\-]*)(?:[ -](?:[A-Z0-9][\w.\-]*))*)")
_INTRO_LIST = re.compile(r"\b(?i:we)\s+(?:introduce|present|release|open-source|propose)\b[^.]{0,120}?\b"
                         r"(?:namely|called|named|dubbed|including)\s+([^.;]{3,120})")
_NOT_MODEL_AFTER = re.compile(r"\s+(?:kernels?|datasets?|data|benchmarks?|framework|method|algorithm|library|code|"
                              r"pipeline|toolkit|attention|mechanism|optimi[sz]er|module|layer|architecture|"
                              r"technique|approach|recipe|corpus|suite|metric|protocol)\b", re.IGNORECASE)
_RELEASE = re.compile(r"\b(?:we|are|is|been|will be|to)\s+(?:\w+\s+){0,2}?(?:releas\w*|open[- ]sourc\w*|"
                      r"made\s+(?:publicly\s+)?available|publicly available)\b"
                      r"|\b(?:weights|checkpoints|models?)\s+(?:are|is|have been)\s+(?:publicly\s+)?"
                      r"(?:available|released)\b",
                      re.IGNORECASE)
_OWN_OBJECT = re.compile(r"\b(?:weights|checkpoints?|models?|parameters|our|we)\b", re.IGNORECASE)
_LICENCE = re.compile(r"\b(?:apache(?:\s+licen[cs]e)?\s*2\.0|mit licen[cs]e|cc[- ]by[- \w.]*4\.0|"
                      r"llama \d(?:\.\d)? community licen[cs]e)\b", re.IGNORECASE)
_HUB = re.compile(r"huggingface\.co/(?:collections/|models/)?(?!datasets/|spaces/|docs/|papers/|blog/)"
                  r"([A-Za-z0-9_\-]+)/([A-Za-z0-9_.\-]+)", re.IGNORECASE)
_API = re.compile(r"\b(?:available|accessible|offered|deployed|served|rolled out)\s+(?:\w+\s+){0,4}?"
                  r"(?:via|through|in|on)\s+(?:the\s+|our\s+|an\s+)?(?:\w+\s+)?(?:api|chatgpt|vertex ai|ai studio|"
                  r"application program(?:ming)? interface|"
                  r"gemini app|app|platform|cloud)\b|\bapi[- ]only\b|\bnot (?:open[- ]sourced|released)\b",
                  re.IGNORECASE)
_NOT_STEM = re.compile(r"(?i)^(?:a|an|the|this|our|we|in|on|large|language|model|models|novel|new|two|three|"
                       r"first|llm|llms|technical|report|update|addendum|every|towards?|scaling)$")


@dataclass
class OwnModel:
    name: str
    params_b: float | None = None
    active_params_b: float | None = None
    accessibility: str = "unknown"
    license: str | None = None
    why: list[str] = field(default_factory=list)
    stem: str = ""
    """The family name the variant was found under ("Granite Code" for Granite-8B)."""


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _name_like(text: str) -> bool:
    """A product name rather than a phrase: one word, or a digit, inner capital, hyphen or dot in it."""
    return len(text.split()) == 1 or bool(re.search(r"\d|[a-z][A-Z]|[-.]", text))


def _trim(stem: str) -> str:
    """"QuarkMed Medical Foundation Model" -> "QuarkMed": a coined first word followed by plain words."""
    words = stem.split()
    if len(words) >= 3 and re.search(r"\d|[a-z][A-Z]|[-.]", words[0]) and not any(_name_like(w) and re.search(r"\d|[a-z][A-Z]|[-.]", w)
                                                             for w in words[1:]):
        return words[0]
    return stem


def _stem_ok(stem: str) -> bool:
    words = stem.split()
    if not words or len(stem) < 2 or len(words) > 4 or _NOT_STEM.match(words[0]):
        return False
    # a model name: a capital inside, a digit, a hyphen or a dot ("DeepSeek-V3", "Qwen", "dots.llm1")
    return bool(re.search(r"[A-Z].*[A-Z]|\d|[-.]", stem)) or (len(words) == 1 and stem[:1].isupper())


def stems_from(title: str, first_text: str, introduced: list[str]) -> list[tuple[str, str]]:
    """(stem, why) candidates in order of trust."""
    out: list[tuple[str, str]] = []
    m = _TITLE_LEAD.match(title or "")
    if m:
        lead = re.sub(r"\s+", " ", m.group(1)).strip()
        lead = re.sub(r"(?i)^(?:update to|addendum to)\s+.*$", "", lead)
        lead = _trim(lead)
        report_title = re.search(r"(?i)technical report|model card|system card|report\b", title[m.end(1):m.end()])
        if lead and _stem_ok(lead) and (report_title or _modelish(lead, first_text)):
            out.append((lead, f"title leads with '{lead}'" + ("" if report_title else ", which the text calls a model")))
    if ":" in (title or ""):
        tail = title.rsplit(":", 1)[1].strip()
        if tail and len(tail.split()) <= 3 and _stem_ok(tail) and _name_like(tail):
            out.append((tail, f"title names '{tail}' after its colon"))
    for m in _CARD_LINE.finditer(first_text):
        if _stem_ok(m.group(1).strip()):
            out.append((m.group(1).strip(), f"'{m.group(0).strip()}' heads a model card"))
    for name in introduced:
        out.append((name, f"abstract introduces '{name}'"))
    for m in _INTRO_LIST.finditer(first_text):  # "we present two ... models, namely Ling-Lite and Ling-Plus"
        for name in re.findall(r"[A-Z][\w.]*(?:-[A-Z0-9][\w.]*)+|[A-Z][a-z]+[A-Z][\w.\-]*", m.group(1)):
            if _stem_ok(name) and not re.search(r"(?i)mixture|experts?$|^MoE$", name):
                out.append((name.rstrip(".,"), f"named in '{m.group(0)[:70]}'"))
    for m in _INTRO.finditer(first_text):
        if _NOT_MODEL_AFTER.match(first_text, m.end()):
            continue  # "we open-source the KDA kernel": not a model
        name = m.group(1).rstrip(".,-")
        name = re.sub(r"(?i)[- ](?:series|family|models?|technical|report)$", "", name)
        if _stem_ok(name) and _modelish(name, first_text):
            out.append((name, f"'{m.group(0)[:70]}' on the first pages"))
    seen: set[str] = set()
    uniq = []
    for stem, why in out:
        c = _compact(stem)
        if c and c not in seen:
            seen.add(c)
            uniq.append((stem, why))
    return uniq


_MODEL_WORDS = re.compile(r"\b(?:(?:large )?language models?|LLMs?|models?|MoE|mixture-of-experts|transformer|"
                          r"checkpoints?|weights|parameters|encoder|decoder|VLM|MLLM)\b", re.IGNORECASE)


def _modelish(name: str, text: str) -> bool:
    """The first pages call the name a model: "X, a large language model", "X is a 7B MoE", "the X models"
    (so a system, data set or method named after an intro verb is not taken as one)."""
    rx = re.compile(_stem_regex(name), re.IGNORECASE)
    for m in rx.finditer(text):
        end = text.find(". ", m.end())
        window = text[m.end():min(m.end() + 160, end if end > 0 else m.end() + 160)]
        sized = re.match(rf"[\s\-]*(?:[A-Za-z]+[\s\-]+)?\(?\d+(?:\.\d+)?\s?[BMT]\b|-(?:{'|'.join(_TIERS)})\b", window)
        if sized or _MODEL_WORDS.search(window) or re.search(r"\b(?:model|LLM)\s*$", text[max(0, m.start() - 20):m.start()]):
            return True
    return False


def _stem_regex(stem: str) -> str:
    parts = [re.escape(p) for p in re.split(r"[\s\-_]+", stem) if p]
    return r"(?:[\s\-_]|-\n)?".join(parts)  # "Seed1.5-\nThinking": a name hyphenated across a line break


def _value(num: str, unit: str) -> float:
    return round(float(num) * _UNIT[unit.lower()], 6)


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos), text.rfind("\n\n", 0, pos)) + 1
    end = text.find(". ", pos)
    return text[start:end if end > 0 else pos + 200]


def find_own_models(title: str, full_text: str, first_text: str, introduced: list[str]) -> list[OwnModel]:
    """The report's own models (module docstring)."""
    stems = stems_from(title, first_text, introduced)
    models: dict[str, OwnModel] = {}
    hub_repos = [(a, r) for a, r in _HUB.findall(full_text)]
    for stem, why in stems[:4]:
        sre = _stem_regex(stem)
        variants: dict[str, list[int]] = {}
        rx = re.compile(rf"(?<![\w.\-])({sre})((?:[ \-]{_INFIX}){_SIZE}{_ACTIVE}|(?:[ \-])(?:{'|'.join(_TIERS)})|-\d+(?![\w.]))"
                        rf"(?![\w])", re.IGNORECASE)
        for m in rx.finditer(full_text):
            variants.setdefault(_compact(m.group(0)), []).append(m.start())
        # "Granite-8B-Code": a multi-word stem printed as first word + size + the rest
        words = re.split(r"[\s\-]+", stem)
        if len(words) == 2 and not re.search(r"\d", stem):
            rx2 = re.compile(rf"(?<![\w.\-])({re.escape(words[0])})[ \-]{_SIZE}[ \-]{re.escape(words[1])}\b",
                             re.IGNORECASE)
            for m in rx2.finditer(full_text):
                variants.setdefault(_compact(f"{m.group(1)}-{m.group(2)}{m.group(3)}"), []).append(m.start())
        if len(words) >= 2 and re.fullmatch(r"[A-Za-z]?\d+(?:\.\d+)*", words[-1]):
            head = r"[\s\-_]?".join(re.escape(w) for w in words[:-1])
            rx3 = re.compile(rf"(?<![\w.\-])(?:{head})(?:[ \-](?-i:[a-z]+)){{1,2}}[ \-]{re.escape(words[-1])}(?![\w])",
                             re.IGNORECASE)
            for m in rx3.finditer(full_text):
                variants.setdefault(_compact(m.group(0)), []).append(m.start())
        found_variant = False
        for cname, positions in sorted(variants.items(), key=lambda kv: kv[1][0]):
            released = any(_RELEASE.search(_sentence(full_text, p)) for p in positions[:5])
            hub = any(_compact(r).startswith(cname) for _, r in hub_repos)
            version_only = re.fullmatch(r"[a-z]+\d+", cname) is not None and cname[len(_compact(stem)):].isdigit()
            if (len(positions) < (3 if version_only else 2)) and not released and not hub:
                continue
            first = positions[0]
            m = re.match(rf"({sre}|{re.escape(words[0])})[ \-]?{_INFIX}(?:{_SIZE}{_ACTIVE})?", full_text[first:],
                         re.IGNORECASE)
            printed = _printed_name(full_text, first, cname)
            om = models.setdefault(cname, OwnModel(name=printed, stem=stem))
            if m and m.group(2):
                om.params_b = _value(m.group(2), m.group(3))
                if m.group(4):
                    om.active_params_b = _value(m.group(4), m.group(5))
            om.why.append(f"variant of '{stem}' printed {len(positions)}x"
                          + (" in a release statement" if released else "") + (" with a hub link" if hub else ""))
            found_variant = True
        own = models.get(_compact(stem))
        if own is None and (not found_variant or re.search(r"\d", stem) or len(stems) == 1):
            forms: dict[str, int] = {}
            for m in re.finditer(rf"(?<![\w.\-]){sre}(?![\w])", full_text, re.IGNORECASE):
                forms[m.group(0)] = forms.get(m.group(0), 0) + (0 if m.group(0).isupper() and len(m.group(0)) > 4 else 1)
            if not forms and not why.startswith("title"):
                continue  # named only in passing
            printed = max(forms, key=forms.__getitem__) if forms and max(forms.values()) > 0 else stem
            own = models.setdefault(_compact(stem), OwnModel(name=printed, stem=stem))
            own.why.append(why)
        if own is not None and own.params_b is None:
            _stem_params(own, stem, first_text, [st for st, _ in stems if st != stem])
    for om in models.values():
        _access(om, full_text, hub_repos)
    opened = [om for om in models.values() if om.accessibility == "open_weights"]
    if opened:  # "we release in four sizes (3B, 8B, 20B, 34B)": the release covers the family's other sizes
        for om in models.values():
            if om.accessibility == "unknown" and any(_compact(om.name).startswith(_compact(o.name)[:5]) for o in opened):
                om.accessibility = "open_weights"
                om.license = next((o.license for o in opened if o.license), None)
                om.why.append(f"open weights: released with {opened[0].name}")
    return list(models.values())


def _printed_name(text: str, pos: int, cname: str) -> str:
    """The variant as printed at ``pos``, cut where its compact form ends."""
    out = []
    n = 0
    for ch in text[pos:pos + 80]:
        if n >= len(cname):
            break
        out.append(ch)
        if ch.isalnum():
            n += 1
    return re.sub(r"\s+", " ", "".join(out).replace("-\n", "-")).strip()


def _stem_params(om: OwnModel, stem: str, first_text: str, others: list[str] | None = None) -> None:
    """"a ... model with 671B total parameters with 37B activated": counts in the sentences that name the stem
    (or say "we present/introduce") on the first pages; the largest total and the active count beside it."""
    sre = re.compile(_stem_regex(stem), re.IGNORECASE)
    other_rx = [re.compile(_stem_regex(o), re.IGNORECASE) for o in others or [] if _compact(o) != _compact(stem)]
    for m in sre.finditer(first_text):
        pos = m.start()
        start = max(first_text.rfind(". ", 0, pos), first_text.rfind("\n\n", 0, pos)) + 1
        end = first_text.find(". ", pos)
        end = end if end > 0 else pos + 200
        # "Ling-Lite contains 16.8B ..., while Ling-Plus boasts 290B": only the counts up to the next own name;
        # a count before the name belongs to it only when no other own name comes first
        ends = [x.start() for r in other_rx for x in [r.search(first_text, m.end(), end)] if x]
        if ends:
            end = min(ends)
        befores = [x.end() for r in other_rx for x in r.finditer(first_text, start, pos)]
        if befores:
            start = max(befores)
        sent = first_text[start:end]
        counts = param_mentions(sent)
        cut = re.compile(r"\b(?:than|compared|versus|vs\.?|outperform\w*|surpass\w*)\b", re.IGNORECASE).search(
            sent, pos - start)  # a comparison after the name: the counts past it are the other models'
        act = [m2 for m2 in _ACTIVE_COUNT.finditer(sent) if not cut or m2.start() < cut.start()]
        if cut:
            counts = [c for c in counts if c[1] < cut.start()]
        for m2 in act:
            num = m2.group(1) or m2.group(4)
            unit = m2.group(2) or m2.group(3) or m2.group(5) or m2.group(6)
            value = float(num) * {"b": 1.0, "m": 1e-3, "t": 1e3, "billion": 1.0, "million": 1e-3,
                                  "trillion": 1e3}[unit.lower()]
            counts.append((round(value, 6), m2.start(), True))
        counts = [c for c in counts if not c[2]] + [c for c in counts if c[2]]
        totals_seen = {v for v, _, a in counts if not a}
        counts = [c for c in counts if not (c[2] and c[0] in totals_seen and c[0] == max(totals_seen))]
        rel = pos - start
        if any(off >= rel for _, off, _ in counts):
            counts = [c for c in counts if c[1] >= rel]  # counts after the name are its own
        totals = [v for v, _, a in counts if not a]
        actives = [v for v, _, a in counts if a]
        if not totals:
            continue
        if totals:
            om.params_b = max(totals)
            om.why.append(f"{om.params_b:g}B total parameters stated beside '{stem}'")
            if actives and min(actives) < om.params_b:
                om.active_params_b = min(actives)
                om.why.append(f"{om.active_params_b:g}B active parameters stated beside '{stem}'")
            return


def _access(om: OwnModel, full_text: str, hub_repos: list[tuple[str, str]]) -> None:
    c = _compact(om.name)
    stem_c = c[:max(4, len(c) - 4)]
    for account, repo in hub_repos:
        rc = _compact(repo)
        if rc.startswith(stem_c) or stem_c.startswith(rc[:max(4, len(rc) - 4)]) and len(rc) >= 4:
            om.accessibility = "open_weights"
            om.why.append(f"open weights: hub link huggingface.co/{account}/{repo}")
            break
    if om.accessibility == "unknown":
        name_rx = re.compile("|".join(_stem_regex(n) for n in {om.name, om.stem or om.name}), re.IGNORECASE)
        for m in _RELEASE.finditer(full_text):
            sent = _sentence(full_text, m.start())
            if re.search(r"\b(?:code|dataset|data|benchmark|kernel|framework|library|toolkit)s?\b", m.group(0), re.I):
                continue
            if not _OPEN_OBJECT.search(sent) or re.search(r"\b(?:api|application program)", sent, re.IGNORECASE):
                continue  # "released" alone also says "launched in our app"; weights, a licence or a hub say open
            if not _OWN_OBJECT.search(sent) or re.search(r"\b(?:data(?:set)?s?|code|kernels?|benchmarks?)\s+"
                                                          r"(?:is|are|will be)\b", sent, re.IGNORECASE):
                continue
            if re.search(r"\b(?:compared|than|such as|like|baselines?|competitors?)\b", sent, re.IGNORECASE):
                continue  # "larger open-source models like Qwen": other people's releases
            if (name_rx.search(sent) or re.search(r"\b(?:our|the|these|all)\s+(?:model\s+)?(?:weights|checkpoints|models?)\b",
                                                  sent, re.IGNORECASE)) and not re.search(r"\bnot\b", sent):
                om.accessibility = "open_weights"
                om.why.append(f"open weights: '{sent.strip()[:90]}'")
                break
    lic = _LICENCE.search(full_text)
    if lic and om.accessibility == "open_weights":
        om.license = re.sub(r"(?i)apache(?:\s+licen[cs]e)?\s*2\.0", "Apache-2.0", lic.group(0))
    if om.accessibility == "unknown":
        name_rx = re.compile(_stem_regex(om.name), re.IGNORECASE)
        for m in _API.finditer(full_text[:60000]):
            sent = _sentence(full_text, m.start())
            if name_rx.search(sent) or re.search(r"\b(?:the|this) model\b|\bour models\b", sent, re.IGNORECASE):
                om.accessibility = "api"
                om.why.append(f"API only: '{sent.strip()[:90]}'")
                break


def _model_key(name: str) -> str:
    """The model key the abstract extractor would give the name, else a slug of it."""
    from tracker.extract.models import find_mentions

    ms = find_mentions(name, allow_plain_unknown=True)
    if len(ms) == 1 and _compact(ms[0].surface) == _compact(name):
        return ms[0].key
    return re.sub(r"[^a-z0-9.]+", "-", name.casefold()).strip("-")


def apply_full_text(record, pdf, models: list, matcher=None) -> list:  # noqa: ANN001 - see below
    """Read the PDF's front matter and full text into ``models`` (a list of ExtractedModel, changed in place:
    the report's own models added or marked introduced, with sizes, openness and the developer) and return
    the title page's organisations. ``record``: PaperRecord; ``pdf``: PdfDocument."""
    from tracker.entities import ExtractedModel
    from tracker.extract.frontmatter import read_front_matter
    from tracker.orgs.matcher import default_matcher

    matcher = matcher or default_matcher()
    fm = read_front_matter(pdf, matcher, list(record.authors or []), record.title)
    full_text = pdf.text
    first_text = "\n".join(p.text for p in pdf.pages[:2])
    introduced = [m.name for m in models if m.role == "introduced"]
    own = find_own_models(record.title, full_text, first_text, introduced)
    by_c = {_compact(m.name): m for m in models}
    by_key = {m.key: m for m in models}
    for om in own:
        key = _model_key(om.name)
        em = by_key.get(key) or by_c.get(_compact(om.name))
        if em is None:
            em = ExtractedModel(name=om.name, key=key, role="introduced", source="text", confidence=0.7)
            models.append(em)
            by_key[key] = em
        em.role = "introduced"
        if em.name.isupper() and not om.name.isupper() and _compact(em.name) == _compact(om.name):
            em.name = om.name  # "KIMI LINEAR" from a small-caps title: the body's spelling
        if om.params_b is not None:
            em.params_b = om.params_b
        if om.active_params_b is not None:
            em.active_params_b = om.active_params_b
        curated = em.accessibility != "unknown" and (bool(em.access_since) or "curated" in (em.reason or "")
                                                     or " lists " in (em.reason or ""))
        if om.accessibility != "unknown" and not curated:  # a curated, dated fact outranks a text cue
            em.accessibility = om.accessibility  # type: ignore[assignment]
            em.is_open = om.accessibility == "open_weights"
            em.license = om.license or em.license
        em.why.extend(om.why)
    if fm.developer is not None and fm.developer.key:
        team = any("team author" in w for w in fm.why if w.startswith("developer"))
        for em in models:
            if em.role != "introduced":
                continue
            em.developer = fm.developer.key
            em.developer_source = "team" if team else "front_matter"
            em.why.append(next((w for w in fm.why if w.startswith("developer")), "developer from the title page"))
    return fm.organizations
