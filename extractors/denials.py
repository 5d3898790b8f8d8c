"""How a chat model says that an item it wrote is no answer: in a gloss (``Gout
(contraindicated)``), a header over the items (``**Not approved for:**``), a label (``Not
bordering: Portugal``), a table's yes-or-no column (``| Crohn's disease | No |`` under
``Indicated``), a question it answers itself (``Pain? Yes. Gout? No.``) or a clause of a sentence
(``It does not border Portugal.``). The marks it sets beside an item (``❌``, ``~~struck~~``) are
:func:`extractors.text.crossed`'s."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from extractors.text import CROSSES, TICKS, titled
from kg.iri import normalize_label

if TYPE_CHECKING:
    from kg.ontology import Relation

__all__ = [
    "answered_questions", "asked_and_denied", "before_hedged_origin", "denied_head_kind", "says_none", "hedged_aside", "denied_by", "denied_kind", "denies", "denies_another", "denying_header", "doubted",
    "doubted_gloss", "modal_hedge", "negated_label", "other_hand", "projected", "verdict", "yes_or_no",
    "denied_beside_answer", "denies_own_verb", "outdated", "disputed_item", "inverse_of_another", "contrasted_kind", "denies_own_word", "no_longer_held", "bracketed_hedge", "done_without", "leading_hedge", "qualified_gloss", "unsure_but",
]

_YES = {"yes", "y", "true", *TICKS, *(f"{t}\uFE0F" for t in TICKS)}
_NO = {"no", "n", "false", *CROSSES}
_VERDICT_COLUMN = re.compile(
    r"indicated|approved|supported|answer|correct|valid|applies|used|effective|recommended|border|neighbou?r|treat|required"
    r"|depend|compatible|included|interact|status|verdict|yes\s*/\s*no|\?\s*$",
    re.IGNORECASE,
)
"""A table column whose yes or no says whether its row is an answer: ``Indicated``,
``Supported``, ``Borders?``; not ``EU member``, ``Optional`` or ``Prescription needed`` (a yes or
no there says nothing without its column, and is no part of the row's gloss)."""
_NEGATIVE_COLUMN = re.compile(r"^(?:not|no|non|un)\b|contraindicat|unsupported|excluded", re.IGNORECASE)
"""A column whose yes says its row is no answer: ``Contraindicated``, ``Not indicated``."""


def verdict(column: str, cell: str) -> str | None:
    """``"yes"`` or ``"no"``: what a table cell says of its row being an answer, by its column
    (:data:`_VERDICT_COLUMN`, :data:`_NEGATIVE_COLUMN` flips it); None for a cell that says
    neither, or says it in a column that is no verdict (``EU member``: ``No``)."""
    word = cell.casefold().strip(" .!")
    if word not in _YES | _NO or not (_VERDICT_COLUMN.search(column) or _NEGATIVE_COLUMN.search(column)):
        return None
    return "no" if (word in _NO) != bool(_NEGATIVE_COLUMN.search(column)) else "yes"


def yes_or_no(cell: str) -> bool:
    """Whether a table cell says only yes or no (``Yes``, ``✅``, ``false``): a verdict, never a gloss."""
    return cell.casefold().strip(" .!") in _YES | _NO


_DENIAL = re.compile(
    r"^\W*(?:(?:no|not|never|false|wrong|incorrect)(?:\W*$|\s*[,;:–—-])|(?:contraindicated|ineffective|unproven|unapproved|disproven)\b(?!\s*\w)"
    r"|not (?:yet (?:approved|used|supported|available)|yet|indicated|approved|recommended|effective|used|supported|true|correct)\W*$"
    r"|no (?:evidence|effect|benefit|indication)\b)",
    re.IGNORECASE,
)
"""A gloss that says its item is no answer: ``COVID-19 — no, not indicated``, ``Gout
(contraindicated)``, ``Insomnia (no evidence)``, ``Rust (not yet)``; not one that qualifies it
(``Fever (not in children under 12)``, ``Fever (not indicated in infants)``, ``Pain (no longer
first-line)``, ``Migraine (not a cure)``, ``Catherine Parr (not yet widowed)``, ``Spain (not to be
confused with New Spain)``)."""
_NO_BORDER = re.compile(r"^\W*no (?:land |shared |common )?borders? with (?P<other>.+)$", re.IGNORECASE)
"""A gloss that says the item has no border with another: a denial when the other is the head
(``Portugal (no land border with France)`` among France's neighbours), else an aside (``Spain (no
land border with Portugal)``)."""
_DENIED_ITEM = re.compile(r"^[^?]*\?\W*no\b[^?]*$", re.IGNORECASE)
"""An item the model asks and answers no: ``β-blocker? No — it is an ARB.`` (one question: a
line of several, ``Pain? Yes. Gout? No.``, is read as its sentences)."""
_DENYING_HEADER = re.compile(
    r"^[\W_]*(?:not|never|no longer|contraindicated|avoid(?:ed)?|unapproved|unproven|ineffective|does not|doesn't|do not|don't|cannot|can't)\b"
    r"(?!\s+(?:only|just|limited|exhaustive|all\b|always|necessarily|every))[^:]*:[\W_]*$",
    re.IGNORECASE,
)
"""A header over items that are no answers: ``**Not approved for:**``, ``Contraindicated in:``,
``Does not treat:``; not ``Not only:``, ``Not limited to:``, nor one that goes on with ``but``
(``Not approved, but used off-label for:``)."""
_NEGATED_LABEL = re.compile(r"(?:^|\s)(?:not|non|never|no|does not|doesn't|do not|don't)(?:\s|-)", re.IGNORECASE)
"""A label that says its values are no answers: ``Not bordering: Portugal``, ``Not required:
matplotlib``, ``Non-neighbours: Austria``."""


def asked_and_denied(item: str) -> bool:
    """Whether an item is one question the model asks and answers no (:data:`_DENIED_ITEM`)."""
    return _DENIED_ITEM.search(item) is not None


def negated_label(label: str) -> bool:
    """Whether a label says its values are no answers (:data:`_NEGATED_LABEL`)."""
    return _NEGATED_LABEL.search(label) is not None


_QUESTION = r"\s*[^?.;]*[^?.;\s]\?\s*(?:yes|no)\b[^?]*?(?:[.;!]|$)"
_QUESTIONS = re.compile(rf"(?:{_QUESTION}){{2,}}\s*", re.IGNORECASE)
_ANSWERED = re.compile(r"\s*(?P<name>[^?.;]*[^?.;\s])\?\s*(?P<answer>yes|no)\b", re.IGNORECASE)


def answered_questions(item: str) -> list[str]:
    """A line of questions the model answers itself (``Portugal? No. Spain? Yes.``) as its items,
    those answered no crossed out (dropped and counted); any other item as it is."""
    if "?" not in item or not _QUESTIONS.fullmatch(item):
        return [item]
    return [("❌ " if m.group("answer").casefold() == "no" else "") + m.group("name") for m in _ANSWERED.finditer(item)]


def denying_header(line: str) -> bool:
    """Whether a header says the items under it are no answers (:data:`_DENYING_HEADER`)."""
    return _DENYING_HEADER.match(line.strip()) is not None and not re.search(r"\bbut\b", line, re.IGNORECASE)


def denied_by(gloss: str, head: str) -> bool:
    """Whether an item's gloss says it is no answer (:data:`_DENIAL`, :data:`_NO_BORDER`)."""
    if _DENIAL.match(gloss) or _DENIAL.match(re.split(r"[,;]", gloss, maxsplit=1)[0]):  # "Rust (not yet, planned)"
        return True
    border = _NO_BORDER.match(gloss)
    return border is not None and normalize_label(border.group("other").strip(" .")) == normalize_label(head)


_ANOTHER = re.compile(r"(?:not|rather than|instead of)\s+(?P<other>\S.*)", re.IGNORECASE)


def denies_another(gloss: str) -> bool:
    """Whether an item's gloss denies another name, not the item: ``C (not Java ❌)`` says Java is
    wrong, its cross Java's (``Perl (❌)``, ``Java (no ❌)``, ``Perl (not really ❌)`` cross their item)."""
    match = _ANOTHER.fullmatch(gloss.strip(f" .!;,{CROSSES}\uFE0F"))
    return match is not None and not any(w[:1].islower() for w in match.group("other").split())


_NEGATION = re.compile(
    r"\b[Nn][Oo][Tt]\b|n't\b|\b[Nn]ever\b"  # not, doesn't, never
    r"|\b(?:has|have|had|is|are|was|were|there's|share[sd]?|borders?)\s+no\b"  # has no land borders
    r"|\b(?:wrote|write|writes|published|composed|recorded|painted|released)\s+nothing\b"  # wrote nothing in Latin
    r"|\bleft\s+no\b(?!\s+doubt\b)"  # left no heirs
    r"|\b[Tt]here\s+(?:is|are|was|were|exists?)\s+(?:(?:currently|presently|still|yet|as yet|really)\s+)?no\b"  # there is currently no vaccine
    r"|^\s*(?:[Nn]one|[Nn]o)\b(?!\s+[A-Z])"  # "None, Australia is an island", "No." (not "No Country for Old Men")
)
"""A clause that denies what it says: ``It does not border Portugal``, ``it was never authorized
by the FDA``, ``Iceland has no land borders``, ``None, Australia is an island``, ``There is currently no licensed vaccine for Zika``,
``Kant wrote nothing in Latin``, ``Kant left no heirs`` (lower case: ``Prince wrote Nothing Compares 2 U``,
``Gwen Stefani left No Doubt`` name a song and a band; ``left no doubt`` affirms)."""


_LEADING_DENIAL = re.compile(r"^\W*not\b", re.IGNORECASE)


_NO_DOUBT = re.compile(r"\b(?:there\s+(?:is|was|can\s+be)\s+no\s+(?:doubt|question)|no\s+doubt)\b(?:\s+that\b)?,?", re.IGNORECASE)
"""Words that affirm what follows them: ``There is no doubt it is Paris.``, ``no doubt``."""


def denies(clause: str) -> bool:
    """Whether a clause of a sentence denies what it says (:data:`_NEGATION`); a title that
    says "not" is a name ("I'm Not Dead", "Can't Take Me Home", "Isn't It?"), one that opens with
    it a denial ("Not Saudi Arabia"); ``There is no doubt`` affirms what follows it (:data:`_NO_DOUBT`).

    >>> denies("There is no doubt it is Paris."), denies("There is no doubt it is not Paris."), denies("There is no sequel.")
    (False, True, True)
    """
    if titled(clause) and not _LEADING_DENIAL.match(clause):
        return False
    return _NEGATION.search(_NO_DOUBT.sub("", clause)) is not None


_SOURCE = (
    r"\baccording to\s+(?:(?-i:[A-Z])[\w.]*(?:\s+(?-i:[A-Z])[\w.]*)*|(?:some|other|many|later|earlier|most)\s+\w+|legend|tradition|myth)"
    r"|\b(?:in|per)\s+(?:some|other|many|several|certain|later|earlier|older|most|a few|one)\s+(?:traditions?|versions?|accounts?|sources?|texts?|myths?|tellings?|legends?)"
)
"""Words that give a value as one source's: ``according to Hesiod``, ``in some traditions``, ``in earlier texts``."""
_TRADITION = r"\btraditional\s+(?:account|story|view|attribution|dating|claim|belief|biography)s?\b|\b(?:according\s+to|by)\s+tradition\b"
"""Words that give a value as a tradition's: ``Ku County — traditional account``, ``by tradition``."""
_DOUBT = re.compile(
    r"^\W*(?:(?:traditionally|formerly|usually|often|widely|generally)\s+)?(?:attributed|ascribed)\s+to\b"
    r"|\b(?:is|are|was|were)\s+(?:(?:widely|generally|often|commonly)\s+)?(?:believed|thought|said|rumou?red|reported|alleged|presumed|claimed)\s+to\b"
    r"|\b(?:reportedly|allegedly|supposedly|purportedly)\b"
    r"|\b(?:never|not)\s+(?:been\s+)?(?:officially\s+|publicly\s+)?(?:confirmed|verified)\b|\bunconfirmed\b"
    r"|\b(?:(?:some|many|several|certain|other)\s+(?:[a-z]+\s+)?(?-i:[a-z]+s)|some)\s+(?:consider|regard|classify|view|treat|count|see)\s+(?:it|this|them|him|her|the)\b"
    r"|\b(?:is|are|was|were|remains?)\s+(?:still\s+|widely\s+|hotly\s+|much\s+)?(?:disputed|debated|contested(?!\s+by\b))\b"
    rf"|{_SOURCE}|{_TRADITION}",
    re.IGNORECASE,
)
"""What an answer says it is not sure of, outside its brackets: an attribution (``attributed to
Giorgione``), a belief (``It is believed to be owned by ...``, ``reportedly``), a fact never
confirmed (``..., though this has never been officially confirmed.``), an opinion (``Some
oceanographers consider it an estuary of the Atlantic Ocean.``), a fact said to be disputed
(``Its status as a separate ocean is disputed``; not ``was contested by Labour``, who ran), a source's variant
(``according to Hesiod``, ``in some traditions``, ``Ra in earlier texts``, ``Ku County — traditional account``): the graph has no
place for the source, and variants of sources contradict each other (Hesiod's Aphrodite is
Uranus's daughter, Homer's Zeus and Dione's), so a variant is held for review with its source."""
_DOUBTING_GLOSS = re.compile(
    r"^\W*(?:attributed|ascribed|uncertain|unconfirmed|unverified|doubtful|speculative)\b"
    r"|\b(?:attribution|authorship)\s+(?:is\s+)?(?:disputed|contested|uncertain|doubtful|debated|questioned|unclear)\b"
    r"|\b(?:disputed|contested|uncertain|doubtful)\s+(?:attribution|authorship)\b"
    r"|\b(?:disputed|contested|uncertain|unclear|doubtful|questionable|possible|probable)\s+(?:involvement|role|participation|contribution|membership)\b"
    r"|^\W*(?:possibly|probably|perhaps|maybe|(?:most\s+)?likely)\W*$"
    r"|\b(?:some|many|other|several)\s+(?:scholars|historians|experts|sources|critics)\s+(?:suggest|believe|think|say|argue|attribute|propose|doubt|dispute)"
    rf"|^\W*(?:indirectly|arguably|loosely)\b|{_SOURCE}"
    r"|^\W*(?:traditionally|reputedly|legendarily)\s+(?:credited|attributed|ascribed|said|held|dated|regarded|considered|believed)\b"
    r"|^\W*(?:(?:often|sometimes|commonly|widely)\s+)?claimed\b(?!\s+by\b)|\b(?:but|though|although|yet)\s+(?:disputed|contested|doubtful|uncertain|unconfirmed|unproven|debated)\b"
    rf"|{_TRADITION}"
    r"|^\W*(?:an?\s+)?(?:critic|opponent|adversary)\s+of\b|^\W*(?:critical\s+of|opposed(?:\s+to)?)\b"
    r"|\b(?:rejected|repudiated|disowned|denied|refused)\s+(?:the\s+|this\s+|that\s+)?(?:label|term|name|designation|association|affiliation|membership|classification)\b"
    r"|^\W*(?:an?\s+|the\s+)?(?:(?:important|key|major|early)\s+)?(?:precursor|forerunner)\b",
    re.IGNORECASE,
)
"""A gloss that says its item is not sure: ``Giorgione (attributed; some scholars suggest Titian)``,
``Leonardo da Vinci (attribution disputed)``, ``(unconfirmed)``, ``Peugeot 306 (indirectly)``, a
source's variant (``Metis (his first wife, according to Hesiod)``, ``Leto (in some traditions)``),
a legend's credit (``En no Gyōja (traditionally credited, 663 AD)``), a doubted part in what the
relation says (``African Plate (disputed involvement)``, ``(possible role)``) or a hedge word alone
(``African Plate (possibly)``), a claim said to be disputed (``Maimonides (often claimed, but
disputed)``), a tradition's account (``Ku County — traditional account``), a stance against it
or a part before it (``German idealism (critic of)``, ``Existentialism (he rejected the label)``,
``Existentialism (precursor)``); not an aside on the item itself (``Kashmir (disputed)``, ``CC BY 4.0
(Attribution)``, ``Western Sahara (disputed territory)``), nor a hedge of another thing (``Liver
failure (possibly fatal)``)."""
_OTHER_HAND = re.compile(r"^\W*(?:(?:the|a)\s+)?(?:workshop|studio|atelier|school|circle|followers?|manner|imitator|pupil|assistant)\s+of\s+(?=[A-Z])", re.IGNORECASE)
"""An artist's name as a catalogue qualifies a work by another hand: ``workshop of Rubens``,
``Follower of Rembrandt``, ``Circle of Titian`` (the auction houses' terms: not the artist's own work)."""


_PLAN = r"(?:expected|projected|planned|proposed|scheduled|anticipated|forecast)"
_PROJECTED = re.compile(rf"^[\W_]*{_PLAN}\b(?!\s+(?-i:[A-Z]))|\(\s*{_PLAN}\b[^()]*\)[\W_]*$", re.IGNORECASE)
"""A value an answer gives as a plan or a forecast, not a fact: ``expected 2026``, ``2026
(projected)``, ``125 (planned)``, ``Expected 2026 (the centenary of Gaudí's death)``; not a name
(``Planned Parenthood``)."""


_DISPUTED_VALUE = re.compile(r"(?:\(\s*|[,;]\s*|\s[–—-]\s*|^[\W_]*(?=(?:disputed|contested)[\s*_]*[:–—-]))(?P<word>disputed|contested|unverified|unconfirmed|doubtful|uncertain|traditional(?:ly)?|legendary)\b", re.IGNORECASE)
"""A value an answer says is disputed: ``56.7 °C (134.1 °F) (disputed)``, ``48 °C (disputed; 45 °C
official)``, ``Disputed: roughly 40% gross, but Norway has large net assets`` (a label before the
figure), or a tradition's or legend's date (``663 AD (traditional)``, ``753 BC (legendary)``); not an estimate (``2,975 (estimated)``: the figure, the reference's tolerance for it)."""


def disputed_value(value: str) -> str | None:
    """The word with which an answer says its value is disputed (:data:`_DISPUTED_VALUE`), or None:
    a hedge, as a disputed attribution of a name is."""
    match = _DISPUTED_VALUE.search(value)
    return match.group("word").casefold() if match else None


def projected(value: str) -> str | None:
    """The word with which an answer gives its value as a plan or forecast (:data:`_PROJECTED`), or None."""
    match = _PROJECTED.search(value)
    return next(w for w in re.findall(r"[a-z]+", match.group(0).casefold()) if re.fullmatch(_PLAN, w)) if match else None


_HEDGED_ASIDE = re.compile(
    r"\s[–—-]\s+(?:though|although|but|however)\b[^–—]*?\b(?P<hedge>(?:most\s+)?likely|probably|possibly|perhaps|unclear|uncertain|doubtful|disputed)\b",
    re.IGNORECASE,
)
"""An aside after a dash that doubts the answer before it: ``Ibn Bajja (Avempace) — though he
likely never met him in person``; not one without a hedge word (``Paris — though the court sat at
Versailles``)."""


def hedged_aside(item: str) -> str | None:
    """The hedge word of an aside after a dash that doubts the answer (:data:`_HEDGED_ASIDE`), or None.

    >>> hedged_aside("Ibn Bajja (Avempace) — though he likely never met him in person")
    'likely'
    >>> hedged_aside("Aspirin — though it may cause bleeding") is None
    True
    """
    match = _HEDGED_ASIDE.search(item)
    return " ".join(match.group("hedge").casefold().split()) if match else None


def doubted(item: str) -> str | None:
    """The words with which an answer says it is not sure of its fact (:data:`_DOUBT`, outside
    brackets), or None: a hedged answer is no firm fact."""
    match = _DOUBT.search(re.sub(r"\([^()]*\)", "", item))
    return " ".join(match.group(0).split()) if match else None


_MODAL = re.compile(
    r"\b(?:may|might|could|possibly)\s+(?:(?:also|sometimes|occasionally|even|well)\s+)?(?:(?:be|have\s+been|have)\s+)?(?P<verb>[a-z]+)\b"
)
"""A modal before the verb that gives a value, lower case (not the month ``May``): ``cubs may be
killed by spotted hyenas``, ``he might have studied with Liszt``, ``possibly attacked by``."""


def modal_hedge(item: str) -> str | None:
    """The modal phrase with which an answer says its value only may be so (:data:`_MODAL`,
    outside brackets), or None: a hedge, as ``reportedly`` is. A verb of :data:`_MODAL_IDIOMS`
    says what can happen or is done, no doubt: ``may cause`` (how a side effect is said), ``may
    include`` (a list's), ``may be used to treat``."""
    for match in _MODAL.finditer(re.sub(r"\([^()]*\)", "", item)):
        if match.group("verb") not in _MODAL_IDIOMS:
            return " ".join(match.group(0).split())
    return None


_MODAL_IDIOMS = frozenset({"cause", "induce", "trigger", "provoke", "precipitate", "include", "used"})
"""Verbs a modal goes with in a firm statement: a risk (``may cause``), a list (``may include``), a use."""


def doubted_gloss(gloss: str) -> str | None:
    """The words with which an item's gloss says the item is not sure (:data:`_DOUBTING_GLOSS`), or None."""
    match = _DOUBTING_GLOSS.search(gloss)
    return " ".join(match.group(0).strip(" (;,").split()) if match else None


def other_hand(item: str) -> str | None:
    """The words that make a person's name another hand's in a work's credit (``workshop of``,
    ``Follower of``: :data:`_OTHER_HAND`), or None."""
    match = _OTHER_HAND.match(item)
    return " ".join(match.group(0).strip(" *_").split()) if match else None


_NOT_KIND = re.compile(
    r"\b(?:not|rather than|instead of)\s+(?:a|an)\s+(?:(?:true|real|proper|actual|genuine)\s+)?(?P<kind>[a-z]+)\b", re.IGNORECASE,
)
"""A gloss saying its item is no thing of a kind: ``not a movement``, ``not a true vector``; not one that tells it from
a namesake (``Paris (not the city in Texas)``) nor a preposition (``warfarin (not with aspirin)``)."""


_NO_KIND = re.compile(r"(?:^|[;,]\s*)(?P<no>no\s+(?P<kind>[a-z]+)\b[^;,]*)", re.IGNORECASE)
"""A clause of a gloss saying the relation holds none: ``United States (de facto; no official
language at federal level)`` of English's official language."""


def denied_kind(gloss: str, words: set[str]) -> str | None:
    """The words with which an item's gloss says the item is not of the relation's kind (one of
    ``words``, its name, synonyms and classes' words): ``Blue Period (not a movement, but a
    phase)`` for a movement, or that the relation holds none there (``no official language at
    federal level``; not an aside of another: ``Spain (no land border with Portugal)``); None
    otherwise (``Migraine (not a cure)``)."""
    match = next((m for m in _NOT_KIND.finditer(gloss) if len(m.group("kind")) > 3 and m.group("kind").casefold() in words), None)
    if match is not None:
        return " ".join(match.group(0).split())
    no = next((m for m in _NO_KIND.finditer(gloss) if len(m.group("kind")) > 3 and m.group("kind").casefold() in words), None)
    return " ".join(no.group("no").split()) if no is not None and not re.search(r"\b(?:with|between)\b", no.group("no")) else None


_KIND_WORDS = r"(?-i:[a-z][a-z-]*(?:\s+(?:of\s+)?[a-z][a-z-]*){0,3})"
_OTHER_KIND = re.compile(
    r"^\W*(?:not applicable\s*[:;,.–—-]\s*|i(?:'m|’m| am) not sure what you mean\s*[,:;–—-]\s*)?"
    rf"(?P<subject>\w[^,;:]*(?:,\s+[^,;:]+)?)\s+(?:is|was)\s+(?:a|an)\s+(?P<kind>{_KIND_WORDS}),\s+not\s+(?:a|an)\s+(?P<other>{_KIND_WORDS})"
    r"(?:\s*[,;]\s*(?:so|and|hence|therefore)\b[^.;!?]*)?[.!]?\s*$",
    re.IGNORECASE,
)
"""A sentence saying the head is another kind of thing than the prompt took it for: ``The
Bahariya Formation is a rock formation, not an organism, so this doesn't apply.``, ``Battle of
Poltava is a person, not a battle.``, ``Not applicable: Morrison Formation is a formation, not a taxon.``
(the subject opens with a letter: the leading run of non-word characters and the subject never share one, so a
run of brackets, ``[[[[...``, is read in linear time, not quadratic)."""


def head_of_another_kind(text: str, head: str) -> str | None:
    """The kind a one-sentence answer says the head (or ``it``) is, where it says so to deny the
    kind the prompt took it for (:data:`_OTHER_KIND`): the relation does not apply, a none answer
    whatever the relation, a text or a figure too (``Arthur Wellesley, 1st Duke of Wellington is
    a person, not a battle.`` gives ``person``); None otherwise (``Greenland is not a country; it
    is part of the Kingdom of Denmark.``, ``Paris is a city, not a country`` of another head).

    >>> head_of_another_kind("Battle of Poltava is a person, not a battle.", "Battle of Poltava")
    'person'
    >>> head_of_another_kind("Lyon is a city, not a country.", "Paris") is None
    True
    """
    match = _OTHER_KIND.match(text.strip())
    if match is None:
        return None
    subject = re.sub(r"^the\s+", "", match.group("subject").strip(" *_"), flags=re.IGNORECASE).casefold()
    named = subject in ("it", "this", "that") or subject == re.sub(r"^the\s+", "", head.strip(), flags=re.IGNORECASE).casefold()
    return match.group("kind") if named else None


_FIRST_CLAUSE = re.compile(r"(?<=[^\s.;])\s*[;.]\s+(?=\S)")
"""Where an answer's first clause ends: ``The Royal Mint is a mint, not a coin; it is in ...``."""


def denied_head_kind(text: str, head: str) -> str | None:
    """The kind an answer's first clause denies the head is, where that clause says the head is
    another kind (:data:`_OTHER_KIND`) and more follows: ``The Royal Mint is a mint, not a coin;
    it is in the United Kingdom.`` gives ``coin``; None of a one-clause answer
    (:func:`head_of_another_kind` reads it) or of one whose first clause says no other kind.

    >>> denied_head_kind("Maize is a crop species, not a cultivar, so it has none. CIMMYT breeds it.", "Maize")
    'cultivar'
    >>> denied_head_kind("Paris is a city, not a country.", "Paris") is None
    True
    """
    first, *rest = _FIRST_CLAUSE.split(text.strip(), maxsplit=1)
    if not rest or head_of_another_kind(first, head) is None:
        return None
    match = _OTHER_KIND.match(first.strip())
    return match.group("other") if match is not None else None


_NONE_WERE = r"(?:involved|present|engaged|used|deployed|taking\s+part|recorded|reported)"
_NONE_SENTENCE = re.compile(
    r"^\W*(?:there\s+(?:was|were|is|are)\s+no\s+(?P<what>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)(?:\s+" + _NONE_WERE + r")?"
    r"|no\s+(?P<subject>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:was|were)\s+" + _NONE_WERE + r")\s*[.!]?\s*$",
    re.IGNORECASE,
)
"""A sentence saying there were none of the things asked about: ``There were no ships
involved.``, ``No ships were involved.``; not one of what is not known (``There is no such
information.``, ``There were no reliable records.``)."""
_UNKNOWN_WORDS = frozenset({"such", "known", "reliable", "official", "confirmed", "data", "record", "records", "figure", "figures",
                            "information", "estimate", "estimates", "answer", "idea", "value", "way", "one", "consensus", "agreement"})


def none_were(text: str) -> str | None:
    """``No`` and the things a sentence says there were none of (:data:`_NONE_SENTENCE`), or None:
    ``There were no ships involved.`` gives ``No ships`` (a count's 0 where the count's own rule,
    :func:`extractors.figures.none_counted`, reads ``No ships`` so; else no answer).

    >>> none_were("There were no ships involved.")
    'No ships'
    >>> none_were("There is no such information.") is None
    True
    """
    match = _NONE_SENTENCE.match(text.strip())
    if match is None:
        return None
    what = match.group("what") or match.group("subject")
    return None if set(what.casefold().split()) & _UNKNOWN_WORDS else f"No {what}"


_NO_WINNER_WORD = r"(?:inconclusive|stalemate|draw|drawn|indecisive|undecided|tie)"
_NO_WINNER = re.compile(
    rf"^\W*{_NO_WINNER_WORD}(?:\s*(?:/|,|;|\bor\b|\band\b)\s*{_NO_WINNER_WORD})*\W*(?:\([^()]*\))?\s*[.!]?\s*$", re.IGNORECASE,
)
"""A result in which no side won: ``Inconclusive``, ``Stalemate``, ``Draw``, ``Inconclusive / Stalemate (disputed; ...)``."""
_VICTORY_WORDS = r"(?i:decisive|pyrrhic|tactical|strategic|narrow|marginal|major|minor|crushing|overwhelming|limited|costly)"
_VICTORY = re.compile(
    rf"^\W*(?:{_VICTORY_WORDS}\s+)*(?P<party>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)\s+(?:{_VICTORY_WORDS}\s+)*(?:victory|win)\b"
)
"""A result that names the winning side by an adjective or a name: ``Pyrrhic French victory``,
``Decisive Soviet victory; destruction of the German 6th Army``, ``Union victory``; not a title
(``Victory Medal``: the word is lower case)."""
_WINNER_WORDS = frozenset({"victor", "victors", "winner", "winners", "victorious"})
"""Words of a relation that asks who won; not ``won`` (``awardsWon``: the ``World War I Victory Medal`` is no result)."""


def asks_winner(relation: Relation) -> bool:
    """Whether ``relation`` asks who won (its name or a synonym says ``victor`` or ``winner``)."""
    return bool(_own_words(relation) & _WINNER_WORDS)


def no_winner(text: str) -> bool:
    """Whether ``text`` says no side won (:data:`_NO_WINNER`): of a relation asking who won, no party.

    >>> no_winner("Inconclusive / Stalemate (disputed; some historians call it a strategic Allied victory)")
    True
    >>> no_winner("Draw Gallery")
    False
    """
    return _NO_WINNER.match(text.strip()) is not None


def victory_of(text: str) -> str | None:
    """The side a result names as winning (:data:`_VICTORY`): ``Pyrrhic French victory`` gives
    ``French``, ``Union victory`` ``Union``; None otherwise."""
    match = _VICTORY.match(text.strip())
    return match.group("party") if match else None


_SYMMETRIC_NOUNS = frozenset({"neighbour", "neighbor", "sibling", "partner", "spouse", "twin", "ally", "contemporary", "relative", "synonym", "rival"})
"""Nouns of a relation that holds both ways: ``Spain is a neighbour of France`` says France's neighbour too."""


def inverse_of_another(text: str, head: str, relation: Relation) -> str | None:
    """The words with which ``text`` says the head (``it``, or its name) is the relation's noun of
    another (``is a parent of``, ``is one of the parents of``), the relation the other way round,
    or None: of Nebbiolo's parent variety ``it is a parent of several Piedmontese varieties`` gives
    ``is a parent of``. Not where the relation's own phrase says ``<noun> of`` (``capital of``:
    ``Paris is the capital of France`` answers), nor of a noun that holds both ways (``a neighbour of``).

    """
    name = re.escape(head.strip())
    match = re.match(
        rf"^\W*(?:it|this|he|she|they|{name})\s+(?P<said>(?:is|was|are|were)\s+(?:also\s+)?(?:a|an|the|one\s+of\s+the)\s+(?P<noun>[a-z]+)\s+of)\s+(?=\w)",
        text.strip(), re.IGNORECASE,
    )
    if match is None:
        return None
    noun = match.group("noun").casefold()
    phrases = [p.casefold() for p in (*relation.synonyms, re.sub(r"(?<=[a-z])(?=[A-Z])", " ", relation.name))]
    stems = {_stem(w) for p in phrases for w in re.findall(r"[a-z]+", p)}
    if _stem(noun) not in stems or _stem(noun) in {_stem(n) for n in _SYMMETRIC_NOUNS}:
        return None
    if any(re.search(rf"\b{re.escape(noun.rstrip('s'))}s?\s+of\b", p) for p in phrases):
        return None
    return " ".join(match.group("said").split())


_CONTRASTED_KIND = re.compile(
    r"^\W*(?P<subject>[^,;]+?)\s+(?:is|was)\s+(?P<said>(?:a|an)\s+(?P<kind>(?:[a-z-]+\s+){0,2}[a-z-]+)\s+of\s+(?-i:[A-Z])[^,;]*?,\s+not\s+(?:a|an)\s+"
    r"(?P<other>[a-z-]+(?:\s+[a-z-]+)?))\W*$",
    re.IGNORECASE,
)


def contrasted_kind(text: str, head: str, words: set[str]) -> str | None:
    """The words with which a sentence says the head (or ``it``) is one kind of thing of a name and
    denies it is another kind, neither in the relation's ``words``, or None: of Pinot Gris's parent
    variety ``Pinot Gris is a colour mutation of Pinot Noir, not a crossing.`` gives ``a colour
    mutation of Pinot Noir, not a crossing`` (a mutation's source is no parent of a crossing);
    ``Barolo is a wine of Piedmont`` denies nothing, and ``... is a parent of ..., not a ...`` says the relation."""
    match = _CONTRASTED_KIND.match(text.strip())
    if match is None:
        return None
    subject = re.sub(r"^the\s+", "", match.group("subject").strip(" *_"), flags=re.IGNORECASE).casefold()
    if subject not in ("it", "this", head.strip().casefold()):
        return None
    said = f"{match.group('kind')} {match.group('other')}"
    return None if _says_relation(said, words) else " ".join(match.group("said").split())


def states_inverse(text: str, head: str, relation: Relation) -> str | None:
    """The words with which ``text`` names the head as the object of the relation's own phrase
    (its name or a synonym ending in ``of``, ``by``, ``to``; plural too), or None: ``Manospondylus
    and Dynamosaurus are junior synonyms of *Tyrannosaurus*.`` and ``Griphosaurus (junior synonym
    of Archaeopteryx)`` of Tyrannosaurus's and Archaeopteryx's synonymOf say the other way round
    (``junior synonym of Archaeopteryx``)."""
    name = re.escape(head.strip())
    for phrase in relation.synonyms:
        words = phrase.casefold().split()
        if len(words) < 2 or words[-1] not in ("of", "by", "to"):
            continue
        said = r"\s+".join([*map(re.escape, words[:-2]), re.escape(words[-2]) + r"(?:e?s)?", re.escape(words[-1])])
        match = re.search(rf"\b{said}\s+[*_\"“]*{name}\b", text, re.IGNORECASE)
        if match:
            return " ".join(re.sub(r"[*_\"“]", "", match.group(0)).split())
    return None


_LAPSED_GLOSS = re.compile(
    r"\b(?:(?:long|once|formerly|previously|originally|historically)\s+(?:considered|thought|regarded|treated|believed)"
    r"|no\s+longer\s+(?:considered|regarded|recogni[sz]ed|accepted|treated|thought|valid)"
    r"|(?:reinstated|resurrected|revalidated|restored)\s+as\s+(?:a\s+)?(?:valid|separate|distinct|its\s+own))\b",
    re.IGNORECASE,
)
"""A gloss saying the relation held once and holds no more: ``Apatosaurus (long considered a
junior synonym; reinstated as a valid genus by Tschopp et al., 2015)``, ``Pluto (once considered
the ninth planet)``; not a former name (``Istanbul (formerly Constantinople)``) nor a state
(``Berlin (no longer divided)``)."""


def lapsed_gloss(gloss: str) -> str | None:
    """The words with which an item's gloss says the relation no longer holds (:data:`_LAPSED_GLOSS`), or None."""
    match = _LAPSED_GLOSS.search(gloss)
    return " ".join(match.group(0).split()) if match else None


_DISPUTED_GLOSS = re.compile(r"\(\s*(?P<word>disputed|contested)\s*(?:[;,][^()]*)?\)\W*$", re.IGNORECASE)
"""A text's closing gloss that opens by saying it is disputed: ``Inconclusive / Stalemate
(disputed; some historians call it a strategic Allied victory)``, ``Stalemate (disputed)``; not a
kind of thing (``Western Sahara (disputed territory)``)."""


_OUTDATED = re.compile(
    r"\b(?:may|might|could)\s+(?:well\s+)?(?:have\s+changed|be\s+(?:outdated|out\s+of\s+date|out-of-date|stale)|no\s+longer\s+be\s+(?:current|accurate|valid|up\s+to\s+date))\b",
    re.IGNORECASE,
)
"""Words with which an answer says its value may no longer hold: ``..., but this may have changed.``,
``Recruiting (as of 2021; may be outdated)``; not a value that says it changed (``Completed``)."""


def outdated(text: str) -> str | None:
    """The words with which a text value says it may be out of date (:data:`_OUTDATED`), or None: a
    hedge, as ``(disputed)`` is.

    >>> outdated("Recruiting (as of 2021; may be outdated)"), outdated("Active, not recruiting")
    ('may be outdated', None)
    """
    match = _OUTDATED.search(text)
    return " ".join(match.group(0).casefold().split()) if match else None


def disputed_gloss(text: str) -> str | None:
    """The word with which a text value's closing gloss says it is disputed (:data:`_DISPUTED_GLOSS`), or None."""
    match = _DISPUTED_GLOSS.search(text)
    return match.group("word").casefold() if match else None


_OTHERS_GIVE = re.compile(
    r"\b(?:(?:some|other|many|several|a few|older|earlier|later)\s+(?:[a-z]+\s+){0,2}?(?:say|give|put|cite|list|report|suggest|claim|record)s?"
    r"|others\s+(?:say|give|put|cite)|(?:by|to|in|per|according\s+to)\s+(?:some|other)\s+[a-z]+)\b(?P<rest>.*)",
    re.IGNORECASE,
)
"""Words that give another value as what others say: ``(some say 1642)``, ``(some sources say
4)``, ``(some counts say 58)``, ``although some sources give 5,393 m``, ``2,888 km by some measurements``."""


def others_value(note: str) -> str | None:
    """The value a note gives as what others say (:data:`_OTHERS_GIVE`; the text after those words,
    or before ``by some ...``) where it holds a figure, or None: ``some say 1642`` gives ``1642``."""
    match = _OTHERS_GIVE.search(note)
    if match is None:
        return None
    told = match.group("rest").strip(" ,;:.)") if re.search(r"\d", match.group("rest")) else note[: match.start()].strip(" ,;:(")
    return told if re.search(r"\d", told) else None


_UNSAID_WORDS = frozenset({"the", "and", "for", "was", "his", "her", "its", "first", "year", "date", "name", "from", "with", "part", "type", "number", "known", "main", "has", "had"})
"""Words of a relation's name too common to tell a sentence speaks of it ("first", "year")."""
_DENIAL_CLAUSES = re.compile(r"(?<=[.!?;])\s+|,\s+(?:so|but|and)\s+|\s+[–—]\s+")
_SUBJECT = r"(?:^|(?<=[.!?;]\s))(?:(?i:it|this|that|he|she|they)|(?P<name>The\s+[a-z][\w-]*|[A-Z][\w'’ʻ–-]*(?:\s+[A-Z][\w'’ʻ–-]*)*))\s+"
_UNKNOWN = re.compile(r"^(?P<what>[^,;()]*?)\s+(?:is|are|was|were|remains?)\s+(?:still\s+)?(?:unknown|unrecorded|undocumented|not\s+(?:known|recorded|documented))\b", re.IGNORECASE)
_HAS_NONE = re.compile(
    r"\b(?:(?:has|have|had|holds?|held)\s+(?:no|never\s+had\s+(?:a|an|any))|(?:left|leaves)\s+no|(?:does|do|did)(?:\s+not|n['’]t)\s+have\s+(?:a|an|any))\s+"
    r"(?!(?:other|another|further|additional|more|second|single|one|separate)\b)"
    r"(?P<what>(?:[\w-]+\s+){0,3}[\w-]+)",
    re.IGNORECASE,
)
"""A clause saying the head has none: ``Iceland has no land borders``, ``Kant held no noble titles``, ``Socrates left no written works``,
``Kevlar doesn't have a UNS number``;
not of more than one or of others (``she held no other titles``, ``it has no single antagonist``)."""
_DID_NOTHING = re.compile(r"\b(?P<what>[a-z]+)\s+nothing\W*$", re.IGNORECASE)
"""A clause saying the head did nothing of the relation's act, ``nothing`` last: ``Socrates wrote
nothing``; not ``He wrote nothing in Latin`` (one value denied)."""
_NO_SINGLE_TEACHER = re.compile(r"\b(?:has|have|had)\s+no\s+(?:single|one|particular)\s+(?P<what>(?:teacher|mentor|tutor|master)s?)\b", re.IGNORECASE)
"""A clause saying the head had no teacher of its own: ``he had no single teacher``; of a teacher
alone (``The biceps brachii has no single antagonist; the triceps brachii opposes it.`` names one)."""
_NONE_WAS_HIS = re.compile(
    r"^\W*no\s+(?:single\s+|one\s+|particular\s+)?(?:[a-z][\w-]*\s+){0,2}?(?:was|is|were|has\s+been)\s+(?:his|her|their|its)\s+(?P<what>[a-z][\w-]*)\W*$",
    re.IGNORECASE,
)
"""A clause saying no one was the head's value: ``no single philosopher was his teacher``."""
_NOT_ONE = re.compile(r"(?:\b(?:is|are|was|were)\s+not\s+(?:part\s+of\s+)?|,\s+not\s+)(?:a|an|any)\s+(?P<what>(?:[\w-]+\s+){0,2}[\w-]+)", re.IGNORECASE)
_NO_KNOWN = re.compile(r"^\W*(?:there\s+(?:are|is|were|was)\s+)?no\s+(?:known|recorded|documented)\s+(?P<what>(?:[\w-]+\s+){0,2}[\w-]+)\W*$", re.IGNORECASE)
"""A clause that says alone there is no known value: ``no known parents``, ``There are no recorded parents.``"""
_NOT_AFTER_ANYONE = re.compile(
    r"\b(?:is|are|was|were)\s+not\s+(?P<what>[a-z]+)\s+(?:after|for)\s+(?:(?:a|any)\s+(?:specific\s+|particular\s+)?(?:person|individual|people)|anyone|anybody|someone)\b",
    re.IGNORECASE,
)
"""A clause denying the relation's verb of any person, the object the kind of answer, no name:
``Quartz is not named after a person``; not ``It is not named after George Washington``."""
_NEVER = re.compile(r"\b(?:was|were|has\s+been|have\s+been|is)\s+never\s+(?P<what>[\w-]+)|\bnever\s+(?P<done>[a-z]+ed)\W*$", re.IGNORECASE)
"""A clause saying the head never was so (``it was never founded``) or never did the relation's
act, its verb last (``Kant never married.``; not ``He never married Anne``: one value denied)."""
_NOT_DONE_AT_END = re.compile(
    r"\b(?:(?:does|do|did|will|can)\s+not|(?:does|do|did|ca)n['’]t|cannot|(?:is|are)\s+not\s+known\s+to)\s+(?P<done>[a-z]+)\W*$", re.IGNORECASE,
)
"""A clause saying the head does not do the relation's act, its verb last: ``it does not decay.``,
``The proton is not known to decay``; not ``It does not border Portugal`` (one value denied)."""
_NO_ACT = ((re.compile(r"\bdecay"), re.compile(r"^\W*(?:(?:it|this|that|they|the\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:is|are)\s+)?(?:(?:absolutely|completely|entirely|perfectly)\s+)?stable\W*$", re.IGNORECASE)),)
"""A relation's phrase and a clause that says the head does not do its act at all in other words:
``Stable``, ``it is stable`` of what a particle decays to (not ``it is not stable``, nor ``stable
inside nuclei``: it decays elsewhere)."""
_NO_SUCH = (
    r"(?:(?:true|real|known|recorded|documented|specific|particular|standard|official|formal|established|recogni[sz]ed"
    r"|(?:widely|commonly|generally)\s+(?:used|accepted|recogni[sz]ed|known)|common|widely-used|agreed)\s+)*"
)
_THERE_IS_NONE = re.compile(
    rf"^\W*there\s+(?:is|are|was|were|exists?)\s+no\s+(?P<what>{_NO_SUCH}(?-i:[a-z])[\w-]*(?:\s+(?-i:[a-z])[\w-]*){{0,2}}?)"
    r"\s+(?:for|of|given\s+to)\s+(?P<of>[^,;]+?)\W*$",
    re.IGNORECASE,
)
"""A clause saying the head (named, or ``this ...``) has no value: ``There is no eponym for the
liver itself``, ``There is no widely used nickname for this vulnerability``; not ``There is no
doubt it is Paris`` (no value's word: :func:`_denial_words`)."""
_NO_VALUE = re.compile(rf"^\W*no\s+(?P<what>{_NO_SUCH}(?-i:[a-z])[\w-]*(?:\s+(?-i:[a-z])[\w-]*){{0,2}})\W*$", re.IGNORECASE)
"""A clause that is ``no`` and the relation's word alone: ``(no common name; ...)``, ``No true
antagonist``; not a title (``No Country for Old Men``, ``No. 5``)."""
_SAID_OTHERWISE = (
    (re.compile(r"\bspouses?\b|\bmarried\b|\bwife\b|\bhusband\b"), {"married", "marry", "wed", "wife", "wives", "husband", "husbands"}),
    (re.compile(r"\bparent of\b|\bchild(?:ren)?\b|\boffspring\b"), {"children", "child", "issue", "offspring", "sons", "daughters", "son", "daughter"}),
    (re.compile(r"\bcommon name\b|\bnickname\b"), {"nickname", "nicknames", "moniker"}),
    (re.compile(r"\bwrit|\bwrote\b"), {"wrote", "written", "write", "writes"}),
    (re.compile(r"\bstudent of\b|\bpupil of\b"), {"teacher", "teachers", "mentor", "mentors", "tutor", "master"}),
)
"""Words a sentence denies a relation with that are not the relation's own, by the relation's
phrase: ``never married`` of a spouse, ``had no children`` of whom one is a parent of (not of a
variety's ``parent``: that one has no children says nothing of its parents), ``no nickname`` of a
common name, ``wrote nothing`` of a language of writing, ``no single philosopher was his teacher``
of whom one is a student of (not of a ``teacher of``: that one had no teacher says nothing of his pupils)."""


def _denial_words(relation: Relation) -> set[str]:
    """The relation's own words (:func:`_own_words`) and those :data:`_SAID_OTHERWISE` adds for its phrase."""
    phrases = [re.sub(r"(?<=[a-z])(?=[A-Z])", " ", relation.name).casefold(), *(p.casefold() for p in relation.synonyms)]
    return _own_words(relation).union(*(said for phrase, said in _SAID_OTHERWISE if any(phrase.search(p) for p in phrases)))


def _of_head(said: str, head: str) -> bool:
    """Whether ``said`` (what a ``for ...`` names) is the head: ``the liver itself``, ``this vulnerability``, ``it``."""
    words = set(re.findall(r"\w+", said.casefold())) - {"the", "itself", "of"}
    return said.split()[0].casefold() in ("it", "this", "that", "its", "these", "those") or bool(words & set(re.findall(r"\w+", head.casefold())) - {"the"})


def _own_words(relation: Relation) -> set[str]:
    """The words of a relation's name and synonyms that tell a sentence speaks of it: ``ascent``,
    ``climbed`` of ``firstAscentBy`` ("first climbed by"), ``founded`` of ``foundedYear``."""
    names = [relation.name, *relation.synonyms]
    words = {w.casefold() for name in names for w in re.findall(r"[A-Za-z][a-z]*", name)}
    return {w for w in words if len(w) >= 3 and w not in _UNSAID_WORDS}


def _stem(word: str) -> str:
    """A word less an English ending, to match a relation's word as a sentence inflects it: ``monitors``, ``monitored``."""
    return re.sub(r"(?:ing|ed|es|s)$", "", word.casefold()) if len(word) > 5 else word.casefold()


def _doer_root(word: str) -> str | None:
    """The verb a doer's noun is made of, or None: ``invent`` of ``inventor``, ``discover`` of
    ``discoverers``, ``found`` of ``founder``; none of a short word (``border``, ``number``)."""
    noun = word.casefold().removesuffix("s")
    return noun[:-2] if len(noun) >= 7 and noun.endswith(("or", "er")) else None


def _says_relation(text: str, words: set[str]) -> bool:
    """Whether ``text`` says one of ``words``, inflected (:func:`_stem`) or plural (``titles`` of
    ``title``), or names the doer of a participle among them (``inventor`` of ``invented``)."""
    stems = {_stem(w) for w in words} | {w.casefold() for w in words}
    done = {w.casefold()[:-2] for w in words if w.casefold().endswith("ed")}
    return any(_stem(w) in stems or w.casefold().removesuffix("s") in stems or _doer_root(w) in done for w in re.findall(r"[A-Za-z]+", text))


def _denies(clause: str, head: str, words: set[str], relation: Relation) -> bool:
    """Whether a clause says the relation's value is unknown (``the first recorded ascent is
    unknown``), that the head has none (``it has no recorded first ascent``, ``it was never
    founded``, ``it does not decay``, ``Stable`` of a decay; ``has no`` of the range's class too: ``it has no ocean trench``) or is no such thing (``Fuji is not part of a classic arc``, ``This is itself a
    volcano, not an eruption``): the clause must name the relation in its own words."""
    bare = re.sub(r"\s*\([^()]*\)", "", clause).strip()
    if (unknown := _UNKNOWN.match(bare) or _NO_KNOWN.match(bare)) and _says_relation(unknown.group("what"), words):
        return True
    if (none := _THERE_IS_NONE.match(bare)) and _says_relation(none.group("what"), words) and _of_head(none.group("of"), head):
        return True
    if (no := _NO_VALUE.match(bare)) and _says_relation(no.group("what"), words):
        return True
    if _no_teacher(bare, relation):
        return True
    if any(said.match(bare) for phrase, said in _NO_ACT if any(phrase.search(w) for w in words)):
        return True
    subject = re.match(_SUBJECT, bare)
    if subject is None or (subject.group("name") and not set(subject.group("name").casefold().split()) - {"the"} & set(head.casefold().split())):
        return False
    if (has := _HAS_NONE.search(bare)) is not None and _says_relation(has.group("what"), words | _range_words(relation)):
        return True  # "The Baltic Sea has no ocean trench" of a deepest point whose range is a trench
    return any((m := pattern.search(bare)) is not None and _says_relation(m.groupdict().get("what") or m.groupdict().get("done") or "", words)
               for pattern in (_NOT_ONE, _NEVER, _NOT_AFTER_ANYONE, _NOT_DONE_AT_END, _DID_NOTHING))


def _range_words(relation: Relation) -> set[str]:
    """The words of the name of the class a relation's values are (``trench`` of ``Trench``,
    ``ocean``, ``trench`` of ``OceanTrench``); none of a literal's."""
    if relation.range is None or relation.object_is_literal:
        return set()
    name = re.split(r"[#/]", str(relation.range))[-1]
    return {w.casefold() for w in re.findall(r"[A-Z]?[a-z]+", name) if len(w) >= 4 and w.casefold() not in _UNSAID_WORDS}


def _denies_outright(clause: str, words: set[str], relation: Relation) -> bool:
    """Whether a clause says outright that the relation has no value, in its own words: ``no known
    parents``, ``Quartz is not named after a person``, ``Socrates wrote nothing``, ``he had no single teacher``; what another clause names beside it is no
    value of the relation (``genetically identical to Zinfandel``, ``from the German 'Quarz'``)."""
    bare = re.sub(r"\s*\([^()]*\)", "", clause).strip()
    patterns = (_NO_KNOWN, _NOT_AFTER_ANYONE, _THERE_IS_NONE, _NO_VALUE, _DID_NOTHING)
    return any((m := pattern.search(bare)) is not None and _says_relation(m.group("what"), words) for pattern in patterns) or _no_teacher(bare, relation)


def _no_teacher(clause: str, relation: Relation) -> bool:
    """Whether a clause says the head had no teacher (:data:`_NO_SINGLE_TEACHER`,
    :data:`_NONE_WAS_HIS`) in words :data:`_SAID_OTHERWISE` adds to the relation's, the head's
    own teacher: ``he had no single teacher`` of whom one is a student of; not of ``teacher of``
    (his teacher is not whom he taught), nor ``no one was his student`` of a ``student of``."""
    borrowed = _denial_words(relation) - _own_words(relation)
    return any((m := pattern.search(clause)) is not None and _says_relation(m.group("what"), borrowed) for pattern in (_NO_SINGLE_TEACHER, _NONE_WAS_HIS))


def denied_answer(text: str, head: str, relation: Relation) -> str | None:
    """The clause of a one-paragraph answer that says there is no value (:func:`_denies`) where no
    other clause may give one (:func:`may_answer`) nor names something not the head (``Greenland is
    not a country; it is part of the Kingdom of Denmark.``: read as it is), or None.
    ``Vesuvius has been climbed since antiquity; the first recorded ascent is unknown`` gives its
    second clause; ``France borders Spain. It does not border Portugal.`` None (it denies
    another value, not every one)."""
    denial, others = _denial_and_others(text, head, relation)
    outright = denial is not None and _denies_outright(denial, _denial_words(relation), relation)
    if denial is None or any(may_answer(c, head, relation) or not outright and _names_other(c, head) for c in others):
        return None
    return denial


def _denial_and_others(text: str, head: str, relation: Relation) -> tuple[str | None, list[str]]:
    """The clause of ``text`` that says the relation has no value (:func:`_denies`), or None, and
    its other clauses (less one that says the head is the relation's noun of another)."""
    words = _denial_words(relation)
    clauses = [c for c in _DENIAL_CLAUSES.split(_unbracketed(text.strip())) if c.strip()]
    denial = next((c for c in clauses if _denies(c, head, words, relation)), None)
    return denial, [c for c in clauses if c != denial and not inverse_of_another(c, head, relation)]  # "but it is a parent of ..."


def denied_beside_answer(text: str, head: str, relation: Relation) -> str | None:
    """The clause of a one-paragraph answer that denies the head the relation (:func:`_denies`)
    where another clause may give a value in the relation's words (:func:`may_answer`), or None:
    the answer contradicts itself, kept unreadable. ``Anne Boleyn was not a member of a royal
    house; she was born into the Boleyn family and married into the House of Tudor.`` gives its
    first clause; ``France borders Spain. It does not border Portugal.`` None (no clause denies
    every value)."""
    denial, others = _denial_and_others(text, head, relation)
    answering = [c for c in others if may_answer(c, head, relation) and states_inverse(c, head, relation) is None]  # "... are junior synonyms of *Tyrannosaurus*": the inverse's
    return denial if denial is not None and answering else None


def _unbracketed(text: str) -> str:
    """An answer given whole in brackets without them: ``(no common name; known from the Equifax breach)``."""
    return text[1:-1] if text.startswith("(") and text.endswith(")") and "(" not in text[1:-1] else text


def _names_other(clause: str, head: str) -> bool:
    """Whether a clause names something capitalised past its first word that is not the head."""
    head_words = {w.casefold() for w in re.findall(r"\w+", head)}
    said = re.findall(r"(?<=\s)[A-Z][\w'’-]*", re.sub(r"\([^()]*\)", "", clause.strip()))
    return any(not set(re.findall(r"\w+", w.casefold())) <= head_words for w in said)


_IGNORANCE = re.compile(r"^\W*(?:i\s*(?:do not|don't|don’t|dont)\s*(?:know|have)|i(?:'m|’m| am) not (?:sure|certain|aware)|not sure|no idea|i have no)\b", re.IGNORECASE)
"""A teacher saying it does not know (``I don't know of ...``, ``I'm not sure``), not that there is
none (``None``, ``N/A``)."""


def ignorant(clause: str) -> bool:
    """Whether ``clause`` is the teacher saying it does not know (:data:`_IGNORANCE`)."""
    return _IGNORANCE.match(clause) is not None


def may_answer(clause: str, head: str, relation: Relation) -> bool:
    """Whether a clause beside a none answer may give the relation's value: it names the relation
    in its own words and something not the head, a capitalised word past its first or a figure
    (``SERNAGEOMIN monitors it remotely``; not ``Vesuvius has been climbed since antiquity``), or
    is a name alone (``Penguin Books; the first publisher is not known``)."""
    if titled(clause.strip(" .;,")) and not _says_relation(clause, _own_words(relation)):
        return not set(clause.casefold().split()) <= {w.casefold() for w in re.findall(r"\w+", head)}  # "Penguin Books; ..."
    if not _says_relation(clause, _own_words(relation)):
        return False
    head_words = {w.casefold() for w in re.findall(r"\w+", head)} | _own_words(relation)  # "English" of an English translator
    said = [w for w in re.findall(r"\b(?:[A-Z][\w'’-]*|\d[\d,.]*)", clause.strip()) if w not in ("It", "This", "That", "The", "He", "She", "They", "I")]
    return any(not set(re.findall(r"\w+", w.casefold())) <= head_words for w in said)


_LEADING_HEDGE = re.compile(r"^[\W_]*(?P<hedge>possibly|probably|perhaps|maybe|(?:most\s+|very\s+)?likely)\s+(?=[\w*_])", re.IGNORECASE)
"""A hedge word that opens a named entity's answer: ``possibly the National Archaeological Museum,
Athens``, ``Probably Andorra``."""


_BRACKETED_HEDGE = re.compile(r"\S\s*\(\s*(?P<hedge>possibly|probably|perhaps|maybe|(?:most\s+)?likely)\s*\)[\s.]*$", re.IGNORECASE)
"""A hedge word alone in brackets after an answer: ``African Plate (possibly)``."""


def bracketed_hedge(item: str) -> str | None:
    """The hedge word alone in brackets that closes ``item`` (:data:`_BRACKETED_HEDGE`), or None:
    of a named entity a hedged answer, as ``Possibly Athens`` is (the phrase a domain of phrases
    reads, ``happy (most likely)``, is its item).

    >>> bracketed_hedge("African Plate (possibly)"), bracketed_hedge("Liver failure (possibly fatal)")
    ('possibly', None)
    """
    match = _BRACKETED_HEDGE.search(item)
    return " ".join(match.group("hedge").casefold().split()) if match else None


def leading_hedge(item: str) -> str | None:
    """The hedge word that opens ``item`` (:data:`_LEADING_HEDGE`), or None: a hedged answer, as
    ``attributed to`` and ``may be`` are (``Possibly Athens``); the item alone stays
    (``National Archaeological Museum, Athens``).

    >>> leading_hedge("possibly the National Archaeological Museum, Athens")
    'possibly'
    >>> leading_hedge("Possibly Athens"), leading_hedge("National Archaeological Museum, Athens")
    ('possibly', None)
    """
    match = _LEADING_HEDGE.match(item)
    return " ".join(match.group("hedge").casefold().split()) if match else None


_DISPUTED_ITEM = re.compile(r"(?:^|[;,]\s*)(?P<word>disputed|contested)\s*(?:[;,]|$)", re.IGNORECASE)
"""A gloss clause that is the word ``disputed`` alone: ``Luwian (disputed)``, ``Magdalenian
(earlier attributed to the Solutrean; disputed)``, ``(disputed; some propose ...)``; not a kind of
thing (``Western Sahara (disputed territory)``)."""


def disputed_item(gloss: str) -> str | None:
    """The word with which an item's gloss says the item itself is disputed (:data:`_DISPUTED_ITEM`),
    or None: a hedge. Where the answers are places the word may be the territory's (``Kashmir
    (disputed)``): the caller asks it only of other answers.

    >>> disputed_item("disputed"), disputed_item("disputed territory")
    ('disputed', None)
    """
    match = _DISPUTED_ITEM.search(gloss.strip())
    return match.group("word").casefold() if match else None


_QUALIFYING_GLOSS = re.compile(
    r"^\W*(?:(?:through|via|from|by|due\s+to)\s+)?(?:possible\s+)?cross[-\s](?:contamination|contact)\b"
    r"|^\W*(?:may\s+contain|traces?\s+(?:only|of|amounts?)|trace\s+amounts?)\b",
    re.IGNORECASE,
)
"""A gloss that says its item holds only by another way than the relation says: ``Gluten (through
cross-contamination)``, ``(may contain traces)``: no firm fact. A gloss of frequency (``(rare)``,
``(occasionally)``) is none: a rare side effect is a side effect, and ``occasionally tigers`` of a
predator's list is tigers."""


def qualified_gloss(gloss: str) -> str | None:
    """The words of an item's gloss that qualify its claim (:data:`_QUALIFYING_GLOSS`), or None.

    >>> qualified_gloss("through cross-contamination"), qualified_gloss("rare")
    ('through cross-contamination', None)
    """
    match = _QUALIFYING_GLOSS.search(gloss)
    return " ".join(match.group(0).strip(" (;,").split()) if match else None


_UNSURE_BUT = re.compile(r"^[\W_]*(?P<unsure>i(?:'m|’m|\s+am)\s+not\s+(?:sure|certain)|not\s+sure)\b[^.;]*?,?\s+but\s+(?=\w)", re.IGNORECASE)
"""An answer that says it is not sure and then gives its value: ``I'm not sure of the exact figure,
but roughly 34 kcal.``"""


def unsure_but(item: str) -> str | None:
    """The words with which an answer that then gives a value says it is not sure (:data:`_UNSURE_BUT`),
    or None: a hedged answer, as freetext's ``I'm not sure, but ...`` is (a bare ``I'm not sure.`` is a
    none answer).

    >>> unsure_but("I'm not sure of the exact figure, but roughly 34 kcal."), unsure_but("I'm not sure.")
    ("i'm not sure", None)
    """
    match = _UNSURE_BUT.match(item)
    return " ".join(match.group("unsure").casefold().replace("’", "'").split()) if match else None


_OWN_VERB_DENIED = re.compile(r"\b(?:not|never)\s+(?:been\s+|be\s+)?(?:(?:formally|properly|systematically|scientifically|officially|fully)\s+)?(?P<verb>[a-z]+)\s*(?:[.;,!]|$)", re.IGNORECASE)
"""``not`` or ``never`` before a verb with nothing after it: ``not excavated.``, ``has never been
excavated``, ``not formally excavated``."""


def denies_own_verb(item: str, words: set[str]) -> str | None:
    """The words with which ``item`` denies the relation's own verb (one of ``words``) with no object
    after it, or None: ``It was found by treasure hunters, not excavated.`` of who excavated it says
    no one did (``It does not border Portugal.`` denies one answer alone).

    >>> denies_own_verb("It was found by treasure hunters (illegally), not excavated.", {"excavated"})
    'not excavated'
    >>> denies_own_verb("It does not border Portugal.", {"border"}) is None
    True
    """
    for match in _OWN_VERB_DENIED.finditer(re.sub(r"\([^()]*\)", "", item)):
        if len(match.group("verb")) > 3 and match.group("verb").casefold() in words:  # "not by Schliemann" is no verb
            return " ".join(match.group(0).strip(" .;,!").split())
    return None


_NOT_DONE = re.compile(r"^[\W_]*(?P<said>(?:not\s+|un)(?P<word>[a-z]+ed))\b[\s*_]*(?:$|[.;:,(–—-])", re.IGNORECASE)
"""A text answer that opens with ``not`` or ``un-`` and a participle alone: ``Not classified —
...``, ``Unclassified``, ``Not ranked.``; not a name that goes on (``Unclassified road``)."""
_NOT_PART = re.compile(
    r"\b(?P<said>(?:not\s+(?:part\s+of|included\s+in|listed\s+in|in)|outside)\s+any\s+(?P<word>(?:[\w-]+\s+){0,3}[\w-]+))\b"
    r"|\b(?P<has>(?:has|have|had)\s+no\s+(?P<noun>(?:[\w-]+\s+){0,2}[\w-]+))\b",
    re.IGNORECASE,
)
"""A clause of a text answer saying its head is in no ranking of the relation's kind: ``not part of
any cru classification``, ``the Rhône has no official classification of producers``."""


_NO_OTHER_TEXT = re.compile(
    r"^[\W_]*there\s+(?:is|are|was|were)\s+no\s+(?:other|further|additional|alternative|separate|known|specific)?\s*"
    r"(?P<noun>(?:[\w-]+\s+){0,2}[\w-]+)\s*[.!]?\s*$",
    re.IGNORECASE,
)
"""A text answer that is a sentence saying there is no value: ``There is no other local name.``"""
_DEPENDS = re.compile(r"^[\W_]*(?:it|this|that)\s+(?:all\s+)?depends\s+on\s+[^,;:]+?[.!]?\s*$", re.IGNORECASE)
"""A text answer that is only a sentence saying the value depends on something: ``It depends on the route.``"""


def says_none(text: str, relation: Relation) -> str | None:
    """The words with which a text answer, a sentence alone, says it has no value (``There is no
    other local name.``, the relation's word in it) or that the value depends on another thing
    (``It depends on the route.``; not of a relation that asks what the head depends on: ``It
    depends on OpenSSL.``), or None: a none answer."""
    words = {w.casefold() for w in _own_words(relation)}
    if (none := _NO_OTHER_TEXT.match(text)) is not None and _says_relation(none.group("noun"), words):
        return " ".join(none.group(0).strip(" .!").split())
    if _DEPENDS.match(text) and not any(w.startswith("depend") for w in words):
        return " ".join(text.strip(" .!").split())
    return None


_HEDGED_ORIGIN = re.compile(
    r"^(?P<value>[^;]+?)\s*;\s*(?:possibly|probably|perhaps|maybe|(?:most\s+)?likely)\s+(?:derived\s+)?(?:from|named\s+after|meaning)\b.*$",
    re.IGNORECASE | re.DOTALL,
)
"""A text value and, after a semicolon, a hedged account of where it comes from: ``Aconcagua;
possibly from Quechua Ackon Cahuak, 'Sentinel of Stone'``."""


def before_hedged_origin(text: str) -> str | None:
    """The value before a hedged account of its origin (:data:`_HEDGED_ORIGIN`), or None: the
    hedge is the etymology's, the value the answer; the etymology no value.

    >>> before_hedged_origin("Aconcagua; possibly from Quechua Ackon Cahuak, 'Sentinel of Stone'")
    'Aconcagua'
    >>> before_hedged_origin("Aconcagua; also called Ancucahuac") is None
    True
    """
    match = _HEDGED_ORIGIN.match(text.strip())
    return match.group("value").strip() if match else None


def _participle_of(word: str, words: set[str]) -> bool:
    """Whether ``word`` (``classified``, ``ranked``, ``rated``) is a participle of one of ``words``
    (``classification``, ``ranking``, ``rating``): its stem opens one of them."""
    stem = word.casefold()[:-3] if word.casefold().endswith("ied") else word.casefold()[:-2]
    return len(stem) >= 3 and any(len(w) >= 4 and w.startswith(stem) for w in words)


def denies_own_word(text: str, relation: Relation) -> str | None:
    """The words with which a text answer says the head has no value of the relation in its own
    words, or None: a none answer. ``Not classified — the Rhône has no official classification of
    producers.`` and ``Unclassified`` of a winery's classification, ``Ribera del Duero DO producer;
    not part of any cru classification`` (its first clause a gloss, no classification); not ``Not
    Evaluated`` of a conservation status (another word: IUCN's category), nor ``Unclassified road``."""
    words = {w.casefold() for w in _own_words(relation)}
    if (lead := _NOT_DONE.match(text)) is not None and _participle_of(lead.group("word"), words):
        return " ".join(lead.group("said").split())
    for match in _NOT_PART.finditer(re.sub(r"\([^()]*\)", "", text)):
        if _says_relation(match.group("word") or match.group("noun"), words):
            return " ".join((match.group("said") or match.group("has")).split())
    return None


_NO_LONGER_HELD = re.compile(r"^[\W_]*(?P<word>withdrawn|suspended|revoked|rescinded|defunct|discontinued)\b[\s*_]*(?:$|[.;:,(–—-])", re.IGNORECASE)
"""A text answer that opens with a status alone saying the value the head had is held no more:
``Withdrawn — S&P, Moody's and Fitch withdrew their ratings in 2022.``, ``Suspended (2022)``; not a
name that goes on (``Suspended Animation``, ``Withdrawn from sale in 2004``)."""
_STATUS_WORDS = frozenset({"status", "state", "fate", "stage", "phase", "condition", "outcome", "result", "availability", "title", "name", "motto"})
"""Words of a relation whose values may be such a word: a status (a trial's ``recruitment status``:
``Withdrawn``, ``Suspended``; a drug's ``marketing status``; a locomotive's ``fate``), or a name (a
film's ``English title``: ``Suspended``)."""


def no_longer_held(text: str, relation: Relation) -> str | None:
    """The status with which a text answer says the head's value of the relation is held no more
    (:data:`_NO_LONGER_HELD`), or None: no current value, as a past value is (``Withdrawn`` of a
    country's credit rating is no rating). None of a relation whose values are statuses
    (:data:`_STATUS_WORDS`: ``Withdrawn`` is a trial's recruitment status)."""
    match = _NO_LONGER_HELD.match(text)
    named = {w.casefold() for name in (relation.name, *relation.synonyms) for w in re.findall(r"[A-Za-z][a-z]*", name)}
    if match is None or named & _STATUS_WORDS:
        return None
    return match.group("word").casefold()


def done_without(gloss: str, words: set[str]) -> str | None:
    """The words with which an item's gloss says the item does without the relation (``without``
    and the name of an act, ``-tion``, ``-ment``, ``-ing``, sharing its first six letters with one
    of the relation's ``words``), or None: no answer (``apomictic (sets seed without pollination)``
    of a plant's pollinators; ``Spain (without Ceuta)`` and ``France (without border controls)`` of
    a country's neighbours are Spain and France).

    >>> done_without("sets seed without pollination", {"pollinated", "by"}), done_without("without border controls", {"borders"})
    ('without pollination', None)
    """
    stems = {w[:6] for w in words if len(w) >= 6}
    match = next((m for m in re.finditer(r"\bwithout\s+(?P<word>[a-z]+(?:tion|sion|ment|ing))\b", gloss, re.IGNORECASE) if m.group("word").casefold()[:6] in stems), None)
    return " ".join(match.group(0).split()) if match else None
