"""An active loop: spend teacher calls where the graph is weakest (issue #23; docs/active.md).

Before each round of a ``kg distill --strategy active --budget N`` run, the pool of candidate
prompts (:mod:`kg.active.pool`: head x relation, from the seeds and the graph's heads, never one
already asked) is scored by small signal functions (:mod:`kg.active.signals`: the head has few
accepted facts, the critic is unsure about what the students propose there, the students
disagree, the conflict checks rejected facts there; the pair is expected to yield many accepted
facts per call, learnt from the pairs already asked: :mod:`kg.active.yields`, a bandit), weighted
by the user, and the best pairs within the round's share of the budget are asked
(:mod:`kg.active.choose`). ``grid`` and ``random`` choose from the same pool, for comparison
(``bench/active.py``).
"""

from kg.active.choose import SIGNALS, Choice, Weights, choose, tiebreak
from kg.active.pool import Coverage, GraphState, Pair, asked_calls, candidate_pool, key, read_state, read_types, type_fit
from kg.active.signals import GeneratorProposer, LinkPredProposer, Proposer, RulesProposer, train_proposers
from kg.active.yields import Estimate, Observation, YieldModel, observations

__all__ = [
    "SIGNALS", "Choice", "Weights", "choose", "tiebreak",
    "Coverage", "GraphState", "Pair", "asked_calls", "candidate_pool", "key", "read_state", "read_types", "type_fit",
    "Estimate", "Observation", "YieldModel", "observations",
    "GeneratorProposer", "LinkPredProposer", "Proposer", "RulesProposer", "train_proposers",
]
