"""Result tables from the real DeepSeek PDFs, checked against an expectation file typed from the PDF."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from table_expectations import score

from tracker.extract.paper import extract_paper
from tracker.extract.tables import table_results
from tracker.pdf.reader import PdfDocument, read_pdf
from tracker.records import PaperRecord

EXPECT = Path(__file__).parent / "data" / "deepseek_v3_tables.yaml"


@pytest.fixture(scope="module")
def pdf_dir(shared_data: Path) -> Path:
    return shared_data / "pdfs"


@pytest.fixture(scope="module")
def v3(pdf_dir: Path) -> PdfDocument:
    return read_pdf((pdf_dir / "deepseek-v3_2412.19437.pdf").read_bytes())


def test_deepseek_v3_main_tables_precision_and_recall(v3: PdfDocument):
    import yaml

    pages = [t["page"] - 1 for t in yaml.safe_load(EXPECT.read_text())["tables"]]
    sub = PdfDocument(pages=[v3.pages[p] for p in pages], page_count=len(pages))
    results, _ = table_results(sub, introduced=["deepseek-v3"])
    precision, recall, problems = score(results, EXPECT)
    assert precision >= 0.95, problems[:10]
    assert recall >= 0.80, problems[:10]


def test_deepseek_v3_settings_and_self_reported(v3: PdfDocument):
    results, models = table_results(v3, introduced=["deepseek-v3"])
    mmlu_base = [r for r in results if r.model == "deepseek-v3-base" and r.benchmark == "mmlu"]
    assert mmlu_base and mmlu_base[0].value == 87.1 and mmlu_base[0].setting == "5-shot"
    assert all(r.source == "table" for r in results)
    assert any(r.self_reported for r in results if r.model.startswith("deepseek-v3"))
    gpt = next(m for m in models if m.key == "gpt-4o-0513")
    assert gpt.is_open is False and gpt.developer == "openai"


@pytest.mark.parametrize("name,own", [("deepseek-v2_2405.04434.pdf", "deepseek-v2"),
                                      ("deepseek-r1_2501.12948.pdf", "deepseek-r1"),
                                      ("deepseek-coder-v2_2406.11931.pdf", "deepseek-coder-v2")])
def test_results_tables_found_in_other_deepseek_papers(pdf_dir: Path, name: str, own: str):
    results, _ = table_results(read_pdf((pdf_dir / name).read_bytes()))
    assert len(results) >= 50
    assert any(r.model.startswith(own) for r in results)


def test_every_shared_pdf_runs_through_extract_paper(pdf_dir: Path, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.ERROR)
    for path in sorted(pdf_dir.glob("*.pdf")):
        doc = read_pdf(path.read_bytes())
        ext = extract_paper(PaperRecord(arxiv_id="2412.19437", title=path.stem, abstract=""), doc)
        assert ext.arxiv_id == "2412.19437"
    assert not [r for r in caplog.records if "failed" in r.getMessage()]
