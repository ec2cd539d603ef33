"""The real arXiv client against recorded real responses served over loopback."""

from __future__ import annotations

import pytest

from tests.conftest import ReplayServer, load_recording
from tracker.sources.arxiv_api import ArxivApiSource
from tracker.sources.atom import parse_feed
from tracker.sources.errors import ArxivApiError, FeedParseError, FetchError
from tracker.sources.http import PoliteClient


def client(retries: int = 2) -> PoliteClient:
    return PoliteClient(interval_s=0, timeout_s=5, retries=retries, backoff_s=0.01)


def test_paging_collects_every_page_once(replay: ReplayServer) -> None:
    for start in range(0, 60, 10):
        replay.add_recording(f"q_testing_s{start}_m10_")
    src = ArxivApiSource(replay.url, client(), page_size=10)
    records = list(src.query("testing", max_results=60))
    assert len(records) == 60
    assert len({r.arxiv_id for r in records}) == 60
    assert src.pages_fetched == 6
    assert replay.unused() == []


def test_overlapping_pages_give_no_duplicates(replay: ReplayServer) -> None:
    # arXiv's result set shifts while we page: page 2 starts 1 earlier than asked (recorded s9_m15).
    replay.add_recording("q_testing_s0_m10_")
    replay.add_recording("q_testing_s9_m15_", start=10, max_results=10)
    src = ArxivApiSource(replay.url, client(), page_size=10)
    records = list(src.query("testing", max_results=20))
    ids = [r.arxiv_id for r in records]
    assert len(ids) == len(set(ids))
    first_page = {r.arxiv_id for r in parse_feed(load_recording("q_testing_s0_m10_")["body"]).records}
    second_page = {r.arxiv_id for r in parse_feed(load_recording("q_testing_s9_m15_")["body"]).records}
    assert first_page & second_page, "the recorded pages really overlap"
    assert set(ids) == first_page | second_page


def test_record_fields_are_parsed() -> None:
    page = parse_feed(load_recording("q_testing_s0_m10_")["body"])
    rec = next(r for r in page.records if r.arxiv_id == "2202.12139")
    assert rec.version == 1
    assert rec.title.startswith("Testing Deep Learning Models: A First Comparative Study")
    assert rec.authors[:3] == ["Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"]
    assert rec.categories[0] == "cs.SE" and "cs.LG" in rec.categories
    assert rec.doi == "10.1109/ICSTW55395.2022.00035"
    assert rec.pdf_url == "https://arxiv.org/pdf/2202.12139v1"
    assert str(rec.published) == "2022-02-24"
    assert "  " not in rec.abstract and "\n" not in rec.abstract
    assert page.total_results == 214881


def test_old_style_and_versioned_ids() -> None:
    old = parse_feed(load_recording("id_astro-ph_0601001_")["body"]).records
    assert [r.arxiv_id for r in old] == ["astro-ph/0601001"]
    versioned = parse_feed(load_recording("id_2104.12255v1_")["body"]).records
    assert [(r.arxiv_id, r.version) for r in versioned] == [("2104.12255", 1)]


def test_not_found_id_is_empty(replay: ReplayServer) -> None:
    replay.add_recording("id_0000.0000_")
    src = ArxivApiSource(replay.url, client(), page_size=100)
    assert list(src.by_ids(["0000.0000"])) == []


def test_error_feed_raises_clear_error(replay: ReplayServer) -> None:
    replay.add_recording("id_abc_")
    src = ArxivApiSource(replay.url, client(), page_size=100)
    with pytest.raises(ArxivApiError, match="incorrect id format for abc"):
        list(src.by_ids(["abc"]))


def test_503_then_success_is_retried(replay: ReplayServer) -> None:
    replay.add_recording("id_1605.08386_", before=[(503, "busy", {"Retry-After": "0"})])
    src = ArxivApiSource(replay.url, client(), page_size=100)
    assert [r.arxiv_id for r in src.by_ids(["1605.08386"])] == ["1605.08386"]
    assert len(replay.requests) == 2


def test_dropped_connection_then_success_is_retried(replay: ReplayServer) -> None:
    replay.add_recording("id_1605.08386_", before=["drop"])
    src = ArxivApiSource(replay.url, client(), page_size=100)
    assert [r.arxiv_id for r in src.by_ids(["1605.08386"])] == ["1605.08386"]


def test_persistent_5xx_gives_up_with_named_error(replay: ReplayServer) -> None:
    replay.add(id_list="1605.08386", answers=[(502, "bad gateway", {})] * 3)
    src = ArxivApiSource(replay.url, client(retries=2), page_size=100)
    with pytest.raises(FetchError, match="HTTP 502 after 3 attempts"):
        list(src.by_ids(["1605.08386"]))


def test_empty_page_is_retried(replay: ReplayServer) -> None:
    rec = load_recording("q_testing_s0_m10_")
    empty = rec["body"].split("<entry>")[0] + "</feed>\n"
    replay.add(search_query="testing", start=0, max_results=10, answers=[(200, empty, {}), (200, rec["body"], {})])
    src = ArxivApiSource(replay.url, client(), page_size=10)
    assert len(list(src.query("testing", max_results=10))) == 10


def test_feed_cut_in_the_middle_names_the_url(replay: ReplayServer) -> None:
    body = load_recording("q_testing_s0_m10_")["body"]
    replay.add(search_query="testing", start=0, max_results=10, answers=[(200, body[: len(body) // 2], {})])
    src = ArxivApiSource(replay.url, client(), page_size=10)
    with pytest.raises(FeedParseError, match=r"malformed Atom feed from http://127\.0\.0\.1"):
        list(src.query("testing", max_results=10))


def test_rate_limit_spaces_requests(replay: ReplayServer) -> None:
    import time

    for start in (0, 10):
        replay.add_recording(f"q_testing_s{start}_m10_")
    src = ArxivApiSource(replay.url, PoliteClient(interval_s=0.3, retries=0), page_size=10)
    t0 = time.monotonic()
    list(src.query("testing", max_results=20))
    assert time.monotonic() - t0 >= 0.3
