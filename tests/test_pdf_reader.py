"""The PDF reader on real PDFs and on bad input (encrypted, empty, truncated, not a PDF)."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pymupdf
import pytest

from tracker.extract.cli import run_extract
from tracker.pdf.reader import PdfUnreadable, read_pdf


def test_first_page_layout_of_real_pdf(shared_data: Path):
    doc = read_pdf((shared_data / "pdfs" / "deepseek-v3_2412.19437.pdf").read_bytes(), max_pages=1)
    assert doc.page_count == 53 and len(doc.pages) == 1
    title = max(doc.pages[0].lines[:10], key=lambda line: line.size)
    assert title.text == "DeepSeek-V3 Technical Report" and title.bold
    assert all(w.x1 >= w.x0 and w.y1 >= w.y0 for w in doc.pages[0].words)


def _encrypted_pdf() -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    buf = io.BytesIO()
    doc.save(buf, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="owner")
    return buf.getvalue()


@pytest.mark.parametrize("data,reason", [(b"", "empty"), (b"<html>not a pdf</html>", "not a PDF"),
                                         (b"%PDF-1.7\n%truncated", "PDF")])
def test_bad_input_raises_named_error(data: bytes, reason: str):
    with pytest.raises(PdfUnreadable) as err:
        read_pdf(data)
    assert reason in err.value.reason


def test_encrypted_pdf_is_unreadable():
    with pytest.raises(PdfUnreadable, match="encrypted"):
        read_pdf(_encrypted_pdf())


def test_truncated_real_pdf_gives_skip_or_partial_read(shared_data: Path):
    data = (shared_data / "pdfs" / "deepseek-r1_2501.12948.pdf").read_bytes()
    for cut in (2000, len(data) // 2):
        try:
            doc = read_pdf(data[:cut])
        except PdfUnreadable:
            continue
        assert doc.page_count >= 1


def test_extract_cli_logs_skip_for_bad_pdf(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(_encrypted_pdf())
    out = io.StringIO()
    caplog.set_level(logging.ERROR)
    assert run_extract([], out, bad) == 1
    assert out.getvalue() == "" and "encrypted" in caplog.text


def test_extract_cli_json_lines(shared_data: Path):
    lines = [json.dumps({"id": "2412.19437", "title": "DeepSeek-V3 Technical Report",
                         "abstract": "We present DeepSeek-V3, a strong Mixture-of-Experts (MoE) language model with "
                                     "671B total parameters.", "authors": "DeepSeek-AI", "categories": "cs.CL"}),
             "not json"]
    out = io.StringIO()
    assert run_extract(lines, out, None) == 0
    objs = [json.loads(x) for x in out.getvalue().splitlines()]
    assert len(objs) == 1 and objs[0]["models"][0]["key"] == "deepseek-v3"
    assert set(objs[0]) >= {"arxiv_id", "models", "results", "organizations", "countries"}
