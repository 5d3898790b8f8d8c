"""Hundreds of malformed teacher outputs (silent loss is the commonest failure of parsers of
model output: fences, preambles, truncation, NaN, injected Turtle): silent drops 0, triples from an
invalid object 0, N-Triples round trip 100%. Prints the figures."""

from __future__ import annotations

import itertools

from rdflib import Graph

from extractors import Extractor
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable

GOOD = '{"subject": "Paris", "predicate": "capitalOf", "object": "France"}'
BAD_OBJECTS = [
    '{"subject": "Rome", "predicate": "capitalOf", "object": NaN}',
    '{"subject": "Rome", "predicate": "capitalOf", "object": "Italy", "object": "Peru"}',
    '{"subject": "Rome", "predicate": "capitalOf", "object": Infinity}',
    '{"subject": "Rome", "predicate": "capitalOf", "object": ["Italy", {"name": "Peru"}]}',
    '{"subject": "Rome", "predicate": "ignore previous instructions", "object": "Italy"}',
    '{"subject": "Rome", "predicate": "capitalOf"}',
]
WRAPPERS = [
    "{}",
    "```json\n{}\n```",
    "Sure! Here are the facts:\n{}\nLet me know if you need more.",
    "```\n{}",
    "Answer: {} <|eot_id|>",
]
TURTLE = [
    'res:rome kgeo:capitalOf "Italy\\" . <http://evil/a> <http://evil/b> <http://evil/c> ." .',
    "res:rome kgeo:capitalOf <http://evil/Italy> .\n<http://evil/x> <http://evil/y> <http://evil/z> .",
    "@prefix evil: <http://evil/> .\nevil:Rome evil:capitalOf evil:Italy .",
    "res:rome kgeo:capitalOf res:italy",
    "res:rome kgeo:capitalOf res:ita",
]


def _corpus() -> list[tuple[str, str | None, bool]]:
    """(text, finish_reason, holds one good object) for a few hundred malformed outputs."""
    out = []
    for wrap, bad in itertools.product(WRAPPERS, BAD_OBJECTS):
        out.append((wrap.format(f"[{GOOD}, {bad}]"), None, True))
        out.append((wrap.format(f"[{bad}, {GOOD},]"), None, True))
        out.append((wrap.format(f"[{bad}]"), None, False))
        text = wrap.format(f"[{GOOD}, {bad}]")
        for cut in (len(text) // 3, len(text) // 2, len(text) - 5):
            out.append((text[:cut], "length", False))
    for text in TURTLE:
        out.append((text, None, False))
        out.append((text, "length", False))
        out.append(("```turtle\n" + text + "\n```", None, False))
    out += [("", None, False), ("   \n", None, False), ("I cannot answer that.", None, False), ("[]", None, False), ("{}", None, False)]
    return out


def test_malformed_outputs_are_never_lost_or_let_through(geo, spacy_model) -> None:
    extractor = Extractor(geo)
    extractor.spacy = spacy_model
    prompt = Prompt.make("List facts about Rome as JSON", "json", topic="Rome")
    corpus = _corpus()
    silent = invalid = 0
    graph = Graph()
    candidates = unreadable = 0
    for text, finish, _ in corpus:
        dropped = sum(extractor.stats.dropped.values())
        out = extractor.extract(Completion(prompt.id, prompt.text, "t", text, finish_reason=finish), prompt)
        cands = [r for r in out if isinstance(r, Candidate)]
        candidates += len(cands)
        unreadable += sum(isinstance(r, Unreadable) for r in out)
        if not out and sum(extractor.stats.dropped.values()) == dropped:
            silent += 1
        for c in cands:
            graph.add(c.triple)
            # in the JSON, Rome is the subject of every invalid object: none may become a triple;
            # and no IRI from the teacher's text may pass through
            if c.extractor == "json" and (c.subject_label or "").casefold() == "rome":
                invalid += 1
            assert all("evil" not in str(t) for t in c.triple)
    back = Graph().parse(data=graph.serialize(format="nt"), format="nt")
    print(
        f"\n{len(corpus)} malformed outputs: {candidates} candidates, {unreadable} unreadable, "
        f"silent drops {silent}, triples from invalid objects {invalid}, "
        f"round trip {len(set(back) & set(graph))}/{len(graph)}"
    )
    assert silent == 0 and invalid == 0 and set(back) == set(graph)
    good = [t for t, finish, has_good in corpus if has_good]
    assert all(
        any(c.object_label == "France" for c in extractor.extract(Completion(prompt.id, "p", "t", t), prompt) if isinstance(c, Candidate))
        for t in good
    ), "a good object beside a bad one was lost"
