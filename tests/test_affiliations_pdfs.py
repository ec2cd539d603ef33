"""First-page affiliations of the nine real PDFs with a title page (../shared/data/pdfs).

Expectations were written by reading each page (pdftoppm renders + text): every organisation on
the page, its country, and which authors (0-based, in the page's order) belong to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.extract.affiliations import countries_of, extract_organizations
from tracker.records import PaperRecord

PDFS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "pdfs"
pytestmark = pytest.mark.skipif(not PDFS.exists(), reason=f"shared data not found at {PDFS}")
reader = pytest.importorskip("tracker.pdf.reader")

CODER_V2_AUTHORS = [
    "Qihao Zhu", "Daya Guo", "Zhihong Shao", "Dejian Yang", "Peiyi Wang", "Runxin Xu", "Y. Wu", "Yukun Li",
    "Huazuo Gao", "Shirong Ma", "Wangding Zeng", "Xiao Bi", "Zihui Gu", "Hanwei Xu", "Damai Dai", "Kai Dong",
    "Liyue Zhang", "Yishi Piao", "Zhibin Gou", "Zhenda Xie", "Zhewen Hao", "Bingxuan Wang", "Junxiao Song",
    "Deli Chen", "Xin Xie", "Kang Guan", "Yuxiang You", "Aixin Liu", "Qiushi Du", "Wenjun Gao", "Xuan Lu",
    "Qinyu Chen", "Yaohui Wang", "Chengqi Deng", "Jiashi Li", "Chenggang Zhao", "Chong Ruan", "Fuli Luo",
    "Wenfeng Liang"]

# file -> (arXiv id, authors as listed on the page, {org key: (country, author positions)})
CASES = {
    "deepseek-v2_2405.04434.pdf": ("2405.04434", ["DeepSeek-AI"], {"deepseek": ("CN", None)}),
    "deepseek-v3_2412.19437.pdf": ("2412.19437", ["DeepSeek-AI"], {"deepseek": ("CN", None)}),
    "deepseek-r1_2501.12948.pdf": ("2501.12948", ["DeepSeek-AI"], {"deepseek": ("CN", None)}),
    "deepseek-coder-v2_2406.11931.pdf": ("2406.11931", CODER_V2_AUTHORS,
                                         {"deepseek": ("CN", list(range(len(CODER_V2_AUTHORS))))}),
    "papermage_2203.00130v1.pdf": (
        "2203.00130", ["Tal August", "Lucy Lu Wang", "Jonathan Bragg", "Marti A. Hearst", "Andrew Head", "Kyle Lo"],
        {"university-of-washington": ("US", [0]), "allen-ai": ("US", [1, 2, 5]), "uc-berkeley": ("US", [3]),
         "upenn": ("US", [4])}),
    "papermage_2206.10883v3.pdf": (
        "2206.10883", ["Zejiang Shen", "Kyle Lo", "Lauren Yu", "Nathan Dahlberg", "Margo Schlanger", "Doug Downey"],
        {"allen-ai": ("US", [0, 1, 5]), "umich": ("US", [2, 4]), "northwestern": ("US", [5])}),
    "papermage_2302.07302v1.pdf": (
        "2302.07302", ["Joseph Chee Chang", "Amy X. Zhang", "Jonathan Bragg", "Andrew Head", "Kyle Lo",
                       "Doug Downey", "Daniel S. Weld"],
        {"allen-ai": ("US", [0, 2, 4, 5, 6]), "university-of-washington": ("US", [1, 6]), "upenn": ("US", [3])}),
    "papermage_2304.02623v1.pdf": (
        "2304.02623", ["Zejiang Shen", "Tal August", "Pao Siangliulue", "Kyle Lo", "Jonathan Bragg",
                       "Jeff Hammerbacher", "Doug Downey", "Joseph Chee Chang", "David Sontag"],
        {"mit": ("US", [0, 8]), "allen-ai": ("US", [1, 2, 3, 4, 5, 6, 7]), "northwestern": ("US", [6])}),
    "arxivpy_fixture_1111.2011v2.pdf": (
        "1111.2011", ["James M. Murray", "Adrian Del Maestro", "Zlatko Tešanović"],
        {"jhu": ("US", [0, 1, 2]), "university-of-vermont": ("US", [1])}),
}


@pytest.mark.parametrize("filename", sorted(CASES))
def test_first_page_organisations_resolved_with_country_and_authors(filename: str) -> None:
    arxiv_id, authors, expected = CASES[filename]
    pdf = reader.read_pdf((PDFS / filename).read_bytes(), max_pages=1)
    record = PaperRecord(arxiv_id=arxiv_id, title="t", authors=authors)
    orgs = extract_organizations(record, pdf, [])
    resolved = {o.key: o for o in orgs if o.key}
    assert set(expected) <= set(resolved), f"missing {set(expected) - set(resolved)}; got {sorted(resolved)}"
    # nothing resolved that is not on the page
    assert set(resolved) == set(expected), f"unexpected {set(resolved) - set(expected)}"
    for key, (country, positions) in expected.items():
        org = resolved[key]
        assert org.country == country
        assert org.source in ("pdf", "email")
        assert org.confidence >= 0.6
        if positions is not None:
            assert org.authors == positions, f"{key}: authors {org.authors} != {positions}"
    assert countries_of(orgs) == sorted({c for c, _ in expected.values()})


def test_github_link_on_title_page_is_not_needed_when_the_page_names_the_lab() -> None:
    pdf = reader.read_pdf((PDFS / "deepseek-coder-v2_2406.11931.pdf").read_bytes(), max_pages=1)
    orgs = extract_organizations(PaperRecord(arxiv_id="2406.11931", title="t"), pdf, [])
    assert [(o.key, o.source) for o in orgs] == [("deepseek", "pdf")]


def test_results_table_page_without_title_gives_no_organisation() -> None:
    pdf = reader.read_pdf((PDFS / "papermage_1903.10676.pdf").read_bytes(), max_pages=1)
    orgs = extract_organizations(PaperRecord(arxiv_id="1903.10676", title="SciBERT"), pdf, [])
    assert [o for o in orgs if o.key] == []
    assert countries_of(orgs) == []
