"""The units a numeric relation's values may be declared in (``unit = "km²"`` in
relations.toml), and a figure given in another unit of the same measure converted to it:
"40.7 sq mi" is 105.413 km², "55 million hectares" 550,000 km², "149 kDa" 149,000 g/mol. A relation that declares no
unit takes the number as it is written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

__all__ = ["UNITS", "Unit", "convert", "unit_in"]


@dataclass(frozen=True)
class Unit:
    name: str
    """As relations.toml and messages write it."""
    measure: str
    size: Decimal
    """In the measure's first unit."""
    written: re.Pattern[str]
    """How text writes it after a number."""


def _unit(name: str, measure: str, size: str, written: str) -> Unit:
    return Unit(name, measure, Decimal(size), re.compile(rf"(?<![^\W\d_])(?:{written})(?![^\W_])", re.IGNORECASE))


UNITS = {u.name: u for u in (
    _unit("km²", "area", "1", r"km²|km2|sq\.?\s?km\.?|square\s+kilomet(?:re|er)s?|kilomet(?:re|er)s?\s+squared"),
    _unit("m²", "area", "0.000001", r"m²|m2|sq\.?\s?m\.?|square\s+met(?:re|er)s?"),
    _unit("sq mi", "area", "2.589988110336", r"mi²|mi2|sq\.?\s?mi(?:les?)?\.?|square\s+miles?"),
    _unit("ha", "area", "0.01", r"hectares?|ha"),
    _unit("acre", "area", "0.0040468564224", r"acres?"),
    _unit("g/mol", "molar mass", "1", r"g\s?/\s?mol|g\s?[·⋅ ]?\s?mol(?:-1|−1|⁻¹)|grams?\s+per\s+mole?"),
    _unit("kg/mol", "molar mass", "1000", r"kg\s?/\s?mol|kilograms?\s+per\s+mole?"),
    _unit("Da", "molar mass", "1", r"(?:(?<=\d)|(?<=\d )|(?<=\d\u00a0))(?-i:Da)|daltons?"),  # after a figure: not "Da Nang"
    _unit("kDa", "molar mass", "1000", r"(?-i:kDa|kD)|kilodaltons?"),
    _unit("MDa", "molar mass", "1000000", r"(?-i:MDa)|megadaltons?"),
    _unit("g", "mass", "1", r"g|grams?"),
    _unit("mg", "mass", "0.001", r"mg|milligrams?"),
    _unit("µg", "mass", "0.000001", r"µg|μg|mcg|ug|micrograms?"),
    _unit("kg", "mass", "1000", r"kg|kilograms?"),
    _unit("%", "percent", "1", r"%|per\s?cent"),
)}
"""Square kilometres, square metres, square miles (international: 1 mi = 1.609344 km),
hectares and acres (international: 4,046.8564224 m²); a molar mass in g/mol (a dalton, Da, is
1 g/mol; kDa 1 kg/mol), a mass, a percentage."""


def unit_in(text: str) -> Unit | None:
    """The unit of :data:`UNITS` ``text`` gives its figure in (the first one written), or None."""
    found = [(m.start(), -len(m.group(0)), u.name) for u in UNITS.values() if (m := u.written.search(text))]
    return UNITS[min(found)[2]] if found else None


def convert(value: Decimal, given: Unit, unit: Unit) -> Decimal:
    """``value`` in ``given`` as a figure in ``unit`` (of the same measure), to six significant
    digits, or as many as ``value`` has: a conversion makes no figure more precise than people
    write them, nor coarser than it was written ("6,601,668 sq mi" is 17,098,240 km², not 17,098,200)."""
    with localcontext() as context:
        context.prec = max(6, len(value.normalize().as_tuple().digits))
        return +(value * given.size / unit.size)
