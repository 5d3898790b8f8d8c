"""``--strategy``/``--budget`` runs: the prompts chosen round by round (:mod:`kg.active`) within a
budget of teacher calls."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox

from kg.config import DistillConfig
from kg.domains import changed_domain_note
from kg.namespaces import KG
from kg.pipeline.parts import Parts, ProgressSink
from kg.prompts import Prompt, build_prompts
from kg.pipeline.runs import (
    RunReport, _batch_node, _done_batches, _k, _objects, _paid_since_start, _start_run, judged_before_note,
)
from kg.pipeline.teach import (
    _PROMPT_KEYS, _ask_batch, _check_strategy, _end_run, _identity, _prompt_dicts, _relations, _run_to_continue, _seeds,
)
from kg.pipeline.write import _repair_inference
from kg.provenance import PROVENANCE
from kg.records import Verdict
from kg.seams import teacher_revision
from kg.store import Store


def _distill_rounds(config: DistillConfig, store: Store, p: Parts, progress: ProgressSink | None, started: float) -> RunReport:
    """``--strategy``/``--budget``: before each round, choose the round's prompts from the pool
    (``kg.active``), save them with why on the round's batch node, then ask them as a batch.
    ``strategy.budget`` teacher calls (prompts x samples) are never exceeded: round ``i`` takes
    at most the rest of the budget divided by the rounds left, rounded up."""
    from kg.active import Weights, candidate_pool, choose, read_state, train_proposers, type_fit
    from kg.active.pool import prompt_pairs
    from kg.forms import typed_by_form

    strategy = config.strategy
    _check_strategy(config)
    domain, teacher, samples = p.domain, p.teacher, config.teacher.samples
    assert domain is not None and teacher is not None, "resolve_parts sets the domain and the teacher"
    seeds = _seeds(config, domain)
    by_form = typed_by_form(domain)
    identity = _identity(config, domain, teacher, seeds)
    early_notes: list[str] = []
    judge = p.critic.model if p.critic is not None else None
    if config.critic.model == "llm" and strategy.kind == "active":
        judge = None  # asking the teacher whether proposals hold would spend calls outside the budget
        early_notes.append("critic.model = llm: the unsure signal is skipped (it would spend teacher calls)")
    # the yield's critic term reads a generator given in [strategy] generator (one over the graph
    # itself measured no gain on dev: docs/active.md), or one in the parts' proposers; it is loaded
    # before the run starts, so a bad directory is an error that leaves no started run behind
    saved_generator = None
    if strategy.kind == "active" and strategy.w_yields and strategy.yield_critic:
        if judge is None:
            if strategy.generator is not None:
                early_notes.append("strategy.generator: no learned critic, the yield signal's critic term is skipped")
        elif strategy.generator is not None:
            from kg.active import GeneratorProposer
            from kg.students.generator import load_generator

            saved_generator = GeneratorProposer(load_generator(strategy.generator))
        elif not any(s.name == "generator" for s in p.proposers or ()):
            early_notes.append("strategy.yield_critic: no [strategy] generator given, the yield signal's critic term is skipped")
    run, reworded, command_key = _run_to_continue(store, config, domain, identity)
    changed = changed_domain_note(store, domain)
    _start_run(store, run, kind="distill", domain=identity["domain"], domain_digest=domain.digest, teacher=config.teacher.spec or identity["teacher"], config=config,
               total_batches=strategy.rounds, command_key=command_key, teacher_revision=teacher_revision(teacher))
    early_notes += [note for note in (reworded, changed) if note]
    _paid_since_start(store, run, teacher)
    report = RunReport(run.value, "distill", store.location, identity["domain"], config.teacher.spec or identity["teacher"])
    report.notes = list(p.notes) + early_notes
    done = _done_batches(store, run)
    if sum(1 for i in done if i < strategy.rounds) >= strategy.rounds:
        report.notes.append(
            f"this run had finished: nothing was asked; --again starts a new run, which spends a new budget of "
            f"{strategy.budget:,} teacher calls on pairs not asked yet"
        )
    report.batches_resumed = sum(1 for i in done if i < strategy.rounds)  # not the students' rounds after them
    if (note := judged_before_note(report.batches_resumed, p.critic)) is not None:
        report.notes.append(note)
    _repair_inference(store, p, run, done, report.notes)
    collect: list[Verdict] | None = [] if config.critic.labels else None
    asking = _relations(config, domain)
    iris = {name: str(rel.iri) for name, rel in domain.relations.items() if asking is None or name in asking}
    max_prompts, asked = strategy.budget // samples, 0
    log: list[dict[str, Any]] = []
    for index in range(strategy.rounds):
        node = _batch_node(run, index)
        saved = _objects(store, node, KG.promptsJson)
        notes: list[str] = []
        if saved:  # chosen by an earlier invocation of this run: ask the same
            chosen = json.loads(saved[0].value)
        else:
            quota = (max_prompts - asked) // (strategy.rounds - index) + bool((max_prompts - asked) % (strategy.rounds - index))
            state = read_state(store, iris.values())
            heads = state.heads if by_form else state.heads + state.named  # a phrase's tails are no heads
            # never a pair an earlier round of this run chose, finished or not: a round with a
            # failed prompt is unfinished, and its answered pairs were asked (and paid) again
            this_run = {pair for entry in log for pair in prompt_pairs(entry["chosen"])}
            pool = candidate_pool(seeds, heads, list(iris), answered=set(state.asked) | this_run, teacher=teacher,
                                  fits=type_fit(domain, state.types))
            proposers = p.proposers
            if strategy.kind == "active" and proposers is None and (strategy.w_unsure or strategy.w_disagree):
                proposers, why = train_proposers(
                    store, domain, state, strategy.students, seconds=strategy.student_seconds, seed=strategy.seed
                )
                notes.extend(why)
            if saved_generator is not None:  # the yield's critic term reads its proposals
                proposers = [s for s in proposers or () if s.name != saved_generator.name] + [saved_generator]
            choices = choose(
                pool, quota, strategy=strategy.kind, seed=strategy.seed + index, state=state, relation_iris=iris,
                weights=Weights.from_config(strategy), proposers=proposers or (), judge=judge,
                shortlist=strategy.shortlist, top_k=config.student.top_k, notes=notes,
            )
            if not choices:
                left = strategy.budget - asked * samples
                if quota > 0 or not pool:
                    report.notes.append(f"round {index}: nothing left to ask (pool of {len(pool)} pairs)")
                elif left:
                    report.notes.append(f"round {index}: the budget left ({left:,} teacher calls) is less than one prompt's {samples} samples")
                else:
                    report.notes.append(f"the budget of {strategy.budget:,} teacher calls is spent after {index} round(s)")
                break
            store_examples = store if config.prompts.store_examples else None
            prompts = [
                build_prompts(domain, [c.head], store=store_examples, kind="list", shots=config.prompts.shots,
                              relations=[c.relation], rationales=config.prompts.rationales)[0]
                for c in choices
            ]
            chosen = [d | c.as_dict() for d, c in zip(_prompt_dicts(prompts), choices)]
            store.add_quads([ox.Quad(node, _k(KG.promptsJson), ox.Literal(json.dumps(chosen, ensure_ascii=False)), PROVENANCE)])
        batch = [Prompt(**{k: d[k] for k in _PROMPT_KEYS if k in d}) for d in chosen]
        asked += len(batch)
        log.append({"round": index, "prompts": len(batch), "calls": len(batch) * samples, "notes": notes, "chosen": chosen})
        if index in done:
            continue
        if progress:
            progress("teacher", 0, max_prompts)
        _ask_batch(config, store, p, run, index, batch, {pr.id: pr for pr in batch}, report, progress, collect)
    report.batches = len(log)
    report.strategy = {
        "kind": strategy.kind, "budget": strategy.budget, "unit": "teacher calls (prompts x samples)",
        "spent": asked * samples, "rounds": log,
    }
    return _end_run(config, store, p, run, report, collect, strategy.rounds, progress, seeds, started)
