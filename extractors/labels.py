"""The labels a chat model sets before its answer and the remarks it writes beside it:
``**Capital:** Hargeisa`` gives ``Hargeisa`` when the label is the relation's (:func:`labelled_value`,
:func:`line_label`, :func:`names_one`), ``Country: France`` above France's neighbours names the
head, no answer (:func:`labels_head`), ``The DOI is 10.1038/nature14539.`` says a text value in
the relation's words (:func:`stated_value`), and ``Note: ...`` or ``Hope this helps!`` is a
remark (:func:`is_remark`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Collection

from extractors.chat_answers import COMPASS, full_name, split_bracketed
from kg.iri import normalize_label
from kg.languages import ENGLISH, Language

if TYPE_CHECKING:
    from kg.ontology import Relation

__all__ = [
    "labelled_value", "own_labelled", "line_label", "labels_head", "names_one", "is_remark", "possessed_value", "role_labelled", "stated_value",
]

_RELATION_LABEL_WORDS = 4  # a label in the relation's own words is short: "Capital city", "Final answer"


_LABELLED = re.compile(
    r"^(?P<em>\*\*|__)?(?P<label>[^\W\d_][^:*_]{0,40}?)(?:(?P=em)\s*:|:\s*(?P=em)|(?(em)(?!)|:))\s*(?P<value>\S.*)$"
)
"""A line that opens with a label and a colon: ``**Capital:** Hargeisa``, ``**Capital city**:
Hargeisa``, ``Population: 5.7 million``."""
_IDENTIFIER = re.compile(r"[A-Z]{2,6}-\d+(?:-\d+)*")
"""A catalogue's identifier, letters, a dash and figures (``CWE-78``, ``CVE-2021-44228``): before a
colon it is the answer, the name after it its gloss, never a label over the answer (though "CWE"
is a word of the relation's label "CWE weakness")."""
_ANSWER_LABELS = {"answer", "final", "result", "response", "short"}
"""Words a chat model labels its answer with, whatever the relation: ``**Final answer:** ...``."""


@lru_cache(maxsize=16)
def _remark_lead(language: Language) -> re.Pattern[str]:
    """A line a chat model opens as a remark on its answer, in English or ``language``: ``Note:
    ...``, ``**Disclaimer:** ...``, ``*Note:* ...``, ``Hinweis: ...``, ``Remarque : ...`` (French
    sets a space before the colon)."""
    words = "|".join(re.escape(w) for w in sorted({*ENGLISH.remarks, *language.remarks}, key=len, reverse=True))
    return re.compile(rf"^(?:\*\*|__|\*|_)?(?:{words})\.?(?:\*\*|__|\*|_)?\s*:", re.IGNORECASE)


def line_label(item: str) -> tuple[str, str] | None:
    """The label and the value of a line that opens with a label and a colon (``**Capital:**
    Hargeisa``: ``("Capital", "Hargeisa")``); None for a line without one."""
    match = _LABELLED.match(item.strip())
    return (match.group("label").strip(), match.group("value")) if match else None


def _word_stem(word: str) -> str:
    """A word of a label as :func:`labelled_value` compares it: case-folded, without a plural
    ("Neighbours" is "neighbour", "Countries" "country")."""
    w = word.casefold()
    return w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") and not w.endswith("ss") else w


_LIST_LABELS = {_word_stem(w) for w in (
    "region", "state", "province", "county", "district", "territory", "location", "dependency", "requirement", "trait",
    "feeling", "emotion", "overseas",
)}
"""The words of a label a chat model lists its answers under whatever the relation: ``Region:
West Africa``, ``Dependencies: numpy, pytz``, ``Traits: tired, sleepy``, ``North/East: France``."""
_LABEL_WORDS = 3  # a label of other words is short: "Runtime dependencies", "Bordering countries"


_ROOT_END = re.compile(r"(?:er|or|ed|ing)$")
"""The ending of a doer or a participle: "Designer" and "designed" share "design"."""


def _same_root(word: str, stem: str) -> bool:
    """Whether a label's word is a form of one of the relation's words: "Dependencies" of
    "depends", "Required" of "requires", "Bordering" of "borders", "Designer" of "designed",
    "Creator" of "created" (one opens the other, with or without such an ending, five letters or
    more; "PersonY" is no form of "PersonX")."""
    for pair in ((word, stem), (_ROOT_END.sub("", word), _ROOT_END.sub("", stem))):
        shorter, longer = sorted(pair, key=len)
        if len(shorter) >= 5 and longer.startswith(shorter):
            return True
    return False


def own_labelled(item: str, words: set[str]) -> str:
    """The value of a line labelled in the relation's own words (``words``: ``ISO 639-1: en`` of
    an ISO 639-1 code gives ``en``), ``item`` as it is otherwise: :func:`labelled_value` without
    the labels a chat model lists under (``Region:``), as a user's file is read."""
    return labelled_value(item, words, known=lambda _: True)


def _identified(label: str, value: str) -> bool:
    """Whether a line's ``label`` is a catalogue's identifier and ``value`` the name of what it
    identifies, capitalised: ``CWE-78: OS Command Injection``; not the name of a code before its
    figures or letters (``ISBN-10: 0-261-10320-2``, ``SHA-256: e3b0c442...``)."""
    return _IDENTIFIER.fullmatch(label.strip()) is not None and re.match(r"[*_`]*[A-Z][A-Za-z]", value) is not None


def labelled_value(
    item: str, words: set[str], kinds: Collection[str] = (), known: Callable[[str], bool] | None = None, head: str = "",
) -> str:
    """The value of a line a chat model labels: ``**Capital:** Hargeisa``, ``- **Capital city**:
    Hargeisa``, ``**Neighbours:** Ethiopia and Djibouti`` and ``**Answer:** to buy food`` give
    what follows the label, when the label's words are the relation's (``words``:
    :func:`relation_words`) or name the answer; so do a label of at most three words whose last
    is a form of one of the relation's words (``Dependencies``, ``Land borders``), a kind of
    thing the domain has (``kinds``: ``Bordering countries``, ``Continent``) or a word answers
    are listed under (``Region``, ``Traits``, ``North/East``), unless ``known`` says it is a name
    (``United States: ...``, ``Vatican City: ...``); ``item`` as it is otherwise (``**Spain:**
    the longest border`` is Spain and its gloss: :func:`split_gloss`). A label of the ``head`` is
    read without it: ``Capital of France: Paris``, ``Members of Queen: ...``."""
    labelled = line_label(item)
    if labelled is None or _identified(*labelled):  # "CWE-78: OS Command Injection": the weakness, its name a gloss
        return item
    written, value = labelled
    label = re.findall(r"[^\W\d_]+", _of_head(written, head))
    stems = {_word_stem(w) for w in words}
    if label and len(label) <= _RELATION_LABEL_WORDS and all(_word_stem(w) in stems | _ANSWER_LABELS for w in label):
        return value
    if not label or len(label) > _LABEL_WORDS or (known is not None and known(written)):
        return item
    last = _word_stem(label[-1])
    said = last in {_word_stem(k) for k in kinds} or last in _LIST_LABELS or last in COMPASS or any(_same_root(last, w) for w in stems)
    return value if said else item


_ROLE_LABEL = re.compile(
    r"(?:Current\s+)?(?:Chair(?:man|woman|person)?|Governor|President|CEO|Chief\s+Executive(?:\s+Officer)?|Managing\s+Director"
    r"|Director(?:[- ]General)?|Secretary[- ]General|Prime\s+Minister|Mayor|Head|Leader|Founder|Dean|Rector|Chancellor|Speaker)",
    re.IGNORECASE,
)
"""An office a chat model labels the person holding it with: ``Chair``, ``Governor``, ``CEO``,
``Current President``; never a deputy's (``Vice Chair``), a former holder's (``Former President``)
nor another's (``Successor``), whose holder is another person."""


def role_labelled(item: str) -> str:
    """The person a line names after the office they hold as its label, the office their gloss:
    ``Chair: Jerome H. Powell`` is ``Jerome H. Powell (Chair)``, ``**CEO:** Tim Cook`` ``Tim Cook
    (CEO)``; ``item`` as it is otherwise: a deputy's or a former holder's office (``Vice Chair:
    Philip Jefferson``, ``Former Governor: Mark Carney``), another label (``Country: France``) or no
    full name after it (``President: none``, ``Chair: vacant``).

    >>> role_labelled("Chair: Jerome H. Powell"), role_labelled("Vice Chair: Philip Jefferson")
    ('Jerome H. Powell (Chair)', 'Vice Chair: Philip Jefferson')
    """
    labelled = line_label(item)
    if labelled is None or not _ROLE_LABEL.fullmatch(labelled[0].strip(" *_")):
        return item
    label, value = labelled[0].strip(" *_"), labelled[1].strip(" *_")
    name, gloss = split_bracketed(value)
    if not full_name(name.strip().rstrip(".")):
        return item
    return f"{name.strip()} ({'; '.join(filter(None, (label, gloss)))})"


def _of_head(label: str, head: str) -> str:
    """A label less the head it is of: ``Capital`` of ``Capital of France``."""
    return re.sub(rf"\s+of\s+(?:the\s+)?{re.escape(head.strip())}\s*$", "", label, flags=re.IGNORECASE) if head.strip() else label


_STATED = re.compile(
    r"^(?:(?:the|its)\s+)?(?P<label>[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*){0,2}?)(?:\s+(?:of|for)\s+.{1,80}?)?"
    r"(?:\s+(?P<verb>is|was)\s+|\s+(?=[*_`\"“]*\d))(?P<value>\S.*)$",
    re.IGNORECASE,
)


def stated_value(item: str, relation: Relation) -> str:
    """The value a sentence in the relation's own words states (a word of its name or of a
    synonym): ``The DOI is **10.1038/nature14539**.`` and ``The ISBN of Dune is
    978-0-441-17271-9 (Ace paperback).`` give what follows "is", as ``ISBN 978-0-261-10320-7``
    gives what follows an identifier's name in capitals; ``item`` as it is otherwise."""
    match = _STATED.match(item.strip())
    if match is None or not (match.group("verb") or match.group("label").isupper()):
        return item
    own = {_word_stem(w) for w in re.findall(r"[A-Za-z][a-z]*", relation.name) + [w for s in relation.synonyms for w in s.split()]}
    label = re.findall(r"[^\W\d_]+", match.group("label"))
    return match.group("value") if all(_word_stem(w) in own for w in label) else item


_POSSESSED = re.compile(
    r"^(?:his|her|its|their|the)\s+(?:(?:main|principal|chief|notable|major|primary|key|most important)\s+)?"
    r"(?P<label>[^\W\d_]+)\s+(?:were|are|was|is|included|include)\s+(?P<value>\S.*)$",
    re.IGNORECASE,
)


def possessed_value(item: str, relation: Relation) -> str:
    """The values a sentence names as the head's in the relation's own words: ``His main patrons
    were Ludovico Sforza and Francis I.`` gives what follows "were", a label in words (``Patrons:
    ...``); ``item`` as it is otherwise."""
    match = _POSSESSED.match(item.strip())
    own = {_word_stem(w) for w in re.findall(r"[A-Za-z][a-z]*", relation.name) + [w for s in relation.synonyms for w in s.split()]}
    return match.group("value") if match and _word_stem(match.group("label")) in own else item


def names_one(item: str) -> bool:
    """Whether a line's label is singular, announcing one answer: ``Maintainer: Torvalds, Linus``
    (``Maintainers: Guido, Barry`` lists two)."""
    labelled = line_label(item)
    words = re.findall(r"[^\W\d_]+", labelled[0]) if labelled else []
    return bool(words) and _word_stem(words[-1]) == words[-1].casefold()


def labels_head(item: str, head: str, relation: Relation, reflexive: bool = True) -> bool:
    """Whether a line is a label naming the head, not an answer: ``Country: France`` above
    France's neighbours, ``City: Paris`` for the country Paris is the capital of, whatever the
    label but the relation's own (a word of its name, one of its synonyms) or one naming the
    answer, whose value is the answer even when it is the head (``Capital: Singapore``,
    ``Capital city: Kuwait``), unless the relation cannot hold of a thing and itself (not
    ``reflexive``: ``Located in: Singapore`` for Singapore)."""
    labelled = line_label(item)
    if labelled is None or not head.strip() or normalize_label(labelled[1]) != normalize_label(head):
        return False
    if not reflexive:
        return True
    label = [_word_stem(w) for w in re.findall(r"[^\W\d_]+", labelled[0])]
    own = {_word_stem(w) for w in re.findall(r"[A-Za-z][a-z]*", relation.name)} | _ANSWER_LABELS
    synonyms = {" ".join(map(_word_stem, phrase.split())) for phrase in relation.synonyms}
    return not own.intersection(label) and " ".join(label) not in synonyms


_COURTESY = re.compile(
    r"(?:i )?hope (?:this|that|it) helps\b.*|(?:please )?let me know if\b.*|"
    r"(?:please )?(?:feel free|don't hesitate) to (?:ask|reach out|let me know|contact)\b.*|(?:is there )?anything else\b.*\?|"
    r"(?:i )?hope (?:this|that|these|those|it|they|you)\b.*\b(?:useful|helpful|of use|answers your question)\b.*|hth\W*|"
    r"(?:thanks|thank you)(?: (?:so much|for (?:asking|the question|your question|reading)))?\W*|cheers!+|"
    r"(?:would|do) you (?:like|want|need)\b.*\?|(?:shall|should|can) i\b.*\?|"
    r"(?:certainly|sure|of course|absolutely|great question|good question|here you go)[.!]+|"
    r"(?:i'm |i am |i'd be )?(?:happy|glad) to (?:provide|give|share|offer|suggest|list|add)(?: (?:more|further|additional|other))? "
    r"(?:examples?|details?|information|ideas|suggestions|options|answers)\b.*",
    re.IGNORECASE,
)
"""A chat model's courtesy line before or after its answer, as the whole item: ``I hope that
helps!``, ``Hope that's useful.``, ``Let me know if you need more.``, ``Feel free to ask ...``,
``Thanks for asking!``, ``Would you like more detail on any of these?``, ``Certainly!``,
``Happy to provide more examples!``; ``happy to help`` and ``to say thanks`` are answers."""


def is_remark(item: str, language: Language = ENGLISH) -> bool:
    """Whether a line is the model's remark on its answer, not an answer: ``Note: Peru does
    not border Argentina.``, ``**Disclaimer:** ...``, ``I hope that helps!``, and a remark in
    ``language`` (``Hinweis: ...``, ``Remarque : ...``); a title is none (``Hope That Helps``,
    every word capitalised, or ``Hope that helps (song)``, glossed)."""
    if _remark_lead(language).match(item.strip()) is not None:
        return True
    text = item.strip(" *_")
    words = text.split()
    if split_bracketed(text)[1] is not None or (len(words) > 1 and all(w[:1].isupper() for w in words)):
        return False
    return _COURTESY.fullmatch(text) is not None
