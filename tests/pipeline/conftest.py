"""Fixtures of the pipeline tests: a small geography transcript built from the real prompts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.records import Reason, Verdict
from kg.seams import Checker

GEO = "https://w3id.org/kgdistill/ontology/geography#"
BORDERS = URIRef(GEO + "borders")


class RejectAtlantis(Checker):
    """A validator that rejects any triple about Atlantis and accepts the rest."""

    def validate(self, candidates):
        return [
            Verdict.reject(c, Reason("made-up", "no such country"))
            if c.object_label == "Atlantis" else Verdict.accept(c, 1.0)
            for c in candidates
        ]


SEEDS = ["France", "Paris"]

# (head, relation) -> three samples. Wrong facts, duplicates, contradictions, malformed output.
ANSWERS: dict[tuple[str, str], list[str]] = {
    ("France", "hasCapital"): ["1. Paris", "1. Paris", "1. Lyon"],
    ("France", "capitalOf"): ["France is a country.", "France is a country.", "France is a country."],
    ("France", "borders"): [
        "1. Spain\n2. Germany\n3. France",
        "1. Spain\n2. Germany\n2. Germany",
        "Sure! Here are the countries:\n1. Spain\n2. Belgium",
    ],
    ("France", "population"): ["1. about 67 million", "1. 66987244", "1. 66,987,244"],
    ("France", "onContinent"): ["1. Europe", "1. Europe", "1. Europe"],
    ("France", "locatedIn"): ["1. Europe", "1. Europe", "1. Western Europe"],
    ("France", "area"): ["1. 547030", "1. 547030", "1. 547030"],
    ("Paris", "capitalOf"): ["1. France", "1. France", "1. Germany"],
    ("Paris", "hasCapital"): ["Paris is a city.", "Paris is a city.", ""],
    # an injection attempt: the tail carries N-Triples syntax
    ("Paris", "borders"): ["1. Paris", '1. Germany" . <https://x.example/a> <https://x.example/b> <https://x.example/c> .', "1. Germany"],
    ("Paris", "population"): ["1. about 2 million", "1. 2138551", "1. 2,138,551"],
    ("Paris", "locatedIn"): ["1. France", "1. France", "1. Italy"],
    ("Paris", "onContinent"): ["1. Europe", "1. Europe", "1. Europe"],
    ("Paris", "area"): ["1. 105.4", "{{{{", "1. 105.4"],
}


def geography_prompts(seeds=SEEDS):
    from kg.ontology import load_domain
    from kg.prompts import build_prompts

    return build_prompts(load_domain("geography"), seeds, kind="list", shots=3)


def answers_by_text(seeds=SEEDS) -> dict[str, list[str]]:
    return {p.text: ANSWERS[(p.head, p.relation)] for p in geography_prompts(seeds)}


def write_geo_files(tmp_path: Path) -> dict[str, Path]:
    transcript = tmp_path / "transcript.jsonl"
    with transcript.open("w", encoding="utf-8") as fh:
        for text, answers in answers_by_text().items():
            fh.write(json.dumps({"prompt": text, "completions": answers}) + "\n")
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("\n".join(SEEDS) + "\n", encoding="utf-8")
    return {"transcript": transcript, "seeds": seeds, "dir": tmp_path}


@pytest.fixture
def geo_files(tmp_path: Path) -> dict[str, Path]:
    """A transcript (replay format) and a seeds file for the geography domain."""
    return write_geo_files(tmp_path)


LABELS = (
    "subject,relation,object,label\n"
    "France,hasCapital,Paris,valid\n"
    "France,hasCapital,Lyon,invalid\n"
    "France,locatedIn,Western Europe,valid\n"
    "Paris,population,2000000,invalid\n"
    "Spain,hasCapital,Madrid,valid\n"  # never proposed: not matched
)


def distill_args(files: dict[str, Path], store: Path, teacher: str, *extra: str) -> list[str]:
    return [
        "distill", "--domain", "geography", "--teacher", teacher, "--store", str(store),
        "--seeds", str(files["seeds"]), "--samples", "3", "--batch-size", "4", "--quiet", *extra,
    ]


@pytest.fixture(scope="session")
def geo_run(tmp_path_factory) -> dict:
    """One `kg distill` of the geography transcript (with --labels), shared by the tests that
    only read its store. Tests must not write to it."""
    import contextlib
    import io

    from kg.cli import main

    files = write_geo_files(tmp_path_factory.mktemp("geo-run"))
    labels = files["dir"] / "labels.csv"
    labels.write_text(LABELS, encoding="utf-8")
    store = files["dir"] / "store"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(distill_args(files, store, f"replay:{files['transcript']}", "--json", "--labels", str(labels)))
    return {"files": files, "store": store, "report": json.loads(out.getvalue()), "labels": labels}


def recorded_transcript(geo_run: dict, path: Path) -> Path:
    """The geography transcript with each prompt's kind/head/relation, as `kg distill` records
    it (what `kg ingest` reads)."""
    lines = [json.loads(line) for line in geo_run["files"]["transcript"].read_text().splitlines()]
    by_text = {p.text: p for p in geography_prompts()}
    with path.open("w", encoding="utf-8") as fh:
        for line in lines:
            p = by_text[line["prompt"]]
            fh.write(json.dumps({**line, "kind": p.kind, "head": p.head, "relation": p.relation}) + "\n")
    return path


def short(term) -> str:
    text = getattr(term, "value", str(term))
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def accepted_set(store) -> set[tuple[str, str, str]]:
    return {
        (short(q.subject), short(q.predicate), short(q.object))
        for q in store.match(graph="accepted")
        if not q.predicate.value.endswith("#label")
    }


def rejected_set(store) -> set[tuple[str, str, str, str]]:
    rows = store.query(
        "SELECT ?s ?p ?o ?check WHERE { ?x a kg:Rejection ; rdf:subject ?s ; rdf:predicate ?p ; "
        "rdf:object ?o ; kg:reason ?r . ?r kg:check ?check }",
        graph="rejected",
    )
    return {(short(s), short(p), short(o), c.value) for s, p, o, c in rows}
