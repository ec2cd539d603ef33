"""Result tables from real PDFs (DeepSeek papers, technical reports, model cards), checked against
expectation files typed by hand from the pages (tests/data/deepseek_v3_tables.yaml, tests/data/tables/)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from table_expectations import load, score, score_cells

from tracker.extract.paper import extract_paper
from tracker.extract.tables import _bench_of, _to_float, model_key, table_results
from tracker.pdf.reader import PdfDocument, read_pdf
from tracker.records import PaperRecord

DATA = Path(__file__).parent / "data"
EXPECT = DATA / "deepseek_v3_tables.yaml"


@pytest.fixture(scope="module")
def pdf_dir(shared_data: Path) -> Path:
    return shared_data / "pdfs"


@pytest.fixture(scope="module")
def v3(pdf_dir: Path) -> PdfDocument:
    return read_pdf((pdf_dir / "deepseek-v3_2412.19437.pdf").read_bytes())


def test_deepseek_v3_main_tables_precision_and_recall(v3: PdfDocument):
    doc, _ = load(EXPECT)
    pages = [t["page"] - 1 for t in doc["tables"]]
    sub = PdfDocument(pages=[v3.pages[p] for p in pages], page_count=len(pages))
    results, _ = table_results(sub, introduced=["deepseek-v3"])
    precision, recall, problems = score(results, EXPECT)
    assert precision >= 0.97, problems[:10]
    assert recall >= 0.96, problems[:10]


def test_deepseek_v3_settings_provenance_and_self_reported(v3: PdfDocument):
    results, models = table_results(v3, introduced=["deepseek-v3"])
    mmlu_base = [r for r in results if r.model == "deepseek-v3-base" and r.benchmark == "mmlu"]
    assert mmlu_base and mmlu_base[0].value == 87.1 and mmlu_base[0].setting == "5-shot"
    cell = mmlu_base[0]
    assert (cell.page, cell.table, cell.value_raw) == (25, "3", "87.1")
    assert "MMLU" in (cell.row_label or "") and "DeepSeek-V3" in (cell.col_label or "")
    assert all(r.source == "table" for r in results)
    assert any(r.self_reported for r in results if r.model.startswith("deepseek-v3"))
    gpt = next(m for m in models if m.key == model_key("GPT-4o 0513")[0])  # type: ignore[index]
    assert gpt.is_open is False and gpt.developer == "openai"
    # GPQA-Diamond is its own benchmark, not GPQA
    assert any(r.benchmark == "gpqa-diamond" for r in results) and not any(r.benchmark == "gpqa" for r in results)


@pytest.mark.parametrize("name,floor", [("deepseek-r1", 0.95), ("seed-thinking-v1.5", 0.95), ("vibevoice-asr", 0.95),
                                        ("granite-code", 0.85), ("step-3.5-flash", 0.9), ("minicpm4", 0.9)])
def test_real_report_tables_against_hand_expectations(shared_data: Path, name: str, floor: float):
    doc, cells = load(DATA / "tables" / f"{name}.yaml")
    pdf = read_pdf((shared_data / doc["file"]).read_bytes())
    own = sorted({c.model for c in cells if c.role == "own"})
    results, _ = table_results(pdf, introduced=own)
    s = score_cells(results, cells, {t["page"] for t in doc["tables"]})
    assert s.precision >= 0.97, s.problems[:10]
    assert s.recall >= floor, s.problems[:10]
    for role, (found, n) in s.recall_by_role.items():
        assert found > 0, f"no {role} rows read ({n} expected)"  # own rows and closed baselines both kept


def test_error_rates_are_lower_is_better_and_percentages_keep_their_print(shared_data: Path):
    pdf = read_pdf((shared_data / "reports" / "vibevoice-asr.pdf").read_bytes())
    results, _ = table_results(pdf, introduced=["vibevoice-asr"])  # the paper's own model, as extraction names it
    wer = [r for r in results if r.benchmark == "ami-ihm" and r.model == "vibevoice-asr"]
    assert {r.metric for r in wer} >= {"DER", "WER", "cpWER", "tcpWER"}
    assert all(r.higher_is_better is False for r in wer)
    seed = read_pdf((shared_data / "reports" / "seed-thinking-v1.5.pdf").read_bytes())
    res, _ = table_results(seed)
    aime = next(r for r in res if r.benchmark == "aime-2025" and r.model.startswith("seed1.5"))
    assert aime.value == 74.0 and aime.value_raw == "74.0%" and aime.higher_is_better is True


def test_parameter_counts_deltas_and_dashes_are_not_scores(shared_data: Path, pdf_dir: Path):
    coder = read_pdf((pdf_dir / "deepseek-coder-v2_2406.11931.pdf").read_bytes())
    results, _ = table_results(coder)
    t8 = [r for r in results if r.table == "8"]
    assert t8 and {r.benchmark for r in t8} <= {"crux-eval-i", "crux-eval-o"}  # not #TP / #AP columns
    emb = read_pdf((shared_data / "reports" / "granite-embedding-r2.pdf").read_bytes())
    res, _ = table_results(emb)
    assert not [r for r in res if r.page == 9 and r.value in (109.0, 768.0, 384.0)]  # Params (M), Embed. Size
    for text in ("+6.5", "-2.1", "(+0.4)", "-", "—", "N/A", "2/30"):
        assert _to_float(text) is None, text
    assert _to_float("87.3 %") == 87.3 and _to_float("0.0⋆") == 0.0


@pytest.mark.parametrize("label,key", [
    ("GPQA Diamond (Pass@1)", "gpqa-diamond"), ("GPQA", "gpqa"), ("AIME 2025 (Pass@1)", "aime-2025"),
    ("AIME24", "aime-2024"), ("MMLU-Pro (EM)", "mmlu-pro"), ("MMLU-Redux", "mmlu-redux"), ("MMLU (5-shot)", "mmlu"),
    ("ImageNet-100", "imagenet-100"), ("ImageNet-1k", "imagenet"), ("LiveCodeBench v5", "livecodebench-v5"),
    ("LiveCodeBench v6 (Pass@1)", "livecodebench-v6"), ("Codeforces avg@8", "codeforces"), ("MBPP+", "mbpp-plus"),
    ("Beyond AIME", "beyond-aime"), ("Pile-test (BPB)", "pile"), ("GENIA (Kim et al., 2003) - LAS", "genia"),
    ("MATH+Py", None), ("GSM8K+Py", None), ("MMLU Language", None), ("Params (M)", None), ("# Total Params", None),
])
def test_benchmark_variants_stay_distinct(label: str, key: str | None):
    got = _bench_of(label)
    assert (got[0].key if got else None) == key


def test_every_shared_pdf_runs_through_extract_paper(pdf_dir: Path, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.ERROR)
    for path in sorted(pdf_dir.glob("*.pdf")):
        doc = read_pdf(path.read_bytes())
        ext = extract_paper(PaperRecord(arxiv_id="2412.19437", title=path.stem, abstract=""), doc)
        assert ext.arxiv_id == "2412.19437"
    assert not [r for r in caplog.records if "failed" in r.getMessage()]


def test_fractions_of_a_percent_metric_are_scaled_and_keep_their_print():
    """A 0-1 accuracy column (0.903) is put on the graph's 0-100 scale; bits per byte (0.606) is not a percent."""
    from tracker.extract.tables import Table, TableRow, _table_to_results

    levels = [[("GPT-4o", False)], [("Claude-3.5-Sonnet", False)]]
    body = [TableRow("MMLU", [], ["0.903", "0.889"], [False, False]),
            TableRow("GSM8K", [], ["0.951", "0.962"], [False, False]),
            TableRow("Pile-test (BPB)", [], ["0.606", "0.638"], [False, False])]
    table = Table(page=4, header=["GPT-4o", "Claude-3.5-Sonnet"], rows=[], levels=levels, body=body, number="8")
    out = _table_to_results(table, {}, [], set())
    mmlu = next(r for r in out if r.benchmark == "mmlu" and r.value_raw == "0.903")
    assert mmlu.value == 90.3 and (mmlu.page, mmlu.table) == (5, "8")
    pile = next(r for r in out if r.benchmark == "pile" and r.value_raw == "0.606")
    assert pile.value == 0.606 and pile.higher_is_better is False


@pytest.mark.parametrize("header,key,setting", [
    ("Kimi K3 (max)", "kimi-k3", "max"), ("Step-3.5-Flash w. Python", "step-3.5-flash", "w/ Python"),
    ("GPT-5.5 (xhigh)", "gpt-5.5", "xhigh"), ("Qwen3-8B 36T", "qwen3-8b", None),
])
def test_effort_levels_and_tools_in_model_headers_are_settings(header: str, key: str, setting: str | None):
    from tracker.extract.tables import split_with

    got = model_key(header)
    assert got is not None and got[0] == key
    assert split_with(header)[1] == setting


@pytest.mark.parametrize("header", ["DeepSeek-V2.5 + R1 Distill", "w/o MTP", "FP16", "BF16", "GPTQ", "NSA", "Short",
                                    "L6-H384-I1536-A12", "Average", "Params (M)"])
def test_ablation_arms_formats_and_attributes_are_not_models(header: str):
    assert model_key(header) is None


def test_two_columns_naming_one_model_without_a_size_are_not_attributed():
    """"Qwen3" over two columns with no size row: which Qwen3 scored what is unknowable, so neither is kept."""
    from tracker.extract.tables import Table, TableRow, _table_to_results

    levels = [[("Qwen3", False)], [("Qwen3", False)], [("Gemma-3-12B", False)]]
    body = [TableRow("MMLU", [], ["42.9", "77.5", "73.4"], [False] * 3),
            TableRow("GSM8K", [], ["61.7", "93.2", "94.2"], [False] * 3)]
    out = _table_to_results(Table(page=0, header=[], rows=[], levels=levels, body=body), {}, [], set())
    assert {r.model for r in out} == {model_key("Gemma-3-12B")[0]}  # type: ignore[index]
    sized = Table(page=0, header=[], rows=[], levels=levels, body=body, sizes={0: "0.6B", 1: "8B"})
    keys = {r.model for r in _table_to_results(sized, {}, [], set())}
    assert {model_key("Qwen3-0.6B")[0], model_key("Qwen3-8B")[0]} <= keys  # type: ignore[index]
