"""A run of a domain in German (``[domain] language = "de"``): what a German teacher says is
read as German and stored with German labels."""

from __future__ import annotations

from pathlib import Path

from kg.languages import unread_sentences
from kg.ontology import load_domain
from kg.pipeline import Parts, distill
from kg.store import open_store
from kg.teachers.base import Teacher

LITERATUR = Path(__file__).resolve().parents[1] / "extractors" / "literatur"


class _GermanTeacher(Teacher):
    """Answers as a German chat model does, and records what it was asked."""

    backend = "deutsch"
    ANSWERS = {
        "Welche Werke hat Thomas Mann": "1. „Buddenbrooks“ (1901)\n2. „Der Zauberberg“",
        "Wie viele Einwohner hat München": "1.512.491",
        "Fläche von München": "310,7 km²",
        "In welchem Land liegt München": "Deutschland",
        "Stadt wurde Thomas Mann geboren": "Thomas Mann wurde in Lübeck geboren.",
    }

    def __init__(self, spec: str) -> None:
        super().__init__(spec)
        self.asked: list[str] = []

    def _run(self, jobs, params, sink) -> None:
        for job in jobs:
            last = job.prompt.text.strip().split("\n\n")[-1]
            self.asked.append(last)
            answer = next((a for k, a in self.ANSWERS.items() if k in last), "Keine Angabe.")
            for i in job.sample_indices:
                sink.completed(job, i, answer, finish_reason="stop")


def _config(tmp_path: Path, seeds: list[str]) -> dict:
    return {"domain": str(LITERATUR), "store": str(tmp_path / "s"), "teacher.no_cache": True, "prompts.seeds": seeds,
            "prompts.shots": 0, "critic.model": "none"}


def test_a_german_run_stores_german_figures_and_labels_and_no_keine_angabe(tmp_path) -> None:
    """Before: München's area was 3107 km² and its population unreadable ('1.512.491' read as
    1.512), 'Keine Angabe' was the birthplace of München, '„Buddenbrooks' an entity of its own,
    and every label a plain string, so no query could ask for the German labels."""
    report = distill(_config(tmp_path, ["Thomas Mann", "München"]), parts=Parts(teacher=_GermanTeacher("t")))
    with open_store(tmp_path / "s") as store:
        facts = {
            (str(r["s"]).rsplit("/", 1)[-1], str(r["p"]).rsplit("#", 1)[-1], str(r["o"]).rsplit("/", 1)[-1])
            for r in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?p), 'https://bib.example.de/')) }",
                                 graph="accepted").bindings()
        }
        labels = {str(r["l"]): str(r["lang"]) for r in store.query(
            "SELECT ?l (LANG(?l) AS ?lang) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
            graph="accepted").bindings()}
        unread = {str(r["m"]) for r in store.query(
            "SELECT ?m WHERE { ?rec kg:reason [ kg:check 'unreadable' ; kg:message ?m ] }", graph="rejected").bindings()}
    assert facts == {
        ("thomas_mann", "schrieb", "buddenbrooks"), ("thomas_mann", "schrieb", "der_zauberberg"),
        ("thomas_mann", "geborenIn", "lubeck"),  # "Thomas Mann wurde in Lübeck geboren.": Lübeck is in the reference
        ("munchen", "einwohnerzahl", "1512491"), ("munchen", "flaeche", "310.7"), ("munchen", "liegtIn", "deutschland"),
    }
    assert set(labels) == {"Thomas Mann", "München", "Buddenbrooks", "Der Zauberberg", "Deutschland", "Lübeck"}
    assert set(labels.values()) == {"de"}
    assert report.no_answers > 0 and report.unreadable == 0 and unread == {"none answer"}  # "Keine Angabe": no answer, kept in quarantine; nothing unread
    assert unread_sentences(load_domain(LITERATUR).language) in report.notes  # said once, in a note


def test_by_type_reads_the_types_of_entities_with_german_labels(tmp_path) -> None:
    """With labels tagged @de, the by-type filter looked the heads up as plain strings, found
    no types, and asked München where it was born."""
    distill(_config(tmp_path, ["München"]), parts=Parts(teacher=_GermanTeacher("t")))
    teacher = _GermanTeacher("t")
    distill(_config(tmp_path, ["München", "Thomas Mann"]) | {"prompts.by_type": True}, parts=Parts(teacher=teacher))
    assert not any("wurde München geboren" in asked for asked in teacher.asked)
    assert any("wurde Thomas Mann geboren" in asked for asked in teacher.asked)


def test_a_domain_mints_its_entities_in_its_own_namespace_and_the_reference_still_checks_them(tmp_path) -> None:
    """Every minted entity lived under https://w3id.org/kgdistill/resource/, a namespace a
    library publishing its graph does not control; ``[domain] entities`` names its own. The
    reference finds them there: a population ten times too high is still rejected."""
    import shutil

    import pytest

    from kg.errors import OntologyError

    folder = tmp_path / "literatur"
    shutil.copytree(LITERATUR, folder)
    toml = (folder / "relations.toml").read_text(encoding="utf-8")
    (folder / "relations.toml").write_text(
        toml.replace('language = "de"', 'language = "de"\nentities = "https://bib.example.de/entity/"'), encoding="utf-8")

    class Wrong(_GermanTeacher):
        ANSWERS = {**_GermanTeacher.ANSWERS, "Wie viele Einwohner hat München": "15.124.910"}

    cfg = _config(tmp_path, ["Thomas Mann", "München"]) | {"domain": str(folder)}
    distill(cfg, parts=Parts(teacher=Wrong("t")))
    with open_store(tmp_path / "s") as store:
        nodes = {str(r["s"]) for r in store.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o }", graph="accepted").bindings()}
        rejected = store.query(
            "SELECT ?s ?o WHERE { ?r <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ; "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o }", graph="rejected").bindings()
    assert "https://bib.example.de/entity/munchen" in nodes and "https://bib.example.de/entity/thomas_mann" in nodes
    assert not any(n.startswith("https://w3id.org/kgdistill/resource/") for n in nodes)
    assert [(str(r["s"]), str(r["o"])) for r in rejected] == [("https://bib.example.de/entity/munchen", "15124910")]
    (folder / "relations.toml").write_text(toml.replace('language = "de"', 'entities = "bib:entity"'), encoding="utf-8")
    with pytest.raises(OntologyError, match="not a namespace IRI"):
        load_domain(folder)


def test_asking_again_accepts_what_the_store_holds_and_again_starts_a_new_run(tmp_path) -> None:
    """The same figures asked again (a new run) were rejected: the store keeps
    "1512491"^^xsd:nonNegativeInteger as xsd:integer, so the shapes counted two populations and
    failed sh:datatype on the stored one, and the conflict check saw a functional property's
    second value. And a finished run could not be asked again: rerun it resumed, with nothing
    to ask, --no-cache or not."""
    cfg = _config(tmp_path, ["München"])
    first_teacher = _GermanTeacher("t")
    first = distill(cfg, parts=Parts(teacher=first_teacher))
    assert first.accepted == 3 and first.rejected == 0  # population, area, country
    rerun_teacher = _GermanTeacher("t")
    rerun = distill(cfg, parts=Parts(teacher=rerun_teacher))
    assert rerun_teacher.asked == [] and rerun.run == first.run and any("--again" in n for n in rerun.notes)
    again_teacher = _GermanTeacher("t")
    again = distill(cfg | {"run.again": True}, parts=Parts(teacher=again_teacher))
    assert again.run != first.run and len(again_teacher.asked) == len(first_teacher.asked)
    assert again.accepted == 3 and again.rejected == 0
    third = distill(cfg | {"run.again": True}, parts=Parts(teacher=_GermanTeacher("t")))
    assert third.run not in (first.run, again.run)


def test_an_interrupted_run_of_again_resumes(tmp_path) -> None:
    class Failing(_GermanTeacher):
        def _run(self, jobs, params, sink) -> None:
            for job in jobs:
                if "Einwohner" in job.prompt.text:
                    sink.failed(job, list(job.sample_indices), "503 Service Unavailable")
            super()._run([j for j in jobs if "Einwohner" not in j.prompt.text], params, sink)

    cfg = _config(tmp_path, ["München"]) | {"run.batch_size": 1}
    first = distill(cfg, parts=Parts(teacher=_GermanTeacher("t")))
    broken = distill(cfg | {"run.again": True}, parts=Parts(teacher=Failing("t")))
    assert broken.run != first.run and broken.failed_prompts == 1
    resumed_teacher = _GermanTeacher("t")
    resumed = distill(cfg | {"run.again": True}, parts=Parts(teacher=resumed_teacher))
    assert resumed.run == broken.run and len(resumed_teacher.asked) == 1 and "Einwohner" in resumed_teacher.asked[0]


def test_a_reference_in_the_domains_entity_namespace_is_merged_there(tmp_path) -> None:
    """A reference written in the domain's own entity namespace, with two spellings of one
    city, is one node there: the node the pipeline mints from the name."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDFS

    from kg.ontology import merge_label_variants

    ent = Namespace("https://bib.example.de/entity/")
    lit = Namespace("https://bib.example.de/ontologie/literatur#")
    graph = Graph()
    graph.add((ent["muenchen"], RDFS.label, Literal("München", lang="de")))
    graph.add((ent["muenchen"], lit.einwohnerzahl, Literal(1512491)))
    graph.add((ent["munich"], RDFS.label, Literal("Munchen")))
    graph.add((ent["munich"], lit.flaeche, Literal(310.7)))
    merge_label_variants(graph, ent)
    assert set(graph.subjects(RDFS.label, None)) == {URIRef(ent["munchen"])}
    assert {p for _, p, _ in graph.triples((ent["munchen"], None, None))} >= {lit.einwohnerzahl, lit.flaeche}


def test_a_reference_label_keeps_its_language_and_the_name_as_written_is_an_alias(tmp_path) -> None:
    """In a German run the seed 'Universidad de Salamanca' (the reference names it in Spanish
    and English only) was stored as "University of Salamanca"@de, English text tagged German,
    and 'Munich' as "München"@de with the name written nowhere: a label keeps the reference's
    tag, and the name as written is a skos:altLabel in the domain's language."""
    import shutil

    folder = tmp_path / "literatur"
    shutil.copytree(LITERATUR, folder)
    with open(folder / "reference.ttl", "a", encoding="utf-8") as out:
        out.write('gnd:usal rdfs:label "Universidad de Salamanca"@es, "University of Salamanca"@en ; lit:liegtIn gnd:es .\n'
                  'gnd:es rdfs:label "Spanien"@de .\n')

    class Teacher(_GermanTeacher):
        ANSWERS = {**_GermanTeacher.ANSWERS, "In welchem Land liegt Universidad de Salamanca": "Spanien",
                   "In welchem Land liegt Munich": "Deutschland"}

    distill(_config(tmp_path, ["Universidad de Salamanca", "Munich"]) | {"domain": str(folder)}, parts=Parts(teacher=Teacher("t")))
    with open_store(tmp_path / "s") as store:
        names = {(str(r["p"]).rsplit("#", 1)[-1], str(r["l"]), str(r["lang"])) for r in store.query(
            "SELECT ?p ?l (LANG(?l) AS ?lang) WHERE { ?s ?p ?l FILTER(isLiteral(?l) && ?p IN (rdfs:label, <http://www.w3.org/2004/02/skos/core#altLabel>)) }",
            graph="accepted").bindings()}
    assert names >= {("label", "University of Salamanca", "en"), ("altLabel", "Universidad de Salamanca", "de"),
                     ("label", "München", "de"), ("altLabel", "Munich", "de"), ("label", "Spanien", "de")}
    assert ("label", "University of Salamanca", "de") not in names
