"""Asking the teacher: a run's seeds and identity, one batch of prompts asked, extracted,
checked and written (:func:`_ask_batch`), and how every distill run ends (:func:`_end_run`)."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

import pyoxigraph as ox

from kg.config import DistillConfig
from kg.critics.evaluation import evaluate, load_labels
from kg.critics.llm_judge import LLMJudge
from kg.errors import ConfigError, TeacherError, part_fault
from kg.forms import typed_by_form
from kg.iri import normalize_label
from kg.ontology import Domain, clean_seeds, read_seeds
from kg.pipeline.parts import Parts, ProgressSink
from kg.namespaces import KG, PROV
from kg.prompts import Prompt, build_prompts, same_wording, wording_digest
from kg.pipeline.runs import (
    RunReport, _BatchCounts, _Clock, _batch_node, _finish_run, _k, _objects, _run_for, _run_iri, _totals, report_extraction,
    request_counts, teacher_counts, truncated_note,
)
from kg.pipeline.students import run_student
from kg.pipeline.write import _commit_batch
from kg.records import Candidate, Unreadable, Verdict
from kg.seams import PaidAnswers, Teacher, teacher_revision
from kg.store import Store


def _one_spelling(seeds: list[str], domain: Domain) -> list[str]:
    """Each head once, however it is spelt: seeds the store would keep as one head (case, spaces
    and edge punctuation folded: :func:`kg.iri.normalize_label`) are asked once, as the first is
    written; a domain of phrases asks its clean label (``Person X pays Person Y a compliment.``
    and ``personx pays persony ...`` are ``PersonX pays PersonY ...``, as ATOMIC writes them and as
    the store labels the head). Each spelling was a teacher call of its own."""
    from extractors.normalize import Normalizer

    phrases = typed_by_form(domain)
    heads: dict[str, str] = {}
    for seed in seeds:
        head = (Normalizer.clean(seed) or seed) if phrases else " ".join(seed.split())
        heads.setdefault(normalize_label(head) or head, head)
    return list(heads.values())


def _seeds(config: DistillConfig, domain: Domain) -> list[str]:
    if config.prompts.seeds and config.prompts.seeds_file:
        raise ConfigError("give the seeds as a list (prompts.seeds) or a file (prompts.seeds_file, --seeds), not both")
    if config.prompts.seeds:
        seeds = clean_seeds(config.prompts.seeds)
    elif config.prompts.seeds_file:
        path = Path(config.prompts.seeds_file)
        if not path.is_file():
            raise ConfigError(f"no seeds file at {str(path)!r}")
        seeds = read_seeds(path)
    else:
        seeds = list(domain.seeds)
    seeds = _one_spelling(seeds, domain)
    if config.prompts.max_seeds:
        seeds = seeds[: config.prompts.max_seeds]
    if not seeds:
        raise ConfigError(
            "no seeds to prompt about: the domain lists none; pass --seeds FILE (one per line)"
        )
    return seeds


def by_type(config: DistillConfig, domain: Domain) -> bool:
    """Whether a grid leaves out the prompts that ask a head a relation of a class its type is
    disjoint with (``prompts.by_type``); unset, a domain that types its heads by their wording
    does (commonsense: an event head is asked its event relations, not AtLocation or CapableOf,
    relations of physical entities), and so does one whose ``[domain] by_type`` says so (``kg
    domain new`` writes it for an ontology whose properties have domain classes); other domains do not."""
    if config.prompts.by_type is not None:
        return config.prompts.by_type
    own = getattr(domain, "by_type", None)
    return own if own is not None else typed_by_form(domain)


def _prompt_dicts(prompts: Sequence[Prompt]) -> list[dict[str, Any]]:
    return [
        {"id": p.id, "text": p.text, "kind": p.kind, "head": p.head, "relation": p.relation, "topic": p.topic}
        | ({"rationales": True} if p.rationales else {})
        for p in prompts
    ]


def _prompts_from_json(text: str) -> list[Prompt]:
    return [Prompt(**d) for d in json.loads(text)]


def _identity(config: DistillConfig, domain: Domain, teacher: Teacher, seeds: list[str]) -> dict[str, Any]:
    """What determines a distillation's output: its run's IRI is a hash of it. A strategy other
    than the default grid without a budget joins it; the default leaves it as it always was."""
    # a teacher that knows its revision (a transcript's, a local model's content hash) is named
    # without its path: the same file reached by another path (replay:demo/t.jsonl, replay:/abs/t.jsonl,
    # another checkout) is the same run, with the same provenance IRIs
    revision = teacher_revision(teacher)
    identity = {
        "domain": domain.name,
        "teacher": teacher.id if revision is not None else config.teacher.spec or teacher.id,
        "samples": config.teacher.samples,
        "params": config.teacher.params(),
        # rationales off leaves the run's identity as it was before the setting existed
        "prompts": config.prompts.model_dump(
            exclude={"seeds_file", "seeds", "max_seeds", "by_type"} | (set() if config.prompts.rationales else {"rationales"})
            | (set() if config.prompts.relations else {"relations"})
        ) | ({"by_type": True} if by_type(config, domain) else {}),
        "seeds": seeds,
        "batch_size": config.run.batch_size,
        "critic": config.critic.identity(),
        # an edited ontology, shape, reference or rule judges otherwise: another run, which checks
        # the candidates under today's domain (a rerun printed the earlier domain's verdicts)
        "domain_digest": domain.digest,
        # an edited template, example or instruction asks other prompts: another run
        "wording": wording_digest(
            domain, seeds[0], kind=config.prompts.kind, shots=config.prompts.shots, relations=_relations(config, domain),
            rationales=config.prompts.rationales,
        ),
    }
    # other weights or an edited transcript behind the same spec is another run; knowing the
    # revision is optional for a teacher of the seam (kg.seams.Teacher), ours all have the attribute
    if revision is not None:
        identity["teacher_revision"] = revision
    if _chooses(config):
        identity["strategy"] = config.strategy.model_dump()
    return identity


def _run_to_continue(
    store: Store, config: DistillConfig, domain: Domain, identity: dict[str, Any]
) -> tuple[ox.NamedNode, str | None, str]:
    """The run a distillation continues (:func:`~kg.pipeline.runs._run_for`); a note when an
    earlier run of the same command asked prompts worded otherwise (a new run asks today's); and
    the command's key (the IRI its run had before the wording and the domain's digest joined the
    identity). A run recorded then is continued while its saved prompts are worded as today's; one
    recorded before the digest joined, as it was."""
    key = _run_iri("distill", {k: v for k, v in identity.items() if k not in ("wording", "domain_digest")})
    again = config.run.again
    if _started(store, _run_iri("distill", identity)):
        return _run_for(store, "distill", identity, again), None, key.value
    for named in _teacher_named_as_before(identity):
        command = {k: v for k, v in named.items() if k not in ("wording", "domain_digest")}
        if _started(store, _run_iri("distill", named)):  # recorded when the teacher's id lacked its revision
            return _run_for(store, "distill", named, again), None, key.value
        before_digest = _run_for(store, "distill", {k: v for k, v in named.items() if k != "domain_digest"}, again)
        if _started(store, before_digest):  # recorded by a version whose identity had no digest
            return before_digest, None, key.value
        # a run recorded by an earlier version: its IRI hashed the command without the wording, and
        # a transcript's or local model's path as given
        spelt = {**command, "teacher": config.teacher.spec} if config.teacher.spec else command
        for legacy in (command, spelt) if spelt != command else (command,):
            earlier = _run_for(store, "distill", legacy, again)
            if _started(store, earlier) and _worded_alike(store, earlier, config, domain):
                return earlier, None, key.value
    # the command's other runs: those worded otherwise (the rest differ by the domain's digest)
    others = [
        q.subject for q in store.match(None, _k(KG.commandKey), ox.Literal(key.value), graph="provenance")
        if isinstance(q.subject, ox.NamedNode) and not _worded_alike(store, q.subject, config, domain)
    ]
    if _started(store, key) and not _worded_alike(store, key, config, domain):
        others.append(key)
    note = None
    if others:
        names = ", ".join(sorted(str(run.value).rsplit("/", 1)[-1] for run in others if isinstance(run, ox.NamedNode)))
        note = (
            f"the prompts are worded otherwise than those of this command's earlier run ({names}): a relation's "
            "template, examples or the instruction changed, so they are asked as a new run"
        )
    return _run_for(store, "distill", identity, again), note, key.value


def _teacher_named_as_before(identity: dict[str, Any]) -> list[dict[str, Any]]:
    """The identity, and, for a teacher whose id ends in its revision's 12 digits (``replay:STEM@DIGEST``),
    the identity under the id it had before (``replay:STEM``): runs recorded then are this command's."""
    teacher, revision = identity["teacher"], identity.get("teacher_revision")
    before = teacher.removesuffix(f"@{revision[:12]}") if isinstance(teacher, str) and isinstance(revision, str) else teacher
    return [identity] if before == teacher else [identity, {**identity, "teacher": before}]


def _prompts_checked_before(store: Store, config: DistillConfig, domain: Domain, command_key: str) -> list[Prompt] | None:
    """The prompts saved by this command's latest earlier run, when they are worded as today's:
    a new run made by an edit of the domain's checks (ontology, shapes, reference, rules) asks
    them, so the teacher's cache answers what was asked and only the checks run anew (prompts
    built again took their few-shot examples from the store, which that run had changed). None
    with ``--again`` (it builds its prompts as it always did) or when there is no such run."""
    if config.run.again:
        return None
    started = {
        q.subject.value: q.object.value
        for q in store.match(None, _k(PROV.startedAtTime), None, graph="provenance")
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal)
    }
    runs = [q.subject for q in store.match(None, _k(KG.commandKey), ox.Literal(command_key), graph="provenance")]
    for run in sorted((r for r in runs if isinstance(r, ox.NamedNode)), key=lambda r: started.get(r.value, ""), reverse=True):
        saved = _objects(store, run, KG.promptsJson)
        if saved and _worded_alike(store, run, config, domain):
            return _prompts_from_json(saved[0].value)
    return None


def _as_asked_before(store: Store, config: DistillConfig, prompts: Sequence[Prompt]) -> list[Prompt]:
    """``prompts``, each one an earlier distill run of this store asked in the same words (its kind,
    head, relation, topic, rationales and instruction and question; with the same number of shots)
    replaced by the text the earliest such run saved (``kg:promptsJson``). Few-shot examples drawn
    from the store change as it grows (every fact accepted since shifts them), and the prompt's text
    is the cache's key: asked in its first words, an old question is answered by the teacher's cache
    and not paid again; only questions never asked take examples from today's store."""
    rows = store.query(
        f"SELECT ?prompts ?config ?started WHERE {{ ?run <{KG.promptsJson}> ?prompts ; <{KG.configJson}> ?config . "
        f"OPTIONAL {{ ?run <{PROV.startedAtTime}> ?started }} }}",
        graph="provenance",
    ).bindings()
    saved: dict[tuple[Any, ...], list[Prompt]] = {}
    for row in sorted(rows, key=lambda r: (str(r.get("started", "")), str(r["prompts"]))):
        if json.loads(str(row["config"])).get("prompts", {}).get("shots") != config.prompts.shots:
            continue
        for d in json.loads(str(row["prompts"])):
            asked = Prompt(**{k: d[k] for k in _PROMPT_KEYS if k in d})
            saved.setdefault(_asks_key(asked), []).append(asked)
    return [
        next((asked for asked in saved.get(_asks_key(prompt), ()) if same_wording(asked, prompt)), prompt)
        for prompt in prompts
    ]


def _asks_key(prompt: Prompt) -> tuple[Any, ...]:
    return prompt.kind, prompt.head, prompt.relation, prompt.topic, prompt.rationales


def _started(store: Store, run: ox.NamedNode) -> bool:
    return bool(_objects(store, run, KG.runKind))


def _worded_alike(store: Store, run: ox.NamedNode, config: DistillConfig, domain: Domain) -> bool:
    """Whether the prompts ``run`` saved are worded as the domain words them today, apart from
    few-shot examples (one prompt of each relation is compared)."""
    saved = [json.loads(lit.value) for lit in _objects(store, run, KG.promptsJson)]
    total = _objects(store, run, KG.totalBatches)
    for index in range(0 if saved or not total else int(total[0].value)):  # a strategy's rounds save theirs on their batch
        saved += [json.loads(lit.value) for lit in _objects(store, _batch_node(run, index), KG.promptsJson)]
    firsts: dict[tuple[str, str | None], Prompt] = {}
    for prompt in (Prompt(**{k: d[k] for k in _PROMPT_KEYS if k in d}) for group in saved for d in group):
        firsts.setdefault((prompt.kind, prompt.relation), prompt)
    for prompt in firsts.values():
        fresh = build_prompts(
            domain, [prompt.head or prompt.topic or ""], kind=config.prompts.kind, shots=config.prompts.shots,
            relations=[prompt.relation] if prompt.relation else _relations(config, domain), rationales=prompt.rationales,
        )
        if not any(same_wording(prompt, f) for f in fresh):
            return False
    return True


def _relations(config: DistillConfig, domain: Domain) -> list[str] | None:
    """The relation names a run asks (``prompts.relations``), None for all; a ConfigError for
    a name the domain lacks."""
    wanted = config.prompts.relations
    if not wanted:
        return None
    unknown = [name for name in wanted if name not in domain.relations]
    if unknown:
        raise ConfigError(
            f"the {domain.name} domain has no relation {', '.join(map(repr, unknown))}; "
            f"it has: {', '.join(sorted(domain.relations))}"
        )
    return list(dict.fromkeys(wanted))


def _chooses(config: DistillConfig) -> bool:
    """Whether the run chooses its prompts round by round (a budget, or a strategy other than grid)."""
    return config.strategy.kind != "grid" or config.strategy.budget > 0


def _check_strategy(config: DistillConfig) -> None:
    """A :class:`ConfigError` where a choosing run (:func:`_chooses`) cannot run: no budget, or
    prompts other than (head, relation) lists."""
    if not _chooses(config):
        return
    if config.strategy.budget <= 0:
        raise ConfigError(f"--strategy {config.strategy.kind} needs --budget N: the teacher calls it may spend")
    if config.prompts.kind != "list":
        raise ConfigError("--strategy and --budget choose (head, relation) prompts; use --kind list")


def _ask_batch(
    config: DistillConfig,
    store: Store,
    p: Parts,
    run: ox.NamedNode,
    index: int,
    batch: Sequence[Prompt],
    by_id: dict[str, Prompt],
    report: RunReport,
    progress: ProgressSink | None,
    collect: list[Verdict] | None,
) -> None:
    """Ask the teacher one batch of prompts, check the answers and write them (one transaction)."""
    teacher, domain = p.teacher, p.domain
    assert teacher is not None, "resolve_parts sets the teacher of a distillation"
    t0 = time.perf_counter()
    clock = _Clock(report.stage_seconds)
    hits0, tokens0 = teacher_counts(teacher)
    requests0, retries0 = request_counts(teacher)
    with part_fault(
        TeacherError, f"teacher {config.teacher.spec or teacher.id}",
        f" (a fault in the teacher, not in an answer; the {index} batch(es) before are stored and a rerun resumes; KG_DEBUG=1 shows where)",
    ):
        completions = teacher.complete(batch, n=config.teacher.samples, params=config.teacher.params())
    hits1, tokens1 = teacher_counts(teacher)
    report.asked_prompts += len(batch)
    for failure in teacher.last_failures:
        error = failure.error[:300]
        report.failures[error] = report.failures.get(error, 0) + 1
    if len(batch) > 1 and not completions and teacher.last_failures:
        # every prompt failed: the teacher is down, hung or refuses us (a dead port was tried
        # 490 times over 5 batches, a hung server for 21 minutes); stop here, not batch after batch
        common = Counter(f.error[:300] for f in teacher.last_failures).most_common(1)[0][0]
        stored = f"the {index} batch(es) before are stored" if index else "nothing was asked before it"
        raise TeacherError(
            f"every prompt of batch {index} failed ({common}); stopped, as the teacher looks down or refuses "
            f"the requests ({stored}); fix it and rerun the same command to resume"
        )
    clock.lap("teacher")
    if progress:
        progress("teacher", len(batch))
    samples: Counter = Counter(c.prompt_id for c in completions)
    # a prompt is answered when all its samples are in. One with some missing is failed: its
    # samples are not judged now (self-consistency would see part of them), and the batch is
    # left unmarked, so a rerun asks for the missing ones (the cache answers the rest)
    whole = [c for c in completions if samples[c.prompt_id] >= config.teacher.samples]
    counts = _BatchCounts(prompts=len(batch), completions=len(whole))
    counts.cache_hits, counts.tokens = hits1 - hits0, tokens1 - tokens0
    requests1, retries1 = request_counts(teacher)
    counts.requests, counts.retries = requests1 - requests0, retries1 - retries0
    counts.failed_prompts = sum(1 for pr in batch if samples[pr.id] < config.teacher.samples)
    counts.truncated = sum(1 for c in whole if c.truncated)
    report.context_cut += sum(1 for c in whole if c.truncated and c.usage.get("context_tokens"))
    items: list[Candidate | Unreadable] = []
    extract = p.extract
    assert extract is not None, "resolve_parts sets extract"
    for completion in whole:
        items.extend(extract(completion, by_id[completion.prompt_id], domain, store=store))
    clock.lap("extract")
    counts.seconds = time.perf_counter() - t0
    counts = _commit_batch(
        store, p, run, index, items, counts, {k: v for k, v in samples.items() if v >= config.teacher.samples},
        progress, collect, report.stage_seconds, done=counts.failed_prompts == 0,
    )
    report.batch_seconds.append(counts.seconds)
    report.failed_prompts += counts.failed_prompts
    if counts.failed_prompts:
        report.notes.append(
            f"batch {index}: {counts.failed_prompts} prompts failed for good (or some of their samples "
            "did); the batch's answered prompts are saved and counted but the batch is not marked done, so a rerun "
            "asks for what is missing"
        )


_PROMPT_KEYS = ("id", "text", "kind", "head", "relation", "topic", "rationales")


_TYPED_SHOWN = 10


def typed_by_answers_note(p: Parts) -> str | None:
    """The heads that had no class in the store or the reference graph and were typed by the
    run's accepted answers, through their relations' domains ("JOIDES Resolution as a research
    vessel (from operator, flag)"), so that a user sees a class taken from a teacher; None when
    there are none."""
    from kg.validate import Validator
    from kg.validate.common import article

    if not isinstance(p.validator, Validator) or not p.validator.typed_by_answers:
        return None
    typed = sorted(p.validator.typed_by_answers.items(), key=lambda kv: kv[0].casefold())
    shown = []
    for name, classes in typed[:_TYPED_SHOWN]:
        as_ = " and ".join(f"{article(cls)} (from {', '.join(sorted(rels))})" for cls, rels in sorted(classes.items()))
        shown.append(f"{name} as {as_}")
    more = f" (and {len(typed) - _TYPED_SHOWN} more)" if len(typed) > _TYPED_SHOWN else ""
    heads = "1 head was" if len(typed) == 1 else f"{len(typed)} heads were"
    return (f"{heads} typed by the teacher's answers, having no class in the store or the reference graph: {'; '.join(shown)}{more}. "
            "A wrong class turns away the head's later answers: check with kg why NAME")


def _end_run(
    config: DistillConfig,
    store: Store,
    p: Parts,
    run: ox.NamedNode,
    report: RunReport,
    collect: list[Verdict] | None,
    base_index: int,
    progress: ProgressSink | None,
    seeds: list[str],
    started: float,
) -> RunReport:
    """How every distill run ends, whatever chose its prompts: the run marked finished (unless
    prompts failed: a rerun asks for them), its totals, the evaluation against labels, the
    student's round (batches from ``base_index``)."""
    if not report.failed_prompts:
        _finish_run(store, run)
    _totals(store, run, report)
    if p.extractor is not None:
        report_extraction(report, p.extractor.stats, p.domain)
    if (typed := typed_by_answers_note(p)) is not None:
        report.notes.append(typed)
    cut_off = truncated_note(report, config.teacher.max_tokens)
    if cut_off:
        report.notes.append(cut_off)
    stats = p.teacher.stats if p.teacher is not None else None
    answered = stats.paid if isinstance(stats, PaidAnswers) else 0  # failed requests (401s) have no usage to report
    if stats is not None and answered and not (stats.prompt_tokens or stats.completion_tokens):
        report.notes.append(
            f"the teacher's server reported no token usage for the {answered} answers it gave (some "
            "llama.cpp builds and gateways send none): the run's token counts read 0, which is not its spend"
        )
    judge = p.critic.model if p.critic is not None else None
    if isinstance(judge, LLMJudge) and (unread := judge.unread_note()) is not None:
        report.notes.append(unread)
    if config.critic.labels and collect is not None:
        labels = load_labels(config.critic.labels)
        if p.domain is not None:  # a row by the teacher's alias ("UK") names the candidate labelled by its own name
            from extractors.normalize import Normalizer

            labels.name_entities(Normalizer(p.domain).own_name)
        report.evaluation = evaluate(collect, labels, config.critic.threshold)
    if config.student.kind != "none":
        report.student = run_student(config, store, p, run, base_index=base_index, heads=seeds)
        _totals(store, run, report)
    report.seconds = round(time.perf_counter() - started, 3)
    store.flush()
    return report
