"""Test helpers: a test double of a user's domain of measured quantities (the music test domain
with functional datatype relations of a person added, each ``(name, xsd datatype, words, unit or
None)``, as ``kg domain new`` would write them), and what a chat answer in a domain gives."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterable

import pytest

from extractors import Extractor
from kg.ontology import Domain, load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion, Unreadable


def measured_domain(tmp_path_factory: pytest.TempPathFactory, relations: Iterable[tuple[str, str, str, str | None]],
                    examples: dict[str, str] | None = None) -> Domain:
    """``examples``: a relation's few-shot examples as relations.toml writes them, by its name."""
    relations = list(relations)
    examples = examples or {}
    folder = tmp_path_factory.mktemp("domain") / "music"
    shutil.copytree(Path(__file__).parent / "music", folder)
    with (folder / "ontology.ttl").open("a") as f:
        for name, datatype, _, _ in relations:
            f.write(f"\nmu:{name} a owl:DatatypeProperty, owl:FunctionalProperty ; rdfs:domain mu:Person ; rdfs:range xsd:{datatype} .\n")
    with (folder / "relations.toml").open("a") as f:
        for name, _, words, unit in relations:
            f.write(f'\n[relations.{name}]\nprompt = "What is the {words} of {{head}}?"\nverbalization = "{{head}} {words} {{tail}}"\n'
                    f'synonyms = ["{words}"]\n' + (f'unit = "{unit}"\n' if unit else "")
                    + (f"examples = {examples[name]}\n" if name in examples else ""))
    return load_domain(folder)


def chat_values(domain: Domain, relation: str, written: str) -> list[str]:
    """What a chat model's list answer ``written`` for ``relation`` of Antonín Dvořák gives: its values, and each reason it is refused."""
    prompt = Prompt.make("p", "list", head="Antonín Dvořák", relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", written, finish_reason="stop"), prompt)
    return [str(r.object) if isinstance(r, Candidate) else r.reason.split(": '")[0] for r in out]


def chat_ranges(domain: Domain, relation: str, written: str) -> list[tuple[str, tuple[str, str] | None, str | None] | str]:
    """(value, bounds, note) of each candidate a chat answer ``written`` gives for ``relation`` of Antonín Dvořák; the
    reason of each refusal."""
    prompt = Prompt.make("p", "list", head="Antonín Dvořák", relation=relation)
    out = Extractor(domain).extract(Completion(prompt.id, prompt.text, "openai:chat", written, finish_reason="stop"), prompt)
    return [
        (str(r.object), (str(r.bounds[0]), str(r.bounds[1])) if r.bounds else None, r.rationale) if isinstance(r, Candidate)
        else r.reason.split(": '")[0]
        for r in out
    ]


def _chat_records(domain: Domain, head: str, relation: str, text: str, spacy_model) -> tuple[list[Candidate | Unreadable], Extractor]:
    """(what one chat answer, a list prompt's, gives of ``relation`` of ``head``, the extractor that read it)."""
    extractor = Extractor(domain)
    extractor.spacy = spacy_model
    prompt = Prompt.make("p", "list", head=head, relation=relation)
    return extractor.extract(Completion(prompt.id, prompt.text, "openai:chat", text, finish_reason="stop"), prompt), extractor


def read_chat(domain: Domain, head: str, relation: str, text: str, spacy_model) -> tuple[list[str], list[str], Extractor]:
    """(the candidates' labels, the unreadable spans' reasons, the extractor) of one chat answer."""
    out, extractor = _chat_records(domain, head, relation, text, spacy_model)
    labels = [str(r.object_label or r.object) for r in out if isinstance(r, Candidate)]
    return labels, [r.reason for r in out if isinstance(r, Unreadable)], extractor


def chat_labels(domain: Domain, head: str, relation: str, text: str, spacy_model) -> tuple[list[str | None], list[str]]:
    """(the candidates' object labels, the unreadable spans' reasons) of one chat answer."""
    out, _ = _chat_records(domain, head, relation, text, spacy_model)
    return [r.object_label for r in out if isinstance(r, Candidate)], [r.reason for r in out if isinstance(r, Unreadable)]


def chat_candidates(domain: Domain, head: str, relation: str, text: str, spacy_model) -> list[Candidate]:
    """The candidates of one chat answer, in order."""
    return [r for r in _chat_records(domain, head, relation, text, spacy_model)[0] if isinstance(r, Candidate)]


def dynasties_with(tmp_path_factory: pytest.TempPathFactory, name: str, classes: dict[str, str],
                   relations: dict[str, tuple[str, str, str]]) -> Domain:
    """The dynasties test domain with more classes (name: label) and relations (name: (the property's
    kind and range in Turtle, its label, its synonyms as a TOML list)), each asked as a list."""
    folder = tmp_path_factory.mktemp("domain") / name
    shutil.copytree(Path(__file__).parent / "dynasties", folder)
    with (folder / "ontology.ttl").open("a") as f:
        f.write("\n" + "".join(f'hist:{c} a owl:Class ; rdfs:label "{label}" .\n' for c, label in classes.items()))
        for relation, (kind, label, _) in relations.items():
            f.write(f'hist:{relation} a {kind} ; rdfs:label "{label}" .\n')
    with (folder / "relations.toml").open("a") as f:
        for relation, (_, label, synonyms) in relations.items():
            f.write(f'\n[relations.{relation}]\nprompt = "Which values complete \\"{{head}} {label} ___\\"? List them, one per line."\n'
                    f'verbalization = "{{head}} {label} {{tail}}"\nsynonyms = {synonyms}\n')
    return load_domain(folder)


def none_answer(domain: Domain, head: str, relation: str, text: str, spacy_model) -> bool:
    """Whether a chat answer reads as a none answer: no value, nothing unreadable, one answer dropped as none."""
    labels, unreadable, extractor = read_chat(domain, head, relation, text, spacy_model)
    return labels == [] and unreadable == [] and extractor.stats.as_dict()["dropped"].get("object: none answer") == 1
