"""The HTML report opens in a real browser (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"),
]


def test_report_renders_its_charts_in_chromium(geo_run, tmp_path: Path, request) -> None:
    from playwright import sync_api  # the [dev] extra installs it: missing, this fails, not skips
    out = tmp_path / "report.html"
    main(["report", "--store", str(geo_run["store"]), "-o", str(out)])
    failed: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.goto(out.as_uri())
            images = page.locator("img")
            n_images = images.count()
            # every chart decoded to a real picture (naturalWidth 0 means a broken image)
            widths = [images.nth(i).evaluate("img => img.naturalWidth") for i in range(n_images)]
            sections = [page.locator(f"#{s}").count() for s in ("funnel", "relations", "reasons", "accepted", "rejected")]
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
            # at a phone's width the page does not scroll sideways: wide tables scroll in their box
            page.set_viewport_size({"width": 360, "height": 800})
            overflow = page.evaluate("document.documentElement.scrollWidth") - 360
        finally:
            browser.close()
    assert n_images >= 4 and all(w > 100 for w in widths), widths
    assert all(sections), sections
    assert overflow <= 0, f"the page is {overflow} px wider than a 360 px screen"
    assert not failed, f"the report fetched something: {failed}"
    keep = Path(request.config._tmp_path_factory.getbasetemp()) / "report.png"  # type: ignore[attr-defined]
    keep.write_bytes(shot.read_bytes())
