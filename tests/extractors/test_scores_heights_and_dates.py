"""Scores written beside a vector, heights in feet and inches written with quotation marks, hedged and
Old Style dates, as a chat answer gives them (the genealogist's and the security analyst's audits)."""

from __future__ import annotations

import pytest

from extractors import Extractor
from kg.ontology import Domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion
from kg.units import primed_feet_inches
from tests.extractors.measured import chat_values, measured_domain

_RELATIONS = (  # name, datatype, words, unit
    ("height", "decimal", "height (cm)", "cm"), ("cvssBaseScore", "decimal", "CVSS v3 base score", None),
    ("birthYear", "gYear", "year of birth", None), ("deathYear", "gYear", "year of death", None),
    ("foundingYear", "gYear", "founding year", None), ("deathDate", "date", "date of death", None),
    ("releaseDate", "date", "release date", None), ("density", "decimal", "density (g/cm3)", "g/cm3"),
    ("population", "nonNegativeInteger", "population", None), ("dosage", "decimal", "maximum daily dose (mg)", "mg"),
    ("title", "string", "title", None),
)


@pytest.fixture(scope="module")
def domain(tmp_path_factory: pytest.TempPathFactory) -> Domain:
    """The music test domain with a genealogy's and a security advisory's relations of a person (a test double), each functional."""
    return measured_domain(tmp_path_factory, _RELATIONS)


_chat = chat_values


@pytest.mark.parametrize(("written", "read"), [
    ("5'3\"", "160.02"), ("about 5'3\"", "160"), ("5’3”", "160.02"), ("5′3″", "160.02"), ("5' 11\"", "180.34"),
    ("5 feet 11 inches", "180.34"), ("6'0\"", "182.88"),
])
def test_feet_and_inches_written_with_quotation_marks_are_a_length(domain: Domain, written: str, read: str) -> None:
    """A height in cm 'about 5\\'3"' of Elizabeth I was stored as 53 (the genealogist's audit): the apostrophe was read as a
    group of thousands (1'512'491) and the quotation mark cleaned off as a quote. Feet and inches written with an
    apostrophe and a quotation mark (straight or curly) are read as primes, 5 ft 3 in (a hedged figure of two digits to
    three significant ones, as 'About 4 ft' is)."""
    assert _chat(domain, "height", written) == [read]


@pytest.mark.parametrize("written", ["40°26'46\"N", "1'512'491", "\"5'3\"\"", "5'3\" tall Wall", "12'345\""])
def test_no_coordinate_grouping_or_title_is_read_as_feet_and_inches(written: str) -> None:
    """A coordinate's minutes and seconds, a Swiss group of thousands, a quoted title and three digits after the
    apostrophe are no feet and inches: as written."""
    assert primed_feet_inches(written) == written if "tall" not in written else primed_feet_inches(written) == "5′3″ tall Wall"


def test_feet_and_inches_of_a_title_are_as_written(domain: Domain) -> None:
    """Only a length is read in feet and inches: a title '5\\'3"' is the title."""
    assert _chat(domain, "title", "5'3\"") != ["5′3″"]


_VECTOR = "object is a vector of fields, not a score or figure"


@pytest.mark.parametrize(("written", "read"), [
    ("`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`", _VECTOR), ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", _VECTOR),
    ("AV:N/AC:L/Au:N/C:C/I:C/A:C", _VECTOR), ("9.8 (CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H)", "9.8"),
    ("9.8 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "9.8"), ("9.8", "9.8"), ("9.8 (Critical)", "9.8"),
])
def test_a_cvss_vector_is_no_score(domain: Domain, written: str, read: str) -> None:
    """The CVSS v3 base score of CVE-2014-6271 '`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`' was stored as 3.1, the
    vector's version (the security analyst's audit): a code of slash-separated fields, each a name, a colon and a value,
    gives no figure; a score written beside it is the score."""
    assert _chat(domain, "cvssBaseScore", written) == [read]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("dosage", "4,000 mg (1:1/2:1 ratio)", "4000"), ("population", "68,000 (see https://example.org/a/b/c)", "68000"),
    ("density", "2.65 g/cm3", "2.65"), ("population", "2,102,000", "2102000"),
])
def test_other_figures_beside_colons_and_slashes_are_read(domain: Domain, relation: str, written: str, read: str) -> None:
    """A ratio and an address are no vector of fields: the figure is read as before."""
    assert _chat(domain, relation, written) == [read]


@pytest.mark.parametrize(("written", "read"), [
    ("28 January 1547 (O.S.)", "1547-02-07"), ("1491-06-28 (O.S.)", "1491-07-07"), ("28 January 1547 (Old Style)", "1547-02-07"),
    ("24 March 1603 (O.S.) / 3 April 1603 (N.S.)", "1603-04-03"), ("3 April 1603 (N.S.) / 24 March 1603 (O.S.)", "1603-04-03"),
    ("March 24, 1603 (O.S.) / April 3, 1603 (N.S.)", "1603-04-03"), ("3 April 1603 (N.S.)", "1603-04-03"),
    ("3 April 1603 (Gregorian)", "1603-04-03"), ("24 March 1602/03", "1603-04-03"), ("28 January 1547", "1547-01-28"),
    ("10 December 2009 (London), 18 December 2009 (US)", "object is several dates, not one"),
    ("24 March 1603 (O.S.) / 3 April 1604 (O.S.)", "object is several dates, not one"),
])
def test_an_old_style_date_is_the_gregorian_day(domain: Domain, written: str, read: str) -> None:
    """Henry VIII's death date '28 January 1547 (O.S.)' was stored as 1547-01-28 and confirmed by a reference that writes
    the Julian day, and '24 March 1603 (O.S.) / 3 April 1603 (N.S.)' was 'several dates' (the genealogist's audit):
    xsd:date is the proleptic Gregorian calendar, so a date marked Old Style is converted before 1582 too (10 days in the
    16th century, 9 in the 15th), the original its note; one day given in both calendars is the New Style's; a year written
    both ways in the Old Style's first months ('24 March 1602/03') is the Julian day of the later year. Two days of one
    calendar stay several."""
    assert _chat(domain, "deathDate", written) == [read]


def test_the_old_style_date_as_written_is_the_note(domain: Domain) -> None:
    """The converted date keeps the answer's day as written as its note."""
    prompt = Prompt.make("p", "list", head="Henry VIII", relation="deathDate")
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", "28 January 1547 (O.S.)", finish_reason="stop"), prompt)
    assert [(str(r.object), r.rationale) for r in out if isinstance(r, Candidate)] == [("1547-02-07", "28 January 1547 (O.S.)")]


_OTHER_VERSIONS = "object is several values, not one (each of another version, none the one the relation names)"


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("cvssBaseScore", "Originally 3.7 (Low), later raised to 9.0 (Critical).", "9"),
    ("cvssBaseScore", "CVSS v2: 10.0; CVSS v3: 9.8", "9.8"), ("cvssBaseScore", "CVSS v3.1: 9.8; CVSS v2: 10.0", "9.8"),
    ("cvssBaseScore", "5.0 (CVSS v2). NVD has since assigned a CVSS v3 score of 7.5.", "7.5"),
    ("cvssBaseScore", "10.0 (v2), 9.8 (v3)", "9.8"), ("cvssBaseScore", "9.8 (CVSS v3.1)", "9.8"),
    ("cvssBaseScore", "CVSS v2: 10.0; CVSS v4: 9.3", _OTHER_VERSIONS),
    ("dosage", "Originally 500 mg, later reduced to 250 mg", "250"),
    ("population", "v2: 10; v3: 12", _OTHER_VERSIONS),
    ("population", "2,102,000 (2021 census), originally a village", "2102000"),
])
def test_the_figure_of_the_named_version_or_the_later_one_is_read(domain: Domain, relation: str, written: str, read: str) -> None:
    """The CVSS v3 base score of a CVE 'Originally 3.7 (Low), later raised to 9.0 (Critical).' was stored as 3.7, 'CVSS v2:
    10.0; CVSS v3: 9.8' as 10 and '5.0 (CVSS v2). NVD has since assigned a CVSS v3 score of 7.5.' as 5 (the security
    analyst's audit): the superseded and the other version's figures. As a wind's 1-minute figure is read beside its
    10-minute one, the figure of the version the relation's words name is read, the answer its note (none named: several
    values); a figure said to be superseded gives way to the later one. A year is not read so."""
    assert _chat(domain, relation, written) == [read]


def _noted(domain: Domain, relation: str, written: str) -> list[tuple[str, str | None]]:
    """(value, note) of each candidate a chat answer ``written`` gives for ``relation`` of Anne Boleyn."""
    prompt = Prompt.make("p", "list", head="Anne Boleyn", relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", written, finish_reason="stop"), prompt)
    return [(str(r.object), r.rationale) for r in out if isinstance(r, Candidate)]


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("birthYear", "c. 1501", ("1501", "c.")), ("birthYear", "circa 1501", ("1501", "circa")), ("birthYear", "ca. 1501", ("1501", "ca.")),
    ("birthYear", "~1501", ("1501", "~")), ("birthYear", "ca. 1501 (at Blickling Hall)", ("1501", "ca.; at Blickling Hall")),
    ("density", "approximately 2.65 g/cm3", ("2.65", "approximately")), ("height", "about 160 cm", ("160", "about")),
    ("population", "about 7,500", ("7500", "about")), ("birthYear", "1501", ("1501", None)), ("height", "160 cm", ("160", None)),
])
def test_a_hedged_value_keeps_its_hedge_as_its_note(domain: Domain, relation: str, written: str, read: tuple[str, str | None]) -> None:
    """Anne Boleyn's birth year 'c. 1501' was stored as 1501 with nothing to say it was approximate, as were 'approximately
    2.65 g/cm³' and 'about 7.5' (the genealogist's audit and earlier ones): the hedge before a figure, a year or a date is
    kept as the candidate's note (kg why shows it), joined to a gloss the answer gives."""
    assert _noted(domain, relation, written) == [read]


def test_a_hedge_is_no_note_of_a_title(domain: Domain) -> None:
    """A text value's words are its own: a title 'About 7 Days' is the title, no hedge noted."""
    assert all(note is None for _, note in _noted(domain, "title", "About 7 Days"))


_FLOURISHED = "object is a floruit (fl.: when the person was active), not when the person was born or died"


@pytest.mark.parametrize(("relation", "written", "read"), [
    ("birthYear", "fl. 1320s", _FLOURISHED), ("birthYear", "fl. 1320", _FLOURISHED), ("deathYear", "fl. 1320", _FLOURISHED),
    ("foundingYear", "fl. 1320", "1320"),
])
def test_a_floruit_is_no_birth_or_death(domain: Domain, relation: str, written: str, read: str) -> None:
    """A birth year 'fl. 1320s' (flourished) says when the person was active: no year of birth or death; of another
    relation the year is read, its 'fl.' the note."""
    assert _chat(domain, relation, written) == [read]
