"""The non-PDF affiliation sources, the merge, and bad first pages (logged skip, no guessed country)."""

from __future__ import annotations

import logging

import pymupdf
import pytest

from tracker.entities import ExtractedModel, ExtractedOrganization
from tracker.extract.affiliations import (
    countries_of,
    extract_organizations,
    from_emails,
    from_links,
    merge_organizations,
)
from tracker.orgs.matcher import Matcher, default_matcher
from tracker.records import PaperRecord

reader = pytest.importorskip("tracker.pdf.reader")


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return default_matcher()


def _pdf(text: str, fontname: str = "helv") -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    y = 72
    for line in text.splitlines():
        page.insert_text((72, y), line, fontsize=11, fontname=fontname)
        y += 14
    return doc.tobytes()


def test_arxiv_affiliation_fields_are_author_level(matcher: Matcher) -> None:
    rec = PaperRecord(arxiv_id="2501.00001", title="t", authors=["A B", "C D"],
                      affiliations=[["Tsinghua University"], ["Google DeepMind", "University of Oxford"]])
    orgs = {o.key: o for o in extract_organizations(rec, None, [], matcher)}
    assert orgs["tsinghua"].authors == [0] and orgs["tsinghua"].source == "arxiv"
    assert orgs["google-deepmind"].authors == [1] and orgs["oxford"].country == "GB"


def test_hub_links_in_abstract_and_comment(matcher: Matcher) -> None:
    rec = PaperRecord(arxiv_id="2501.00002", title="t",
                      abstract="Code: https://github.com/deepseek-ai/DeepSeek-V3 and weights at huggingface.co/Qwen.",
                      comment="Models at https://huggingface.co/THUDM/glm-4")
    orgs = extract_organizations(rec, None, [], matcher)
    assert {(o.key, o.country, o.source) for o in orgs} == {
        ("deepseek", "CN", "link"), ("alibaba", "CN", "link"), ("tsinghua", "CN", "link")}


def test_personal_hub_accounts_say_nothing(matcher: Matcher) -> None:
    assert from_links("see https://github.com/someone123/cool-repo", matcher) == []


def test_model_developer_of_introduced_models_only(matcher: Matcher) -> None:
    models = [ExtractedModel(name="Kimi K2", key="kimi-k2", role="introduced", developer="moonshot-ai",
                             confidence=0.9),
              ExtractedModel(name="GPT-4o", key="gpt-4o", role="evaluated", developer="openai")]
    rec = PaperRecord(arxiv_id="2501.00003", title="Kimi K2: Open Agentic Intelligence",
                      abstract="We introduce Kimi K2 and compare it with GPT-4o.")
    orgs = extract_organizations(rec, None, models, matcher)
    assert [(o.key, o.country, o.source) for o in orgs] == [("moonshot-ai", "CN", "model_developer")]
    # a paper that only uses a model says nothing about its authors' organisation
    used = PaperRecord(arxiv_id="2501.00007", title="Essay scoring with synthetic data",
                       abstract="We fine-tune Kimi K2 on essays.")
    assert extract_organizations(used, None, models, matcher) == []


def test_links_and_developers_do_not_override_a_title_page(matcher: Matcher) -> None:
    rec = PaperRecord(arxiv_id="2501.00004", title="t", abstract="We build on github.com/deepseek-ai/DeepSeek-V3.")
    pdf = reader.read_pdf(_pdf("A Paper Title In Large Words\nAda Lovelace\nUniversity of Edinburgh\n"
                               "Abstract\nWe study things."), max_pages=1)
    orgs = extract_organizations(rec.model_copy(update={"authors": ["Ada Lovelace"]}), pdf, [], matcher)
    assert [o.key for o in orgs if o.key] == ["edinburgh"]


def test_email_domains(matcher: Matcher) -> None:
    orgs = from_emails("{a, b}@tsinghua.edu.cn  x@cs.stanford.edu  y@gmail.com  z@unknown-lab.ac.jp", matcher)
    got = {(o.key, o.country) for o in orgs}
    assert got == {("tsinghua", "CN"), ("stanford", "US"), (None, "JP")}


def test_merge_keeps_most_trusted_source_and_unites_authors() -> None:
    a = ExtractedOrganization(name="DeepSeek", key="deepseek", country="CN", source="link", confidence=0.7)
    b = ExtractedOrganization(name="DeepSeek", key="deepseek", country="CN", source="pdf", confidence=0.9,
                              authors=[1])
    c = ExtractedOrganization(name="DeepSeek", key="deepseek", country="CN", source="arxiv", confidence=0.9,
                              authors=[0])
    merged = merge_organizations([a, b, c])
    assert len(merged) == 1 and merged[0].source == "arxiv" and merged[0].authors == [0, 1]
    assert countries_of(merged) == ["CN"]


@pytest.mark.parametrize("text", ["", "%%%% @@@@ #### 1234 5678", "x\ny\nz"])
def test_garbage_or_empty_first_page_is_a_logged_skip(matcher: Matcher, text: str,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    pdf = reader.read_pdf(_pdf(text), max_pages=1)
    with caplog.at_level(logging.INFO, logger="tracker.extract.affiliations"):
        orgs = extract_organizations(PaperRecord(arxiv_id="2501.00005", title="t"), pdf, [], matcher)
    assert orgs == [] and countries_of(orgs) == []


def test_non_latin_first_page_is_skipped_without_a_country(matcher: Matcher,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Большая языковая модель", fontsize=16, fontname="helv")
    page.insert_text((72, 100), "Институт искусственного интеллекта Москва", fontsize=10, fontname="helv")
    page.insert_text((72, 130), "Аннотация", fontsize=10, fontname="helv")
    pdf = reader.read_pdf(doc.tobytes(), max_pages=1)
    with caplog.at_level(logging.INFO, logger="tracker.extract.affiliations"):
        orgs = extract_organizations(PaperRecord(arxiv_id="2501.00006", title="t"), pdf, [], matcher)
    assert countries_of(orgs) == []
    assert all(o.key is None for o in orgs)
