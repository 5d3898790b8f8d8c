"""`kg report`: one self-contained HTML page, read from the store."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from kg.cli import main
from kg.records import Candidate, Completion, Reason, Verdict
from kg.iri import mint_iri
from rdflib import URIRef

GEO = "https://w3id.org/kgdistill/ontology/geography#"


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.tags: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        if tag not in ("meta", "img", "br", "link"):
            self.open.append(tag)
        for name, value in attrs:
            if name in ("src", "href"):
                self.refs.append(value or "")

    def handle_endtag(self, tag) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()


def test_report_is_self_contained_and_escapes_teacher_text(geo_run, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(geo_run["store"], store)
    # a rejected candidate whose raw text tries to inject markup
    from kg.store import open_store

    evil = '<script>alert(1)</script><img src="http://example.org/x.png">'
    completion = Completion("p-evil", "prompt", "t", evil)
    cand = Candidate(mint_iri("France"), URIRef(GEO + "borders"), mint_iri("Atlantis"), completion, evil, "lists", "France", "Atlantis")
    with open_store(store) as st:
        st.write([Verdict.reject(cand, Reason("reference", evil))])
    out = tmp_path / "report.html"
    main(["report", "--store", str(store), "-o", str(out), "--samples", "500"])
    html = out.read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(html)
    parser.close()
    assert not parser.open, f"unclosed tags: {parser.open}"
    assert parser.refs and all(ref.startswith("data:image/png;base64,") or ref.startswith("#") for ref in parser.refs)
    assert "<script" not in html and "&lt;script&gt;" in html
    for section in ("funnel", "relations", "reasons", "confidence", "growth", "accepted", "rejected"):
        assert f'id="{section}"' in html
    # the funnel shows the run's counts, read from the store
    assert re.search(r"<td>prompts</td><td class=\"n\">14</td>", html)
    assert "irreflexive" in html and "Belgium" in html


def test_an_unreadable_rejection_does_not_join_every_label(tmp_path: Path) -> None:
    """An unreadable output has no subject: the labels of the rejected samples must be read
    through the rejection's own subject and object, not joined with every label in quarantine
    (that join took 24 GB on the demo store once the critic quarantined thousands of facts)."""
    from kg.records import Unreadable
    from kg.report import collect
    from kg.store import init_store

    store = init_store(tmp_path / "s")
    cs = "https://w3id.org/kgdistill/ontology/commonsense#"
    verdicts = []
    for i in range(30):
        cand = Candidate(mint_iri(f"PersonX does thing {i}"), URIRef(cs + "xWant"), mint_iri(f"to rest {i}"),
                         Completion(f"p{i}", "prompt", "t", f"to rest {i}"), f"to rest {i}", "lists",
                         f"PersonX does thing {i}", f"to rest {i}")
        verdicts.append(Verdict.reject(cand, Reason("critic", "below the threshold")))
    unreadable = Unreadable(Completion("u", "prompt", "t", "{{{"), "{{{", "json", "not JSON")
    from kg.provenance import batch_nquads

    store.add_nquads(batch_nquads(verdicts + [unreadable]).text)
    rows = collect(store, samples=1000).rejected_samples
    assert len(rows) == 31
    lonely = [r for r in rows if r.get("s") is None]
    assert len(lonely) == 1 and lonely[0].get("sl") is None
    store.close()


def test_the_report_shows_what_the_graph_holds_now_and_writes_to_standard_output(tmp_path: Path, capsys) -> None:
    """After `kg retract`, the accepted sample and the confidence histogram still counted the
    withdrawn facts as accepted; `-o -` wrote a file named "-"; --samples -1 reached the store
    as a SPARQL syntax error."""
    import pytest

    from kg.report import collect
    from kg.store import open_store

    store = tmp_path / "s"
    rows = tmp_path / "a.csv"
    rows.write_text("head,relation,tail\nFrance,hasCapital,Paris\nFrance,borders,Spain\n", encoding="utf-8")
    other = tmp_path / "b.csv"
    other.write_text("head,relation,tail\nItaly,hasCapital,Rome\n", encoding="utf-8")
    for f in (rows, other):
        main(["ingest", str(f), "-d", "geography", "-s", str(store), "-q", "--critic", "none"])
    capsys.readouterr()
    main(["runs", "-s", str(store), "--format", "json"])
    import json

    first = json.loads(capsys.readouterr().out)[0]["id"]
    main(["retract", first, "-s", str(store)])
    with open_store(store) as st:
        data = collect(st)
    assert [r["ol"] for r in data.accepted_samples] == ["Rome"] and len(data.accepted_confidence) == 1
    capsys.readouterr()
    main(["report", "-s", str(store), "-o", "-"])
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>") and not Path("-").exists()
    with pytest.raises(SystemExit):
        main(["report", "-s", str(store), "--samples", "-1"])
    assert "0 or more" in capsys.readouterr().err


def test_the_report_keeps_matplotlibs_cache_out_of_home(geo_run, tmp_path: Path) -> None:
    """`kg report` wrote ~/.cache/matplotlib and ~/.config/matplotlib into HOME with
    KG_CACHE_DIR set, and warned on stderr where HOME was read-only."""
    import os
    import subprocess
    import sys

    home, cache = tmp_path / "home", tmp_path / "cache"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MPLCONFIGDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")}
    env.update(HOME=str(home), KG_CACHE_DIR=str(cache))
    done = subprocess.run([sys.executable, "-m", "kg", "report", "--store", str(geo_run["store"]), "-o", str(tmp_path / "r.html")],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not any(home.rglob("*")), sorted(home.rglob("*"))
    assert (cache / "matplotlib").is_dir()


def test_the_run_and_the_report_count_rejection_reasons_alike(geo_run) -> None:
    """`kg distill`'s "rejected because" counted each rejection under its first check only, while
    `kg report` counts it under every check that rejected it: the same run read range 4 in one
    and 6 in the other."""
    from kg.report import collect
    from kg.store import open_store

    with open_store(geo_run["store"]) as st:
        shown = dict(collect(st).reasons)
    by_run = geo_run["report"]["rejected_by_reason"]
    assert by_run == shown
    assert sum(n for check, n in by_run.items() if check != "unreadable") > geo_run["report"]["rejected"]  # some twice


def _loaded_store(tmp_path: Path, ntriples: str, *argv: str) -> Path:
    """A store made by `kg init` (ARGV its options) and `kg load` of the N-Triples text."""
    store, source = tmp_path / "st", tmp_path / "a.nt"
    source.write_text(ntriples, encoding="utf-8")
    main(["init", str(store), *argv])
    main(["load", str(source), "--store", str(store), "-q"])
    return store


def test_a_predicate_with_dollar_signs_does_not_break_the_report(tmp_path: Path) -> None:
    """`kg report` failed with "unexpected ValueError: ... ParseException: Expected end of text,
    found '$'" when a predicate IRI (legal) held '$$': matplotlib read the chart's tick label as
    maths (and drew `price$USD$` as `price` and an italic USD)."""
    from tests.conftest import kg_exit_code

    store = _loaded_store(tmp_path, '<http://ex.org/a> <http://ex.org/cost$$> "1" .\n'
                                    '<http://ex.org/a> <http://ex.org/price$USD$> "2" .\n')
    assert kg_exit_code("report", "--store", str(store), "-o", str(tmp_path / "r.html")) == 0


def test_the_accepted_sample_shows_loaded_and_added_facts_with_their_source(tmp_path: Path) -> None:
    """"Accepted facts (sample)" was an empty table for facts from `kg load` or
    KnowledgeGraph.add (the Graphs table above counted them): the sample asked every fact for a
    confidence and the teacher's text, which only distilled facts have."""
    from kg.api import KnowledgeGraph
    from kg.report import collect_store, render_html

    store = _loaded_store(tmp_path, f"<http://ex.org/lyon> <{GEO}locatedIn> <http://ex.org/france> .\n"
                                    '<http://ex.org/lyon> <http://www.w3.org/2000/01/rdf-schema#label> "Lyon" .\n',
                          "--domain", "geography")
    with KnowledgeGraph.open(store) as g:
        g.add([("Madrid", "capitalOf", "Spain")])
    page = render_html(collect_store(store))
    sample = page[page.index('<h2 id="accepted">'):page.index('<h2 id="rejected">')]
    assert "<td>Lyon</td><td>kgeo:locatedIn</td><td>http://ex.org/france</td><td>n/a</td><td>source: file://" in sample
    assert "<td>Madrid</td><td>kgeo:capitalOf</td><td>Spain</td><td>n/a</td><td>source: api</td>" in sample
    assert "rdfs:label" not in sample


def test_the_charts_numbers_are_in_the_page_as_tables(tmp_path: Path) -> None:
    """"Accepted facts per relation" and "Confidence" were PNG charts only: their numbers were
    nowhere in the page's text (a screen reader read "accepted facts per relation"), and past 25
    relations the chart showed the largest 25, the others nowhere in the report."""
    import numpy as np

    from kg.report import ReportData, render_html

    relations = [(f"ex:rel{i}", i) for i in range(30, 0, -1)]
    accepted, rejected = [0.0, 0.15, 0.62, 0.97, 1.0, 1.0], [0.05, 0.15, 0.3]
    page = render_html(ReportData("st", relations=relations, accepted_confidence=accepted, rejected_confidence=rejected))
    shown = page[page.index('<h2 id="relations">'):page.index('<h2 id="reasons">')]
    assert all(f'<td>ex:rel{i}</td><td class="n">{i}</td>' in shown for i in range(1, 31))
    histogram = page[page.index('<h2 id="confidence">'):page.index('<h2 id="growth">')]
    rows = re.findall(r'<tr><td>([0-9.]+)-[0-9.]+</td><td class="n">(\d+)</td><td class="n">(\d+)</td></tr>', histogram)
    edges = [i / 20 for i in range(21)]
    expected = [(f"{edges[i]:.2f}", str(a), str(r)) for i, (a, r)
                in enumerate(zip(np.histogram(accepted, edges)[0], np.histogram(rejected, edges)[0])) if a or r]
    assert rows == expected and len(rows) == 6


def test_the_review_commands_to_paste_quote_the_store_location() -> None:
    """The report's commands to copy (`kg review export --store LOCATION ...`) showed the store's
    location unquoted: for a store in "my geo" a shell read `--store my` and a stray argument
    (and a name holding $(...) would run when pasted)."""
    import html
    import shlex

    from kg.report import ReportData, render_html

    location = "/data/my geo $(touch x)"
    page = render_html(ReportData(location, awaiting_review=3))
    commands = [shlex.split(html.unescape(c)) for c in re.findall(r"<code>(kg review [^<]*)</code>", page)]
    assert [c[c.index("--store") + 1] for c in commands] == [location, location]


def test_teacher_text_cannot_reorder_itself_with_bidi_controls() -> None:
    """The "read from" cells showed the teacher's text with its Unicode bidi controls live: a tail
    "to \\u202egnp.exe\\u202c open" (stored as "to gnp.exe open") displayed as "to exe.png open"."""
    from kg.report import ReportData, render_html

    spoof = "to \u202egnp.exe\u202c open \u2067x\u2069"
    fact = {"s": "http://ex.org/a", "p": "http://ex.org/b", "o": "http://ex.org/c"}
    page = render_html(ReportData(
        "st", accepted_samples=[{**fact, "raw": spoof}],
        rejected_samples=[{**fact, "raw": spoof, "message": spoof, "checks": "made-up"}],
        rationales=[{**fact, "rationale": spoof}],
    ))
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", page)
    assert page.count("to [U+202E]gnp.exe[U+202C] open [U+2067]x[U+2069]") == 4


def test_every_text_colour_of_the_report_meets_wcag_aa_contrast() -> None:
    """The report's grey .muted text (the store line, the notes, "nothing to show yet") was #777
    on white: 4.48:1, below WCAG AA's 4.5:1 for normal text."""
    from kg.report import ReportData, render_html

    def luminance(hex_colour: str) -> float:
        digits = hex_colour if len(hex_colour) == 6 else "".join(c * 2 for c in hex_colour)
        channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    style = re.search(r"<style>(.*?)</style>", render_html(ReportData("st")), re.S).group(1)
    colours = re.findall(r"(?<![-\w])color:#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", style)
    assert colours and all(1.05 / (luminance(c) + 0.05) >= 4.5 for c in colours), colours


def test_the_runs_inferred_counts_add_up_to_the_inferred_graph(tmp_path: Path) -> None:
    """The report's funnel and growth table said 135 inferred, its Graphs table (and `kg stats`)
    134: a triple one batch inferred and a later batch asserted left `inferred`, but the first
    batch's count still counted it."""
    from kg.report import collect_store

    store = tmp_path / "s"
    for name, row in (("a", "Paris,capitalOf,France"), ("b", "France,hasCapital,Paris")):  # b asserts what a inferred
        rows = tmp_path / f"{name}.csv"
        rows.write_text(f"head,relation,tail\n{row}\n", encoding="utf-8")
        main(["ingest", str(rows), "-d", "geography", "-s", str(store), "-q", "--critic", "none"])
    data = collect_store(store)
    assert dict(data.funnel)["inferred"] == sum(r["inferred"] for r in data.runs) == data.graphs["inferred"] > 0


def test_an_output_path_that_is_a_named_pipe_or_a_link_is_written_into_not_replaced(tmp_path: Path) -> None:
    """`kg report -o` and `kg review export -o` replaced a named pipe, a device (as root:
    /dev/full became a regular file) or a symlink with a regular file: the pipe's reader got
    nothing and the link's file kept its old contents. They are written into, as export does."""
    import os
    import threading

    from tests.conftest import kg_exit_code

    store = _loaded_store(tmp_path, '<http://ex.org/a> <http://ex.org/b> "1" .\n')
    pipe = tmp_path / "pipe.html"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    assert kg_exit_code("report", "--store", str(store), "-o", str(pipe)) == 0
    reader.join(10)
    assert pipe.is_fifo() and received and received[0].startswith(b"<!DOCTYPE html>")
    for command in (["report"], ["review", "export", "--force"]):  # an existing sheet: replaced only with --force
        real, link = tmp_path / "real.out", tmp_path / "link.out"
        real.write_text("old", encoding="utf-8")
        link.unlink(missing_ok=True)
        link.symlink_to(real.name)
        assert kg_exit_code(*command, "--store", str(store), "-o", str(link)) == 0
        assert link.is_symlink() and real.read_text(encoding="utf-8") != "old", command


def test_the_report_says_the_unit_of_each_count_and_its_rejections_reconcile_with_the_funnel(geo_run, capsys) -> None:
    """After daily runs `kg report` showed the funnel's per-run sums ("unreadable outputs 1,342",
    "accepted 4,646") beside the graph's triples ("accepted 499") and a rejection-reasons table of
    quarantined records ("unreadable 606"), none saying its unit. Each figure now says it, and the
    rejection table gives both units: its over-all-runs column is the funnel's."""
    from tests.conftest import kg_exit_code

    assert kg_exit_code("report", "--store", str(geo_run["store"]), "-o", "-") == 0
    page = capsys.readouterr().out
    cell = lambda name: int(re.search(rf"<td>{name}</td><td class=\"n\">([\d,]+)</td>", page).group(1).replace(",", ""))  # noqa: E731
    reasons = re.search(r"<th>check</th><th>over all runs</th><th>records in quarantine now</th>.*?</table>", page, re.S)
    assert reasons and "<th>triples in the graph now</th>" in page and "<th>over all runs</th>" in page
    per_check = {c: (int(a), int(b)) for c, a, b in re.findall(r"<td>(\w+)</td><td class=\"n\">(\d+)</td><td class=\"n\">(\d+)</td>", reasons.group())}
    assert per_check["unreadable"][0] == cell("unreadable outputs") > 0
    assert {c: n for c, (n, _) in per_check.items()} == geo_run["report"]["rejected_by_reason"]
    assert "supports of accepted facts" in page and "quarantined records" in page
