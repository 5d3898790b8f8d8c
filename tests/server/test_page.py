"""The query page in a real browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

import shutil
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Iterator

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"),
]


def test_type_a_query_run_it_see_the_table(server, tmp_path, request):
    from playwright import sync_api  # the [dev] extra installs it: missing, this fails, not skips
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page()
            console = []
            page.on("console", lambda message: console.append(message.text))
            response = page.goto(server.url + "/")
            assert "SPARQL" in page.title()
            policy = response.headers["content-security-policy"]  # its own script, by hash
            assert "script-src 'sha256-" in policy and "unsafe-inline" not in policy
            # script that the page did not ship (as an injected value would bring) does not run
            page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 1'; document.body.appendChild(s); }")
            assert page.evaluate("() => window.pwned") is None
            options = page.locator("#examples option").all_text_contents()
            assert "Capitals (geography)" in options
            page.fill(
                "#query",
                "SELECT ?country ?label WHERE { ?country a kgeo:Country ; rdfs:label ?label } ORDER BY ?label",
            )
            page.click("#run")
            page.wait_for_selector("#result-table")
            headers = page.locator("#result-table th").all_text_contents()
            cells = page.locator("#result-table tbody tr td:nth-child(2)").all_text_contents()
            status = page.locator("#status").text_content()
            shot = tmp_path / "query-page.png"
            page.screenshot(path=str(shot), full_page=True)

            # a bad query shows the server's message, not a table
            page.fill("#query", "SELECT * WHERE { ?s ?p }")
            page.click("#run")
            page.wait_for_selector("#status.error")
            error = page.locator("#status").text_content()
        finally:
            browser.close()
    # one refusal: the injected script's (the page's own script and style are allowed by hash)
    assert len([m for m in console if "Content Security Policy" in m]) == 1, console
    assert headers == ["country", "label"]
    assert cells == ["France", "Spain"]
    assert status.startswith("2 rows")
    assert error.startswith("400: invalid SPARQL query")
    assert shot.stat().st_size > 1000
    keep = Path(request.config._tmp_path_factory.getbasetemp()) / "query-page.png"  # type: ignore[attr-defined]
    shutil.copy(shot, keep)


@contextmanager
def _query_page(server: Any, **options: Any) -> Iterator[Any]:
    """The query page of ``server``, open in chromium (``options``: of the browser context)."""
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_context(**options).new_page()
            page.goto(server.url + "/")
            yield page
        finally:
            browser.close()


def test_run_again_while_a_query_runs_shows_only_the_last_answer(server):
    """Pressing Run again while a query still ran showed two result tables (with the same id),
    and the first, slower query's status line above the second query's table."""
    from playwright import sync_api

    held = []
    with _query_page(server) as page:
        # the first query's answer is held back until the second query's table is shown
        page.route("**/sparql", lambda route: held.append(route) if not held else route.continue_())
        page.fill("#query", "SELECT ?x WHERE { ?x a kgeo:City }")
        page.click("#run")
        page.wait_for_function("() => document.getElementById('status').textContent.startsWith('running')")
        page.fill("#query", "SELECT ?label WHERE { res:spain rdfs:label ?label }")
        page.click("#run")
        page.wait_for_selector("#result-table")
        with suppress(sync_api.Error):
            held[0].continue_()  # the page cancelled it: nothing to answer
        page.wait_for_timeout(500)
        tables = page.locator("#results table").all_inner_texts()
        status = page.locator("#status").text_content()
    assert len(held) == 1
    assert [t.split() for t in tables] == [["label", "Spain"]]
    assert status.startswith("1 row in")


def test_the_query_page_names_its_editor_announces_results_and_keeps_long_values_in_view(server):
    """The query text area had no accessible name, the status line was no live region (a
    screen reader heard nothing after Run), with JavaScript off the page was an empty form with
    no word why, and one long value made the whole page scroll sideways."""
    with _query_page(server, viewport={"width": 800, "height": 600}) as page:
        name = page.evaluate("() => [...document.getElementById('query').labels].map(l => l.textContent).join(' ')")
        live = page.evaluate("() => [document.getElementById('status').getAttribute('role'), document.getElementById('status').getAttribute('aria-live')]")
        page.fill("#query", 'SELECT ?long WHERE { BIND(CONCAT("' + "Llanfairpwllgwyngyll" * 20 + '", "") AS ?long) }')
        page.click("#run")
        page.wait_for_selector("#result-table")
        width = page.evaluate("() => document.documentElement.scrollWidth")
    assert name == "SPARQL query"
    assert live == ["status", "polite"]
    assert width <= 800
    with _query_page(server, java_script_enabled=False) as page:
        assert "needs JavaScript" in page.locator("noscript").text_content(timeout=5000)


def test_moving_through_the_examples_keeps_a_typed_query(server):
    """Moving through the Examples list with the arrow keys replaced the query the user had
    typed with each example in turn, with no undo."""
    mine = "SELECT ?s WHERE { ?s a kgeo:Country } # typed by hand"
    with _query_page(server) as page:
        first = page.input_value("#query")
        page.focus("#examples")
        page.keyboard.press("ArrowDown")  # the editor holds the example it loaded: the next replaces it
        second = page.input_value("#query")
        page.fill("#query", mine)
        page.focus("#examples")
        page.keyboard.press("ArrowDown")
        assert page.input_value("#query") == mine
        page.click("#load")
        loaded = page.input_value("#query")
    assert second != first
    assert loaded not in (mine, second) and loaded.startswith("SELECT")
