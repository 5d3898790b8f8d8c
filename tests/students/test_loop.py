"""The multilevel loop (train → generate → check → store) and reward-ranked refinement."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch
from rdflib import Graph, Literal, Namespace, URIRef

from kg.iri import mint_iri
from kg.records import Reason, Verdict
from kg.errors import StudentError
from kg.students.generator import Example, Generator, ModelConfig, TrainConfig, load_generator, train_generator
from kg.students.generator_retrieval import RetrievalGenerator
from kg.students.loop import TEACHER, refine, reward_from_check, run_rounds, to_candidates

CS = "https://w3id.org/kgdistill/ontology/commonsense#"
TINY = ModelConfig(d_model=128, layers=2, heads=4, ffn=256, vocab_size=400, dropout=0.0)
FAST = TrainConfig(epochs=40, batch_size=12, lr=3e-3, warmup_steps=10, label_smoothing=0.0, threads=1)


def tiny_domain():
    from kg.ontology import Relation

    relations = {
        "xWant": Relation("xWant", URIRef(CS + "xWant"), "{head}?", "{head}, so PersonX wants {tail}"),
        "xAttr": Relation("xAttr", URIRef(CS + "xAttr"), "{head}?", "{head}; PersonX is {tail}",
                          object_is_literal=True),
    }
    by_iri = {str(r.iri): r for r in relations.values()}
    from kg.languages import ENGLISH
    from kg.namespaces import RESOURCE

    from kg.ontology import OntologyIndex

    return SimpleNamespace(name="tiny", relations=relations, ontology=Graph(), index=OntologyIndex(Graph()), namespace=Namespace("https://example.org/tiny#"), language=ENGLISH,
                           entities=RESOURCE, label_language=None, reference=None, seeds=[],
                           relation_by_iri=lambda iri: by_iri.get(str(getattr(iri, "value", iri))))


def write_facts(kg, facts, teacher):
    """Facts as the pipeline stores them: accepted candidates from completions by ``teacher``."""
    from kg.records import Candidate, Completion

    verdicts = []
    for i, (head, rel, tail) in enumerate(facts):
        completion = Completion(f"{head}|{rel}", f"{head} {rel}", teacher, tail, i)
        cand = Candidate(mint_iri(head), URIRef(CS + rel), mint_iri(tail), completion, tail, "test",
                         subject_label=head, object_label=tail)
        verdicts.append(Verdict.accept(cand, 0.9))
    kg.write(verdicts)


def accept_wins(candidates):
    return [
        Verdict.accept(c, 0.9) if "win" in c.span else Verdict.reject(c, Reason("test", "not a win"))
        for c in candidates
    ]


def test_to_candidates_mints_iris_and_marks_the_student():
    dom = tiny_domain()
    cands = to_candidates([("PersonX plays golf", "xWant", "to win"), ("PersonX plays golf", "xAttr", "sporty")], dom)
    first, second = cands
    assert first.subject == mint_iri("PersonX plays golf") and first.predicate == URIRef(CS + "xWant")
    assert first.object == mint_iri("to win") and first.object_label == "to win"
    assert first.extractor == TEACHER and first.completion.teacher == TEACHER and first.completion.text == "to win"
    assert second.object == Literal("sporty") and second.object_label is None


def test_run_rounds_writes_accepted_student_triples(kg):
    games = ["chess", "golf", "piano", "tennis", "cards", "dice", "darts", "polo", "bridge", "pool"]
    write_facts(kg, [(f"PersonX plays {g}", "xWant", f"to win at {g}") for g in games], "atomic2020:human")
    before = kg.store.count("accepted")
    seen = []

    def check(cands):
        seen.extend(cands)
        return accept_wins(cands)

    new_heads = ["PersonX plays hockey", "PersonX plays rugby", "PersonX plays squash", "PersonX plays go"]
    report = run_rounds(
        kg.store, tiny_domain(), rounds=2, check=check, heads=new_heads, n=2, heldout=0.2,
        model=TINY, config=FAST, retrain=TrainConfig(epochs=3, batch_size=12, lr=1e-3, threads=1),
    )
    assert [r.round for r in report.rounds] == [1, 2]
    assert len(report.heldout_heads) == 2
    assert not set(report.heldout_heads) & {c.subject_label for c in seen}
    # each round asks for its own chunk of heads: 2 heads x 1 relation x 2 tails
    assert [r.prompts for r in report.rounds] == [2, 2]
    assert sum(r.generated for r in report.rounds) == len(seen)
    accepted = sum(r.accepted for r in report.rounds)
    assert accepted == sum("win" in c.span for c in seen) and accepted > 0
    assert report.rounds[1].train_examples > report.rounds[0].train_examples
    assert all(r.bleu2 is not None for r in report.rounds)
    assert kg.store.count("accepted") > before
    teachers = kg.query(
        "SELECT DISTINCT ?t WHERE { GRAPH graph:provenance { ?s kg:teacher ?t } }", graph="all"
    ).bindings()
    assert {str(b["t"]) for b in teachers} == {"atomic2020:human", TEACHER}  # the facts given, the student's
    assert "| round |" in report.table()


def test_refine_raises_reward_on_the_rewarded_tails():
    torch.manual_seed(0)
    games = ["chess", "golf", "piano", "tennis", "cards", "dice"]
    # two tails per prompt: the greedy output picks one of them, sampling finds both
    examples = [Example(f"PersonX plays {g}", "xWant", t) for g in games for t in (f"to win at {g}", f"to lose at {g}")]
    examples += [Example(f"PersonX plays {g}", "xWant", f"to lose at {g}") for g in games]
    gen = Generator.train(examples, model=TINY, config=FAST, progress=False)
    pairs = [(f"PersonX plays {g}", "xWant") for g in games]

    def reward(triples):
        return [1.0 if "win" in t else 0.0 for _, _, t in triples]

    report = refine(gen, pairs, reward, k=8, steps=30, lr=1e-3)
    assert report.prompts == 6 and report.samples == 48
    assert report.selected > 0
    assert report.mean_reward_after > report.mean_reward_before
    assert report.validity_after >= 0.8


def test_reward_from_check_uses_verdict_confidence():
    reward = reward_from_check(accept_wins, tiny_domain())
    assert reward([("PersonX runs", "xWant", "to win"), ("PersonX runs", "xWant", "to rest")]) == [0.9, 0.0]


def test_run_rounds_scores_against_human_tails_only(kg):
    """Held-out heads whose tails only a teacher wrote give no BLEU: a teacher's generations are
    not references."""
    games = ["chess", "golf", "piano", "tennis", "cards", "dice", "darts", "polo", "bridge", "pool"]
    write_facts(kg, [(f"PersonX plays {g}", "xWant", f"to win at {g}") for g in games], "openai:gpt-4o")
    report = run_rounds(
        kg.store, tiny_domain(), rounds=1, check=accept_wins, heads=["PersonX plays go"], n=1, heldout=0.2,
        model=TINY, config=TrainConfig(epochs=1, batch_size=12, lr=1e-3, warmup_steps=1, threads=1),
    )
    assert len(report.heldout_heads) == 2
    assert [r.bleu2 for r in report.rounds] == [None]


def test_run_rounds_defaults_to_the_retrieval_student(kg, tmp_path):
    """With the default model the loop indexes the graph (nothing trained), proposes its tails for
    the new heads, and its proposals go through the check; round 2 indexes the grown graph."""
    games = ["chess", "golf", "piano", "tennis", "cards", "dice", "darts", "polo", "bridge", "pool"]
    facts = [(f"PersonX plays {g}", "xWant", f"to win at {g}") for g in games]
    facts += [(f"PersonX plays {g}", "xWant", "to lose") for g in games]  # the consensus tail
    write_facts(kg, facts, "atomic2020:human")
    seen = []

    def check(cands):
        seen.extend(cands)
        return accept_wins(cands)

    new_heads = ["PersonX plays hockey", "PersonX plays rugby", "PersonX plays squash", "PersonX plays go"]
    report = run_rounds(kg.store, tiny_domain(), rounds=2, check=check, heads=new_heads, n=2, heldout=0.2,
                        model_dir=tmp_path / "gen")
    assert isinstance(load_generator(tmp_path / "gen"), RetrievalGenerator)
    assert [r.prompts for r in report.rounds] == [2, 2] and all(r.bleu2 is not None for r in report.rounds)
    assert {c.subject_label for c in seen} == set(new_heads) - set(report.heldout_heads)
    # it proposes tails the graph holds (novelty 0); the check decides, and only wins are written
    assert {c.span for c in seen} <= {t for _, _, t in facts}
    accepted = sum(r.accepted for r in report.rounds)
    assert accepted == sum("win" in c.span for c in seen) > 0
    assert any("lose" in c.span for c in seen) and accepted < len(seen)
    assert report.rounds[1].train_examples == report.rounds[0].train_examples + report.rounds[0].accepted
    teachers = kg.query(
        "SELECT DISTINCT ?t WHERE { GRAPH graph:provenance { ?s kg:teacher ?t } }", graph="all"
    ).bindings()
    assert {str(b["t"]) for b in teachers} == {"atomic2020:human", TEACHER}


def test_run_rounds_names_the_sizes_for_an_unknown_one(kg):
    write_facts(kg, [("PersonX plays chess", "xWant", "to win")], "atomic2020:human")
    with pytest.raises(StudentError, match="unknown generator size 'huge'.*retrieval, tiny, small"):
        run_rounds(kg.store, tiny_domain(), rounds=1, check=accept_wins, heads=[], model="huge")


def test_refine_refuses_a_retrieval_generator():
    """Reward-ranked fine-tuning needs weights: a retrieval generator is refused in one line that
    says what to do, before any sampling or scoring."""
    gen = train_generator([Example(f"PersonX plays {g}", "xWant", f"to win at {g}") for g in ("chess", "golf")])
    assert isinstance(gen, RetrievalGenerator)
    scored = []

    def reward(triples):
        scored.append(triples)
        return [1.0] * len(triples)

    with pytest.raises(StudentError, match="no weights to tune.*tiny, small, base, bart, minilm") as err:
        refine(gen, [("PersonX plays go", "xWant")], reward)
    assert "\n" not in str(err.value) and scored == []
