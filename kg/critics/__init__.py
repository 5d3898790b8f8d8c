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

from kg.errors import CriticError
from kg.registry import critics as critic_registry

if TYPE_CHECKING:
    from kg.critic import LearnedJudge

__all__ = ["STORE_CRITIC", "store_critic_dir", "load_judge"]

STORE_CRITIC = "critic"
"""The folder inside a store directory where ``kg critic train --store`` keeps its critic."""


def store_critic_dir(store: str | Path) -> Path:
    return Path(store) / STORE_CRITIC


def make_llm_judge(arg: str, *, teacher: Any = None, domain: Any = None, store: Any = None) -> "LearnedJudge":
    if teacher is None:
        raise CriticError("critic.model = 'llm' needs a teacher to ask (--teacher)")
    from kg.critics.llm_judge import LLMJudge

    return LLMJudge.for_domain(teacher, domain) if domain is not None else LLMJudge(teacher)


def load_judge(
    spec: str, *, store: str | Path | None = None, quantize: bool = True, teacher: Any = None, domain: Any = None
) -> "LearnedJudge | None":
    """The learned judge a ``critic.model`` setting names: ``auto`` (the store's trained critic,
    ``STORE/critic``, when there is one), ``none``, ``llm`` (the run's teacher asked whether each
    fact holds, :class:`kg.critics.llm_judge.LLMJudge`), ``NAME`` or ``NAME:ARG`` of a critic in
    :data:`kg.registry.critics` (a plugin's, entry-point group ``kg.critics``), or the folder of
    a trained critic."""
    spec = (spec or "none").strip()
    if spec == "none":
        return None
    if spec == "auto":
        if store is None or str(store).startswith(("http://", "https://")):
            return None
        folder = store_critic_dir(store)
        if not (folder / "critic.json").is_file():
            return None
        spec = str(folder)
    name, _, arg = spec.partition(":")
    if name in critic_registry:
        return critic_registry.load(name)(arg, teacher=teacher, domain=domain, store=store)
    from kg.critics.cross_encoder import CrossEncoderCritic

    return CrossEncoderCritic.load(spec, quantize=quantize)
