"""``kg serve``: a SPARQL 1.1 endpoint over an embedded store, and a query page.

What it speaks
--------------
* SPARQL 1.1 Protocol queries: ``GET /sparql?query=`` and ``POST /sparql`` (url-encoded form or
  a direct ``application/sparql-query`` body), ``default-graph-uri`` / ``named-graph-uri``
  mapped to the store's graphs. ``/query`` and ``/`` (with ``?query=``) answer the same way.
* Content negotiation: SPARQL results JSON, XML, CSV, TSV for SELECT/ASK; Turtle, N-Triples,
  JSON-LD (and RDF/XML) for CONSTRUCT/DESCRIBE. ``?format=json|xml|csv|tsv|turtle|ntriples|
  jsonld`` overrides the ``Accept`` header. Nothing acceptable: 406.
* A SPARQL 1.1 Service Description (Turtle) at ``GET /sparql`` with no query, and at ``GET /``
  for clients that do not ask for HTML; the query page at ``GET /`` for browsers.
* ``GET /health``: JSON with the status and the triple count of each graph.
* SPARQL Update (``POST /sparql`` or ``/update``) and the Graph Store Protocol (``/store``)
  only with ``--allow-update`` and a bearer token, and from another web origin only with
  ``--cors-updates``.
* CORS (kg/server/cors.py): off by default; ``--cors-origin`` names the pages elsewhere that
  may query; preflights are answered.

Safety (see docs/serving.md)
----------------------------
* Bound to 127.0.0.1 unless told otherwise; read-only by default.
* ``SERVICE`` and ``LOAD`` are refused (403) unless enabled, in two layers (kg/server/guard.py):
  the worker tokenizes the query (in linear time, under the query timeout, never in the event
  loop) and refuses the keyword; and every worker runs under a seccomp filter that forbids it
  any socket but a Unix one, so whatever spelling gets past the tokenizer, the store cannot
  connect out: a query that tries kills its worker (SIGSYS), and the answer is a 403 too.
* A query nested deeper than ``MAX_NESTING``, or using a function the store does not know, is a
  400 with the reason; a query longer than ``max_query_chars`` a 413.
* Every query runs in a worker process with a wall-clock timeout. At the timeout the worker is
  killed (SIGKILL: the query really stops) and replaced; the answer is ``503`` with a message.
  A query running past ``long_after`` seconds is *long*: its worker drops to the lowest CPU
  priority and a fresh worker takes its place, so cheap queries keep every worker and the CPUs;
  at most ``max_long`` long queries run at once.
* A result-row cap: a SELECT result (or CONSTRUCT triples) longer than the cap is truncated to
  the cap and the response carries ``X-KG-Truncated: true`` and ``X-KG-Row-Cap: N``. A Graph
  Store GET streams the whole graph (cut only at the timeout, by aborting the response).

Processes and the store lock
----------------------------
An embedded RocksDB store can be opened read-write by one process only. The server process
opens no store: it takes the store's RocksDB ``LOCK`` (the same ``fcntl`` lock RocksDB takes),
so no other ``kg`` process can open the store for writing while the server runs (they get the
usual "store is locked" error), and each worker opens the store with
``pyoxigraph.Store.read_only``. With ``--allow-update``, an update waits for running queries,
stops the readers, runs in a one-shot read-write worker (with the same timeout; an update killed
at its timeout is rolled back, Oxigraph updates being transactions), then restarts the readers.
So a reader never has the store open while a writer does.

Where it lives
--------------
``app`` (create_app, serve) → ``routes`` (the HTTP handlers) → ``protocol`` (reading a request)
and ``page`` (service description, query page) → ``pool`` (the worker pool, its watchdog) →
``process`` (one worker, the store lock) → ``worker`` (the worker process itself) →
``negotiation`` (formats), ``guard`` (the query check, the sandbox); ``config`` and ``cors``.
"""

from __future__ import annotations

from kg.server.app import check_store_dir, create_app, serve
from kg.server.config import ServeConfig
from kg.server.guard import RefusedQuery, check_sparql, decode_escapes, keywords
from kg.server.negotiation import negotiate, parse_accept
from kg.server.page import service_description
from kg.server.pool import StreamCut, WorkerPool, pool_for

__all__ = [
    "RefusedQuery",
    "ServeConfig",
    "StreamCut",
    "WorkerPool",
    "check_sparql",
    "check_store_dir",
    "create_app",
    "decode_escapes",
    "keywords",
    "negotiate",
    "parse_accept",
    "pool_for",
    "serve",
    "service_description",
]
