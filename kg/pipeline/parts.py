"""The parts of a run (:class:`Parts`: domain, teacher, extractor, checks, critic), each one not
given resolved from the configuration (:func:`resolve_parts`)."""

from __future__ import annotations

import hashlib
import shlex
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from kg.config import DistillConfig, user_cache_dir
from kg.critic import Critic, Signals
from kg.errors import ConfigError, CriticError
from kg.languages import unread_sentences
from kg.modules import own_attribute
from kg.ontology import Domain
from kg.ontology import load_domain as _load_domain
from kg.ontology import reference_note, reference_warnings
from kg.records import Completion, Unreadable
from kg.seams import Checker, Extractor, Inference, PromptKind, Resolver, Student, Teacher
from kg.store import Store
from kg.students import load_student

__all__ = ["Parts", "ProgressSink", "load_domain", "resolve_parts", "teacher_cache_path"]

if TYPE_CHECKING:  # our parts are imported when first used; mypy checks they fit the seams here
    from extractors import Extractor as _OurExtractor
    from kg.prompts import json_prompts, list_prompts
    from kg.students.rounds import generator_round, linkpred_round, rules_round
    from kg.teachers.base import Teacher as _OurTeacher
    from kg.validate import Validator
    from reasoners.conflicts import ConflictChecker
    from reasoners.rules import Materializer

    _FIT: tuple[
        Callable[..., Checker], Callable[..., Resolver], Callable[..., Inference], Callable[..., Extractor],
        Callable[..., Teacher], Student, Student, Student, PromptKind, PromptKind,
    ] = (
        Validator, ConflictChecker, Materializer, _OurExtractor, _OurTeacher, linkpred_round, rules_round,
        generator_round, list_prompts, json_prompts,
    )

ProgressSink = Callable[..., None]
"""``progress(stage, advance=0, total=None)``: told how far each stage is (CLI: rich bars)."""


@dataclass
class Parts:
    """The swappable parts of a run. ``None`` means: resolve from the configuration.

    ``extract(completion, prompt, domain, store=...)`` reads candidates (default: one
    ``extractors.Extractor`` per run, also kept as ``extractor``). Each other part is typed by
    its protocol in :mod:`kg.seams` (what the pipeline calls on it).
    """

    domain: Domain | None = None
    teacher: Teacher | None = None
    extract: Callable[..., list] | None = None
    validator: Checker | None = None
    conflicts: Resolver | None = None
    materializer: Inference | None = None
    critic: Critic | None = None
    notes: list[str] = field(default_factory=list)
    extractor: Extractor | None = None
    proposers: Sequence[Any] | None = None
    """``--strategy active``: students whose proposals feed the signals (``kg.active.Proposer``);
    None: trained on the store each round (``strategy.students``)."""
    student: Student | None = None
    """The student of the run's student round; None: the one registered as ``student.kind``."""


def _required(module: str, attr: str, what: str, hint: str = "") -> Any:
    """``module.attr``, or a :class:`ConfigError` saying what cannot run without it (a part that
    fails to import is never skipped: for a checker, that would let facts in unchecked)."""
    return own_attribute(module, attr, what, error=ConfigError, hint=hint)


def load_domain(path: str | Path) -> Domain:
    """A domain by folder or shipped name (``kg.ontology.load_domain``)."""
    if not str(path):
        raise ConfigError("no domain given; pass --domain NAME (a shipped domain) or a domain folder, or set domain in kg.toml")
    return _load_domain(str(path))


def teacher_cache_path(config: DistillConfig) -> Path:
    """Where the teacher's answers are cached: ``teacher.cache`` when set; else with the store
    (``STORE/teacher-cache.sqlite``); for a remote store (an endpoint URL), in the user's cache
    folder, one file per endpoint (``<user cache>/teacher-cache/<hash of the URL>.sqlite``),
    never the current directory. With ``teacher.no_cache`` it is not read, but still written."""
    if config.teacher.cache:
        return Path(config.teacher.cache)
    location = str(config.store)
    if location.startswith(("http://", "https://")):
        digest = hashlib.sha256(location.rstrip("/").encode("utf-8")).hexdigest()[:16]
        return user_cache_dir() / "teacher-cache" / f"{digest}.sqlite"
    return Path(location) / "teacher-cache.sqlite"


def check_names(config: DistillConfig) -> None:
    """A :class:`ConfigError` where :func:`resolve_parts` would refuse a name (the teacher's
    backend, the student, the critic), making none of them (``kg distill --dry-run``)."""
    from kg.critics import check_judge
    from kg.registry import students
    from kg.teachers import check_spec

    if config.teacher.spec:
        check_spec(config.teacher.spec)
    if config.student.kind != "none":
        students.entry(config.student.kind)
    check_judge(config.critic.model)


def resolve_parts(
    config: DistillConfig, store: Store, parts: Parts | None = None, *, need_teacher: bool = True
) -> Parts:
    """Fill every part not given from the configuration."""
    p = parts or Parts()
    notes = list(p.notes)
    domain = p.domain if p.domain is not None else load_domain(config.domain)
    teacher = p.teacher
    if teacher is None and need_teacher:
        if not config.teacher.spec:
            raise ConfigError("no teacher given; pass --teacher replay:PATH|openai:MODEL@URL|hf:PATH")
        make_teacher = _required("kg.teachers", "make_teacher", "the teacher")
        teacher = make_teacher(
            config.teacher.spec,
            cache_path=teacher_cache_path(config),  # with no_cache too: fresh answers replace stale ones
            no_cache=config.teacher.no_cache,
            **config.teacher.options(),
        )
    unread = unread_sentences(domain.language)
    if unread:
        notes.append(unread)
    untyped = reference_note(domain)
    if untyped:
        notes.append(untyped)
    notes.extend(reference_warnings(domain))
    t = config.teacher
    if need_teacher and t.samples > 1 and not t.temperature and t.spec.startswith("openai:"):
        notes.append(
            f"{t.samples} samples at temperature 0 are one answer paid {t.samples} times, and agreement among "
            "them says nothing; sample at a temperature (--temperature 0.7) or ask one sample (--samples 1)"
        )
    elif need_teacher and t.samples > 1 and not t.temperature and t.spec.startswith("hf:"):
        notes.append(
            f"at temperature 0 a local model's {t.samples} samples are the {t.samples} best answers of one beam "
            "search, not samples; sample at a temperature (--temperature 0.7) or ask one sample (--samples 1)"
        )
    extract = p.extract
    extractor = p.extractor
    if extract is None:
        if extractor is None:
            cls = _required("extractors", "Extractor", "reading teacher output")
            extractor = cls(domain, store)  # one per run: keeps the normaliser and spaCy loaded
        extract = _ExtractWith(extractor)
    # a checker that cannot be imported is an error, never an open gate: facts would be let in
    # unchecked (so is the reasoner, when inference is asked for: --no-materialize skips it)
    validator = p.validator
    if validator is None:
        validator = _required("kg.validate", "Validator", "validation")(domain, store)
    conflicts = p.conflicts
    if conflicts is None:
        conflicts = _required("reasoners.conflicts", "ConflictChecker", "conflict resolution")(domain, store)
    materializer = p.materializer
    if materializer is None and config.run.materialize:
        materializer = _required("reasoners.rules", "Materializer", "inference", "; or pass --no-materialize")(domain, store)
    critic = p.critic
    if critic is None:
        from kg.critics import coverage_note, load_judge

        judge = load_judge(
            config.critic.model, store=config.store, quantize=config.critic.quantize, teacher=teacher, domain=domain,
            target_precision=config.critic.target_precision or None,
        )
        if isinstance(missed := getattr(judge, "missed_target", None), str):
            notes.append(missed)
        if (uncovered := coverage_note(judge, domain, explicit=config.critic.model != "auto")) is not None:
            notes.append(uncovered)
        if judge is None and config.critic.model == "auto" and _open_world(domain):
            raise CriticError(
                f"no trained critic in {config.store}: nothing could refute the open-world facts of {domain.name} "
                "(no reference graph); train one (kg critic train --store STORE --data ROWS), or pass --critic none "
                "(critic.model = \"none\") to let the checks and the signals' mean alone decide"
            )
        critic = Critic.from_config(config.critic, domain=domain, model=judge)
        if judge is None and config.critic.model == "auto" and need_teacher and t.samples == 1:
            if (unjudged := single_sample_note(critic, config.store)) is not None:
                notes.append(unjudged)
    student = p.student
    if student is None and config.student.kind != "none":  # an unknown name fails before the teacher is asked
        student = load_student(config.student.kind)
    return Parts(
        domain, teacher, extract, validator, conflicts, materializer, critic, notes, extractor, p.proposers, student
    )


def single_sample_note(critic: Critic, store: str | None) -> str | None:
    """What a run with no learned critic (``critic.model = "auto"`` found none) and one sample
    per prompt is told: the signals' mean has no agreement among samples to weigh, so every fact
    the checks pass gets at least the threshold; None where the threshold still keeps some out
    (``critic.threshold`` set above what such a fact scores)."""
    from kg.validate.validator import UNKNOWN_CONFIDENCE  # the validator's default; here only when one judged the run

    least = critic.combine(Signals(validator=UNKNOWN_CONFIDENCE, prompts=0.5))  # prompts: one prompt's, 1 - 0.5 ** 1
    if least < critic.threshold:
        return None
    where = f" --store {shlex.quote(store)}" if store else ""
    return (
        f"no learned critic judged this run's facts: there is no trained critic{f' in {store}' if store else ''} "
        f"(critic.model = \"auto\"), so the signals' mean decided, and with one sample per prompt (-n 1) it has no "
        f"agreement among samples to weigh: every answer the checks passed and the reference graph does not contradict "
        f"scored at least {least:.2f}, not below the threshold {critic.threshold:.2f}, and was accepted (those the reference "
        f"does not hold count as \"unknown\"). Train a critic (kg critic train{where} --data ROWS; kg review export "
        f"-g accepted writes rows to label) or sample more (-n 3 --temperature 0.7), then kg critic rescore{where}"
    )


class _ExtractWith:
    """``extract(completion, prompt, domain, store=...)`` by the run's one extractor (which
    already knows the domain and the store)."""

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor

    def __call__(self, completion: Completion, prompt: Any, domain: Any, *, store: Any = None) -> list:
        before = dict(self.extractor.stats.dropped)
        found = self.extractor.extract(completion, prompt)
        after = {why: n for why, n in self.extractor.stats.dropped.items() if n != before.get(why, 0)}
        none = {why: n for why, n in after.items() if why.endswith(NONE_ANSWER)}
        # a line dropped as beside an answer ("a remark beside an answer") where none was read
        beside = {why: n for why, n in after.items() if " beside " in why}
        after = none or beside or after
        if not found and after:
            # "None", "N/A": no fact, but an answer (ATOMIC keeps "none" as a tail); "Note: varies
            # by section; up to 140 km/h", all of it dropped as a remark; "Sydney is a city.", a
            # sentence naming no answer, or any answer all of whose lines were dropped: quarantined
            # with its completion, so nothing the teacher said is lost (it was a count alone), and
            # counted once, as an unreadable output, not as dropped too
            dropped = self.extractor.stats.dropped
            if isinstance(dropped, MutableMapping):
                for why in after:
                    if before.get(why):
                        dropped[why] = before[why]
                    else:
                        del dropped[why]
            span = completion.answer.strip()[:2000]
            if none:
                return [Unreadable(completion, span, NONE_ANSWER, NONE_ANSWER)]
            return [Unreadable(completion, span, NOTHING_READ, f"{NOTHING_READ}: all of it dropped as {', '.join(sorted(after))}")]
        return found


NONE_ANSWER = "none answer"
"""The reason (and the extractor's name) of the quarantine record of an answer that says there is
none ("None", "N/A", "I don't know") and gives nothing else: ``kg:message "none answer"``."""


NOTHING_READ = "nothing read"
"""The extractor's name of the quarantine record of an answer the extractors read nothing of and
dropped all of (a remark, a prose line, a sentence naming no answer, an item crossed out), its
reason naming why."""


def _open_world(domain: Domain) -> bool:
    """A domain without a reference graph: nothing but a learned critic can refute its facts."""
    return domain.reference is None
