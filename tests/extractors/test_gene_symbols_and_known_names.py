"""Names matched to the entities the reference or the store knows, from a geneticist's and a
materials engineer's audits: case-sensitive gene symbols, a name less its class word, initials,
a standard's prefix before an identifier."""

from __future__ import annotations

from extractors import Extractor
from extractors.normalize import Normalizer
from kg.prompts import Prompt
from kg.records import Candidate, Completion


def _read(domain, head: str, relation: str, text: str) -> list[tuple[str, str]]:
    """(the object, its label) of each candidate a chat answer ``text`` gives; (the reason, "") of
    each unreadable span."""
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return [(str(r.object), str(r.object_label or r.object)) if isinstance(r, Candidate) else (r.reason, "") for r in out]


def _subject(domain, head: str, relation: str, text: str) -> str:
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    return str(next(r for r in out if isinstance(r, Candidate)).subject)


def test_a_mouse_gene_symbol_is_no_human_gene_written_in_capitals(genetics_ref):
    """BRCA1's mouse ortholog 'Brca1' resolved to BRCA1 itself, case ignored (then rejected as a
    self-loop); gene symbols are case-sensitive: a symbol in mixed case matched to the subject, or
    to a known symbol of the same class by a relation between genes, is a gene of its own, labelled
    as written; so is 'Cftr' (no 'CFTR' label from the seeds)."""
    for head, answer in (("BRCA1", "Brca1"), ("FMR1", "Fmr1"), ("CFTR", "Cftr"), ("TP53", "Trp53")):
        ((iri, label),) = _read(genetics_ref, head, "mouseOrtholog", answer)
        assert label == answer and iri != _subject(genetics_ref, head, "mouseOrtholog", answer), (head, answer)
    ((iri, label),) = _read(genetics_ref, "TP53", "paralog", "Brca1")
    assert label == "Brca1" and not iri.endswith("/brca1")
    normalizer = Normalizer(genetics_ref)
    assert normalizer.known_casing("Cftr") is None and normalizer.known_casing("Brca1") is None


def test_case_still_matches_a_name_that_is_no_cased_symbol(genetics_ref, geo):
    """Counterexamples: a name in another case that is no symbol in mixed case is matched as before
    (a city in lower case, a gene's symbol in capitals), and so is a mixed-case symbol matched
    without the subject or a relation between two things of one class (its reading elsewhere)."""
    ((iri, _),) = _read(geo, "France", "hasCapital", "paris")
    assert iri.endswith("/paris")
    ((iri, _),) = _read(genetics_ref, "BRCA1", "mouseOrtholog", "brca1")  # no cased symbol: the subject, as before (then a self-loop)
    assert iri == _subject(genetics_ref, "BRCA1", "mouseOrtholog", "brca1")
    assert str(Normalizer(genetics_ref).entity("Brca1")).endswith("/brca1")
    assert Normalizer(genetics_ref).known_casing("hereditary Breast and Ovarian Cancer Syndrome") == "hereditary breast and ovarian cancer syndrome"


def test_a_chromosome_named_without_its_class_word_is_the_known_chromosome(genetics_ref):
    """The reference's "chromosome 17": '17' was rejected ("reference says chromosome 17, not 17"),
    'chrX', 'X' and 'X chromosome' made three new entities. A designation of the relation's range
    class written without the class word, after it or as a genome browser's 'chr' is the one known
    entity of that class so named; a cytoband's 'chromosome 17q21.31' is the reference's '17q21.31'."""
    for answer, known in (("17", "chromosome_17"), ("chrX", "chromosome_x"), ("X", "chromosome_x"), ("X chromosome", "chromosome_x"),
                          ("chr17", "chromosome_17"), ("Chromosome 17 (17p13.1)", "chromosome_17")):
        ((iri, _),) = _read(genetics_ref, "BRCA1", "locatedOnChromosome", answer)
        assert iri.endswith(f"/{known}"), answer
    assert _read(genetics_ref, "BRCA1", "cytoband", "chromosome 17q21.31") == [("17q21.31", "17q21.31")]


def test_a_designation_is_no_chromosome_of_another_range_nor_an_unknown_one(genetics_ref, geo):
    """Counterexamples: a designation answering a relation of another range (a protein 'X'), a
    chromosome no one knows ('Y', 'chr9': a new one), a word before a class word ('Kansas' of a city:
    no 'Kansas City'), a text value the reference writes with no figure after the word."""
    ((iri, _),) = _read(genetics_ref, "TP53", "encodes", "X")
    assert not iri.endswith("/chromosome_x")
    for answer in ("Y", "chr9", "Y chromosome"):
        ((iri, label),) = _read(genetics_ref, "DMD", "locatedOnChromosome", answer)
        assert "chromosome_x" not in iri and label == answer, answer
    ((iri, _),) = _read(geo, "France", "hasCapital", "Kansas")
    assert iri.endswith("/kansas")
    assert _read(genetics_ref, "BRCA1", "fullName", "gene 17")[0][0] == "gene 17"  # the reference holds no full name


def test_initials_are_the_one_known_entity_of_the_range_class_so_initialled(genetics_ref):
    """Sickle cell disease's inheritance 'AR' made a new entity 'AR' beside the reference's
    'autosomal recessive': an acronym that names nothing known is the one known entity of the
    relation's range class whose words it initials (a word after a hyphen a word: 'XLR')."""
    for answer, known in (("AR", "autosomal_recessive"), ("AD", "autosomal_dominant"), ("XLR", "x_linked_recessive"),
                          ("XLD", "x_linked_dominant")):
        ((iri, _),) = _read(genetics_ref, "sickle cell disease", "inheritance", answer)
        assert known in iri, answer


def test_initials_of_another_range_of_people_or_of_two_known_are_no_known_entity(genetics_ref):
    """Counterexamples: 'AR' of a gene's disease (a range of diseases: no disease is so initialled),
    'DL' of a discoverer (a person's initials, though David Lane is known), 'MS' where multiple
    sclerosis and mitral stenosis are both known, 'XL' that initials nothing."""
    for head, relation, answer in (("CFTR", "associatedWith", "AR"), ("TP53", "discoveredBy", "DL"),
                                   ("CFTR", "associatedWith", "MS"), ("cystic fibrosis", "inheritance", "XL")):
        ((iri, label),) = _read(genetics_ref, head, relation, answer)
        assert label == answer and iri.endswith(f"/{answer.lower()}"), answer


def _named(domain, head: str, relation: str, text: str) -> tuple[str, str, str | None]:
    """(the object, its label, its other name as written) of the one candidate of a chat answer."""
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt)
    (cand,) = [r for r in out if isinstance(r, Candidate)]
    return str(cand.object), str(cand.object_label), getattr(cand.object_label, "written", None)


def test_a_bracket_that_gives_the_known_name_is_that_entity(genetics_ref, materials_ref):
    """TP53 encodes 'Cellular tumor antigen p53 (p53)' was rejected ("reference says TP53 encodes
    p53"), AISI 304's base element 'Fe (iron)' ("reference says iron, not Fe"): where the bracket is
    the known name of an entity of the range class, and the name before it, unknown, its longer name
    ending in it or its chemical symbol, the answer is that entity, the name before it an alias."""
    iri, label, written = _named(genetics_ref, "TP53", "encodes", "Cellular tumor antigen p53 (p53)")
    assert iri.endswith("/p53") and label == "p53" and written == "Cellular tumor antigen p53"
    iri, label, written = _named(materials_ref, "AISI 304", "baseElement", "Fe (iron)")
    assert iri.endswith("/iron") and label == "iron" and written == "Fe"


def test_a_bracket_of_another_class_a_place_or_a_person_stays_a_note(genetics_ref, materials_ref, geo):
    """Counterexamples: a bracket that names a known thing of another class than the range's (a
    chromosome after a protein), a known name before the bracket, an unknown bracket, and a range of
    places ('Lyon (France)' of a capital) read as before."""
    assert not _named(genetics_ref, "TP53", "encodes", "Tumor protein 17 (chromosome 17)")[0].endswith("/chromosome_17")
    assert _named(materials_ref, "AISI 304", "baseElement", "Iron (Fe)")[0].endswith("/iron")  # the known name first, as before
    assert not _named(genetics_ref, "HBB", "encodes", "β-globin (hemoglobin subunit beta)")[0].endswith("/p53")
    assert not _named(geo, "Germany", "hasCapital", "Lyon (France)")[0].endswith("/france")


def test_a_standard_s_name_before_an_identifier_of_it_is_no_part_of_it(materials_ref):
    """AISI 304's UNS number 'UNS S30400 (EN 1.4301)' was the text 'UNS S30400', rejected beside the
    reference's 'S30400'; 6061's 'UNS A96061' beside a stored 'A96061': the standard's name the
    relation is named after, before an identifier with a figure, is no part of it. A name of another
    standard ('AISI 304') and a code with no figure stay as written."""
    assert _read(materials_ref, "AISI 304", "unsNumber", "UNS S30400 (EN 1.4301)")[0][0] == "S30400"
    assert _read(materials_ref, "6061 aluminium", "unsNumber", "UNS A96061")[0][0] == "A96061"
    assert _read(materials_ref, "AISI 304", "unsNumber", "AISI 304")[0][0] == "AISI 304"
    assert _read(materials_ref, "AISI 304", "unsNumber", "UNS pending")[0][0] != "pending"


def test_an_elements_symbol_alone_is_the_known_element_its_name_gives(materials_ref):
    """AISI 304's base element 'Fe' and 6061's alloying element 'Mg' made elements 'Fe' and 'Mg'
    beside the reference's iron and magnesium, where the domain gives no element its symbol: the
    symbol is the known element of the range class whose name it stands for ('Al' of aluminium)."""
    assert _named(materials_ref, "AISI 304", "baseElement", "Fe")[:2] == (_named(materials_ref, "AISI 304", "baseElement", "iron")[0], "iron")
    assert _named(materials_ref, "6061 aluminium", "alloyingElement", "Mg")[1] == "magnesium"
    assert _named(materials_ref, "Ti-6Al-4V", "baseElement", "Al")[1] == "aluminium"


def test_a_symbol_is_no_other_element_and_no_unknown_one(materials_ref):
    """Counterexamples: 'Zn (iron)' (the symbol of zinc, a gloss of iron) was read as iron; an
    element the reference does not know ('Pb') and letters that are no symbol ('Uue') stay as written."""
    assert _named(materials_ref, "brass", "baseElement", "Zn (iron)")[1] != "iron"
    assert _named(materials_ref, "brass", "alloyingElement", "Pb")[1] == "Pb"
    assert _named(materials_ref, "brass", "alloyingElement", "Uue")[1] == "Uue"
