"""A property renamed in the ontology (the new IRI ``owl:equivalentProperty`` the old one, the old
one ``owl:deprecated``, as an ontology engineer evolves a domain after the graph is built): the
reference graph, which keeps the old IRI, and the characteristics, which moved to the new one,
check the facts of both IRIs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from rdflib import URIRef

from kg.ontology import load_domain
from kg.records import Candidate
from kg.validate import Validator
from tests.conftest import kg_exit_code

KGEO = "https://w3id.org/kgdistill/ontology/geography#"
RES = "https://w3id.org/kgdistill/resource/"


def renamed_geography(tmp_path: Path) -> Path:
    """The shipped geography with ``borders`` renamed ``sharesBorderWith``: the symmetric and
    irreflexive characteristics, domain and range move to the new IRI; relations.toml and the
    shape name the new one; reference.ttl is left as it was (``kgeo:borders``)."""
    folder = tmp_path / "mygeo"
    shutil.copytree("ontologies/geography", folder)

    def edit(name: str, old: str, new: str) -> None:
        text = (folder / name).read_text(encoding="utf-8")
        assert old in text, (name, old)
        (folder / name).write_text(text.replace(old, new), encoding="utf-8")

    edit(
        "ontology.ttl",
        'kgeo:borders a owl:ObjectProperty, owl:SymmetricProperty, owl:IrreflexiveProperty ;\n    rdfs:label "borders" ;',
        "kgeo:borders a owl:ObjectProperty ; owl:deprecated true ; owl:equivalentProperty kgeo:sharesBorderWith .\n"
        'kgeo:sharesBorderWith a owl:ObjectProperty, owl:SymmetricProperty, owl:IrreflexiveProperty ;\n    rdfs:label "shares border with" ;',
    )
    edit("relations.toml", "[relations.borders]", "[relations.sharesBorderWith]")
    edit("shapes.ttl", "sh:path kgeo:borders ;", "sh:path kgeo:sharesBorderWith ;")
    return folder


def test_the_reference_checks_a_renamed_property_under_its_new_and_its_old_iri(tmp_path):
    """After the rename, 'Spain sharesBorderWith Germany' and 'Italy borders Germany' (the
    deprecated IRI) were accepted: the reference lists borders facts under the old IRI only, and
    the old IRI had lost the symmetric characteristic the partial-completeness check needs."""
    domain = load_domain(renamed_geography(tmp_path))
    wrong = [
        Candidate(URIRef(RES + "spain"), URIRef(KGEO + "sharesBorderWith"), URIRef(RES + "germany")),
        Candidate(URIRef(RES + "italy"), URIRef(KGEO + "borders"), URIRef(RES + "germany")),
    ]
    right = [
        Candidate(URIRef(RES + "spain"), URIRef(KGEO + "sharesBorderWith"), URIRef(RES + "france")),
        Candidate(URIRef(RES + "italy"), URIRef(KGEO + "borders"), URIRef(RES + "france")),
    ]
    verdicts = Validator(domain).validate(wrong + right)
    for v in verdicts[:2]:
        assert not v.accepted and [r.check for r in v.reasons] == ["reference"], v
        assert "does not list Germany" in v.reasons[0].message, v.reasons
    for v in verdicts[2:]:  # confirmed by the reference, at full confidence
        assert v.accepted and v.confidence == 1.0, v
    # irreflexive, moved to the new IRI, holds for the old one too
    (self_border,) = Validator(domain, use_reference=False).validate(
        [Candidate(URIRef(RES + "italy"), URIRef(KGEO + "borders"), URIRef(RES + "italy"))]
    )
    assert not self_border.accepted, self_border


def test_domain_show_counts_the_reference_facts_of_a_renamed_relation(tmp_path, capsys):
    """`kg domain show` said 'sharesBorderWith | entity | 0 reference facts' after the rename."""
    folder = renamed_geography(tmp_path)
    assert kg_exit_code("domain", "show", str(folder), "--format", "json") == 0
    rows = {row["relation"]: row for row in json.loads(capsys.readouterr().out)}
    reference = load_domain(folder).reference
    assert reference is not None
    borders = len(set(reference.triples((None, URIRef(KGEO + "borders"), None))))
    assert rows["sharesBorderWith"]["reference_facts"] == borders > 0
