"""The units a numeric relation's values may be declared in (``unit = "km²"`` in
relations.toml), and a figure given in another unit of the same measure converted to it:
"40.7 sq mi" is 105.413 km², "55 million hectares" 550,000 km², "149 kDa" 149,000 g/mol, "1474 °F"
801.1 °C, "1.977 g/L" 0.001977 g/cm³. A relation that declares no unit takes the number as it is written."""

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
    origin: Decimal = Decimal(0)
    """How far the unit's zero lies above the measure's absolute zero, in the unit: 273.15 for °C,
    459.67 for °F (a temperature is an interval scale); 0 for a unit whose zero is none of the measure."""


def _unit(name: str, measure: str, size: str | Decimal, written: str, origin: str = "0") -> Unit:
    pattern = re.compile(rf"(?<![^\W\d_])(?:{written})(?![^\W_])", re.IGNORECASE)
    return Unit(name, measure, Decimal(size), pattern, Decimal(origin))


_AFTER_FIGURE = r"(?:(?<=\d)|(?<=\d )|(?<=\d\u00a0))"
"""Where a one-letter unit symbol is one: right after a figure (``Da``, ``K``, ``M``; not "Da Nang")."""
_CUBED = r"(?:³|3|\^3|⁻³|-3|−3)"
_SQUARED = r"(?:²|2|\}?\s?\$?\^\s?\{?2\}?\$?|\s?\*\*\s?2)"
"""A unit's square as written after it: ``km²``, ``km2``, ``km^2``, ``km$^2$``, LaTeX's ``\\text{ km}^2``."""


UNITS = {u.name: u for u in (
    _unit("km²", "area", "1", rf"km{_SQUARED}|sq\.?\s?km\.?|square\s+(?:km|kilomet(?:re|er)s?)|kilomet(?:re|er)s?\s+squared"),
    _unit("m²", "area", "0.000001", rf"m{_SQUARED}|sq\.?\s?m\.?|square\s+(?:m|met(?:re|er)s?)"),
    _unit("sq mi", "area", "2.589988110336", rf"mi{_SQUARED}|sq\.?\s?mi(?:les?)?\.?|square\s+(?:mi|miles?)"),
    _unit("ha", "area", "0.01", r"hectares?|ha"),
    _unit("acre", "area", "0.0040468564224", r"acres?"),
    _unit("g/mol", "molar mass", "1", r"g\s?/\s?mol|g\s?[·⋅ ]?\s?mol(?:-1|−1|⁻¹)|grams?\s+per\s+mole?"),
    _unit("kg/mol", "molar mass", "1000", r"kg\s?/\s?mol|kilograms?\s+per\s+mole?"),
    _unit("Da", "molar mass", "1", rf"{_AFTER_FIGURE}(?-i:Da)|daltons?"),  # after a figure: not "Da Nang"
    _unit("kDa", "molar mass", "1000", r"(?-i:kDa|kD)|kilodaltons?"),
    _unit("MDa", "molar mass", "1000000", r"(?-i:MDa)|megadaltons?"),
    _unit("g", "mass", "1", r"g|grams?"),
    _unit("mg", "mass", "0.001", r"mg|milligrams?"),
    _unit("µg", "mass", "0.000001", r"µg|μg|mcg|ug|micrograms?"),
    _unit("kg", "mass", "1000", r"kg|kilograms?"),
    _unit("t", "mass", "1000000", rf"{_AFTER_FIGURE}(?-i:t)|tonnes?|metric\s+tons?|metric\s+tonnes?"),
    _unit("lb", "mass", "453.59237", r"lbs?|pounds?"),
    _unit("short ton", "mass", "907184.74", r"short\s+tons?|US\s+tons?"),
    _unit("long ton", "mass", "1016046.9088", r"long\s+tons?|imperial\s+tons?"),
    _unit("ton", "ambiguous ton", "1", r"tons?"),  # metric, short or long: refused, never read as another
    _unit("%", "percent", "1", r"%|per\s?cent"),
    _unit("°C", "temperature", "1", r"°\s?C|℃|(?:degrees?\s+)?(?:Celsius|centigrade)", origin="273.15"),
    _unit("K", "temperature", "1", rf"{_AFTER_FIGURE}(?-i:K)|(?:degrees?\s+)?kelvins?"),
    _unit("°F", "temperature", Decimal(5) / 9, r"°\s?F|℉|(?:degrees?\s+)?Fahrenheit", origin="459.67"),
    _unit("g/cm³", "density", "1", rf"g\s?/\s?cm{_CUBED}|g\s?[·⋅ ]?\s?cm(?:⁻³|-3|−3)|g\s?/\s?cc|grams?\s+per\s+cubic\s+centimet(?:re|er)"),
    _unit("g/mL", "density", "1", r"g\s?/\s?ml|grams?\s+per\s+millilit(?:re|er)"),
    _unit("kg/m³", "density", "0.001", rf"kg\s?/\s?m{_CUBED}|kg\s?[·⋅ ]?\s?m(?:⁻³|-3|−3)|kilograms?\s+per\s+cubic\s+met(?:re|er)"),
    _unit("g/L", "density", "0.001", r"g\s?/\s?l|grams?\s+per\s+lit(?:re|er)"),
    _unit("mg/cm³", "density", "0.001", rf"mg\s?/\s?cm{_CUBED}|mg\s?/\s?ml"),
    _unit("mol/L", "concentration", "1", rf"mol\s?/\s?l|{_AFTER_FIGURE}(?-i:M)|molar|moles?\s+per\s+lit(?:re|er)"),
    _unit("mmol/L", "concentration", "0.001", rf"mmol\s?/\s?l|{_AFTER_FIGURE}(?-i:mM)|millimolar"),
    _unit("km/h", "speed", "1", r"km\s?/\s?h(?:r|our)?|kph|kmh|kilomet(?:re|er)s?\s+(?:per|an)\s+hour"),
    _unit("m/s", "speed", "3.6", r"m\s?/\s?s|met(?:re|er)s?\s+per\s+second"),
    _unit("mph", "speed", "1.609344", r"mph|mi\s?/\s?h|miles?\s+(?:per|an)\s+hour"),
    _unit("kn", "speed", "1.852", rf"{_AFTER_FIGURE}(?:kn|kt|kts)|knots?"),
    _unit("Mach", "Mach number", "1", r"mach"),  # of the speed of sound where the craft flies: no one speed
    _unit("m", "length", "1", rf"{_AFTER_FIGURE}(?-i:m)|met(?:re|er)s?"),
    _unit("km", "length", "1000", r"km|kilomet(?:re|er)s?"),
    _unit("ft", "length", "0.3048", r"ft|feet|foot"),
    _unit("mi", "length", "1609.344", r"mi|miles?|statute\s+miles?"),
    _unit("nmi", "length", "1852", r"nmi|(?-i:NM)|nautical\s+miles?"),
    _unit("N", "force", "1", rf"{_AFTER_FIGURE}(?-i:N)|newtons?"),
    _unit("kN", "force", "1000", r"(?-i:kN)|kilonewtons?"),
    _unit("lbf", "force", "4.4482216152605", r"lbf|pounds?[\s-]+(?:of\s+)?(?:force|thrust)|lbs?\.?\s+(?:of\s+)?thrust"),
    _unit("kgf", "force", "9.80665", r"kgf|kilograms?[\s-]+force"),
)}
"""Square kilometres, square metres, square miles (international: 1 mi = 1.609344 km),
hectares and acres (international: 4,046.8564224 m²); a molar mass in g/mol (a dalton, Da, is
1 g/mol; kDa 1 kg/mol), a mass, a percentage; a temperature in °C, K or °F (converted through
kelvin, offsets included); a density in g/cm³ (g/mL the same), kg/m³, g/L, mg/cm³ (mg/mL); a
concentration in mol/L (a bare ``M`` after a figure: ``1.5 M`` is molar, no million) or mmol/L;
a mass in tonnes (``t``, metric tons) or pounds (avoirdupois: 0.45359237 kg), short and long tons
(a bare "tons" is any of three, and refused); a speed in km/h, m/s, mph or knots (a Mach number is
no speed: the speed of sound varies with altitude, so it is refused); a length in m, km, ft,
miles or nautical miles (1,852 m); a force in N, kN, lbf or kgf."""


UNSCALED = frozenset({"temperature", "density", "concentration", "length", "force"})
"""The measures whose figures are written with no scale in letters: "273.15K" is kelvin and "1.5 M"
molar, no thousands or millions; "13,100 m" metres and "374 kN" kilonewtons."""


def unit_in(text: str, measure: str | None = None) -> Unit | None:
    """The unit of :data:`UNITS` ``text`` gives its figure in (the first one written), or None. A
    letter right before another unit is a scale, not a unit: "9.8M km²" is in km², not molar;
    and so is a unit written as one capital letter (``K``, ``M``) after the figure of a
    ``measure`` written with scales (an area: "551K" is 551 thousand, "2.1m" 2.1 million, no metres;
    a density's "1.5 M" is molar)."""
    scaled = measure is not None and measure not in UNSCALED
    found = sorted(
        (m.start(), -len(m.group(0)), m.end(), u.name) for u in UNITS.values()
        if (m := u.written.search(text)) and not (scaled and len(m.group(0)) == 1 and (m.group(0).isupper() or m.group(0) == "m"))
    )
    starts = {start for start, *_ in found}
    units = [name for _, _, end, name in found if not any(start >= end and not text[end:start].strip() for start in starts)]
    return UNITS[units[0]] if units else None


def convert(value: Decimal, given: Unit, unit: Unit) -> Decimal:
    """``value`` in ``given`` as a figure in ``unit`` (of the same measure), to six significant
    digits, or as many as ``value`` has: a conversion makes no figure more precise than people
    write them, nor coarser than it was written ("6,601,668 sq mi" is 17,098,240 km², not 17,098,200).
    A temperature goes through kelvin, offsets included, to one decimal more than ``value`` has
    ("1474 °F" is 801.1 °C, "273.15 K" 0 °C: near zero, significant digits mean nothing)."""
    if given.origin or unit.origin:
        places = min(value.as_tuple().exponent, 0) - 1  # type: ignore[operator]
        return ((value + given.origin) * given.size / unit.size - unit.origin).quantize(Decimal(1).scaleb(places)).normalize()
    with localcontext() as context:
        context.prec = max(6, len(value.normalize().as_tuple().digits))
        return +(value * given.size / unit.size)
