"""Several people's labels of the same facts: how far they agree, and one label per fact by
majority vote (``kg review agreement``, ``kg review apply a.csv b.csv c.csv``).

West et al. had each generation judged by three annotators and kept the majority's label; the
agreement of the annotators is what says whether the guidelines are clear enough for the labels
to train or measure anything. Agreement is reported as the share of facts labelled by two or
more people on which all agree, and as Krippendorff's alpha (nominal), which corrects that share
for the agreement chance alone gives and allows any number of reviewers, each labelling any
subset of the facts. Per reviewer, how many facts each labelled and how many valid; per pair of
reviewers, the share of their common facts they labelled the same and Cohen's kappa (two raters,
chance from each one's own share of valid labels), so a lead sees *who* disagrees, not only how
much; :attr:`Agreement.disputed` lists the facts the reviewers split on, each with every
reviewer's label, for adjudication.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Iterable, Mapping, Sequence

__all__ = ["Agreement", "PairAgreement", "ReviewerCounts", "cohen_kappa", "krippendorff_alpha", "majority", "reviewer_names"]


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


def cohen_kappa(pairs: Sequence[tuple[bool, bool]]) -> float | None:
    """Cohen's kappa of two raters' binary labels of the same items: ``(po - pe) / (1 - pe)``,
    ``pe`` from each rater's own share of True. None when undefined (no items, or both raters
    gave one and the same label throughout: chance already agrees perfectly)."""
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    share_a = sum(a for a, _b in pairs) / n
    share_b = sum(b for _a, b in pairs) / n
    expected = share_a * share_b + (1 - share_a) * (1 - share_b)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


@dataclass(frozen=True)
class ReviewerCounts:
    """What one reviewer labelled: ``labelled`` facts, ``valid`` of them marked valid."""

    reviewer: str
    labelled: int
    valid: int


@dataclass(frozen=True)
class PairAgreement:
    """Two reviewers on the facts both labelled: ``shared`` facts, ``same`` labelled alike,
    ``kappa`` (Cohen's; None where undefined)."""

    first: str
    second: str
    shared: int
    same: int
    kappa: float | None


@dataclass(frozen=True)
class Agreement:
    """How several reviewers' labels of the same facts agree.

    ``labelled``: facts anyone labelled; ``shared``: those two or more labelled; ``unanimous``:
    the shared ones all labelled the same; ``ties``: facts with as many valid as invalid votes
    (left without a label); ``alpha``: Krippendorff's alpha over the shared facts;
    ``per_reviewer`` and ``pairs``: each reviewer's counts and each pair's agreement; ``disputed``:
    the facts labelled both ways, each with ``{reviewer: valid?}``."""

    reviewers: tuple[str, ...]
    labelled: int
    shared: int
    unanimous: int
    ties: int
    alpha: float | None
    per_reviewer: tuple[ReviewerCounts, ...] = ()
    pairs: tuple[PairAgreement, ...] = ()
    disputed: tuple[tuple[tuple[str, str, str], Mapping[str, bool]], ...] = field(default=(), repr=False)

    @property
    def percent(self) -> float | None:
        """The share of shared facts all reviewers labelled the same (None: nothing shared)."""
        return self.unanimous / self.shared if self.shared else None

    def as_dict(self) -> dict[str, object]:
        """The figures (the disputed facts as their count: ``disputed``)."""
        shown = asdict(self)
        shown.update(reviewers=list(self.reviewers), percent=self.percent, disputed=len(self.disputed))
        shown["per_reviewer"] = [asdict(one) for one in self.per_reviewer]
        shown["pairs"] = [{**asdict(pair), "percent": pair.same / pair.shared if pair.shared else None} for pair in self.pairs]
        return shown

    def summary(self) -> str:
        who = f"{len(self.reviewers)} reviewers ({', '.join(self.reviewers)})"
        if not self.shared:
            return f"{who} labelled {self.labelled:,} facts, none of them by two or more: no agreement to measure"
        alpha = "undefined (every label the same)" if self.alpha is None else f"{self.alpha:.2f}"
        lines = [
            f"{who} labelled {self.labelled:,} facts, {self.shared:,} by two or more: all agree on "
            f"{self.unanimous:,} ({self.percent:.0%}), Krippendorff's alpha {alpha}; "
            f"{self.ties:,} ties left without a label"
        ]
        for one in self.per_reviewer:
            share = f" ({one.valid / one.labelled:.0%})" if one.labelled else ""
            lines.append(f"  {one.reviewer}: {one.labelled:,} labelled, {one.valid:,} valid{share}")
        for pair in self.pairs:
            if not pair.shared:
                lines.append(f"  {pair.first} and {pair.second}: no fact in common")
                continue
            kappa = "undefined (one label throughout)" if pair.kappa is None else f"{pair.kappa:.2f}"
            lines.append(
                f"  {pair.first} and {pair.second}: {pair.same:,} of {pair.shared:,} common facts alike "
                f"({pair.same / pair.shared:.0%}), Cohen's kappa {kappa}"
            )
        return "\n".join(lines)


def reviewer_names(paths: Sequence[str | PurePath]) -> list[str]:
    """A name per labels file for the reports: the file's stem (``ana.csv``: ``ana``); where two
    files share a stem (``ana/review.csv``, ``ben/review.csv``), the paths as given."""
    stems = [PurePath(p).stem for p in paths]
    return [stem if stems.count(stem) == 1 else str(p) for stem, p in zip(stems, paths)]


def majority(
    votes: Mapping[tuple[str, str, str], Mapping[str, bool]], reviewers: Sequence[str] = (),
) -> tuple[dict[tuple[str, str, str], bool], Agreement]:
    """One label per fact from ``votes`` (each fact's labels by reviewer: ``{name: valid?}``):
    the majority's, none for a tie; and how the reviewers agree. ``reviewers`` names every
    reviewer, also one who labelled nothing (a review export left blank): counted with 0 labels."""
    reviewers = list(dict.fromkeys([*reviewers, *(name for by in votes.values() for name in by)]))
    decided: dict[tuple[str, str, str], bool] = {}
    disputed: list[tuple[tuple[str, str, str], Mapping[str, bool]]] = []
    ties = unanimous = shared = 0
    for key, by in votes.items():
        values = list(by.values())
        valid = sum(values)
        if len(values) >= 2:
            shared += 1
            unanimous += valid in (0, len(values))
            if valid not in (0, len(values)):
                disputed.append((key, dict(by)))
        if 2 * valid == len(values):
            ties += 1
        else:
            decided[key] = 2 * valid > len(values)
    per_reviewer = tuple(
        ReviewerCounts(name, sum(name in by for by in votes.values()), sum(by.get(name) is True for by in votes.values()))
        for name in reviewers
    )
    pairs = []
    for i, first in enumerate(reviewers):
        for second in reviewers[i + 1:]:
            both = [(by[first], by[second]) for by in votes.values() if first in by and second in by]
            pairs.append(PairAgreement(first, second, len(both), sum(a == b for a, b in both), cohen_kappa(both)))
    agreement = Agreement(
        tuple(reviewers), len(votes), shared, unanimous, ties,
        krippendorff_alpha([list(by.values()) for by in votes.values()]),
        per_reviewer, tuple(pairs), tuple(disputed),
    )
    return decided, agreement
