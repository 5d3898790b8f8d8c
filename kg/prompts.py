"""Prompts built from a domain's relation templates.

Two kinds (a plugin adds more: :data:`kg.registry.prompts`, entry-point group ``kg.prompts``):

- ``list``: few-shot prompts in the style of West et al.'s symbolic knowledge distillation
  (ATOMIC-10x): a few solved examples of one relation, then the new head; the teacher answers
  with a numbered list of tails (read by :mod:`extractors.lists`).
- ``json``: an open prompt asking for triples about a topic as a JSON array of
  ``{"subject", "predicate", "object"}`` objects (read by :mod:`extractors.json_triples`).

With ``rationales``, a prompt also asks the teacher why: a list answer gives each phrase a
``because ...`` clause, a JSON answer a ``"reason"`` key (the extractors keep the reason with
the candidate, and the store with the fact's evidence). Without it the text is exactly as before,
so prompt ids and cached answers do not change.

Few-shot examples come from what the store has already accepted for that relation when there
is any, else from the domain's own examples (``Relation.examples``: ``examples`` in ``relations.toml``,
else its reference graph). A prompt's id is a hash of its text, so the same text always has the
same id, whatever run builds it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from rdflib import RDFS, SKOS, XSD, Literal, URIRef

from kg.errors import ConfigError, KGError, part_fault
from kg.iri import local_name
from kg.languages import LANGUAGES
from kg.namespaces import KG
from kg.xsd import DECIMAL_TYPES, INTEGER_TYPES

if TYPE_CHECKING:
    from kg.ontology import Domain, Relation

__all__ = [
    "Prompt", "prompt_id", "build_prompts", "list_prompts", "json_prompts", "few_shot_examples", "wording_digest", "same_wording",
    "recognise", "question_of",
]

MAX_TAILS_PER_SHOT = 3


def prompt_id(text: str) -> str:
    """The deterministic id of a prompt text."""
    return "p-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Prompt:
    """One prompt: its text, its kind (which extractor reads the answer) and what it asks about."""

    id: str
    text: str
    kind: str = "list"
    head: str | None = None
    relation: str | None = None
    topic: str | None = None
    rationales: bool = False
    """Whether the prompt asks the teacher to give a reason with each answer."""

    @classmethod
    def make(cls, text: str, kind: str = "list", **about: Any) -> "Prompt":
        """A prompt whose id is the hash of its text."""
        return cls(prompt_id(text), text, kind, **about)


def _head_phrase(relation: Relation, head: str) -> str:
    return relation.prompt_for(head) if relation.prompt else f"{head} {relation.name}:"


def _store_examples(
    store: Any, relation: Relation, exclude: frozenset[str], shots: int, language: str
) -> list[tuple[str, list[str]]]:
    """Accepted (head label, tail labels) pairs for one relation, deterministic order: each
    entity under its label in ``language`` (or untagged), none about a head named in ``exclude``."""
    iri = URIRef(str(relation.iri))
    literal = relation.object_is_literal
    tail = "?o" if literal else "?tl"
    tail_label = "" if literal else "?o rdfs:label ?tl ."
    sparql = (
        f"SELECT ?s ?hl {tail} WHERE {{ ?s <{iri}> ?o . ?s rdfs:label ?hl . {tail_label} }} "
        f"ORDER BY ?hl {tail} LIMIT 500"
    )
    try:
        rows = store.query(sparql, graph="accepted").bindings()
    except KGError:  # a store that refuses the query (a remote one): no examples
        return []
    about_head = {str(row.get("s")) for row in rows if str(row.get("hl", "")).casefold() in exclude}
    grouped: dict[str, list[str]] = {}
    for row in rows:
        head, value = row.get("hl"), row.get("tl", row.get("o"))
        if not head or value is None or str(row.get("s")) in about_head:
            continue
        if not (_in_language(head, language) and (literal or _in_language(value, language))):
            continue
        tails = grouped.setdefault(str(head), [])
        if len(tails) < MAX_TAILS_PER_SHOT and str(value) not in tails:
            tails.append(str(value))
    return _pick(grouped, shots)


def _in_language(value: object, language: str) -> bool:
    """Whether a label shows in a prompt in ``language``: it is untagged or tagged so
    ("lion"@en, "lion", "lion"@en-GB in an English prompt; not "Löwe"@de)."""
    tag = getattr(value, "language", None)
    return not tag or tag.lower() == language or tag.lower().startswith(language + "-")


def _pick(grouped: dict[str, list[str]], shots: int, *, written: bool = False) -> list[tuple[str, list[str]]]:
    # spread the picks over the sorted heads (the domain's own examples: in their written
    # order), so examples are deterministic yet varied
    heads = list(grouped) if written else sorted(grouped)
    if len(heads) <= shots:
        return [(h, grouped[h]) for h in heads]
    step = len(heads) / shots
    return [(heads[int(i * step)], grouped[heads[int(i * step)]]) for i in range(shots)]


def _domain_examples(domain: Domain, relation: Relation, exclude: frozenset[str], shots: int) -> list[tuple[str, list[str]]]:
    grouped: dict[str, list[str]] = {}
    for example_head, example_tails in relation.examples:
        if example_head.casefold() not in exclude:
            known = grouped.setdefault(example_head, [])
            known.extend(t for t in dict.fromkeys(example_tails) if t not in known)
    written = bool(grouped)
    reference = domain.reference
    if not grouped and reference is not None:
        iri = URIRef(str(relation.iri))
        language = domain.language.code
        for s, o in sorted(reference.subject_objects(iri), key=lambda so: (str(so[0]), str(so[1]))):
            if (s, KG.namesSeveral, Literal(True)) in reference and len(set(reference.objects(s, iri))) > 1:
                continue  # one name for several places (Barcelona): "1. 1686208 2. 815141" would teach two populations
            if str(s).casefold() in exclude:  # its IRI: among the head's names when any of its names is (_names_index)
                continue  # the head itself, under another of its names ("Löwe" for lion): it would give the answer away
            head = _label(reference, s, language)
            tail = str(o) if isinstance(o, Literal) else _label(reference, o, language)
            if head and tail:
                tails = grouped.setdefault(head, [])
                if len(tails) < MAX_TAILS_PER_SHOT:
                    tails.append(tail)
            if len(grouped) > 200:
                break
    return _pick({h: t[:MAX_TAILS_PER_SHOT] for h, t in grouped.items()}, shots, written=written)


_NAMES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
"""The predicates that name an entity in a domain's graphs."""


def _label(graph: Any, node: Any, language: str) -> str:
    """``node``'s label as a prompt in ``language`` shows it: tagged so, else untagged; "" when
    it has labels in other languages only (an English prompt shows no "Löwe"); its local name
    when it has none."""
    labels = sorted(graph.objects(node, RDFS.label), key=lambda label: (not getattr(label, "language", None), str(label)))
    for label in labels:
        if _in_language(label, language):
            return str(label)
    return "" if labels else local_name(node).replace("_", " ")


def _names_index(domain: Domain) -> dict[str, frozenset[str]]:
    """Each name (casefolded) an entity has in the domain's graphs, and its IRI, mapped to all
    the names of the entities so named: "lion" → {"lion", "löwe", "león", "panthera leo",
    ".../lion"}. A few-shot example about any of them would show the prompt its own answer."""
    names_of: dict[Any, set[str]] = {}
    for graph in (domain.ontology, domain.reference):
        if graph is None:
            continue
        for predicate in _NAMES:
            for node, name in graph.subject_objects(predicate):
                names_of.setdefault(node, {str(node).casefold()}).add(str(name).casefold())
    index: dict[str, set[str]] = {}
    for names in names_of.values():
        for each in names:
            index.setdefault(each, set()).update(names)
    return {each: frozenset(names) for each, names in index.items()}


def _head_names(index: dict[str, frozenset[str]], head: str) -> frozenset[str]:
    """The names of the entity ``head`` names (:func:`_names_index`), ``head`` among them."""
    wanted = head.casefold()
    return index.get(wanted, frozenset()) | {wanted}


def few_shot_examples(
    domain: Any, relation: Any, *, store: Any = None, exclude: str = "", shots: int = 3
) -> list[tuple[str, list[str]]]:
    """``shots`` solved examples (head, tails) for ``relation``: the store's accepted facts when
    it has any, else the domain's own examples. None is about ``exclude`` (the prompt's head)
    under any of its names in the domain's graphs, and each entity shows its label in the
    domain's language (or an untagged one)."""
    if shots <= 0:
        return []
    return _few_shots(domain, relation, store, _head_names(_names_index(domain), exclude) if exclude else frozenset(), shots)


def _few_shots(
    domain: Domain, relation: Relation, store: Any, excluded: frozenset[str], shots: int
) -> list[tuple[str, list[str]]]:
    if shots <= 0:
        return []
    if store is not None:
        found = _store_examples(store, relation, excluded, shots, domain.language.code)
        if found:
            return found
    return _domain_examples(domain, relation, excluded, shots)


ONE_ITEM = re.compile(r"\bAnswer with one item\b")
"""A relation's question that asks for one value ("Answer with one item: a year.")."""
_LIST_WHY = (
    ' After each phrase write "because" and a short reason why it holds, on the same line '
    '(for example: "1. {example}").'
)
_WHY_EXAMPLE = {True: "to eat it because they are hungry", False: "<answer> because <a short reason>"}
"""The reason's example: a phrase's in a domain of phrases (typed by form: ATOMIC's), else a
pattern (a domain of drugs or films is not asked about eating)."""
_JSON_WHY = 'Give each object a "reason" key too: a short reason why the fact holds.\n'


def _list_prompt(
    domain: Domain, relation: Relation, head: str, store: Any, shots: int, rationales: bool, excluded: frozenset[str]
) -> Prompt:
    from kg.forms import typed_by_form

    examples = _few_shots(domain, relation, store, excluded, shots)
    # a relation whose question asks for one item ("Answer with one item: a year.", as `kg domain
    # new` writes it) is no list: no numbered-list instruction before it, one value per example
    one = ONE_ITEM.search(relation.prompt) is not None and not domain.list_instruction and not rationales
    # the teacher answers in its language; with no examples there are none to complete the last item as
    instruction = domain.list_instruction or (domain.language.list_instruction if examples else domain.language.answer_instruction)
    parts = [] if one else [instruction + (_LIST_WHY.format(example=_WHY_EXAMPLE[typed_by_form(domain)]) if rationales else "")]
    for ex_head, tails in examples:
        if one:
            parts.append(f"{_head_phrase(relation, ex_head)}\n{_in_form(domain, relation, tails[0])}")
            continue
        lines = "\n".join(f"{i}. {_in_form(domain, relation, t)}" for i, t in enumerate(tails, 1))
        parts.append(f"{_head_phrase(relation, ex_head)}\n{lines}")
    parts.append(_head_phrase(relation, head))
    text = "\n\n".join(parts) + "\n"
    return Prompt.make(text, "list", head=head, relation=relation.name, rationales=rationales)


_DECIMAL = re.compile(r"-?\d+\.\d+")


def _in_form(domain: Domain, relation: Relation, value: str) -> str:
    """An example's value as the domain's language writes it: a decimal comma where it has one
    ("310,7", not the stored "310.7", which a German teacher copies: its "2.125" reads 2125)."""
    if domain.language.decimal_comma and str(relation.datatype) in DECIMAL_TYPES and _DECIMAL.fullmatch(value):
        return value.replace(".", ",")
    return _year_in_words(relation, value)


_NON_POSITIVE_YEAR = re.compile(r"-?0*\d+")
_NUMBER_TYPES = DECIMAL_TYPES | INTEGER_TYPES


def _year_in_words(relation: Relation, value: str) -> str:
    """An example's year before year 1 as prose writes it, so the teacher copies no astronomical year: the stored
    ``-0383`` of an ``xsd:gYear`` (or -383 of a year relation in a number datatype) shows as ``384 BC``, ``0000`` as
    ``1 BC`` (the stored literal unchanged); a year AD, or a value of no year relation, as stored.

    >>> from kg.ontology import Relation
    >>> year = Relation("birthYear", URIRef("http://example.org/birthYear"), "", "", datatype=XSD.gYear)
    >>> _year_in_words(year, "-0383"), _year_in_words(year, "0000"), _year_in_words(year, "1781")
    ('384 BC', '1 BC', '1781')
    """
    dt = str(relation.datatype or "")
    if not _NON_POSITIVE_YEAR.fullmatch(value):
        return value
    gyear = dt == str(XSD.gYear) and int(value) <= 0
    number_year = dt in _NUMBER_TYPES and "year" in relation.name.casefold() and int(value) < 0  # 0 of "yearsActive" is no 1 BC
    return f"{1 - int(value)} BC" if gyear or number_year else value


@dataclass(frozen=True)
class _JsonWords:
    """A JSON prompt's sentences in one language (``{topic}``, ``{language}``: slots)."""

    ask: str
    as_in: str
    example: str
    reason: str
    why: str
    write_in: str
    only: str


_JSON_WORDS = {
    "en": _JsonWords(
        'List true facts about "{topic}" as a JSON array of objects with the keys "subject", "predicate" and "object". '
        "Use only these predicates:", "as in:", "Example:", "why it holds", _JSON_WHY,
        "Write the subjects and objects in {language}.\n", "Answer with the JSON array only.\n"),
    "de": _JsonWords(
        'Nenne wahre Fakten über "{topic}" als JSON-Array von Objekten mit den Schlüsseln "subject", "predicate" und "object". '
        "Verwende nur diese Prädikate:", "wie in:", "Beispiel:", "warum es gilt",
        'Gib jedem Objekt auch einen Schlüssel "reason": eine kurze Begründung, warum die Tatsache gilt.\n',
        "Schreibe Subjekte und Objekte auf Deutsch.\n", "Antworte nur mit dem JSON-Array.\n"),
    "fr": _JsonWords(
        'Énumère des faits vrais sur « {topic} » sous forme de tableau JSON d\'objets avec les clés "subject", "predicate" et '
        '"object". N\'utilise que ces prédicats :', "comme dans :", "Exemple :", "pourquoi c\'est vrai",
        'Donne aussi à chaque objet une clé "reason" : une courte raison pour laquelle le fait est vrai.\n',
        "Écris les sujets et les objets en français.\n", "Réponds uniquement avec le tableau JSON.\n"),
    "es": _JsonWords(
        'Enumera hechos verdaderos sobre "{topic}" como un array JSON de objetos con las claves "subject", "predicate" y '
        '"object". Usa solo estos predicados:', "como en:", "Ejemplo:", "por qué es cierto",
        'Da también a cada objeto una clave "reason": una breve razón de por qué el hecho es cierto.\n',
        "Escribe los sujetos y los objetos en español.\n", "Responde solo con el array JSON.\n"),
}
"""The JSON prompt in the languages it is written in; another language's domain is asked in
English, told to write its names in its language."""


def _json_prompt(domain: Domain, topic: str, relations: Sequence[Relation], rationales: bool = False) -> Prompt:
    code = domain.language.code
    words = _JSON_WORDS.get(code, _JSON_WORDS["en"])
    described = []
    for rel in relations:
        described.append(f"- {rel.name}" + (f" ({words.as_in} {rel.verbalize('X', 'Y')})" if rel.verbalization else ""))
    text = (
        words.ask.format(topic=topic) + "\n"
        + "\n".join(described)
        + f'\n{words.example} [{{"subject": "A", "predicate": "'
        + (relations[0].name if relations else "relatedTo")
        + '", "object": "B"'
        + (f', "reason": "{words.reason}"' if rationales else "")
        + "}]\n"
        + (words.why if rationales else "")
        + (words.write_in.format(language=domain.language.name) if code != "en" else "")
        + words.only
    )
    return Prompt.make(text, "json", topic=topic, rationales=rationales)


READ_BY_BUILT_IN = ("list", "json", "rdf", "turtle", "ntriples", "text")
"""Prompt kinds our extractors read (:func:`extractors.choose_extractor`); another kind needs an
extractor registered under its name."""


def list_prompts(
    domain: Domain, heads: Iterable[str], *, store: Any, shots: int, relations: Sequence[Relation], rationales: bool
) -> list[Prompt]:
    """``list``: a few-shot prompt per head and relation, answered by a numbered list of tails."""
    prompts = []
    index = _names_index(domain)  # once: it reads the domain's graphs
    for head in heads:
        excluded = _head_names(index, head)
        prompts += [_list_prompt(domain, rel, head, store, shots, rationales, excluded) for rel in relations]
    return prompts


def json_prompts(
    domain: Domain, heads: Iterable[str], *, store: Any, shots: int, relations: Sequence[Relation], rationales: bool
) -> list[Prompt]:
    """``json``: a prompt per topic, answered by a JSON array of subject/predicate/object objects."""
    return [_json_prompt(domain, head, relations, rationales) for head in heads]


def build_prompts(
    domain: Domain,
    heads: Iterable[str],
    *,
    store: Any = None,
    kind: str = "list",
    shots: int = 3,
    relations: Sequence[str] | None = None,
    rationales: bool = False,
) -> list[Prompt]:
    """Prompts for ``heads`` (``list``: one per head and relation) or topics (``json``: one per
    topic), in a deterministic order, by the builder registered as ``kind`` in
    :data:`kg.registry.prompts` (a plugin adds kinds). ``relations`` restricts to some relation
    names; ``rationales`` asks the teacher for a short reason with each answer."""
    from kg.registry import extractors, prompts as prompt_kinds

    if kind not in prompt_kinds:
        raise ConfigError(f"unknown prompt kind {kind!r}; use one of {', '.join(prompt_kinds.names())}")
    rels = [rel for name, rel in sorted(domain.relations.items()) if relations is None or name in relations]
    with part_fault(ConfigError, f"the {kind!r} prompt kind"):
        built = list(
            prompt_kinds.load(kind)(domain, list(heads), store=store, shots=shots, relations=rels, rationales=rationales)
        )
    for prompt in built:
        if not isinstance(prompt, Prompt):
            raise ConfigError(f"the {kind!r} prompt kind gave {type(prompt).__name__}, not a kg.prompts.Prompt")
        if prompt.kind not in READ_BY_BUILT_IN and prompt.kind not in extractors:
            raise ConfigError(
                f"the {kind!r} prompt kind makes prompts of kind {prompt.kind!r}, and no extractor reads them: "
                f"register one named {prompt.kind!r} (entry-point group kg.extractors; kg plugins lists them)"
            )
    for read_by in {p.kind for p in built} - set(READ_BY_BUILT_IN):
        extractors.load(read_by)  # one that is ambiguous or cannot load stops here, before the teacher is asked
    _refuse_same_text(built)
    return built


def _refuse_same_text(prompts: Sequence[Prompt]) -> None:
    """A ConfigError when two prompts asking different things have the same text (so the same
    id): the teacher would be asked once and every answer filed under one of them."""
    first: dict[str, Prompt] = {}
    for prompt in prompts:
        other = first.setdefault(prompt.id, prompt)
        if (other.head, other.relation, other.topic) != (prompt.head, prompt.relation, prompt.topic):
            raise ConfigError(
                f"the prompts for {_asks(other)} and {_asks(prompt)} are the same text, so one would go unasked and "
                "its answers be filed under the other: give the relations different prompt templates or examples "
                "(relations.toml)"
            )


def _asks(prompt: Prompt) -> str:
    if prompt.relation is None:
        return repr(prompt.topic or prompt.head)
    return f"{prompt.relation!r} of {prompt.head!r}" if prompt.head is not None else repr(prompt.relation)


def wording_digest(
    domain: Domain, head: str, *, kind: str = "list", shots: int = 3, relations: Sequence[str] | None = None,
    rationales: bool = False,
) -> str:
    """A hash of how ``domain``'s prompts are worded: the texts of its prompts for ``head``, built
    without a store (its relations' templates, examples and verbalizations, the instruction, the
    language). Editing any of them changes it; the store's accepted facts, which a run's own
    batches add to the few-shot examples, do not."""
    built = build_prompts(domain, [head], kind=kind, shots=shots, relations=relations, rationales=rationales)
    return hashlib.sha1("\x00".join(p.text for p in built).encode("utf-8")).hexdigest()[:16]


def same_wording(saved: Prompt, fresh: Prompt) -> bool:
    """Whether ``saved`` asks what ``fresh`` asks in the same words, apart from few-shot examples
    (which may have come from the store): a list prompt's instruction and question (its first and
    last paragraphs), another kind's whole text."""
    if saved.kind != fresh.kind or (saved.head, saved.relation, saved.topic) != (fresh.head, fresh.relation, fresh.topic):
        return False
    if saved.kind != "list":
        return saved.text == fresh.text
    old, new = saved.text.split("\n\n"), fresh.text.split("\n\n")
    return (_opening(old), old[-1]) == (_opening(new), new[-1])


def _opening(paragraphs: list[str]) -> str:
    """A list prompt's instruction (:func:`_instruction`), or "" where it has none (a one-item
    question's: it opens with its question or an example, a question and its answer)."""
    return "" if len(paragraphs) == 1 or "\n" in paragraphs[0] else _instruction(paragraphs[0])


def _instruction(paragraph: str) -> str:
    """A list prompt's instruction as it reads with examples to follow: a prompt first asked with
    none (``answer_instruction``) asks what it asks with some, so a later run that has examples
    from the store asks it in its first words, and the teacher's cache answers it."""
    for language in LANGUAGES.values():
        if language.answer_instruction and paragraph.startswith(language.answer_instruction):
            return language.list_instruction + paragraph[len(language.answer_instruction):]
    return paragraph


def question_of(text: str) -> str:
    """A prompt's question: its last paragraph, after the instruction and the few-shot examples.

    >>> question_of("Complete the list.\\n\\nWhat is the area of India?\\n1. 3287590\\n\\nWhat is the area of France?\\n")
    'What is the area of France?'
    """
    return text.rstrip("\n").rsplit("\n\n", 1)[-1]


def recognise(domain: Domain, text: str) -> Prompt | None:
    """The list prompt ``text`` is, read back by ``domain``'s templates: the relation whose
    question (the last paragraph) it ends with, and the head in it; None when no relation's, or
    more than one's, reads it. A transcript that kept only the prompts' texts
    (:func:`kg.teachers.replay.write_transcript`) is read as the run that asked them read it."""
    question = question_of(text)
    found = [
        (name, match.group("head")) for name, rel in sorted(domain.relations.items())
        if (match := _question(rel).fullmatch(question))
    ]
    if len(found) != 1:
        return None
    relation, head = found[0]
    instruction = text.split("\n\n", 1)[0]
    why = any(instruction.endswith(_LIST_WHY.format(example=example)) for example in _WHY_EXAMPLE.values())
    return Prompt(prompt_id(text), text, "list", head=head, relation=relation, rationales=why)


def _question(relation: Relation) -> re.Pattern[str]:
    """The relation's question with its head slots as one captured group (``head``)."""
    sentinel = "\x00"
    parts = [re.escape(part) for part in _head_phrase(relation, sentinel).split(sentinel)]
    if len(parts) == 1:
        return re.compile(re.escape(sentinel) + "(?P<head>)")  # no head to read: matches nothing
    return re.compile(parts[0] + "(?P<head>.+?)" + "(?P=head)".join(parts[1:]), re.DOTALL)
