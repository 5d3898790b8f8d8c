"""The geography reference knows the names people write: English short names and exonyms
("UK", "Holland", "Kiev", "Cologne") and a renamed capital (Astana). A claim under a name it
did not know passed as "unknown to the reference", so a wrong figure or capital got in."""

from __future__ import annotations

import json

from tests.conftest import kg_exit_code


def verdicts(tmp_path, capsys, rows: list[tuple[str, str, str]]) -> list[dict]:
    facts = tmp_path / "facts.csv"
    facts.write_text("head,relation,tail\n" + "".join(f'"{s}",{p},"{o}"\n' for s, p, o in rows), encoding="utf-8")
    capsys.readouterr()
    kg_exit_code("validate", str(facts), "--domain", "geography", "--format", "json")
    return json.loads(capsys.readouterr().out)["verdicts"]


def test_short_names_and_exonyms_are_checked_against_the_reference(tmp_path, capsys):
    names = ["UK", "Great Britain", "Britain", "USA", "US", "U.S.", "Holland", "Burma", "UAE", "Cape Verde", "DRC",
             "Czech Republic", "Swaziland", "East Timor", "The Gambia", "Bosnia", "St Lucia", "PRC",
             "Kiev", "Peking", "Bombay", "Cologne", "München", "New York", "NYC", "Saigon", "Calcutta", "Madras"]
    found = verdicts(tmp_path, capsys, [(name, "population", "1") for name in names])
    let_in = [name for name, v in zip(names, found) if v["status"] != "rejected"]
    assert let_in == []  # a population of 1 is wrong for each: refused under every name
    assert all(v["reasons"][0]["check"] == "reference" for v in found)
    assert found[0]["subject"] == "<https://w3id.org/kgdistill/resource/united_kingdom>"  # one entity, not res:uk


def test_a_capital_under_its_current_or_other_name_is_accepted_and_a_wrong_one_refused(tmp_path, capsys):
    rows = [("Astana", "capitalOf", "Kazakhstan"), ("Nur-Sultan", "capitalOf", "Kazakhstan"),
            ("Kiev", "capitalOf", "Ukraine"), ("Berne", "capitalOf", "Switzerland"),
            ("Holland", "hasCapital", "Rotterdam"), ("UAE", "hasCapital", "Dubai"), ("UK", "hasCapital", "Manchester")]
    found = verdicts(tmp_path, capsys, rows)
    assert [v["status"] for v in found] == ["accepted"] * 4 + ["rejected"] * 3
    assert found[0]["subject"] == found[1]["subject"] == "<https://w3id.org/kgdistill/resource/astana>"
    assert "Amsterdam" in found[4]["reasons"][0]["message"]


def test_an_acronym_names_its_entity_only_as_written_in_capitals(tmp_path, capsys):
    """The film "Us" was the United States: the reference's alias "US" matched whatever its case,
    by the name and by the IRI it mints (res:us), so a film's fact was checked as the country's."""
    found = verdicts(tmp_path, capsys, [("Us", "population", "1"), ("US", "population", "1"), ("Uk", "population", "1")])
    assert [v["subject"] for v in found] == ["<https://w3id.org/kgdistill/resource/us>", "<https://w3id.org/kgdistill/resource/united_states>",
                                             "<https://w3id.org/kgdistill/resource/uk>"]
    assert [[r["check"] for r in v["reasons"]] for v in found] == [[], ["reference"], []]
