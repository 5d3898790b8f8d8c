"""The larger regions a place's name goes on with after its commas (``Atlanta, Georgia, U.S.``,
``Cologne, Germany``): countries, states and provinces by their English names and common
abbreviations, so a domain with no reference graph still tells a place and where it lies from a
list of places. Names and abbreviations are common knowledge (ISO 3166 short names, US state
postal codes)."""

from __future__ import annotations

import re

from extractors.text import BRACKETED

__all__ = ["COUNTRIES", "ENDONYMS", "JOINED_NAMES", "REALMS", "RENAMED_COUNTRIES", "SHORT_FORMS", "STATES", "TERRITORIES", "region_rank"]

COUNTRIES = frozenset(
    "Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|"
    "Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia and Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|"
    "Cambodia|Cameroon|Canada|Cape Verde|Central African Republic|Chad|Chile|China|Colombia|Comoros|Congo|Costa Rica|Croatia|Cuba|"
    "Cyprus|Czechia|Czech Republic|Denmark|Djibouti|Dominica|Dominican Republic|Ecuador|Egypt|El Salvador|Equatorial Guinea|Eritrea|"
    "Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guinea-Bissau|"
    "Guyana|Haiti|Honduras|Hong Kong|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|"
    "Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|"
    "Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Moldova|Monaco|Mongolia|Montenegro|Morocco|"
    "Mozambique|Myanmar|Namibia|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|Norway|Oman|"
    "Pakistan|Palau|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Puerto Rico|Qatar|Romania|Russia|"
    "Rwanda|Samoa|San Marino|Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|South Africa|"
    "South Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|"
    "Timor-Leste|Togo|Tonga|Trinidad and Tobago|Tunisia|Turkey|Türkiye|Turkmenistan|Uganda|Ukraine|United Arab Emirates|"
    "United Kingdom|United States|United States of America|Uruguay|Uzbekistan|Vanuatu|Vatican City|Venezuela|Vietnam|Yemen|Zambia|"
    "Zimbabwe|US|USA|UK|UAE|PRC|Antigua and Barbuda|Saint Kitts and Nevis|Saint Vincent and the Grenadines|São Tomé and Príncipe|"
    "Sao Tome and Principe|Saint Lucia|Marshall Islands|Solomon Islands|Micronesia|Federated States of Micronesia|Nauru|Tuvalu|"
    "Côte d'Ivoire|Cabo Verde|East Timor|Democratic Republic of the Congo|Republic of the Congo|DR Congo|DRC|Burma|Swaziland|"
    "Holy See|Czechoslovakia|Yugoslavia|Soviet Union|USSR|East Germany|West Germany".split("|")
)
TERRITORIES = frozenset(
    "Turks and Caicos Islands|Heard Island and McDonald Islands|Saint Pierre and Miquelon|Wallis and Futuna|"
    "South Georgia and the South Sandwich Islands|Svalbard and Jan Mayen|Guam|Bermuda|Cayman Islands|British Virgin Islands|"
    "U.S. Virgin Islands|US Virgin Islands|United States Virgin Islands|Guadeloupe|Martinique|Aruba|Curaçao|Sint Maarten|"
    "Saint Martin|Saint Barthélemy|Anguilla|Montserrat|Greenland|Faroe Islands|New Caledonia|French Polynesia|French Guiana|"
    "Réunion|Mayotte|Macau|Macao|Gibraltar|Western Sahara|American Samoa|Northern Mariana Islands|Cook Islands|Niue|"
    "Falkland Islands|Isle of Man|Jersey|Guernsey|Åland Islands|Norfolk Island|Christmas Island|Pitcairn Islands|"
    "Saint Helena, Ascension and Tristan da Cunha|Tokelau".split("|")
)
"""Dependent territories by their English names (ISO 3166-1 short names and common ones): regions
as countries are, and answers of their own (Hurricane Maria affected the Turks and Caicos
Islands)."""
JOINED_NAMES = frozenset(n for n in COUNTRIES | TERRITORIES if re.search(r" (?:and|&) ", n))
"""One country's or territory's name that joins two with "and": ``Trinidad and Tobago``,
``Turks and Caicos Islands``, ``Saint Vincent and the Grenadines``: never two places."""
STATES = frozenset(
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|"
    "Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|"
    "New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|"
    "South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|DC|"
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|"
    "TX|UT|VT|VA|WA|WV|WI|WY|Alberta|British Columbia|Manitoba|Ontario|Quebec|Nova Scotia|New South Wales|Queensland|Victoria|"
    "Tasmania|Western Australia|South Australia|England|Scotland|Wales|Northern Ireland|Bavaria|Hesse|Saxony|Catalonia|Andalusia|"
    "Lombardy|Tuscany|Sicily|Île-de-France|Brittany|Normandy|Flanders|Wallonia|Ontario|Punjab|Maharashtra|Karnataka|Tamil Nadu|"
    "Kerala|Gujarat|Guangdong|Sichuan|Hokkaido|Okinawa|Crete|Dubai|Abu Dhabi".split("|")
)
"""A country, a state or a province: the larger regions a place's name goes on with after its
commas (``Atlanta, Georgia, U.S.``), no answer of their own; abbreviations without their dots."""
REALMS = frozenset(
    "Castile|Aragon|Navarre|León|Leon|Bohemia|Prussia|Sardinia|Naples|Burgundy|Brandenburg|Württemberg|Hanover|Savoy|Lorraine|"
    "Jerusalem|Sicily|Granada|Asturias|Galicia|Bulgaria|Byzantium|Great Britain".split("|")
)
"""Kingdoms and duchies of the past a ruler is named after (``Isabella I of Castile``, ``Frederick
I of Prussia``), beside :data:`COUNTRIES` and :data:`STATES` (England, France, Scotland)."""


def region_rank(name: str, last: bool) -> int:
    """How large a region a part after a comma names: 2 a country, 1 a state or province, 0 none
    known; a name both (``Georgia``) the larger as the last part, the smaller before it."""
    key = _GLOSSES.sub("", name.strip()).strip(" .")
    key = key.replace(".", "") if re.fullmatch(r"(?:[A-Z]\.?){2,3}", key) else key  # "U.S.", "U.A.E."
    ranks = [r for r, names in ((2, COUNTRIES | TERRITORIES), (1, STATES)) if key in names]
    return (max if last else min)(ranks, default=0)


_GLOSSES = re.compile(rf"(?:\s+{BRACKETED})+[\s.;,]*$")
"""What brackets after a name hold: ``Georgia (country)``, ``Canada (Quebec) (French)``."""

SHORT_FORMS = {
    "US": ("United States", "United States of America"), "USA": ("United States", "United States of America"),
    "UK": ("United Kingdom", "United Kingdom of Great Britain and Northern Ireland"), "UAE": ("United Arab Emirates",),
    "PRC": ("China", "People's Republic of China"),
}
"""A country's short form (written with dots or without: ``U.S.``, ``USA``) and the names the
store may hold it by, the first the common one."""
RENAMED_COUNTRIES = (
    ("Turkey", "Türkiye"), ("Czech Republic", "Czechia"), ("Swaziland", "Eswatini"), ("Burma", "Myanmar"),
    ("Ivory Coast", "Côte d'Ivoire"), ("East Timor", "Timor-Leste"), ("Cape Verde", "Cabo Verde"),
    ("Republic of Macedonia", "North Macedonia"),
)
"""A country's names before and after it asked to be called otherwise (its current official short
name last): "Türkiye" is a known "Turkey". No region's name is among them ("Macedonia" is also
Greece's region and the ancient kingdom; "Holland" a part of the Netherlands)."""

ENDONYMS = {
    "Österreich": "Austria", "Deutschland": "Germany", "España": "Spain", "Italia": "Italy", "Schweiz": "Switzerland",
    "Suisse": "Switzerland", "Svizzera": "Switzerland", "Nederland": "Netherlands", "Polska": "Poland", "Sverige": "Sweden",
    "Norge": "Norway", "Danmark": "Denmark", "Suomi": "Finland", "Česko": "Czechia", "Magyarország": "Hungary",
    "Hrvatska": "Croatia", "Slovensko": "Slovakia", "Slovenija": "Slovenia", "Éire": "Ireland", "Brasil": "Brazil",
}
"""A country's name in its own language, Latin-written, and its English name: "Österreich" is
Austria. Each names that country alone (no "Italia" of a ship asked as a country's answer: the
table is read where the answer names a country)."""
