"""Learned critics: models that tell right from wrong where no schema or reference can.

* :mod:`kg.critics.examples`: training data without human labels (trusted tails, corrupted
  negatives), split by head;
* :mod:`kg.critics.backbone`: the pretrained all-MiniLM-L6-v2, checked against its official
  SHA-256 digests;
* :mod:`kg.critics.cross_encoder`: the cross-encoder critic, its training and calibration;
* :mod:`kg.critics.metrics`: ROC-AUC, precision–recall, calibrated thresholds;
* :mod:`kg.critics.llm_judge`: the teacher asked whether a fact holds (LLM-as-judge), cached;
* :mod:`kg.critics.trusted`: the store's facts with trusted provenance (training positives);
* :mod:`kg.critics.rescore`: re-judge a stored graph with a new critic (facts move, records kept).
* :mod:`kg.critics.labels`, :mod:`kg.critics.evaluation`: labelled rows, and the gate's precision
  and recall against them.

:func:`load_judge` turns a ``critic.model`` setting into a judge for the gate (:class:`kg.critic.Critic`).
"""

from __future__ import annotations


from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import ConfigError, CriticError
from kg.files import finish_interrupted_swap
from kg.registry import critics as critic_registry

if TYPE_CHECKING:
    from kg.critic import LearnedJudge

__all__ = ["STORE_CRITIC", "store_critic_dir", "load_judge", "coverage_note"]

STORE_CRITIC = "critic"
"""The folder inside a store directory where ``kg critic train --store`` keeps its critic."""


def store_critic_dir(store: str | Path) -> Path:
    return Path(store) / STORE_CRITIC


def make_llm_judge(arg: str, *, teacher: Any = None, domain: Any = None, store: Any = None) -> "LearnedJudge":
    if teacher is None:
        raise ConfigError(
            "critic.model = 'llm' asks the run's teacher whether each fact holds, and this run has none "
            "(kg ingest asks no teacher): use a trained critic (--critic auto or a folder) or --critic none"
        )
    from kg.critics.llm_judge import LLMJudge

    options = _judge_options(arg)
    return LLMJudge.for_domain(teacher, domain, **options) if domain is not None else LLMJudge(teacher, **options)


def _judge_options(arg: str) -> dict[str, Any]:
    """``llm:samples=3,max_tokens=512,threshold=0.6`` as the judge's keyword arguments."""
    options: dict[str, Any] = {}
    params: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in arg.split(","))):
        key, sep, value = item.partition("=")
        key = key.strip()
        try:
            if not sep or key not in ("samples", "max_tokens", "threshold", "temperature"):
                raise ValueError
            number = float(value) if key in ("threshold", "temperature") else int(value)
        except ValueError:
            raise ConfigError(
                f"critic.model 'llm:{arg}': write llm:KEY=VALUE,... with KEY samples, max_tokens, threshold or temperature"
            ) from None
        if key in ("max_tokens", "temperature"):
            params[key] = number
        else:
            options[key] = number
    return options | ({"params": params} if params else {})


def load_judge(
    spec: str,
    *,
    store: str | Path | None = None,
    quantize: bool = True,
    teacher: Any = None,
    domain: Any = None,
    target_precision: float | None = None,
) -> "LearnedJudge | None":
    """The learned judge a ``critic.model`` setting names: ``auto`` (the store's trained critic,
    ``STORE/critic``, when there is one; a non-empty folder without ``critic.json`` is a
    :class:`~kg.errors.CriticError`), ``none``, ``llm`` (the run's teacher asked whether each
    fact holds, :class:`kg.critics.llm_judge.LLMJudge`), ``NAME`` or ``NAME:ARG`` of a critic in
    :data:`kg.registry.critics` (a plugin's, entry-point group ``kg.critics``), or the folder of
    a trained critic. ``target_precision``: a trained critic accepts at that precision on its
    calibration heads instead of the one it was trained for (:meth:`CrossEncoderCritic.retarget`;
    0 or None: the one it was trained for, as ``critic.target_precision = 0`` in kg.toml);
    a ``ConfigError`` where there is no trained critic to set."""
    spec = (spec or "none").strip()
    target_precision = target_precision or None  # 0: the trained threshold, never "accept all"
    folder_spec = spec
    if spec == "auto" and store is not None and not str(store).startswith(("http://", "https://")):
        folder = store_critic_dir(store)
        finish_interrupted_swap(folder)  # a retrain killed between its renames: its new critic, never none
        if (folder / "critic.json").is_file():
            folder_spec = str(folder)
        elif folder.is_dir() and any(folder.iterdir()):  # never "no critic": its facts would pass unjudged
            raise CriticError(
                f"{folder} holds files but no critic.json: an incomplete critic (a copy that missed it, or a save "
                "cut short); restore it, train it again (kg critic train --store STORE), or remove the folder"
            )
        elif interrupted := sorted(folder.parent.glob(".old-.new-*/critic.json")):
            # an earlier kg's swap, killed between its renames: its names do not say whose
            old = interrupted[0].parent
            raise CriticError(
                f"a critic retrain was interrupted: {old} holds the critic before it and "
                f"{folder.parent / old.name.removeprefix('.old-')} the new one, and {folder} neither; "
                f"rename one of them to {folder}"
            )
        else:
            folder_spec = "none"
    name, _, arg = folder_spec.partition(":")
    if folder_spec in ("none", "auto") or name in critic_registry:
        if target_precision is not None:
            which = "gives none (train one: kg critic train --store STORE)" if spec == "auto" else (
                "gives none" if folder_spec == "none" else "is not a trained critic")
            raise ConfigError(f"critic.target_precision {target_precision:g} sets a trained critic's threshold, and critic.model {spec!r} {which}")
        if folder_spec in ("none", "auto"):
            return None
        judge = critic_registry.load(name)(arg, teacher=teacher, domain=domain, store=store)
        missing = [a for a in ("id", "threshold", "target_precision", "covers", "score") if not hasattr(judge, a)]
        if missing:
            raise ConfigError(
                f"critic {name!r} made a {type(judge).__name__} without {', '.join(missing)}: a critic is a "
                "kg.critic.LearnedJudge (id, threshold, target_precision, covers(relation), score(triples) -> P(valid) each)"
            )
        return judge
    check_judge(folder_spec)
    from kg.critics.cross_encoder import CrossEncoderCritic

    critic = CrossEncoderCritic.load(folder_spec, quantize=quantize)
    if target_precision is not None:
        critic.retarget(target_precision)
    return critic


def check_judge(spec: str) -> None:
    """A :class:`ConfigError` unless the ``critic.model`` setting ``spec`` names a judge (auto,
    none, a critic's ``NAME[:ARG]``, a folder that is there), loading none."""
    spec = (spec or "none").strip()
    if spec in ("none", "auto") or spec.partition(":")[0] in critic_registry or Path(spec).exists():
        return
    raise ConfigError(
        f"critic.model {spec!r} is no critic folder and no critic's name; use auto, none, "
        f"{', '.join(n + ':ARG' if n != 'llm' else n for n in critic_registry.names())} or a trained critic's folder (kg critic train)"
    )


def coverage_note(judge: Any, domain: Any, *, explicit: bool) -> str | None:
    """None when ``judge`` covers a relation of ``domain``; else, where the judge was named
    explicitly (``--critic DIR``), a :class:`~kg.errors.CriticError`, and under ``auto`` a note:
    a critic trained for another domain would judge nothing, silently."""
    if judge is None or any(judge.covers(name) for name in domain.relations):
        return None
    message = (
        f"the critic {judge.id} covers none of the {domain.name} domain's relations "
        f"({', '.join(sorted(domain.relations)[:5])}{', ...' if len(domain.relations) > 5 else ''}): it was trained for another domain"
    )
    if explicit:
        raise CriticError(f"{message}; train one for {domain.name} (kg critic train -d {domain.name}) or leave --critic out")
    return f"{message}, so it judges nothing here"
