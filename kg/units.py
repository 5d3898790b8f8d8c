"""The units a numeric relation's values may be declared in (``unit = "km²"`` in
relations.toml), and a figure given in another unit of the same measure converted to it:
"40.7 sq mi" is 105.413 km², "55 million hectares" 550,000 km², "149 kDa" 149,000 g/mol, "1474 °F"
801.1 °C, "1.977 g/L" 0.001977 g/cm³. A relation that declares no unit takes the number as it is written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

__all__ = ["UNITS", "Unit", "asked_as", "convert", "one_figure", "primed_feet", "primed_feet_inches", "read_as", "unit_in", "unit_named"]


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
    mean: bool = False
    """Whether ``size`` is a mean of lengths that vary (a month, 28 to 31 days): a figure converted from it is
    no more precise than it was written (:func:`convert`)."""


def _unit(name: str, measure: str, size: str | Decimal, written: str, origin: str = "0", *, mean: bool = False) -> Unit:
    pattern = re.compile(rf"(?<![^\W\d_])(?:{written})(?![^\W_])", re.IGNORECASE)
    return Unit(name, measure, Decimal(size), pattern, Decimal(origin), mean)


_AFTER_FIGURE = r"(?:(?<=\d)|(?<=\d )|(?<=\d\u00a0))"
"""Where a one-letter unit symbol is one: right after a figure (``Da``, ``K``, ``M``; not "Da Nang")."""
_AFTER_AMOUNT = rf"(?:{_AFTER_FIGURE}|(?<=\d-)|(?<=illion )|(?<=illions )|(?<=thousand ))"
"""Where a unit written as a word of everyday speech is one (``days``, ``seconds``, ``years``):
after a figure or its scale ("4.6 billion years", "365.25-day"), not "the second largest"."""
_CUBED = r"(?:³|3|\^3|⁻³|-3|−3)"
_VOLUME = r"(?:³|3|\^3)"
"""A unit's cube as a volume writes it: ``km³``, ``km3``, ``km^3`` (``m-3`` is a density's per cubic metre; "m3", "mi3"
only after a figure: not the BMW M3)."""
_SQUARED = r"(?:²|2|\}?\s?\$?\^\s?\{?2\}?\$?|\s?\*\*\s?2)"
"""A unit's square as written after it: ``km²``, ``km2``, ``km^2``, ``km$^2$``, LaTeX's ``\\text{ km}^2``."""


_EV_PREFIXES = (("", "", 1), ("k", "kilo", 10**3), ("M", "mega", 10**6), ("G", "giga", 10**9), ("T", "tera", 10**12))
"""An electronvolt's prefixes: an energy in eV (1.602176634 × 10⁻¹⁹ J, exact since 2019) and a mass in eV/c²
(1.78266192 × 10⁻³⁶ kg), a particle's rest mass as physics gives it."""

_PER_YEAR = r"(?:\s?/\s?(?:yrs?|years?|a)|\s+(?:per|a)\s+(?:yrs?|year|annum)|\s?[·⋅]?\s?(?:yr|a)(?:⁻¹|-1|−1|\^-1))"
"""A unit per year after it: ``mm/yr``, ``mm/a``, ``mm per year``, ``cm a year``, ``mm yr⁻¹``, ``mm a⁻¹``."""
_KM_PER_H_YEAR = Decimal(8766)
"""A Julian year in hours (365.25 days): a slow speed in km/h is its length in km over it."""
_SLOW_SPEEDS = (("mm", "0.000001", r"mm|millimet(?:re|er)s?"), ("cm", "0.00001", r"cm|centimet(?:re|er)s?"),
                ("m", "0.001", r"m|met(?:re|er)s?"), ("in", "0.0000254", r"in\.?(?=\s?/)|inch(?:es)?"))
"""A speed in a length a year: a fault's slip, a plate's motion, a glacier's flow, a coast's retreat (mm/yr, cm/yr, m/yr, in/yr;
"in" only before a slash: "3 in a year" is a count)."""

_KM2 = rf"km{_SQUARED}|sq\.?\s?km\.?|square\s+(?:km|kilomet(?:re|er)s?)"
_MI2 = rf"mi{_SQUARED}|sq\.?\s?mi(?:les?)?\.?|square\s+(?:mi|miles?)"
_COUNTED = r"(?:(?:people|persons|inhabitants|inh\.|residents)\s*)?"
"""What a count per area counts, before its "per" (a unit of a population density): "36 people per km²", "11,313
inhabitants/km²"."""

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
    _unit("kt", "mass", "1000000000", rf"{_AFTER_FIGURE}(?-i:kt)|kilotonnes?|kilo-tonnes?"),  # "kt" of a speed is knots (unit_in)
    _unit("Mt", "mass", "1000000000000", rf"{_AFTER_FIGURE}(?-i:Mt)|megatonnes?|mega-tonnes?"),  # not "Mt Fuji"
    _unit("Gt", "mass", "1000000000000000", rf"{_AFTER_FIGURE}(?-i:Gt)|gigatonnes?|giga-tonnes?"),
    _unit("Gg", "mass", "1000000000", rf"{_AFTER_FIGURE}(?-i:Gg)|gigagrams?"),
    _unit("Tg", "mass", "1000000000000", rf"{_AFTER_FIGURE}(?-i:Tg)|teragrams?"),
    _unit("oz t", "mass", "31.1034768", r"troy\s+(?:oz|ounces?)|oz\.?\s?t|ozt"),  # a precious metal's: 480 grains; "1 oz t" is no "1 oz tin"
    _unit("oz", "ambiguous ounce", "1", r"(?<!fl\s)(?<!fl\.\s)(?<!fluid\s)(?:oz|ounces?)"),  # troy (a coin's) or avoirdupois (28.35 g): refused; "fl oz" is a volume
    _unit("kiloton", "ambiguous ton", "1", r"kilotons?"),  # of metric, short or long tons, or of TNT: refused
    _unit("megaton", "ambiguous ton", "1", r"megatons?"),
    _unit("%", "percent", "1", r"%|per\s?cent"),
    _unit("PSU", "salinity", "1", r"(?-i:PSU|psu)|practical\s+salinity\s+units?"),  # sea water's salt: PSU, ‰ and g/kg agree to 0.5 %
    _unit("‰", "salinity", "1", r"‰|per\s?mil(?:le)?"),
    _unit("g/kg", "salinity", "1", r"g\s?/\s?kg|grams?\s+per\s+kilogram"),
    _unit("°C", "temperature", "1", r"°\s?C|℃|(?:degrees?\s+)?(?:Celsius|centigrade)", origin="273.15"),
    _unit("K", "temperature", "1", rf"{_AFTER_FIGURE}(?-i:K)|(?:degrees?\s+)?kelvins?"),
    _unit("°F", "temperature", Decimal(5) / 9, r"°\s?F|℉|(?:degrees?\s+)?Fahrenheit", origin="459.67"),
    _unit("g/cm³", "density", "1", rf"g\s?/\s?cm{_CUBED}|g\s?[·⋅ ]?\s?cm(?:⁻³|-3|−3)|g\s?/\s?cc|grams?\s+per\s+cubic\s+centimet(?:re|er)"),
    _unit("g/mL", "density", "1", r"g\s?/\s?ml|grams?\s+per\s+millilit(?:re|er)"),
    _unit("kg/m³", "density", "0.001", rf"kg\s?/\s?m{_CUBED}|kg\s?[·⋅ ]?\s?m(?:⁻³|-3|−3)|kilograms?\s+per\s+cubic\s+met(?:re|er)"),
    _unit("g/L", "density", "0.001", r"g\s?/\s?l|grams?\s+per\s+lit(?:re|er)"),
    _unit("mg/cm³", "density", "0.001", rf"mg\s?/\s?cm{_CUBED}|mg\s?/\s?ml"),
    _unit("lb/ft³", "density", "0.01601846337396", rf"lbs?\s?/\s?(?:ft{_VOLUME}|cu\.?\s?ft)|pounds?\s+per\s+cubic\s+f(?:oo|ee)t"),
    _unit("mol/L", "concentration", "1", rf"mol\s?/\s?l|{_AFTER_FIGURE}(?-i:M)|molar|moles?\s+per\s+lit(?:re|er)"),
    _unit("mmol/L", "concentration", "0.001", rf"mmol\s?/\s?l|{_AFTER_FIGURE}(?-i:mM)|millimolar"),
    _unit("km/h", "speed", "1", r"km\s?/\s?h(?:r|our)?|kph|kmh|kilomet(?:re|er)s?\s+(?:per|an)\s+hour"),
    _unit("m/s", "speed", "3.6", r"m\s?/\s?s|met(?:re|er)s?\s+per\s+second"),
    _unit("mph", "speed", "1.609344", r"mph|mi\s?/\s?h|miles?\s+(?:per|an)\s+hour"),
    _unit("kn", "speed", "1.852", rf"{_AFTER_FIGURE}(?:kn|kt|kts)|knots?"),
    *(_unit(f"{symbol}/yr", "speed", Decimal(size) / _KM_PER_H_YEAR, rf"(?:{written}){_PER_YEAR}")
      for symbol, size, written in _SLOW_SPEEDS),
    _unit("Mach", "Mach number", "1", r"mach"),  # of the speed of sound where the craft flies: no one speed
    _unit("m", "length", "1", rf"{_AFTER_FIGURE}(?-i:m)|met(?:re|er)s?"),
    _unit("km", "length", "1000", r"km|kilomet(?:re|er)s?"),
    _unit("hm", "length", "100", rf"{_AFTER_FIGURE}(?-i:hm)|hectomet(?:re|er)s?"),
    _unit("dam", "length", "10", r"d[ae]kamet(?:re|er)s?|decamet(?:re|er)s?"),  # no symbol: "6 dam" may be six dams
    _unit("cm", "length", "0.01", r"cm|centimet(?:re|er)s?"),
    _unit("mm", "length", "0.001", r"mm|millimet(?:re|er)s?"),
    _unit("µm", "length", "0.000001", rf"µm|μm|{_AFTER_FIGURE}(?-i:um)|microns?|micromet(?:re|er)s?"),
    _unit("nm", "length", "0.000000001", r"(?-i:nm)|nanomet(?:re|er)s?"),  # NM: nautical miles
    _unit("pm", "length", "1E-12", r"picomet(?:re|er)s?"),  # an atom's radius; "5 pm" may be an hour
    _unit("fm", "length", "1E-15", rf"{_AFTER_FIGURE}(?-i:fm)|femtomet(?:re|er)s?|fermis?"),  # a nucleus's
    _unit("in", "length", "0.0254", rf"{_AFTER_FIGURE}in\.?(?!\s*[^\W_])|inch(?:es)?|″|{_AFTER_FIGURE}(?:′′|'')"),  # not "1503 in Florence"
    _unit("ft", "length", "0.3048", r"ft|feet|foot|′(?!′)"),
    _unit("mi", "length", "1609.344", r"mi|miles?|statute\s+miles?"),
    _unit("fathom", "length", "1.8288", r"fathoms?"),  # six feet (international: 1.8288 m); "fm" is a femtometre
    _unit("nmi", "length", "1852", r"nmi|(?-i:NM)|nautical\s+miles?"),
    _unit("AU", "length", "149597870700", rf"{_AFTER_FIGURE}(?-i:AU|au)(?!\$)|astronomical\s+units?"),  # not AU$, nor Australia's code
    _unit("ly", "length", "9460730472580800", rf"{_AFTER_FIGURE}(?-i:ly|lyr)|light[\s-]?years?"),
    _unit("kly", "length", "9460730472580800000", r"(?-i:kly)"),
    _unit("Mly", "length", "9460730472580800000000", r"(?-i:Mly)"),
    _unit("Gly", "length", "9460730472580800000000000", r"(?-i:Gly)"),
    _unit("pc", "length", "30856775814913673", rf"{_AFTER_FIGURE}(?-i:pc)|parsecs?"),
    _unit("kpc", "length", "30856775814913673000", r"(?-i:kpc)|kiloparsecs?"),
    _unit("Mpc", "length", "30856775814913673000000", r"(?-i:Mpc)|megaparsecs?"),
    _unit("R☉", "length", "695700000", r"R\s?☉|(?-i:R_?sun|R_\\odot|R_\{\\odot\})|solar\s+radi(?:us|i)"),
    _unit("R_J", "length", "71492000", r"R\s?♃|(?-i:R_J|R_\{J\}|R_?Jup)|(?:Jupiter|Jovian)\s+radi(?:us|i)"),
    _unit("R⊕", "length", "6378100", r"R\s?⊕|(?-i:R_E|R_\{E\}|R_?earth|R_\\oplus|R_\{\\oplus\})|Earth\s+radi(?:us|i)"),
    _unit("M☉", "mass", "1.98847E+33", r"M\s?☉|(?-i:M_?sun|M_\\odot|M_\{\\odot\})|solar\s+mass(?:es)?"),
    _unit("M_J", "mass", "1.89813E+30", r"M\s?♃|(?-i:M_J|M_\{J\}|M_?Jup)|(?:Jupiter|Jovian)\s+mass(?:es)?"),
    _unit("M⊕", "mass", "5.9722E+27", r"M\s?⊕|(?-i:M_E|M_\{E\}|M_?earth|M_\\oplus|M_\{\\oplus\})|Earth\s+mass(?:es)?"),
    _unit("W", "power", "1", rf"{_AFTER_FIGURE}(?-i:W)|watts?"),
    _unit("kW", "power", "1000", r"(?-i:kWe?)|kilowatts?"),
    _unit("MW", "power", "1000000", r"(?-i:MWe?|MW_?e)|megawatts?"),  # MWe: electric; MWt (thermal) is another quantity
    _unit("GW", "power", "1000000000", r"(?-i:GWe?)|gigawatts?"),
    _unit("hp", "power", "745.69987158227022", r"b?hp|(?:brake\s+)?horsepower"),  # mechanical (imperial): 550 ft·lbf/s
    _unit("PS", "power", "735.49875", rf"{_AFTER_FIGURE}(?-i:PS)|(?<=\d )(?-i:CV)|metric\s+horsepower|Pferdestärken?"),  # metric: 75 kgf·m/s; not the 2CV
    _unit("N·m", "torque", "1", r"(?-i:N\s?[·⋅.\-*]?\s?m)|newton[\s-]met(?:re|er)s?"),
    _unit("lb·ft", "torque", "1.3558179483314004", r"lb[\s·⋅.\-*]?ft|lbf[\s·⋅.\-*]?ft|ft[\s·⋅.\-*]?lbf?s?|pound[\s-](?:force[\s-])?f(?:ee|oo)t"),
    _unit("m³/s", "flow", "1", rf"m{_CUBED}\s?/\s?s|cu(?:bic)?\.?\s?m(?:et(?:re|er)s?)?\s?(?:/\s?s|per\s+second)|cumecs?"),
    _unit("cu ft/s", "flow", "0.028316846592", rf"ft{_CUBED}\s?/\s?s|cu(?:bic)?\.?\s?f(?:ee)?t\.?\s?(?:/\s?s(?:ec)?|per\s+second)|cusecs?|cfs"),
    _unit("Sv", "flow", "1000000", rf"{_AFTER_FIGURE}(?-i:Sv)|sverdrups?"),  # an ocean current's transport: 10⁶ m³/s
    _unit("km³", "volume", "1", rf"km{_VOLUME}|cu(?:bic)?\.?\s?(?:km|kilomet(?:re|er)s?)|kilomet(?:re|er)s?\s+cubed"),
    _unit("m³", "volume", "1E-9", rf"(?-i:m)(?:³|\^3)|{_AFTER_FIGURE}(?-i:m3)|cu(?:bic)?\.?\s?(?:m|met(?:re|er)s?)|met(?:re|er)s?\s+cubed"),
    _unit("mi³", "volume", "4.168181825440579584", rf"mi(?:³|\^3)|{_AFTER_FIGURE}mi3|cu(?:bic)?\.?\s?(?:mi|miles?)"),
    _unit("L", "volume", "1E-12", rf"{_AFTER_FIGURE}(?-i:L)|lit(?:re|er)s?"),
    _unit("Wh", "energy", "1", r"(?-i:Wh)|watt[\s-]hours?"),
    _unit("kWh", "energy", "1000", r"(?-i:kWh|kW\s?·\s?h)|kilowatt[\s-]hours?"),
    _unit("MWh", "energy", "1000000", r"(?-i:MWh)|megawatt[\s-]hours?"),
    _unit("GWh", "energy", "1000000000", r"(?-i:GWh)|gigawatt[\s-]hours?"),
    _unit("TWh", "energy", "1000000000000", r"(?-i:TWh)|terawatt[\s-]hours?"),
    _unit("J", "energy", Decimal(1) / 3600, rf"{_AFTER_FIGURE}(?-i:J)|joules?"),
    _unit("kJ", "energy", Decimal(1000) / 3600, r"(?-i:kJ|KJ)|kilojoules?"),
    _unit("MJ", "energy", Decimal(1000000) / 3600, r"(?-i:MJ)|megajoules?"),
    _unit("kcal", "energy", Decimal(4184) / 3600, rf"kcal|kilocalories?|food\s+calories?|{_AFTER_FIGURE}(?-i:Cal)"),  # thermochemical: 4.184 kJ
    *(_unit(f"{prefix}eV", "energy", Decimal("1.602176634E-19") * scale / 3600, rf"(?-i:{prefix}eV)|{word}electron[\s-]?volts?")
      for prefix, word, scale in _EV_PREFIXES),
    *(_unit(f"{prefix}eV/c²", "mass", Decimal("1.78266192162790E-33") * scale, rf"(?-i:{prefix}eV)\s?/\s?c{_SQUARED}")
      for prefix, _, scale in _EV_PREFIXES),
    _unit("calorie", "ambiguous calorie", "1", rf"calories?|{_AFTER_FIGURE}(?-i:cal)"),  # a food's kcal or a chemist's cal: kcal only of a relation in kcal (read_as)
    _unit("s", "time", "1", rf"(?<=\d )(?-i:s)|{_AFTER_AMOUNT}(?:secs?|seconds?)"),  # "1990s" is a decade
    _unit("ms", "time", "0.001", rf"{_AFTER_FIGURE}(?-i:ms)|{_AFTER_AMOUNT}milliseconds?"),
    _unit("µs", "time", "0.000001", rf"{_AFTER_FIGURE}(?-i:µs|μs)|{_AFTER_AMOUNT}microseconds?"),
    _unit("ns", "time", "1E-9", rf"{_AFTER_FIGURE}(?-i:ns)|{_AFTER_AMOUNT}nanoseconds?"),
    _unit("ps", "time", "1E-12", rf"{_AFTER_FIGURE}(?-i:ps)|{_AFTER_AMOUNT}picoseconds?"),
    _unit("fs", "time", "1E-15", rf"{_AFTER_FIGURE}(?-i:fs)|{_AFTER_AMOUNT}femtoseconds?"),
    _unit("min", "time", "60", rf"{_AFTER_AMOUNT}(?:mins?|minutes?)"),
    _unit("h", "time", "3600", rf"{_AFTER_FIGURE}(?-i:h)|{_AFTER_AMOUNT}(?:hrs?|hours?)"),
    _unit("d", "time", "86400", rf"{_AFTER_FIGURE}(?-i:d)|{_AFTER_AMOUNT}days?"),
    _unit("wk", "time", "604800", rf"{_AFTER_AMOUNT}(?:wks?|weeks?)"),
    _unit("mo", "time", "2629800", rf"{_AFTER_FIGURE}(?-i:mos?)|{_AFTER_AMOUNT}months?", mean=True),  # a mean month, 30.4375 days
    _unit("yr", "time", "31557600", rf"{_AFTER_AMOUNT}(?:yrs?|years?)"),  # a Julian year, 365.25 days
    _unit("kyr", "time", "31557600000", rf"(?-i:kyr)|{_AFTER_FIGURE}(?-i:ka)(?!\s+[A-Z][a-z])"),  # kilo-annum: "5.73 ka"
    _unit("Myr", "time", "31557600000000", rf"(?-i:Myr)|{_AFTER_FIGURE}(?:(?-i:Ma)(?!\s+[A-Z][a-z])|mya|m\.y\.a\.?)"),  # not "Ma Long"
    _unit("Gyr", "time", "31557600000000000", r"(?-i:Gyr)"),
    _unit("N", "force", "1", rf"{_AFTER_FIGURE}(?-i:N)|newtons?"),
    _unit("kN", "force", "1000", r"(?-i:kN)|kilonewtons?"),
    _unit("lbf", "force", "4.4482216152605", r"lbf|pounds?[\s-]+(?:of\s+)?(?:force|thrust)|lbs?\.?\s+(?:of\s+)?thrust"),
    _unit("kgf", "force", "9.80665", r"kgf|kilograms?[\s-]+force"),
    _unit("Hz", "frequency", "1", r"(?-i:Hz)|hertz"),
    _unit("kHz", "frequency", "1000", r"(?-i:kHz|KHz)|kilohertz"),
    _unit("MHz", "frequency", "1000000", r"(?-i:MHz)|megahertz"),
    _unit("GHz", "frequency", "1000000000", r"(?-i:GHz)|gigahertz"),
    _unit("Pa", "pressure", "1", rf"{_AFTER_FIGURE}(?-i:Pa)|pascals?"),
    _unit("hPa", "pressure", "100", r"(?-i:hPa)|hectopascals?"),
    _unit("kPa", "pressure", "1000", r"(?-i:kPa)|kilopascals?"),
    _unit("MPa", "pressure", "1000000", r"(?-i:MPa)|megapascals?"),
    _unit("GPa", "pressure", "1000000000", r"(?-i:GPa)|gigapascals?"),  # a stress or a modulus
    _unit("mbar", "pressure", "100", rf"mbar|{_AFTER_FIGURE}(?-i:mb)|millibars?"),  # MB: megabytes
    _unit("bar", "pressure", "100000", rf"{_AFTER_FIGURE}bars?"),
    _unit("atm", "pressure", "101325", rf"{_AFTER_FIGURE}(?:atm|atmospheres?)"),
    _unit("psi", "pressure", "6894.757293168", r"psi|pounds?\s+per\s+square\s+inch"),
    _unit("ksi", "pressure", "6894757.293168", rf"{_AFTER_FIGURE}(?-i:ksi|kpsi)|kilopounds?\s+per\s+square\s+inch"),  # a stress: 1,000 psi
    _unit("Msi", "pressure", "6894757293.168", rf"{_AFTER_FIGURE}(?-i:Msi)"),  # a modulus: 10⁶ psi
    _unit("inHg", "pressure", "3386.389", r"in\.?\s?Hg|inches\s+of\s+mercury"),
    _unit("mmHg", "pressure", "133.322387415", r"mm\s?Hg|millimet(?:re|er)s\s+of\s+mercury|torr"),
    _unit("B", "data size", "1", rf"{_AFTER_FIGURE}(?-i:B)|{_AFTER_AMOUNT}bytes?"),  # decimal: 1 KB is 1,000 B
    _unit("KB", "data size", "1000", r"(?-i:KB|kB)|kilobytes?"),
    _unit("MB", "data size", "1000000", r"(?-i:MB)|megabytes?"),
    _unit("GB", "data size", "1000000000", r"(?-i:GB)|gigabytes?"),
    _unit("TB", "data size", "1000000000000", r"(?-i:TB)|terabytes?"),
    _unit("bp", "base pairs", "1", rf"{_AFTER_FIGURE}(?-i:bp)|base[\s-]pairs?"),  # a sequence's length, after a figure (a boiling point's "bp 78 °C" is none); "Mb" is no megabyte (MB) nor a millibar (mb)
    _unit("kb", "base pairs", "1000", rf"{_AFTER_FIGURE}(?-i:kbp?|Kbp)|kilobases?(?:[\s-]pairs?)?|kilo-?base[\s-]pairs?"),
    _unit("Mb", "base pairs", "1000000", rf"{_AFTER_FIGURE}(?-i:Mbp?)|megabases?(?:[\s-]pairs?)?|mega-?base[\s-]pairs?"),
    _unit("Gb", "base pairs", "1000000000", rf"{_AFTER_FIGURE}(?-i:Gbp?)|gigabases?(?:[\s-]pairs?)?|giga-?base[\s-]pairs?"),
    _unit("W/(m·K)", "thermal conductivity", "1",
          r"(?-i:W\s?/\s?\(\s?m\s?[·⋅.*]?\s?K\s?\)|W\s?/\s?m\s?[·⋅.*-]?\s?K|W\s?[·⋅]?\s?m(?:⁻¹|-1|−1|\^-1)\s?[·⋅]?\s?K(?:⁻¹|-1|−1|\^-1))"
          r"|watts?\s+per\s+met(?:re|er)[\s-]+kelvin"),
    # counts per area (a population density, "36 people per km²") and volumes in acre-feet (a reservoir's): a block of their own
    _unit("/km²", "count per area", "1", rf"{_COUNTED}(?:/\s?|per\s+)(?:{_KM2})"),
    _unit("/sq mi", "count per area", 1 / Decimal("2.589988110336"), rf"{_COUNTED}(?:/\s?|per\s+)(?:{_MI2})"),
    _unit("t/ha", "yield", "1", r"(?:t|tonnes?|metric\s+tons?|tons?)\s?(?:/\s?|per\s+)(?:ha|hectares?)|t\s?ha(?:⁻¹|-1|−1)"),  # a crop's: a ton per hectare is metric
    _unit("kg/ha", "yield", "0.001", r"(?:kg|kilograms?)\s?(?:/\s?|per\s+)(?:ha|hectares?)|kg\s?ha(?:⁻¹|-1|−1)"),
    _unit("q/ha", "yield", "0.1", rf"(?:{_AFTER_FIGURE}(?-i:q)|qtl|quintals?)\s?(?:/\s?|per\s+)(?:ha|hectares?)"),  # a metric quintal: 100 kg
    _unit("bu/ac", "crop bushel", "1", r"(?:bu|bushels?)\.?\s?(?:/\s?|per\s+)(?:ac|acres?)\.?"),  # a bushel's weight is the crop's (60 lb of soybeans, 56 of maize): refused
    _unit("acre-ft", "volume", "1.23348183754752E-6", rf"(?:acre|ac)[\s-]?(?:f(?:ee|oo)t|ft)|{_AFTER_FIGURE}(?-i:AF)"),  # 1,233.48 m³: no acre (an area)
    _unit("MAF", "volume", "1.23348183754752", rf"{_AFTER_FIGURE}(?-i:MAF)"),  # a million acre-feet; "af" is a word's part, "AF" after a figure only
)}
"""Square kilometres, square metres, square miles (international: 1 mi = 1.609344 km),
hectares and acres (international: 4,046.8564224 m²); a molar mass in g/mol (a dalton, Da, is
1 g/mol; kDa 1 kg/mol), a mass, a percentage, a salinity in PSU, ‰ or g/kg (one scale to 0.5 %); a temperature in °C, K or °F (converted through
kelvin, offsets included); a density in g/cm³ (g/mL the same), kg/m³, g/L, mg/cm³ (mg/mL), lb/ft³ (``lb/cu ft``: 0.0160185 g/cm³; ``lb/ft``, a
mass per length, is none); a
concentration in mol/L (a bare ``M`` after a figure: ``1.5 M`` is molar, no million) or mmol/L;
a mass in tonnes (``t``, metric tons) or pounds (avoirdupois: 0.45359237 kg), short and long tons
(a bare "tons" is any of three, and refused), troy ounces (``troy oz``, ``oz t``, ``ozt``: 31.1034768 g, a precious metal's;
a bare "oz" is troy of a coin and avoirdupois, 28.349523125 g, of a food, and refused), kilotonnes, megatonnes and gigatonnes (kt, Mt, Gt; "kt" of a speed is
knots), gigagrams and teragrams (Gg is 1,000 t, Tg 10^6 t; "kilotons" and "megatons" may be of any ton, or of TNT, and are
refused); a speed in km/h, m/s, mph or knots (a Mach number is
no speed: the speed of sound varies with altitude, so it is refused), or in a length a year (mm/yr, cm/yr, m/yr, in/yr: a
fault's slip, a plate's motion; a Julian year); a length in m, km, ft,
miles nautical miles (1,852 m) or fathoms (6 ft), hectometres and dekametres, cm, mm, inches (``in`` after a figure, ``″``), astronomical units,
light-years (kly, Mly, Gly), parsecs (kpc, Mpc) and the nominal radii of the Sun, Jupiter and the Earth
(IAU 2015: R☉ 695,700 km, R_J 71,492 km, R⊕ 6,378.1 km); a particle's mass in eV/c² to TeV/c² (its rest energy in eV of a mass, and its mass of an energy: :func:`read_as`); a force in N, kN, lbf or kgf; a mass in
solar, Jupiter and Earth masses (M☉ 1.98847 × 10^30 kg, M_J 1.89813 × 10^27 kg, M⊕ 5.9722 × 10^24 kg);
a power in W, kW, MW (``MWe``: electric; ``MWt``, thermal, is none of them), GW, hp (mechanical, 745.7 W;
``bhp`` the same unit) and PS (metric horsepower, 735.49875 W; ``CV`` after a space: not the 2CV); a torque in N·m (``Nm``) or lb·ft (``lb-ft``,
``ft-lb``); a volume in km³, m³, cubic miles (mi³) or litres; a flow in m³/s (cumecs), cu ft/s (``ft³/s``, cusecs, cfs) or sverdrups (Sv, 10⁶ m³/s: an ocean current's); an energy in Wh, kWh,
MWh, GWh, TWh ("100 billion kWh" is 100 TWh), J, kJ, MJ, eV to TeV and kcal (thermochemical: 4.184 kJ; "calories" are no one unit, :func:`read_as`); a time in ms, µs, ns, ps, fs, s, min, h, d, weeks (7 days), months (a mean month,
30.4375 days: a Julian year's twelfth), years (Julian: 365.25 days), kyr (``ka``), Myr, Gyr (a word, "days", "weeks", "months", only after a
figure: not "the second largest", "weeks to years"); a length also in µm (microns), nm, pm and fm (femtometres, fermis); a
frequency in Hz, kHz, MHz, GHz; a pressure in Pa, hPa, kPa, MPa, mbar (``mb``), bar, atm (101,325 Pa), psi, inHg
(3,386.389 Pa) and mmHg (torr); a data size in B, KB, MB, GB, TB (decimal: 1 KB is 1,000 B; a GiB is none of them); a stress also in GPa, ksi and Msi (1,000
and 10⁶ psi: "45 ksi" is 310.264 MPa, "29,000 ksi" 199.948 GPa); a sequence's length in base pairs, bp, kb (kbp, kilobases),
Mb and Gb ("19 kb" is 19,000 bp; "Mb" is no megabyte, "MB", and a relation's own measure decides); a thermal conductivity in
W/(m·K) (``W/m·K``, ``W/m-K``, ``W/mK``, ``W m⁻¹ K⁻¹``); a count per area, a population density, per km² (``/km²``,
``people per square kilometre``) or per sq mi (``/mi²``: 0.3861 per km²); a volume also in acre-feet (``acre-ft``, ``AF`` after a figure: 1,233.48184 m³, a
foot of water over an acre) and millions of them (``MAF``); a crop's yield in t/ha (``tonnes per hectare``, ``tons/ha``: of a
hectare, a ton is metric), kg/ha and q/ha (a metric quintal, 100 kg); bushels per acre (``bu/ac``) weigh what the crop's bushel
weighs, and are refused."""


UNSCALED = frozenset({"temperature", "density", "concentration", "length", "force", "power", "torque", "flow", "frequency", "pressure",
                      "data size", "volume", "thermal conductivity"})
"""The measures whose figures are written with no scale in letters: "273.15K" is kelvin and "1.5 M"
molar, no thousands or millions; "13,100 m" metres and "374 kN" kilonewtons."""


def unit_in(text: str, measure: str | None = None) -> Unit | None:
    """The unit of :data:`UNITS` ``text`` gives its figure in (the first one written), or None. A
    letter right before another unit is a scale, not a unit: "9.8M km²" is in km², not molar;
    and so is a unit written as one capital letter (``K``, ``M``) after the figure of a
    ``measure`` written with scales (an area: "551K" is 551 thousand, "2.1m" 2.1 million, no metres;
    a density's "1.5 M" is molar)."""
    scaled = measure is not None and measure not in UNSCALED
    found = sorted(  # of two written alike, the measure's: "60 kt" of a mass is kilotonnes, of a speed knots
        (m.start(), -len(m.group(0)), u.measure != measure, m.end(), u.name) for u in UNITS.values()
        if (m := u.written.search(text)) and not (scaled and len(m.group(0)) == 1 and (m.group(0).isupper() or m.group(0) == "m"))
    )
    starts = {start for start, *_ in found}
    units = [name for _, _, _, end, name in found if not any(start >= end and not text[end:start].strip() for start in starts)]
    return UNITS[units[0]] if units else None


def read_as(given: Unit | None, unit: Unit) -> Unit | None:
    """The unit a figure written in ``given`` is in as a value of a relation in ``unit``: "95 calories" of a
    food's energy in kcal is 95 kcal (a food label's Calorie); of any other unit, "calories" stay of no one
    unit (a chemist's calorie is 4.184 J, a food's 4,184 J) and are refused. A particle's mass and its rest
    energy are one figure in physics' units (c = 1): "938.272 MeV/c²" of a rest mass in MeV is 938.272 MeV,
    "0.511 MeV" of a mass in kg 9.109 × 10⁻³¹ kg."""
    if given is not None and given.measure == "ambiguous calorie" and unit.name == "kcal":
        return unit
    if given is not None and given.measure != unit.measure and given.name.endswith("eV/c²") and unit.measure == "energy":
        return UNITS[given.name.removesuffix("/c²")]
    if given is not None and given.measure != unit.measure and given.name.endswith("eV") and unit.measure == "mass":
        return UNITS[given.name + "/c²"]
    return given


def convert(value: Decimal, given: Unit, unit: Unit) -> Decimal:
    """``value`` in ``given`` as a figure in ``unit`` (of the same measure), to six significant
    digits, or as many as ``value`` has: a conversion makes no figure more precise than people
    write them, nor coarser than it was written ("6,601,668 sq mi" is 17,098,240 km², not 17,098,200).
    A temperature goes through kelvin, offsets included, to one decimal more than ``value`` has
    ("1474 °F" is 801.1 °C, "273.15 K" 0 °C: near zero, significant digits mean nothing). A figure in a unit of
    lengths that vary (:attr:`Unit.mean`: a month) keeps as many significant digits as it has, at least three:
    "22 months" is 670 days, not 669.625."""
    if given.origin or unit.origin:
        places = min(value.as_tuple().exponent, 0) - 1  # type: ignore[operator]
        return ((value + given.origin) * given.size / unit.size - unit.origin).quantize(Decimal(1).scaleb(places)).normalize()
    with localcontext() as context:  # rounded once, at the end: 12 months are 365 days, no 366; "73 million years" 73 Myr, no 72.9998
        context.prec = 60
        exact = value * given.size / unit.size
        context.prec = max(3 if given.mean else 6, len(value.normalize().as_tuple().digits))
        return (+exact).normalize() if given.mean else +exact


_ASKED_AS = {"s": "seconds", "min": "minutes", "h": "hours", "d": "days", "yr": "years", "Myr": "millions of years",
             "Gyr": "billions of years", "t": "tonnes", "in": "inches"}
"""The units whose symbol a question should not ask in: a chat model reads "a number in d." or
"a number in in." as no unit, or as another word."""


def asked_as(unit: Unit) -> str:
    """How a question names ``unit``: its word where its symbol is no word a reader knows as a
    unit ("days" for ``d``, "years" for ``yr``), else its name ("kg", "km/h", "%")."""
    return _ASKED_AS.get(unit.name, unit.name)


def unit_named(text: str) -> Unit | None:
    """The unit of :data:`UNITS` that ``text`` names on its own (``unit = "days"`` in relations.toml, a
    label's "(MW)"): its name, or as a figure's unit writes it ("g/cm3", "celsius", "days", "in"), or None; a percent of
    something is in % ("% of GDP")."""
    text = _PERCENT_OF.sub("%", text.strip())  # one letter is a unit by its name: "(M)" may be millions, no molar
    return UNITS.get(text) or next((u for u in UNITS.values() if len(text) > 1 and u.written.fullmatch("1 " + text, 2)), None)


_PERCENT_OF = re.compile(r"^(?:%|per\s?cent)\s+of\s+[^\W\d_].*$", re.IGNORECASE)
"""A percent of something, as a label names its unit: "% of GDP", "percent of total exports" are in %."""


_MIXED = re.compile(r"(?<![\d.,/])(\d+)(?:[\s\u00a0-]+|\+)(\d+)\s?/\s?(\d+)(?![\d/])")
"""A whole number and a fraction: "33 1/8" (inches), "2-1/2", "8+1/2"."""
_VULGAR = {"½": "1/2", "¼": "1/4", "¾": "3/4", "⅛": "1/8", "⅜": "3/8", "⅝": "5/8", "⅞": "7/8", "⅓": "1/3", "⅔": "2/3"}
_VULGAR_FRACTION = re.compile(rf"(?<![\d.,/])(\d+)?[\s\u00a0]?([{''.join(_VULGAR)}])")
"""A fraction written as one character, after a whole number or alone: "8½", "8 ½", "¾"."""
_FEET_INCHES = re.compile(
    r"(?<![\d.,])(\d+(?:\.\d+)?)\s?(?:ft|feet|foot|′(?!′)|'(?!'))\.?,?\s*(?:and\s+)?(\d+(?:\.\d+)?)\s?(?:inch(?:es)?|in\b\.?|″|′′|''|\")", re.IGNORECASE)
"""A length in feet and inches: "2 ft 6 in", "5′ 3″", "6 feet 2 inches"."""


_QUOTED_FEET_INCHES = re.compile(r"""(?<![\d.,°'’′"“])(\d{1,2})\s?['’]\s?(1[01]|\d)(\.\d+)?\s?["”](?![^\W\d_]|\d)""")
"""Feet and inches written with an apostrophe and a quotation mark, as primes ("5'3\"", "5’3”"); not a
coordinate's minutes and seconds ("40°26'46\"N": after a degree sign, before a compass letter), nor a
quoted title ("\"5'3\"\"")."""


def primed_feet_inches(text: str) -> str:
    """``text`` with feet and inches written with an apostrophe and a quotation mark written with primes,
    which :func:`one_figure` reads and no cleaning takes for quotes: "about 5'3\"" is "about 5′3″" (160.02
    cm); "40°26'46\"N", "1'512'491" and "\"5'3\"" are as written."""
    return _QUOTED_FEET_INCHES.sub(lambda m: f"{m.group(1)}′{m.group(2)}{m.group(3) or ''}″", text)


_PRIMED_FIGURE = re.compile(r"""(?<![\w.,°º'’‘′"“”])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:(['’])|(["”]))(?![\w'’′"”])""")
"""A figure with an apostrophe or a quotation mark after it, as a prime and a double prime (feet, inches): "27,940'",
"19,341’", "18\""; not a coordinate's minutes or seconds ("27°59'17\"N": after a degree sign or a minute, before a
compass letter), nor a quoted figure ("'8848'") or name ("'K2'"), nor a decade ("the 1950's")."""


def primed_feet(text: str) -> str:
    r"""``text`` with a figure a length is given in with an apostrophe or a quotation mark after it written with a prime
    (feet) or a double prime (inches), which :data:`UNITS` reads: "27,940'" is "27,940′" (8,516.11 m), "18\"" "18″";
    "27°59'17\"N", "'8848'" and "the 1950's" are as written.

    >>> primed_feet("27,940'"), primed_feet("about 19,341’ high"), primed_feet("'8848'"), primed_feet("the 1950's")
    ('27,940′', 'about 19,341′ high', "'8848'", "the 1950's")
    """
    return _PRIMED_FIGURE.sub(lambda m: m.group(1) + ("′" if m.group(2) else "″"), text)


def one_figure(text: str) -> str:
    """``text`` with a figure written in two parts as one: a mixed fraction, "33 1/8 in", "8+1/2 in",
    "8½ in", as a decimal, "33.125 in" (to six significant digits where the fraction has no end in decimals);
    feet and inches, "2 ft 6 in", in inches, "30 in"."""
    def mixed(m: re.Match[str]) -> str:
        whole, numerator, denominator = (Decimal(g) for g in m.groups())
        if not 0 < numerator < denominator:
            return m.group(0)
        with localcontext() as context:
            context.prec = max(6, len(m.group(1)) + 3)
            return format((whole + numerator / denominator).normalize(), "f")
    text = _VULGAR_FRACTION.sub(lambda m: f"{m.group(1) or 0} {_VULGAR[m.group(2)]}", text)
    text = _MIXED.sub(mixed, text)
    return _FEET_INCHES.sub(lambda m: f"{Decimal(m.group(1)) * 12 + Decimal(m.group(2))} in", text)
