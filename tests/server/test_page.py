"""The query page in a real browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

import shutil
from pathlib import Path

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
