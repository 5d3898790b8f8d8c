"""How one line of several values is cut (found by a geneticist's and a materials engineer's
audits): a gene's aliases and diseases between commas, a long disease's name between short
ones, a full name in brackets after the gene's symbol, two marked discoverers, trade names and
uses, an alloy's elements with their shares; each rule beside counterexamples of other fields
(places, a motto, a band, a city's apposition, a product's share)."""

from __future__ import annotations

import pytest

from kg.ontology import load_domain
from kg.scaffold import scaffold_domain
from tests.conftest import kg_exit_code
from tests.extractors.measured import read_chat

_GENES = """@prefix : <http://example.org/gen#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/gen> a owl:Ontology .
:Gene a owl:Class ; rdfs:label "gene" .
:Disease a owl:Class ; rdfs:label "disease" .
:Person a owl:Class ; rdfs:label "person" .
:City a owl:Class ; rdfs:label "city" .
:associatedWith a owl:ObjectProperty ; rdfs:label "associated disease" ; rdfs:domain :Gene ; rdfs:range :Disease .
:discoveredBy a owl:ObjectProperty ; rdfs:label "discovered by" ; rdfs:domain :Gene ; rdfs:range :Person .
:studiedIn a owl:ObjectProperty ; rdfs:label "studied in" ; rdfs:domain :Gene ; rdfs:range :City .
:fullName a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:label "full name" ; rdfs:domain :Gene ; rdfs:range xsd:string .
:alias a owl:DatatypeProperty ; rdfs:label "alias" ; rdfs:domain :Gene ; rdfs:range xsd:string .
:motto a owl:DatatypeProperty ; rdfs:label "motto" ; rdfs:domain :Gene ; rdfs:range xsd:string .
:CFTR a :Gene ; rdfs:label "CFTR" ; :associatedWith :CF .
:MECP2 a :Gene ; rdfs:label "MECP2" .
:CF a :Disease ; rdfs:label "cystic fibrosis" .
:Bordeaux a :City ; rdfs:label "Bordeaux" .
"""

_MATERIALS = """@prefix : <http://example.org/materials#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/materials> a owl:Ontology .
:Material a owl:Class ; rdfs:label "material" .
:Alloy a owl:Class ; rdfs:subClassOf :Material ; rdfs:label "alloy" .
:Element a owl:Class ; rdfs:label "chemical element" .
:Company a owl:Class ; rdfs:label "company" .
:Grape a owl:Class ; rdfs:label "grape" .
:alloyingElement a owl:ObjectProperty ; rdfs:label "alloying element" ; rdfs:domain :Alloy ; rdfs:range :Element .
:operator a owl:ObjectProperty ; rdfs:label "operator" ; rdfs:domain :Material ; rdfs:range :Company .
:grape a owl:ObjectProperty ; rdfs:label "grape" ; rdfs:domain :Material ; rdfs:range :Grape .
:tradeName a owl:DatatypeProperty ; rdfs:label "trade name" ; rdfs:domain :Material ; rdfs:range xsd:string .
:typicalUse a owl:DatatypeProperty ; rdfs:label "typical use" ; rdfs:domain :Material ; rdfs:range xsd:string .
:Chromium a :Element ; rdfs:label "chromium" .
:Nickel a :Element ; rdfs:label "nickel" .
:SS304 a :Alloy ; rdfs:label "AISI 304" ; :alloyingElement :Chromium, :Nickel .
"""


def _domain(tmp_path_factory, name: str, ontology: str):
    folder = tmp_path_factory.mktemp(name)
    (folder / "ontology.ttl").write_text(ontology, encoding="utf-8")
    scaffold_domain(folder / "ontology.ttl", folder / "domain")
    return load_domain(folder / "domain")


@pytest.fixture(scope="module")
def genes(tmp_path_factory):
    return _domain(tmp_path_factory, "genetics", _GENES)


@pytest.fixture(scope="module")
def materials(tmp_path_factory):
    return _domain(tmp_path_factory, "materials", _MATERIALS)


def test_a_long_disease_between_short_ones_is_one_item(genes, spacy_model) -> None:
    """'Cystic fibrosis, congenital bilateral absence of the vas deferens (CBAVD), and chronic
    pancreatitis' gave 'congenital bilateral absence' and chronic pancreatitis, cystic fibrosis
    lost: three diseases, each name whole."""
    read, unread, _ = read_chat(genes, "CFTR", "associatedWith",
                                "Cystic fibrosis, congenital bilateral absence of the vas deferens (CBAVD), and chronic pancreatitis", spacy_model)
    assert ([r.casefold() for r in read], unread) == (["cystic fibrosis", "congenital bilateral absence of the vas deferens", "chronic pancreatitis"], [])


def test_an_apposition_between_names_is_no_item(genes, spacy_model) -> None:
    """A long part between a list's names is an item only as a lower-case noun phrase: a city's
    apposition is no city of its own ('capital city of the Nouvelle-Aquitaine region', 'the largest
    city of the southwest')."""
    for text in ("Bordeaux, capital city of the Nouvelle-Aquitaine region, and Lyon", "Bordeaux, the largest city of the southwest, and Lyon"):
        read, _, _ = read_chat(genes, "CFTR", "studiedIn", text, spacy_model)
        assert not any("capital" in r or "largest" in r for r in read), (text, read)


def test_a_disease_named_after_the_gene_is_one_of_the_list(genes, spacy_model) -> None:
    """'Rett syndrome, MECP2 duplication syndrome' was one disease: two."""
    read, unread, _ = read_chat(genes, "MECP2", "associatedWith", "Rett syndrome, MECP2 duplication syndrome", spacy_model)
    assert (read, unread) == (["Rett syndrome", "MECP2 duplication syndrome"], [])


@pytest.mark.parametrize("text", ["*TP53* (tumor protein p53)", "TP53 (tumor protein p53)"])
def test_the_bracket_after_the_head_is_the_text_value(genes, spacy_model, text) -> None:
    """The answer repeats the gene's symbol and the bracket gives its full name: the full name
    (was 'TP53', the full name its note); another value's bracket stays a note."""
    read, unread, _ = read_chat(genes, "TP53", "fullName", text, spacy_model)
    assert (read, unread) == (["tumor protein p53"], [])
    read, _, _ = read_chat(genes, "TP53", "fullName", "tumor protein p53 (TP53)", spacy_model)
    assert read == ["tumor protein p53"]


def test_kg_validate_reads_the_full_name_as_distill_does(genes, tmp_path, capsys) -> None:
    """A user's row gives the full name in the bracket as the chat answer does (both gave 'TP53')."""
    rows = tmp_path / "rows.csv"
    rows.write_text("head,relation,tail\nTP53,fullName,*TP53* (tumor protein p53)\n", encoding="utf-8")
    capsys.readouterr()
    kg_exit_code("validate", str(rows), "--domain", str(genes.path), "--format", "csv")
    assert '""tumor protein p53""' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("ABCC7, CF, MRP7", ["ABCC7", "CF", "MRP7"]),
        ("FMRP, FRAXA, POF1", ["FMRP", "FRAXA", "POF1"]),
        ("α-globin, alpha-globin 1, HBA-T3", ["α-globin", "alpha-globin 1", "HBA-T3"]),
        ("IT15, HD, huntingtin", ["IT15", "HD", "huntingtin"]),
    ],
)
def test_a_line_of_aliases_is_each_alias(genes, spacy_model, text, values) -> None:
    """Symbols between commas were one alias (read as a place and where it lies): each its own."""
    read, unread, _ = read_chat(genes, "CFTR", "alias", text, spacy_model)
    assert (read, unread) == (values, [])


@pytest.mark.parametrize("text", ["Candia, Crete, Republic of Venice", "Atlanta, Georgia, U.S.", "Brooklyn, NY, USA"])
def test_a_place_and_where_it_lies_stays_one_name(genes, spacy_model, text) -> None:
    """A name and where it lies is one text, as before (not symbols: a capitalised place's name)."""
    read, _, _ = read_chat(genes, "CFTR", "alias", text, spacy_model)
    assert len(read) <= 1, read


def test_a_motto_with_commas_stays_one_text(genes, spacy_model) -> None:
    read, _, _ = read_chat(genes, "CFTR", "motto", "Liberté, égalité, fraternité", spacy_model)
    assert read == ["Liberté, égalité, fraternité"]


def test_two_marked_discoverers_are_two(genes, spacy_model) -> None:
    """'1. **David Lane** and **Lionel Crawford**' was unreadable ('a second marked name joined to
    the first'), the same bare line two people: two, marked or not."""
    text = "1. **David Lane** and **Lionel Crawford**\n2. Arnold Levine"
    read, unread, _ = read_chat(genes, "TP53", "discoveredBy", text, spacy_model)
    assert (read, unread) == (["David Lane", "Lionel Crawford", "Arnold Levine"], [])


@pytest.mark.parametrize(
    ("relation", "text", "values"),
    [
        ("tradeName", "Zytel®, Ultramid® A, Technyl®", ["Zytel®", "Ultramid® A", "Technyl®"]),
        ("tradeName", "Ti-6-4; Grade 5 titanium; Ti64", ["Ti-6-4", "Grade 5 titanium", "Ti64"]),
        ("tradeName", "Kevlar® (DuPont); similar aramids: Twaron®, Technora®", ["Kevlar®"]),
        ("typicalUse", "Bulletproof vests, bicycle tyres, racing sails, and **fiber-optic cable** reinforcement",
         ["Bulletproof vests", "bicycle tyres", "racing sails", "fiber-optic cable reinforcement"]),
    ],
)
def test_a_line_of_trade_names_and_uses_is_each_value(materials, spacy_model, relation, text, values) -> None:
    """Each was one value, '**' kept; the names after 'similar aramids:' are other fibres' (were
    stored as Kevlar's): left out."""
    read, unread, _ = read_chat(materials, "Kevlar", relation, text, spacy_model)
    assert (read, unread) == (values, [])


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Fe with 18% Cr and 8% Ni", ["chromium", "nickel"]),
        ("1. Chromium — 18–20%\n2. Manganese ≤ 2%\n3. Carbon ≤ 0.08%", ["chromium", "Manganese", "Carbon"]),
        ("Chromium ≥10.5%", ["chromium"]),
        ("Mg and Si", ["Mg", "Si"]),
    ],
)
def test_an_alloy_s_elements_with_their_shares(materials, spacy_model, text, values) -> None:
    """A share before or after an element's name is its note ('8%' was an element, 'Carbon ≤ 0.08%'
    a name); two symbols joined by 'and' are two elements, each the known element it stands for (magnesium and silicon are none here)."""
    read, unread, _ = read_chat(materials, "AISI 304", "alloyingElement", text, spacy_model)
    assert ([r.casefold() for r in read], unread) == ([v.casefold() for v in values], [])


def test_symbols_of_another_range_stay_joined(materials, spacy_model) -> None:
    """'P and O' of a company is no two elements: not split by the elements' rule."""
    read, _, _ = read_chat(materials, "Kevlar", "operator", "P and O", spacy_model)
    assert read != ["P", "O"]


def test_a_share_before_a_grape_is_its_note(materials, spacy_model) -> None:
    """'100% Cabernet Sauvignon': the grape whole, its share a note; '2% milk' is no share and a name."""
    read, _, _ = read_chat(materials, "Kevlar", "grape", "100% Cabernet Sauvignon", spacy_model)
    assert read == ["Cabernet Sauvignon"]
