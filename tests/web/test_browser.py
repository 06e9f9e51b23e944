"""The pages in a real browser: Playwright driving Debian's Chromium against `chronicle serve`.

A reader's path (home -> story -> citation -> article -> relations -> search) with screenshots
in test-artifacts/, the removed-lines toggle, and the hostile article: no dialog may open and
the flag its payload would set must stay undefined. Nothing may load from outside the server.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(corpus_db: Path) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-c", "from chronicle.cli import main; main()", "serve",
               "--db", str(corpus_db), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/api/counts", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"chronicle serve did not start: {output[-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright==1.65.2")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A page that records dialogs and every request that leaves the server."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    tab = context.new_page()
    tab.dialogs, tab.outside = [], []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.on("request", lambda r: None if r.url.startswith(server) else tab.outside.append(r.url))
    yield tab
    assert tab.outside == [], "requests left the server"
    context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_reader_path_home_story_citation_article_relations_search(
        page: Any, server: str, biggest_story: dict) -> None:
    page.goto(server + "/")
    assert page.locator("svg.timeline a").count() >= 3
    shot(page, "home")
    page.click(f'table.stories a[href="/stories/{biggest_story["id"]}"]')
    page.wait_for_url(f"**/stories/{biggest_story['id']}")
    assert page.locator(".member").count() >= 3

    cite = page.locator("a.cite").first
    cite.hover()
    popover = page.locator("#cite-pop")
    popover.wait_for(state="visible")
    assert cite.get_attribute("data-quote") in popover.inner_text()
    target = page.locator(f'#{cite.get_attribute("data-target")}')
    assert "flash" in (target.get_attribute("class") or "")
    shot(page, "story")

    cite.click()
    page.wait_for_url("**/articles/**")
    cited = page.locator("#cited")
    assert cited.is_visible() and cited.bounding_box()["y"] < 1000
    assert "cited" in (cited.get_attribute("class") or "")
    shot(page, "article-cited")

    page.click('header nav a[href="/relations"]')
    page.select_option('select[name="a"]', "BRA")
    page.select_option('select[name="b"]', "JPN")
    page.click('form.picker button')
    page.wait_for_url("**/relations?a=BRA&b=JPN")
    assert page.locator("svg.relations rect").count() >= 1
    shot(page, "relations")

    page.fill('form.quick input[name="q"]', "water treaty")
    page.press('form.quick input[name="q"]', "Enter")
    page.wait_for_url("**/search?q=water+treaty")
    assert page.locator("ol.hits > li").count() >= 2
    assert page.locator(".snippet mark").count() >= 2
    shot(page, "search")
    assert page.dialogs == []


def test_removed_lines_stay_folded_until_asked_for(page: Any, server: str,
                                                    biggest_story: dict) -> None:
    for article_id in biggest_story["article_ids"]:
        page.goto(f"{server}/articles/{article_id}")
        if page.locator("ol.raw li.removed").count():
            break
    else:
        pytest.fail("no member of the story had removed lines")
    removed = page.locator("ol.raw li.removed").first
    assert not removed.is_visible()
    page.click("details.removed summary")
    assert removed.is_visible() and removed.locator(".reason").inner_text()
    shot(page, "article-removed-lines")


def test_hostile_article_runs_nothing(page: Any, server: str, hostile_id: str) -> None:
    page.goto(f"{server}/api/stories?limit=500")
    story = next(s["id"] for s in page.evaluate("() => JSON.parse(document.body.innerText)")
                 ["items"] if hostile_id in s["article_ids"])
    for path in [f"/articles/{hostile_id}", f"/stories/{story}", "/", "/articles",
                 "/search?q=dock+workers", "/entities/Marta%20Ilves"]:
        page.goto(server + path)
        page.wait_for_load_state("load")
        page.mouse.move(200, 400)  # hover-borne handlers would fire now
        assert page.evaluate("() => typeof window.__xss") == "undefined", path
        assert page.locator("script:not([src])").count() == 0
        assert page.locator("img").count() == 0
    page.goto(f"{server}/articles/{hostile_id}")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert page.locator('a[href^="javascript"]').count() == 0
    page.locator(".text").get_by_text("the union's pay claim", exact=False).first.click()
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    shot(page, "hostile-article")
    assert page.dialogs == []
