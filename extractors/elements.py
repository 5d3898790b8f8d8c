"""The chemical elements: their symbols and their English names, one table.

An answer names an element by its symbol ("Pb", "Fe (iron)") as often as by its name; a formula
is read symbol by symbol. :func:`element_symbol` says whether a text is a real symbol ("Mg", not
"Mx" or "mg"); :func:`element_names` gives the names an element's symbol stands for, in the
spellings English writes ("aluminium" and "aluminum").
"""

from __future__ import annotations

_NAMES = """
H hydrogen|He helium|Li lithium|Be beryllium|B boron|C carbon|N nitrogen|O oxygen|F fluorine|Ne neon|Na sodium|
Mg magnesium|Al aluminium aluminum|Si silicon|P phosphorus|S sulfur sulphur|Cl chlorine|Ar argon|K potassium|Ca calcium|
Sc scandium|Ti titanium|V vanadium|Cr chromium|Mn manganese|Fe iron|Co cobalt|Ni nickel|Cu copper|Zn zinc|Ga gallium|
Ge germanium|As arsenic|Se selenium|Br bromine|Kr krypton|Rb rubidium|Sr strontium|Y yttrium|Zr zirconium|Nb niobium|
Mo molybdenum|Tc technetium|Ru ruthenium|Rh rhodium|Pd palladium|Ag silver|Cd cadmium|In indium|Sn tin|Sb antimony|
Te tellurium|I iodine|Xe xenon|Cs caesium cesium|Ba barium|La lanthanum|Ce cerium|Pr praseodymium|Nd neodymium|
Pm promethium|Sm samarium|Eu europium|Gd gadolinium|Tb terbium|Dy dysprosium|Ho holmium|Er erbium|Tm thulium|
Yb ytterbium|Lu lutetium|Hf hafnium|Ta tantalum|W tungsten|Re rhenium|Os osmium|Ir iridium|Pt platinum|Au gold|
Hg mercury|Tl thallium|Pb lead|Bi bismuth|Po polonium|At astatine|Rn radon|Fr francium|Ra radium|Ac actinium|Th thorium|
Pa protactinium|U uranium|Np neptunium|Pu plutonium|Am americium|Cm curium|Bk berkelium|Cf californium|Es einsteinium|
Fm fermium|Md mendelevium|No nobelium|Lr lawrencium|Rf rutherfordium|Db dubnium|Sg seaborgium|Bh bohrium|Hs hassium|
Mt meitnerium|Ds darmstadtium|Rg roentgenium|Cn copernicium|Nh nihonium|Fl flerovium|Mc moscovium|Lv livermorium|
Ts tennessine|Og oganesson
"""
_ELEMENTS: dict[str, tuple[str, ...]] = {
    symbol: tuple(names) for symbol, *names in (entry.split() for entry in _NAMES.replace("\n", "").split("|"))
}
"""Each element's symbol and its English names, the IUPAC spelling first (118 elements)."""


def element_symbol(text: str) -> bool:
    """Whether ``text`` is a chemical element's symbol: ``Mg``, ``Si``, ``O`` (not ``Mx``, ``mg``, ``Uue``).

    >>> element_symbol("Mg"), element_symbol("Mx"), element_symbol("mg")
    (True, False, False)
    """
    return text in _ELEMENTS


def element_names(symbol: str) -> tuple[str, ...]:
    """The English names of the element whose symbol ``symbol`` is, none for no symbol.

    >>> element_names("Pb"), element_names("Al"), element_names("Zz")
    (('lead',), ('aluminium', 'aluminum'), ())
    """
    return _ELEMENTS.get(symbol, ())
