"""A real browser (Debian's chromium via Playwright) against the real app on loopback: every page
renders its key element with no exception box; a search and a Cypher query run; a screenshot of
each page is saved to artifacts/screenshots/ as a test artefact."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_support import app_home, full_home, fulltext_home
from devsupport.app_driver import (
    CHROMIUM,
    PAGES,
    exception_count,
    free_port,
    launch_browser,
    navigate,
    start_app,
    stop_app,
    wait_rendered,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("shared_data"),
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason=f"{CHROMIUM} is absent: apt-get install chromium (Debian) to run the browser test")]
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = app_home(tmp_path_factory)
    port = free_port()
    proc = start_app(home, port, log=tmp_path_factory.mktemp("st") / "streamlit.log")
    yield f"http://127.0.0.1:{port}"
    stop_app(proc)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One chromium for the module (Playwright's sync API allows one running instance per thread)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = launch_browser(pw)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(server: str, browser: object) -> Iterator[object]:
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    yield pg
    pg.close()


def test_every_page_renders_without_an_exception(server: str, page: object) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for spec in PAGES:
        page.goto(server + spec.path)
        wait_rendered(page, spec.key_text)
        page.screenshot(path=str(SHOTS / f"{spec.name}.png"), full_page=True)
        assert exception_count(page) == 0, f"exception box on {spec.path}"
        assert page.get_by_text("Page not found").count() == 0, spec.path
    # the charts are drawn (Vega) and the paper page shows the numbers behind them
    page.goto(server + "/overview")
    wait_rendered(page, "Papers per month by category")
    assert page.locator("[data-testid='stVegaLiteChart']").count() >= 1
    assert page.get_by_text("Download papers_per_month (CSV)").count() == 1


def test_search_and_cypher_from_the_browser(server: str, page: object) -> None:
    page.goto(server + "/search")
    wait_rendered(page, "Search papers by meaning")
    page.get_by_label("Search papers by meaning").fill("mixture-of-experts language model with efficient inference")
    page.get_by_role("button", name="Search").click()
    wait_rendered(page, "20 result(s)")
    assert exception_count(page) == 0
    page.screenshot(path=str(SHOTS / "search-results.png"), full_page=True)

    page.goto(server + "/cypher")
    wait_rendered(page, "Start from an example")
    page.get_by_label("Query").fill("MATCH (p:Paper) RETURN p.primary_category AS c, count(*) AS n ORDER BY n DESC LIMIT 5")
    page.get_by_role("button", name="Run").click()
    wait_rendered(page, "5 row(s)")
    page.get_by_label("Query").fill("MATCH (p:Paper) DETACH DELETE p")
    page.get_by_role("button", name="Run").click()
    wait_rendered(page, "Refused:")
    assert exception_count(page) == 0
    page.screenshot(path=str(SHOTS / "cypher-refused.png"), full_page=True)


def test_countries_gate_and_landing_page_in_the_browser(server: str, page: object) -> None:
    """What a user sees: thin months say "not enough data", the landing page lists the last run."""
    page.goto(server + "/countries")
    wait_rendered(page, "Models introduced, by developer country")
    assert page.get_by_text("Not enough data (fewer than 30 papers").count() >= 1
    assert page.get_by_text("Partial months").count() >= 1
    assert page.locator("[data-testid='stVegaLiteChart']").count() >= 3
    page.screenshot(path=str(SHOTS / "countries-gate.png"), full_page=True)
    page.goto(server + "/")
    wait_rendered(page, "What the last ingest run brought")
    assert page.get_by_text("New state of the art").count() >= 1 and exception_count(page) == 0


@pytest.fixture(scope="module", params=[pytest.param("snapshot", marks=pytest.mark.slow),
                                        pytest.param("fulltext", marks=pytest.mark.slow)])
def full_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The app over the whole snapshot store, then over the store of the shared PDFs and reports read through
    the full-text path (the same stores as the AppTest number checks, built once per session)."""
    home = (full_home if request.param == "snapshot" else fulltext_home)(tmp_path_factory)
    port = free_port()
    proc = start_app(home, port, log=tmp_path_factory.mktemp("st-full") / "streamlit.log")
    yield request.param, f"http://127.0.0.1:{port}"
    stop_app(proc)


def test_every_page_on_the_full_stores(full_server: tuple[str, str], browser: object) -> None:
    """Each page opened from the sidebar, as a user moves through the app: rendered, no exception box; the
    frontier points of Open vs closed are links to their papers. Screenshots ``full-*`` (snapshot store)."""
    name, base = full_server
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        pg.goto(base + "/overview")
        wait_rendered(pg, "Papers per month by category", 120_000)
        for spec in PAGES:
            navigate(pg, spec, timeout_ms=120_000)
            assert exception_count(pg) == 0, f"exception box on {spec.name} ({name} store)"
            if name == "snapshot":
                pg.screenshot(path=str(SHOTS / f"full-{spec.name}.png"), full_page=True)
        navigate(pg, next(s for s in PAGES if s.name == "open-vs-closed"))
        assert pg.locator("[data-testid='stVegaLiteChart']").count() >= 1
        assert pg.get_by_text("click it to open its paper").count() == 1
        # a frontier point is its evidence: clicking it opens the paper page of the result that set it
        point = pg.locator("[data-testid='stVegaLiteChart']").first.locator("g.mark-symbol path").first
        label = point.get_attribute("aria-label") or ""
        arxiv_id = label.split("paper (click to open): ", 1)[1].split(";", 1)[0]
        point.scroll_into_view_if_needed()
        box = point.bounding_box()
        pg.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        pg.wait_for_url(f"**/paper?id={arxiv_id}", timeout=60_000)
        wait_rendered(pg, "Abstract", 60_000)
        assert exception_count(pg) == 0
    finally:
        pg.close()


# README image <- the first screenshot present (``full-*``: taken on the full snapshot store, see README)
DOC_SHOTS = {"dashboard-since.png": ("since",), "dashboard-countries.png": ("full-countries", "countries-gate"),
             "dashboard-open-vs-closed.png": ("open-vs-closed",)}


@pytest.mark.skipif(not os.environ.get("SOTAGRAPH_DOCS_SHOTS"), reason="set SOTAGRAPH_DOCS_SHOTS=1 to refresh docs/")
def test_refresh_readme_screenshots() -> None:
    """The README's images from this run's screenshots: the top of each page, 1000 px wide."""
    from PIL import Image

    docs = Path(__file__).resolve().parents[1] / "docs"
    for name, shots in DOC_SHOTS.items():
        shot = next(s for s in shots if (SHOTS / f"{s}.png").exists())
        img = Image.open(SHOTS / f"{shot}.png").convert("RGB")
        img = img.crop((0, 0, img.width, min(img.height, 1000)))
        img = img.resize((1000, round(img.height * 1000 / img.width)))
        img.quantize(colors=128).save(docs / name, optimize=True)
