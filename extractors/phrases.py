"""A chat model's answer that restates the fact in its own words, read back to the phrase a
dataset holds: ``PersonX might want to buy food.`` is ``to buy food`` for ``xWant``
(:func:`restated`), ``They feel happy and relieved.`` the phrases ``happy`` and ``relieved``
(:func:`phrase_answers`, :func:`conjuncts`); :func:`relation_words` are the words a relation is
said with (its name, its synonyms, its template's), which labels and sentences are matched to.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.forms import EVENT, is_verb, phrase_form
from kg.iri import local_name

if TYPE_CHECKING:
    from kg.ontology import Relation

__all__ = ["restated", "phrase_answers", "conjuncts", "relation_words"]


_CONNECTIVES = {"because", "so", "as", "a", "result", "before", "after", "then", "that", "thus", "therefore", "and"}
_SUBJECTS = {
    "personx": r"(?:person ?x|they|he|she|the person)",
    "others": r"(?:(?:the )?others|other people|everyone else|person ?y|they)",
}
"""How a chat model names ATOMIC's participants: "He wants to rest", "The others feel happy"."""
_MODALS = r"(?:(?:might|would|may|will|could|should|probably|likely|also|then|usually|often|most likely)\s+){0,3}"
_VERBS = {"feel": r"(?:feel|feels|felt)", "is": r"(?:is|are|was|were|be|been)", "want": r"(?:wants?|wanted|wish(?:es|ed)?|hopes?|hoped)",
          "need": r"(?:needs?|needed)", "intend": r"(?:intends?|intended)"}
_OPENERS = re.compile(r"^(?:before (?:this|that)|after (?:this|that)|as a result|because|so|then)\s*,?\s+", re.IGNORECASE)
"""A clause a chat model opens its sentence with: "Before this, PersonX needed to find a phone"."""


@lru_cache(maxsize=1024)
def _lead_pattern(lead: str) -> re.Pattern[str]:
    """A regex for ``lead`` ("PersonX wants", "others feel") as chat models vary it: another name
    for the participant, modal words ("might want"), the verb in another form ("wanted",
    "felt"; "intended" for "wanted"), any case; the participant may go, as an answer goes on
    from the words the prompt ended with ("Before, PersonX needed ..." answered "needed to see
    PersonY")."""
    words = lead.split()
    pattern = _SUBJECTS.get(words[0].casefold(), re.escape(words[0])) if words else ""
    if len(words) > 1:
        pattern = f"(?:{pattern}\\s+)?"
        stem = words[1].casefold()
        stem = stem[:-1] if stem.endswith("s") and stem != "is" and not stem.endswith("ss") else stem
        stem = stem[:-2] if stem.endswith("ed") and len(stem) > 4 else stem
        verb = _VERBS.get(stem, re.escape(words[1]))
        if stem == "want" and len(words) == 2:
            verb = r"(?:" + verb[3:-1] + "|" + _VERBS["intend"][3:-1] + ")"  # "because PersonX wanted": intended
        rest = "".join(r"\s+" + re.escape(w) for w in words[2:])
        # after "is", the rest may go: "PersonX is seen as kind" and "PersonX is kind"
        pattern += _MODALS + verb + (f"(?:{rest})?" if stem == "is" and rest else rest)
    return re.compile(pattern + r"\s+", re.IGNORECASE)


_MAY = r"(?:(?:can|could|may|might|would|will|should)\s+)?"
_COMMA = re.compile(r",\s+")
_JOINED = re.compile(r"(?:but|and|so|yet)\s+", re.IGNORECASE)
"""What joins a hedge to the clause that answers: "It depends on the context, but PersonX might want ..."."""
_OPENING_WORDS = 8  # "After burning the toast, PersonX would want ...": an opening clause is short


def _after_opening(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern`` matched at the start of ``text`` or after a short opening clause, its comma and
    a joining word ("After burning the toast, PersonX would want ...", "It depends on the
    context, but PersonX might want ...")."""
    match = pattern.match(text)
    if match:
        return match
    for comma in _COMMA.finditer(text):
        if len(text[: comma.start()].split()) > _OPENING_WORDS:
            break
        start = comma.end() + (len(joined.group(0)) if (joined := _JOINED.match(text, comma.end())) else 0)
        match = pattern.match(text, start)
        if match:
            return match
    return None


@lru_cache(maxsize=1024)
def _head_lead(words: tuple[str, ...]) -> re.Pattern[str]:
    pattern = r"(?:this(?: event| action)?|it|that|doing (?:this|so))\s+"
    for i, word in enumerate(words):
        w = word.casefold()
        if w in ("can", "could", "may", "might", "would", "will"):
            pattern += _MAY
        elif w == "by" and i == len(words) - 1:  # "can be hindered by": "... hindered if PersonX has no bread"
            pattern += r"(?:by|if|when)\s+"
        elif w.endswith("s") and len(w) > 3 and i == 0:  # "happens": "would happen"
            pattern += _MAY + re.escape(w[:-1]) + r"s?\s+"
        else:
            pattern += re.escape(w) + r"\s+"
    last = words[-1].casefold() if words else ""
    if last in _BARE:  # the lead's last word alone, as the prompt ended: "This can be hindered by ..." answered "If PersonX is shy"
        pattern = rf"(?:{pattern}|{_BARE[last]}\s+(?!(?:this|that|it)\b))"
    return re.compile(pattern, re.IGNORECASE)


_BARE = {"by": "(?:by|if|when)", "after": "after", "before": "before", "because": "because"}
"""The words a lead naming the head ends with that an answer may open with alone: "If PersonX is
shy" (hindered by), "After PersonX meets PersonY" (happens after); not "After this, ..."."""


def _pronoun_lead(before: str, head: str) -> re.Pattern[str] | None:
    """For a verbalisation that names the head ("{head} happens after {tail}"), the lead as a
    chat model says it of the event: "This happens after ...", "It could be hindered if ..."."""
    if not before.startswith(head):
        return None
    words = tuple(before[len(head) :].replace(";", " ").replace(",", " ").split())
    return _head_lead(words) if words else None


@lru_cache(maxsize=4096)
def _leads(template: str, head: str) -> tuple[re.Pattern[str] | None, str, tuple[str, ...], tuple[str, ...]]:
    """(the lead as said of the event, for a template naming the head: :func:`_pronoun_lead`;
    the template's words after {tail}, case-folded; the leads a restatement may open with,
    case-folded, longest first; the words of the last clause)."""
    before, _, after = template.partition("{tail}")
    before = before.replace("{head}", head)
    segments = re.split(r"(?<=[;,:])", before)
    leads = [" ".join("".join(segments[i:]).split()).strip(" ;,:") for i in range(len(segments))]
    words = leads[-1].split() if leads else []  # the last clause without its connective:
    while len(words) > 1 and words[0].casefold() in _CONNECTIVES:  # "because PersonX wanted" -> "PersonX wanted"
        words = words[1:]
        leads.append(" ".join(words))
    tail_words = " ".join(after.replace("{head}", head).split()).strip(" .;,").casefold()
    return _pronoun_lead(before, head), tail_words, tuple(lead.casefold() for lead in leads), tuple(words)


def restated(item: str, head: str, relation: Relation) -> str:
    """The tail of an item that restates the fact in the relation's own words, as chat models
    answer: with the verbalisation "{head}; as a result, PersonX wants {tail}", "PersonX wants
    to buy food." (or "He might want to buy food.") gives "to buy food"; with "the capital of
    {head} is {tail}", "The capital of France is Paris." gives "Paris"; the words after {tail}
    ("a dish of {tail} cuisine") go too. The item is returned as it is when it does not restate,
    or restates nothing else but a gloss in brackets."""
    template = relation.verbalization or ""
    if "{tail}" not in template or not head:
        return item
    said_of_event, tail_words, leads, words = _leads(template, head)
    text = " ".join(item.split())
    folded = text.casefold()
    for lead in leads:  # the whole lead first, then shorter ones
        if lead and folded.startswith(lead + " "):
            text = text[len(lead) + 1 :].strip()
            break
    else:  # the last clause as a chat model varies it, after an opening clause ("Before this, ...")
        clause = " ".join(words)
        # a participant's clause ("PersonX wants"), not one naming the head ("{head} happens
        # after", whose head may start with PersonX too): a few patterns in all, not one a head
        varied = bool(words) and words[0].casefold() in _SUBJECTS and head not in clause
        opened = _OPENERS.sub("", text, count=1) if varied else text
        pattern = _lead_pattern(clause) if varied else said_of_event
        match = _after_opening(pattern, opened) if pattern is not None else None
        if match:
            text = opened[match.end() :].strip()
    if tail_words and text.casefold().rstrip(" .!").endswith(" " + tail_words):
        text = text.rstrip(" .!")[: -len(tail_words) - 1].strip()
    return item if re.fullmatch(r"(?:\([^()]*\))?[\s.!]*", text) else text  # "Tesla Model 3 platform (shared with Model Y)": the name whole


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_CONJUNCT = re.compile(r"\s*,\s*(?:and|or)\s+|\s*,\s+|\s+(?:and|or)\s+", re.IGNORECASE)
_MAX_CONJUNCTS = 5


def phrase_answers(item: str, head: str, relation: Relation) -> tuple[list[str], int] | None:
    """(tails, remarks) of a chat answer in prose about a phrase domain's head: each sentence in
    the relation's words gives its tail (:func:`restated`), and a tail that joins phrases of one
    form gives each ("PersonX would want to make another slice and clean up the mess." gives "to
    make another slice" and "to clean up the mess"); a sentence not in the relation's words is a
    remark. None when no sentence restates (the item is a tail as it is)."""
    tails: list[str] = []
    remarks = 0
    for sentence in _SENTENCE_END.split(" ".join(item.split())):
        tail = restated(sentence, head, relation)
        if tail == sentence:
            remarks += 1
            continue
        tails.extend(conjuncts(tail.rstrip(" .!")))
    return (tails, remarks) if tails else None


def conjuncts(tail: str) -> list[str]:
    """The phrases ``tail`` joins with commas, "and" or "or": after an infinitive, each part that
    opens with a verb, the "to" carried over ("to make toast and clean up" gives "to make toast",
    "to clean up"; not "to eat bread and butter"); else each part that is an event or a
    characteristic by its form (:mod:`kg.forms`) or opens with a verb or a copula ("smells
    smoke, is late for work"). ``[tail]`` when a part is not."""
    parts = [p.strip() for p in _CONJUNCT.split(tail) if p.strip()]
    if not 2 <= len(parts) <= _MAX_CONJUNCTS:
        return [tail]
    if phrase_form(parts[0]) == EVENT and parts[0].casefold().startswith("to "):
        bare = [p[3:] if p.casefold().startswith("to ") else p for p in parts[1:]]
        if not all(is_verb(w) or w in _BASE_COPULAS for w in (b.split()[0].casefold() for b in bare)):
            return [tail]
        return [parts[0], *("to " + b for b in bare)]
    if not all(_phrase_like(p) for p in parts):
        return [tail]
    return parts


def _phrase_like(part: str) -> bool:
    first = part.split()[0].casefold()
    return phrase_form(part) is not None or phrase_form(first) is not None or first in _COPULAS or is_verb(first)


_COPULAS = {"is", "are", "was", "were", "feels", "feel", "seems", "becomes", "gets"}
"""A phrase opened by a copula is a state or a change (``is late for work``): of the same kind as
the events it is listed with, though :mod:`kg.forms` gives it no form on its own."""
_BASE_COPULAS = {"be", "feel", "seem", "become"}
"""After an infinitive ("to be healthy"): verbs kg.forms leaves out of its lexicon."""


def relation_words(relation: Relation) -> set[str]:
    """The words a sentence uses to say the relation (its synonyms and name) or to name the kinds
    of things it joins (its domain and range classes: "France is a country."): never its answer."""
    words = {w for phrase in relation.synonyms for w in phrase.casefold().split()}
    names = [relation.name] + [local_name(c) for c in (relation.domain, relation.range) if c]
    return words | {w.casefold() for name in names for w in re.findall(r"[A-Za-z][a-z]*", name)}


_OWN = re.compile(
    r"^(?:[^.;:\n]*?\s)?(?:is|are|was|acts as|serves as)\s+(?:its|their|his|her)\s+own\s+(?P<what>[a-z][a-z -]*?)"
    r"(?:\s*\([^()]*\))?\s*[.!]?$"
    r"|^(?:(?:it|this|the same)\s+(?:is\s+)?)?itself(?:\s*\([^()]*\))?\s*[.!]?$",
    re.IGNORECASE,
)
"""A sentence that says the head is its own answer: "The Higgs boson is its own antiparticle.",
"It is its own antiparticle (π⁰).", "Itself."."""


def own_answer(relation: Relation, text: str) -> bool:
    """Whether ``text`` says the head is its own answer to ``relation`` (:data:`_OWN`): "its own
    X" where X is the relation's name or a word of a synonym ("its own antiparticle" of an
    antiparticle), or "itself" alone. "It has its own capital", and "It is its own country" of a
    relation of another name (a located-in whose range is a country), say no such thing.

    >>> from rdflib import URIRef
    >>> from kg.ontology import Relation
    >>> anti = Relation("antiparticle", URIRef("x:a"), "", "", synonyms=["antiparticle"])
    >>> [own_answer(anti, t) for t in ("The Higgs boson is its own antiparticle.", "Itself.", "It is its own country.")]
    [True, True, False]
    """
    found = _OWN.match(text.strip())
    if found is None:
        return False
    what = found.group("what")
    said = {w.casefold() for phrase in (relation.name, *relation.synonyms) for w in re.findall(r"[A-Za-z][a-z]*", phrase)}
    return what is None or what.casefold().rstrip("s") in {w.rstrip("s") for w in said}
