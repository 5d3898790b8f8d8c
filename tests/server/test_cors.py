"""CORS on a real ``kg serve``: off by default; allowed origins query (preflight answered);
writes from another origin refused unless cross-origin updates are enabled."""

from __future__ import annotations

from typing import Iterator

import httpx
import pytest

from kg.errors import ConfigError
from kg.server.cors import CorsPolicy, normalize_origin
from tests.server.conftest import TOKEN, Server, make_store, start_server

PAGE = "https://yasgui.example"
OTHER = "https://evil.example"
QUERY = "SELECT ?l WHERE { res:france rdfs:label ?l }"
INSERT = "INSERT DATA { GRAPH graph:accepted { res:x rdfs:label 'x' } }"


def preflight(server: Server, origin: str, method: str, path: str = "/sparql", headers: str = "content-type") -> httpx.Response:
    return httpx.options(
        server.url + path,
        headers={"Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers},
    )


@pytest.fixture(scope="module")
def cors_server(tmp_path_factory: pytest.TempPathFactory, sample_text: str) -> Iterator[Server]:
    """Queries from PAGE; updates enabled (token), but not cross-origin."""
    root = tmp_path_factory.mktemp("cors")
    store = make_store(root / "store", sample_text)
    srv = start_server(store, root / "serve.log", "--cors-origin", PAGE, "--allow-update", env={"KG_SERVE_TOKEN": TOKEN})
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def cors_write_server(tmp_path_factory: pytest.TempPathFactory, sample_text: str) -> Iterator[Server]:
    """Configured by the store's kg.toml: PAGE may query and (with the token) write."""
    root = tmp_path_factory.mktemp("cors-rw")
    store = make_store(root / "store", sample_text)
    (store / "kg.toml").write_text(f'[server]\ncors_origins = ["{PAGE}/"]\ncors_updates = true\n', encoding="utf-8")
    srv = start_server(store, root / "serve.log", "--allow-update", env={"KG_SERVE_TOKEN": TOKEN})
    yield srv
    srv.stop()


def test_off_by_default(server):
    r = httpx.post(server.sparql, content=QUERY, headers={"Content-Type": "application/sparql-query", "Origin": PAGE})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    assert "access-control-allow-origin" not in preflight(server, PAGE, "POST").headers


def test_an_allowed_origin_queries_after_a_preflight(cors_server):
    pre = preflight(cors_server, PAGE, "POST", headers="Content-Type, Accept")
    assert pre.status_code == 204
    assert pre.headers["access-control-allow-origin"] == PAGE
    assert pre.headers["access-control-allow-methods"] == "GET, POST"
    assert set(pre.headers["access-control-allow-headers"].split(", ")) == {"accept", "content-type"}
    assert "access-control-allow-credentials" not in pre.headers
    r = httpx.post(
        cors_server.sparql,
        content=QUERY,
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json", "Origin": PAGE},
    )
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["l"]["value"] == "France"
    assert r.headers["access-control-allow-origin"] == PAGE and "Origin" in r.headers["vary"]
    assert "X-KG-Truncated" in r.headers["access-control-expose-headers"]
    got = httpx.get(cors_server.sparql, params={"query": QUERY}, headers={"Origin": PAGE})
    assert got.headers["access-control-allow-origin"] == PAGE


def test_other_origins_get_no_cors_headers(cors_server):
    pre = preflight(cors_server, OTHER, "POST")
    assert pre.status_code == 403 and "access-control-allow-origin" not in pre.headers
    r = httpx.get(cors_server.sparql, params={"query": QUERY}, headers={"Origin": OTHER})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


def test_cross_origin_writes_are_off_unless_enabled(cors_server):
    for method, path in (("PUT", "/store"), ("DELETE", "/store"), ("POST", "/update"), ("POST", "/store")):
        pre = preflight(cors_server, PAGE, method, path, headers="content-type, authorization")
        assert pre.status_code == 403 and "access-control-allow-origin" not in pre.headers, (method, path)
    assert preflight(cors_server, PAGE, "POST", headers="authorization").status_code == 403
    # the update itself (POST /sparql passes the preflight as a query would): refused by origin
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    r = httpx.post(cors_server.sparql, content=INSERT, headers={**auth, "Origin": PAGE})
    assert r.status_code == 403 and "cross-origin updates are off" in r.text
    r = httpx.put(cors_server.url + "/store", params={"default": ""}, content="", headers={"Authorization": f"Bearer {TOKEN}", "Origin": PAGE, "Content-Type": "text/turtle"})
    assert r.status_code == 403
    # the same update from the server's own page, or from no page at all, goes through
    own = cors_server.url
    assert httpx.post(cors_server.sparql, content=INSERT, headers={**auth, "Origin": own}).status_code == 204
    assert httpx.post(cors_server.sparql, content=INSERT, headers=auth).status_code == 204


def test_cross_origin_updates_when_enabled_in_kg_toml(cors_write_server):
    pre = preflight(cors_write_server, PAGE, "PUT", "/store", headers="content-type, authorization")
    assert pre.status_code == 204 and pre.headers["access-control-allow-methods"] == "GET, POST, PUT, DELETE"
    assert "authorization" in pre.headers["access-control-allow-headers"]
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update", "Origin": PAGE}
    r = httpx.post(cors_write_server.url + "/update", content=INSERT, headers=auth)
    assert r.status_code == 204 and r.headers["access-control-allow-origin"] == PAGE
    # still not from an origin it does not list, and never without the token
    r = httpx.post(cors_write_server.url + "/update", content=INSERT, headers={**auth, "Origin": OTHER})
    # the reason is the origin, not the switch: "cross-origin updates are off" sent the user to turn on what was on
    assert r.status_code == 403 and OTHER in r.text and "--cors-origin" in r.text and "are off" not in r.text, r.text
    no_token = {"Content-Type": "application/sparql-update", "Origin": PAGE}
    assert httpx.post(cors_write_server.url + "/update", content=INSERT, headers=no_token).status_code == 401


def test_origins_are_checked_and_normalised():
    """A bad --cors-origin is a configuration error (exit 2, as the other bad serve settings),
    not a store error (exit 1)."""
    assert normalize_origin("HTTPS://YasGUI.example:443/") == PAGE
    assert normalize_origin("http://localhost:3000") == "http://localhost:3000"
    for bad in ("yasgui.example", "ftp://x.example", "https://x.example/path"):
        with pytest.raises(ConfigError, match="not a web origin"):
            CorsPolicy.of([bad])
    assert CorsPolicy.of(["*"]).allows("https://anything.example")
    assert not CorsPolicy().enabled and not CorsPolicy().allows(PAGE)


def test_every_answer_varies_by_origin(cors_server):
    """With --cors-origin, an answer to the allowed page carried Access-Control-Allow-Origin and
    Vary: Origin, but the same URL without Origin (or from another origin) only Vary: Accept: a
    shared cache could give the page the copy without the header (Fetch 3.2.5)."""
    for headers in ({}, {"Origin": OTHER}, {"Origin": PAGE}):
        r = httpx.get(cors_server.sparql, params={"query": QUERY}, headers=headers)
        vary = [v.strip().lower() for v in r.headers.get("vary", "").split(",")]
        assert r.status_code == 200 and "origin" in vary and "accept" in vary, (headers, r.headers)
        assert len(r.headers.get_list("vary")) == 1, r.headers
    assert "origin" in httpx.get(cors_server.url + "/health").headers["vary"].lower()
