"""Several people's labels of the same facts: how far they agree, and one label per fact by
majority vote (``kg review agreement``, ``kg review apply a.csv b.csv c.csv``).

West et al. had each generation judged by three annotators and kept the majority's label; the
agreement of the annotators is what says whether the guidelines are clear enough for the labels
to train or measure anything. Agreement is reported as the share of facts labelled by two or
more people on which all agree, and as Krippendorff's alpha (nominal), which corrects that share
for the agreement chance alone gives and allows any number of reviewers, each labelling any
subset of the facts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Mapping, Sequence

__all__ = ["Agreement", "krippendorff_alpha", "majority"]


def krippendorff_alpha(units: Iterable[Sequence[object]]) -> float | None:
    """Krippendorff's alpha for nominal values: ``units`` are the values people gave each item
    (any number each; items with fewer than two values are not pairable and count for nothing).
    1 is perfect agreement, 0 what chance gives; None when it is undefined (fewer than two
    pairable values, or every value the same: no disagreement to expect)."""
    coincidence: dict[tuple[object, object], float] = {}
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidence[(c, k)] = coincidence.get((c, k), 0.0) + 1.0 / (m - 1)
    totals: dict[object, float] = {}
    for (c, _k), count in coincidence.items():
        totals[c] = totals.get(c, 0.0) + count
    n = sum(totals.values())
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if n < 2 or expected == 0:
        return None
    observed = sum(count for (c, k), count in coincidence.items() if c != k)
    return 1.0 - (n - 1) * observed / expected


@dataclass(frozen=True)
class Agreement:
    """How several reviewers' labels of the same facts agree.

    ``labelled``: facts anyone labelled; ``shared``: those two or more labelled; ``unanimous``:
    the shared ones all labelled the same; ``ties``: facts with as many valid as invalid votes
    (left without a label); ``alpha``: Krippendorff's alpha over the shared facts."""

    reviewers: tuple[str, ...]
    labelled: int
    shared: int
    unanimous: int
    ties: int
    alpha: float | None

    @property
    def percent(self) -> float | None:
        """The share of shared facts all reviewers labelled the same (None: nothing shared)."""
        return self.unanimous / self.shared if self.shared else None

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "reviewers": list(self.reviewers), "percent": self.percent}

    def summary(self) -> str:
        who = f"{len(self.reviewers)} reviewers ({', '.join(self.reviewers)})"
        if not self.shared:
            return f"{who} labelled {self.labelled:,} facts, none of them by two or more: no agreement to measure"
        alpha = "undefined (every label the same)" if self.alpha is None else f"{self.alpha:.2f}"
        return (
            f"{who} labelled {self.labelled:,} facts, {self.shared:,} by two or more: all agree on "
            f"{self.unanimous:,} ({self.percent:.0%}), Krippendorff's alpha {alpha}; "
            f"{self.ties:,} ties left without a label"
        )


def majority(votes: Mapping[tuple[str, str, str], Sequence[bool]], reviewers: Sequence[str]) -> tuple[dict[tuple[str, str, str], bool], Agreement]:
    """One label per fact from ``votes`` (each fact's labels, one per reviewer who gave one): the
    majority's, none for a tie; and how the reviewers agree."""
    decided: dict[tuple[str, str, str], bool] = {}
    ties = unanimous = shared = 0
    for key, values in votes.items():
        valid = sum(values)
        if len(values) >= 2:
            shared += 1
            unanimous += valid in (0, len(values))
        if 2 * valid == len(values):
            ties += 1
        else:
            decided[key] = 2 * valid > len(values)
    agreement = Agreement(
        tuple(reviewers), len(votes), shared, unanimous, ties, krippendorff_alpha(votes.values())
    )
    return decided, agreement
