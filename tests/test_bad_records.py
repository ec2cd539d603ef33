"""One bad record never sinks a run: every class of bad record, mixed with good lines, is skipped,
named (file:line or id), counted, logged in one line; the good ones are stored; exit 1, no traceback.
Also: cut gzip files keep every complete line, an empty snapshot and a directory are clear errors."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from graph.store import open_store
from tests.conftest import ReplayServer, load_recording, run_cli
from tracker.config import load_settings
from tracker.records import PaperRecord
from tracker.sources.arxiv_api import ArxivApiSource
from tracker.sources.atom import parse_feed
from tracker.sources.errors import BadRecord, SnapshotError
from tracker.sources.http import PoliteClient
from tracker.sources.oai import parse_list_records
from tracker.sources.snapshot import SnapshotSource, record_from_json


def _good(n: int) -> dict:
    return {"id": f"2602.{n:05d}", "title": f"A good paper number {n}", "summary": "We study things.",
            "authors": ["Ada Lovelace", "Alan Turing"], "categories": ["cs.LG"], "_listing_date": "2026-02-03"}


# (raw line, what the message must say): every class the store or the pipeline once choked on
BAD_LINES: list[tuple[bytes, str]] = [
    (b'{"id":"2602.00904","title":"t","authors":7}', "authors must be"),
    (b'{"id":"2602.00905","title":"t","categories":5}', "categories must be"),
    (b'{"id":"2602.00906","title":"t","versions":{}}', "versions must be a list"),
    (b'{"id":"2602.00907","title":"t","authors_parsed":[1,2]}', "authors_parsed must be"),
    (b'{"id":"2602.00908","title":"t","versions":[{"version":"v99999999999999999999"}]}', "not a version number"),
    (b'{"id":"2602.00909v9223372036854775809","title":"t"}', "out of range"),
    (b'{"id":"2602.00910","title":"  ","summary":"x"}', "empty title"),
    (b'{"id":"2602.00911","title":"t","_listing_date":"the day after tomorrow"}', "unparseable date"),
    (b'{"id":"2602.00912","title":"t","versions":[{"version":"v1","created":"Mon, 99 Foo"}]}', "unparseable date"),
    (b'{"title":"no id at all","summary":"x"}', "record has no id"),
    (b'{"id":"2602.00913","title":"bad \xff\xfe bytes"}', "invalid UTF-8"),
    (b'{"id":"2602.00914","title":"a lone \\ud800 surrogate"}', "not valid Unicode"),
    (b'{"id":"2602.00915","title":"t","summary":["a list"]}', "summary must be a string"),
    (b'{"id":"2602.00916","title":"t","authors":["ok", {"name": "x"}]}', "authors must be a list of strings"),
    (b'{"id":"2602.00917","title":"cut', "malformed JSON"),
    (b"[" * 50_000, "JSON"),
    (b'{"id":"2602.00918","title":"t","n":' + b"9" * 5000 + b"}", "unusable JSON"),
    (b'"just a string"', "not a JSON object"),
    (b'{"id":"not-an-id","title":"t"}', "not an arXiv id"),
]


def _mixed_file(path: Path) -> tuple[list[str], dict[int, str]]:
    """Good lines around every bad line; returns the good ids and {line number: expected message}."""
    lines, good_ids, expected = [], [], {}
    for i, (raw, why) in enumerate(BAD_LINES):
        rec = _good(i + 1)
        lines.append(json.dumps(rec).encode())
        good_ids.append(rec["id"])
        lines.append(raw)
        expected[len(lines)] = why
    nul = _good(500) | {"title": "A title with a NUL\u0000 inside", "summary": "NUL\u0000 here"}
    lines.append(json.dumps(nul).encode())
    good_ids.append(nul["id"])
    path.write_bytes(b"\n".join(lines) + b"\n")
    return good_ids, expected


def test_every_bad_class_is_skipped_named_counted_through_the_cli(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good_ids, expected = _mixed_file(path)
    proc = run_cli("backfill", "--from", str(path), "--no-embed", "--no-extract")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out[-2000:]
    assert "Traceback" not in out
    assert f"fetched {len(good_ids)}" in proc.stdout and f"bad records {len(BAD_LINES)}" in proc.stdout
    bad_lines = [line for line in proc.stderr.splitlines() if "bad record: " in line]
    assert len(bad_lines) == len(BAD_LINES)  # each logged once, in one line
    for lineno, why in expected.items():
        hit = [line for line in bad_lines if f"mixed.jsonl:{lineno}: " in line]
        assert hit and why in hit[0], (lineno, why, hit)
    assert proc.stderr.strip().splitlines()[-1].startswith(f"error: {len(BAD_LINES)} bad records were skipped")
    with open_store(load_settings(home=home), read_only=True) as store:
        assert sorted(store.paper_versions()) == sorted(good_ids)
        nul = store.papers_by_ids(["2602.00500"])[0]
        run = store.last_runs(1)[0]
    assert nul["title"] == "A title with a NUL inside" and nul["abstract"] == "NUL here"  # NUL stripped, kept
    assert run["status"] == "ok" and json.loads(run["counts"])["bad_records"] == len(BAD_LINES)


def test_every_bad_class_in_the_source_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl.gz"
    plain = tmp_path / "plain.jsonl"
    good_ids, _ = _mixed_file(plain)
    path.write_bytes(gzip.compress(plain.read_bytes()))
    src = SnapshotSource(path)
    assert [r.arxiv_id for r in src] == good_ids
    assert len(src.bad_records) == len(BAD_LINES)
    assert all(msg.startswith(f"{path}:") for msg in src.bad_records)


def test_records_refuse_bad_values_directly() -> None:
    for kwargs in ({"title": ""}, {"title": "t", "version": 2**63}, {"title": "t", "version": 0},
                   {"title": "t", "published": 5}, {"title": "t", "published": "2026-13-45"},
                   {"title": "t", "authors": "Ada"}, {"title": 5}):
        with pytest.raises(ValueError):
            PaperRecord(arxiv_id="2602.00001", **kwargs)
    rec = PaperRecord(arxiv_id="2602.00001", title="Tab\tand\x00 NUL\x07", authors=["A\x00B"])
    assert rec.title == "Tab and NUL" and rec.authors == ["AB"]
    with pytest.raises(BadRecord, match="record 2602.00002: authors must be"):
        record_from_json({"id": "2602.00002", "title": "t", "authors": 7})


def test_truncated_gzip_keeps_every_complete_line(tmp_path: Path) -> None:
    lines = [json.dumps(_good(i)) + "\n" for i in range(1, 3001)]
    data = gzip.compress("".join(lines).encode())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    # what a reader that stops exactly at the damage can decompress: the complete lines in it
    dec = __import__("zlib").decompressobj(wbits=31)
    readable = dec.decompress(data[: len(data) * 2 // 3]).decode()
    complete = readable.count("\n")
    src = SnapshotSource(cut)
    got = []
    with pytest.raises(SnapshotError, match=r"cut\.jsonl\.gz: unreadable after line \d+"):
        for rec in src:
            got.append(rec.arxiv_id)
    assert 0 < complete < 3000 and len(got) == complete
    assert got == [f"2602.{i:05d}" for i in range(1, complete + 1)]


def test_truncated_gzip_through_the_cli_stores_the_last_partial_batch(tmp_path: Path, home: Path) -> None:
    lines = [json.dumps(_good(i)) + "\n" for i in range(1, 1201)]
    data = gzip.compress("".join(lines).encode())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    complete = __import__("zlib").decompressobj(wbits=31).decompress(data[: len(data) // 2]).count(b"\n")
    proc = run_cli("backfill", "--from", str(cut), "--no-embed", "--no-extract", env={"SOTAGRAPH_BATCH_SIZE": "500"})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "unreadable after line" in proc.stderr
    assert complete % 500  # the cut falls inside a batch: its complete lines must be stored too
    with open_store(load_settings(home=home), read_only=True) as store:
        assert store.count_papers() == complete


def test_concatenated_gzip_members_are_all_read(tmp_path: Path) -> None:
    path = tmp_path / "two.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(_good(1)) + "\n").encode())
                     + gzip.compress((json.dumps(_good(2)) + "\n").encode()))
    assert [r.arxiv_id for r in SnapshotSource(path)] == ["2602.00001", "2602.00002"]


def test_empty_snapshot_is_an_error(tmp_path: Path, home: Path) -> None:
    for name, data in (("empty.jsonl", b""), ("blank.jsonl.gz", gzip.compress(b"\n \n"))):
        path = tmp_path / name
        path.write_bytes(data)
        proc = run_cli("backfill", "--from", str(path), "--no-embed", "--no-extract")
        assert proc.returncode == 1, (name, proc.stderr)
        assert f"{path}: empty snapshot" in proc.stderr.strip().splitlines()[-1]


def test_directory_is_named_as_such(tmp_path: Path, home: Path) -> None:
    proc = run_cli("backfill", "--from", str(tmp_path), "--no-embed", "--no-extract")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "is a directory" in proc.stderr and "not found" not in proc.stderr
    proc = run_cli("ingest", "--from", str(tmp_path), "--no-embed", "--no-extract")
    assert proc.returncode == 2 and "is a directory" in proc.stderr


# -- the arXiv API and OAI-PMH sources ----------------------------------------------------------
def _client() -> PoliteClient:
    return PoliteClient(interval_s=0, timeout_s=5, retries=1, backoff_s=0.01)


def _break_entries(body: str) -> tuple[str, list[str]]:
    """The recorded feed with its entries broken in different ways (ids of the broken ones)."""
    head, *entries = body.split("<entry>")
    assert len(entries) >= 5
    broken = []
    out = []
    for k, entry in enumerate(entries):
        ident = entry.split("<id>", 1)[1].split("</id>", 1)[0].strip()
        if k == 0:
            entry = entry.replace("<published>", "<published>not a date", 1)
        elif k == 1:
            entry = entry.replace(entry[entry.index("<title>"):entry.index("</title>") + 8], "<title> </title>", 1)
        elif k == 2:
            entry = entry.replace(ident, ident.rsplit("v", 1)[0] + "v99999999999999999999", 1)
        else:
            out.append("<entry>" + entry)
            continue
        broken.append(ident.rsplit("/", 1)[-1])
        out.append("<entry>" + entry)
    return head + "".join(out), broken


def test_api_source_skips_malformed_entries_over_http(replay: ReplayServer) -> None:
    rec = load_recording("q_testing_s0_m10_")
    body, broken = _break_entries(rec["body"])
    replay.add(search_query="testing", start=0, max_results=10, answers=[(200, body, {})])
    src = ArxivApiSource(replay.url, _client(), page_size=10)
    got = list(src.query("testing", max_results=10))
    assert len(got) == 10 - len(broken)
    assert len(src.bad_records) == len(broken)
    for msg, ident, why in zip(src.bad_records, broken, ("unparseable date", "empty title", "version"), strict=True):
        assert ident.split("v")[0] in msg and why in msg, msg


def test_api_backfill_cli_counts_malformed_entries(replay: ReplayServer, home: Path) -> None:
    rec = load_recording("q_testing_s0_m10_")
    body, broken = _break_entries(rec["body"])
    page = body.replace("<opensearch:totalResults", "<opensearch:totalResults", 1)
    replay.add(search_query="*", start=0, max_results=200, answers=[(200, page, {})])
    proc = run_cli("backfill", "--since", "2026-01-01", "--until", "2026-01-02", "--no-embed", "--no-extract",
                   env={"SOTAGRAPH_ARXIV_API_URL": replay.url, "SOTAGRAPH_REQUEST_INTERVAL": "0"})
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out
    assert proc.returncode == 1, out[-1500:]
    assert f"bad records {len(broken)}" in proc.stdout
    assert sum("bad record: entry" in line for line in proc.stderr.splitlines()) == len(broken)


def test_parse_feed_survives_an_entry_with_odd_structure() -> None:
    body = load_recording("q_testing_s0_m10_")["body"]
    page = parse_feed(body.replace("<title>", "<title><b>nested</b>", 1))
    assert len(page.records) + len(page.bad) == 10


def test_oai_bad_records_are_named() -> None:
    page1 = (Path(__file__).parent / "data" / "oai_arxivraw_page1.xml").read_bytes()
    text = page1.decode()
    first_date = text.split("<date>", 1)[1].split("</date>", 1)[0]
    broken = text.replace(f"<date>{first_date}</date>", "<date>not a date at all</date>", 1).encode()
    page = parse_list_records(broken, "http://oai.test/oai")
    good = parse_list_records(page1, "http://oai.test/oai")
    assert len(page.records) == len(good.records) - 1
    assert len(page.bad) == len(good.bad) + 1
    assert "http://oai.test/oai: record oai:arXiv.org:" in page.bad[-1] or any(
        "unparseable version date" in b for b in page.bad)
