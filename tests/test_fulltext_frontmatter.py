"""Front matter and own models read from real technical reports (../shared/data/reports, ../shared/data/pdfs).

Each case is a real PDF checked against what its title page and release statements print (the hand
reference is tests/data/report_frontmatter.yaml; benchmarks/fulltext_eval.py measures all 47 files).
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from tracker.entities import ExtractedOrganization, PaperExtraction
from tracker.records import PaperRecord

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
REPORTS = DATA / "reports"
PDFS = DATA / "pdfs"

pytestmark = pytest.mark.skipif(not REPORTS.is_dir(), reason="../shared/data/reports not present")


@cache
def _extract(path: str) -> PaperExtraction:
    from tracker.extract.cli import _pdf_record
    from tracker.extract.paper import extract_paper
    from tracker.pdf.reader import read_pdf

    pdf = read_pdf(Path(path).read_bytes())
    return extract_paper(_pdf_record(Path(path), pdf), pdf)


def _intro(ex: PaperExtraction) -> dict[str, object]:
    return {m.name.casefold(): m for m in ex.models if m.role == "introduced"}


def _org(ex: PaperExtraction, key: str) -> ExtractedOrganization:
    hit = [o for o in ex.organizations if o.key == key]
    assert hit, f"{key} not among {[o.key for o in ex.organizations]}"
    return hit[0]


def test_granite_code_sizes_open_and_no_title_fragment_as_organisation() -> None:
    ex = _extract(str(REPORTS / "granite-code.pdf"))
    names = _intro(ex)
    for size in ("granite-3b", "granite-8b", "granite-20b", "granite-34b"):
        assert size in names, sorted(names)
        assert names[size].accessibility == "open_weights"
        assert names[size].developer == "ibm"
    assert all("foundation models" not in o.name.casefold() for o in ex.organizations)
    assert ex.countries == ["US"]
    ibm = _org(ex, "ibm")
    assert 0 in ibm.authors and len(ibm.authors) >= 40  # every printed author sits above "IBM Research"


def test_team_author_becomes_developer_with_active_parameters() -> None:
    ex = _extract(str(PDFS / "deepseek-v3_2412.19437.pdf"))
    v3 = _intro(ex)["deepseek-v3"]
    assert (v3.params_b, v3.active_params_b) == (671.0, 37.0)
    assert v3.developer == "deepseek" and v3.developer_source == "team"
    assert ex.countries == ["CN"]


def test_marker_affiliations_give_author_positions_and_every_country() -> None:
    ex = _extract(str(REPORTS / "deepseekmoe.pdf"))
    assert {"deepseek", "pku", "tsinghua", "nju"} <= {o.key for o in ex.organizations}
    assert ex.countries == ["CN"]
    # "Damai Dai∗1,2": the first author is printed with DeepSeek-AI (1) and Peking University (2)
    assert 0 in _org(ex, "deepseek").authors and 0 in _org(ex, "pku").authors
    assert 2 in _org(ex, "tsinghua").authors  # "Chenggang Zhao∗1,3"
    sizes = {n for n in _intro(ex)}
    assert {"deepseekmoe 2b", "deepseekmoe 16b", "deepseekmoe 145b"} <= sizes


def test_team_line_with_parent_company_and_release_from_hub_link() -> None:
    ex = _extract(str(REPORTS / "ling-coder-lite.pdf"))
    model = _intro(ex)["ling-coder-lite"]
    assert model.developer == "ant-group"
    assert model.accessibility == "open_weights"
    assert (model.params_b, model.active_params_b) == (16.8, 2.75)


def test_model_card_without_affiliations_gets_developer_and_api_access() -> None:
    ex = _extract(str(REPORTS / "gemini-3-pro.pdf"))
    card = _intro(ex)["gemini 3 pro"]
    assert card.developer == "google"
    assert card.accessibility == "api"
    assert ex.countries == ["US"]


def test_per_author_blocks_and_acm_style_lines() -> None:
    ex = _extract(str(PDFS / "papermage_2302.07302v1.pdf"))
    assert _org(ex, "university-of-washington").authors == [1, 6]
    assert {0, 2, 4, 5} <= set(_org(ex, "allen-ai").authors)
    assert _org(ex, "upenn").authors == [3]
    ex2 = _extract(str(PDFS / "papermage_2203.00130v1.pdf"))  # "TAL AUGUST, University of Washington, USA"
    assert _org(ex2, "university-of-washington").authors == [0]
    assert _org(ex2, "uc-berkeley").authors == [3]


def test_lab_sites_keep_their_country_and_parent() -> None:
    from tracker.orgs.matcher import default_matcher

    matcher = default_matcher()
    zurich = matcher.match("IBM Research Zurich, Rüschlikon, Switzerland")
    msra = matcher.match("Microsoft Research Asia, Beijing, China")
    assert (zurich.key, zurich.country) == ("ibm-research-zurich", "CH")
    assert (msra.key, msra.country) == ("microsoft-research-asia", "CN")
    assert matcher.registry.get("ibm-research-zurich").parent == "ibm"
    assert matcher.registry.get("microsoft-research-asia").parent == "microsoft"


def test_title_page_positions_reach_the_graph(tmp_path: Path) -> None:
    from graph.rows import extraction_rows

    ex = _extract(str(REPORTS / "deepseekmoe.pdf"))
    rows = extraction_rows([ex])
    edges = {e["to"]: e for e in rows.affiliated_with}
    assert 0 in edges["pku"]["positions"] and 2 in edges["tsinghua"]["positions"]

    from graph.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path / "g.lbug")
    try:
        store.init_schema()
        record = PaperRecord(arxiv_id=ex.arxiv_id, title="DeepSeekMoE", authors=["Damai Dai", "Chengqi Deng"])
        store.write_batch([record], [ex])
        got = store._read("MATCH (p:Paper)-[a:AFFILIATED_WITH]->(o:Organization {key: 'pku'}) "
                          "RETURN a.positions AS positions")
        assert got and 0 in got[0]["positions"]
    finally:
        store.close()


def test_cli_extract_pdf_explain_says_why() -> None:
    pdf = REPORTS / "minicpm-sala.pdf"
    out = subprocess.run([sys.executable, "-m", "tracker.cli", "extract", "--pdf", str(pdf), "--explain"],
                         capture_output=True, text=True, timeout=180, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    text = out.stdout
    assert "team author line 'MiniCPM Team'" in text  # the organisation and why
    assert "= countries CN" in text
    assert "open weights: hub link huggingface.co/openbmb/MiniCPM-SALA" in text
    assert "developer openbmb: team author on the title page" in text


def test_extract_pdf_json_carries_sizes_active_parameters_and_developer() -> None:
    import io

    from tracker.extract.cli import run_extract

    buf = io.StringIO()
    assert run_extract([], buf, REPORTS / "kimi-linear.pdf") == 0
    data = json.loads(buf.getvalue().splitlines()[0])
    own = [m for m in data["models"] if m["name"] == "Kimi-Linear-48B-A3B"]
    assert own and own[0]["params_b"] == 48.0 and own[0]["active_params_b"] == 3.0
    assert own[0]["developer"] == "moonshot-ai" and own[0]["accessibility"] == "open_weights"
    assert [o["authors"] for o in data["organizations"] if o["key"] == "moonshot-ai"] == [[0]]


def test_cli_unreadable_pdf_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    out = subprocess.run([sys.executable, "-m", "tracker.cli", "extract", "--pdf", str(bad), "--explain"],
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode != 0
    assert "Traceback" not in out.stderr


def test_positions_index_the_papers_own_author_list() -> None:
    """In the nightly job the record carries arXiv's authors: positions must be theirs (AUTHORED.position)."""
    from tracker.extract.paper import extract_paper
    from tracker.pdf.reader import read_pdf

    pdf = read_pdf((PDFS / "deepseek-v3_2412.19437.pdf").read_bytes(), max_pages=2)
    team_only = extract_paper(PaperRecord(arxiv_id="2412.19437", title="DeepSeek-V3 Technical Report",
                                          authors=["DeepSeek-AI"]), pdf)
    assert _org(team_only, "deepseek").authors == [0]
    people = ["Qihao Zhu", "Daya Guo", "Zhihong Shao"]
    pdf2 = read_pdf((PDFS / "deepseek-coder-v2_2406.11931.pdf").read_bytes(), max_pages=2)
    ex = extract_paper(PaperRecord(arxiv_id="2406.11931", title="DeepSeek-Coder-V2", authors=people), pdf2)
    assert _org(ex, "deepseek").authors == [0, 1, 2]
