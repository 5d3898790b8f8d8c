"""Text-overlap and diversity metrics for generated tails, as COMET-ATOMIC 2020 reports them.

The scorer is the one of the COMET-ATOMIC 2020 repository (``system_eval/automatic_eval.py``,
which calls ``pycocoevalcap``'s ``Bleu(4)`` and ``Rouge``):

* Text: tails are lower-cased and split on whitespace (:func:`tokenize`); punctuation is kept,
  so ``"hurt."`` and ``"hurt"`` are different words. A row whose references are all ``"none"``
  (or that has none) is skipped; a ``"none"`` among other references stays a reference.
* :func:`corpus_bleu`: corpus-level BLEU-N (Papineni et al., 2002) with several references per
  hypothesis: for every n-gram order, hypothesis n-gram counts are clipped by the largest count
  in any one reference and summed over the corpus; the brevity penalty uses, for each
  hypothesis, the reference length closest to it (the shorter on a tie). As in
  ``pycocoevalcap``, each precision is ``(matches + 1e-15) / (total + 1e-9)``, so an order with
  no match gives a tiny score, not an error:

  .. math::  \\mathrm{BLEU}_N = \\mathrm{BP} \\cdot \\Big(\\prod_{n=1}^{N} p_n\\Big)^{1/N},
             \\quad \\mathrm{BP} = \\min(1, e^{1 - r/c})

* :func:`rouge_l`: ROUGE-L per hypothesis: the longest common subsequence with each reference
  gives a precision and a recall; the largest of each over the references are combined into an
  F-measure with :math:`\\beta = 1.2`, and the scores are averaged over hypotheses.

Diversity (how far a generator has collapsed onto a few tails):

* :func:`distinct_tails`: how many different tails (as :func:`normalize_tail` writes them);
* :func:`distinct_n`: distinct-n (Li et al., 2016): distinct n-grams over all n-grams of all
  outputs.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable, Sequence

__all__ = [
    "tokenize",
    "normalize_tail",
    "is_none",
    "corpus_bleu",
    "rouge_l",
    "lcs_length",
    "distinct_tails",
    "distinct_n",
]

_TINY = 1e-15  # pycocoevalcap's smoothing of n-gram precisions and the length ratio
_SMALL = 1e-9


def tokenize(text: str) -> list[str]:
    """Lower-case whitespace tokens of ``text`` (punctuation kept, as COMET-ATOMIC 2020 scores)."""
    return text.lower().split()


def normalize_tail(text: str) -> str:
    """The form two tails are compared in (exact match, novelty, distinct tails)."""
    return " ".join(tokenize(text))


def is_none(text: str) -> bool:
    """ATOMIC's "no tail" answer."""
    return normalize_tail(text) == "none"


def _scored(references: Sequence[str]) -> bool:
    """A row is scored unless it has no reference or only ``"none"``."""
    return any(not is_none(r) for r in references)


def _ngrams(tokens: Sequence[str], n: int) -> Counter:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _check_lengths(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> None:
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} reference lists")


def corpus_bleu(hypotheses: Sequence[str], references: Sequence[Sequence[str]], max_n: int = 2) -> float:
    """Corpus BLEU-``max_n`` of ``hypotheses[i]`` against the references ``references[i]``
    (see the module docstring). 0.0 when no row is scored."""
    _check_lengths(hypotheses, references)
    matches = [0] * max_n
    totals = [0] * max_n
    hyp_len = ref_len = 0
    rows = 0
    for hyp, refs in zip(hypotheses, references):
        if not _scored(refs):
            continue
        rows += 1
        h = tokenize(hyp)
        rs = [tokenize(r) for r in refs]
        hyp_len += len(h)
        ref_len += min((abs(len(r) - len(h)), len(r)) for r in rs)[1]
        for n in range(1, max_n + 1):
            best: Counter = Counter()
            for r in rs:
                best |= _ngrams(r, n)
            matches[n - 1] += sum(min(c, best[g]) for g, c in _ngrams(h, n).items())
            totals[n - 1] += max(len(h) - n + 1, 0)
    if rows == 0:
        return 0.0
    product = math.prod((m + _TINY) / (t + _SMALL) for m, t in zip(matches, totals))
    bleu = product ** (1.0 / max_n)
    ratio = (hyp_len + _TINY) / (ref_len + _SMALL)
    if ratio < 1:
        bleu *= math.exp(1 - 1 / ratio)
    return bleu


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token lists."""
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(hypotheses: Sequence[str], references: Sequence[Sequence[str]], beta: float = 1.2) -> float:
    """Mean ROUGE-L F-measure of each hypothesis against its references (rows skipped as for
    :func:`corpus_bleu`)."""
    _check_lengths(hypotheses, references)
    scores = []
    for hyp, refs in zip(hypotheses, references):
        if not _scored(refs):
            continue
        h = tokenize(hyp)
        prec = rec = 0.0
        for ref in refs:
            r = tokenize(ref)
            lcs = lcs_length(h, r)
            if h:
                prec = max(prec, lcs / len(h))
            if r:
                rec = max(rec, lcs / len(r))
        if prec > 0 and rec > 0:
            scores.append((1 + beta**2) * prec * rec / (rec + beta**2 * prec))
        else:
            scores.append(0.0)
    return sum(scores) / len(scores) if scores else 0.0


def distinct_tails(outputs: Iterable[str]) -> int:
    """How many different tails ``outputs`` holds, compared as :func:`normalize_tail` writes them."""
    return len({normalize_tail(t) for t in outputs})


def distinct_n(outputs: Iterable[str], n: int = 2) -> float:
    """Distinct-n: different n-grams over all n-grams of all ``outputs`` (0.0 when there are none)."""
    seen: set[tuple[str, ...]] = set()
    total = 0
    for text in outputs:
        tokens = tokenize(text)
        grams = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        total += len(grams)
        seen.update(grams)
    return len(seen) / total if total else 0.0
