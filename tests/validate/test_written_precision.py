"""A figure written to a decimal place agrees with a reference's figure that rounds to it: an apple's protein
"0.3 g" was rejected against the reference's 0.26 g as "off by 15% (tolerance 2%)" (the nutritionist's audit)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import kg_exit_code

_NUTRITION = Path(__file__).resolve().parents[1] / "extractors" / "corpus" / "nutrition" / "domain"
"""The nutrition audit's domain: its reference gives an apple's protein as 0.26 g, an almond's fat as 49.93 g and
oats' fibre as 10.6 g (per 100 g, each with a tolerance of 2 %)."""


def test_a_figure_agrees_with_a_reference_that_rounds_to_it_at_its_written_precision(tmp_path, capsys):
    """"0.3 g" (one decimal) agrees with 0.26, which rounds to it; "0.2 g" does not, nor does a whole number wider
    than the tolerance ("48 g" of 49.93, "11 g" of 10.6: a whole number's last digit may be a count's or a rounding's,
    and is taken as written)."""
    facts = tmp_path / "facts.csv"
    rows = [("apple", "protein", "0.3 g"), ("almond", "fat", "48 g"), ("oats", "fibre", "11 g")]
    facts.write_text("head,relation,tail\n" + "".join(f"{h},{r},{t}\n" for h, r, t in rows), encoding="utf-8")
    capsys.readouterr()
    kg_exit_code("validate", str(facts), "--domain", str(_NUTRITION), "--format", "json")
    report = json.loads(capsys.readouterr().out)
    statuses = {v["subject"].rsplit("/", 1)[1].rstrip(">"): v["status"] for v in report["verdicts"]}
    assert statuses == {"apple": "accepted", "almond": "rejected", "oats": "rejected"}
    facts.write_text("head,relation,tail\napple,protein,0.2 g\n", encoding="utf-8")
    kg_exit_code("validate", str(facts), "--domain", str(_NUTRITION), "--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert [v["status"] for v in report["verdicts"]] == ["rejected"]
