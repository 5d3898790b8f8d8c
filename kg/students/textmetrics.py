"""Text-overlap metrics for generated tails, as COMET-ATOMIC 2020 reports them.

* :func:`corpus_bleu`: corpus-level BLEU-N (Papineni et al., 2002) with several references per
  hypothesis, as in ``pycocoevalcap``: for every n-gram order, hypothesis n-gram counts are
  clipped by the largest count in any one reference and summed over the corpus; the brevity
  penalty uses, for each hypothesis, the reference length closest to it (the shorter on a tie):

  .. math::  \\mathrm{BLEU}_N = \\mathrm{BP} \\cdot \\exp\\Big(\\tfrac1N\\sum_{n=1}^{N}\\log p_n\\Big),
             \\quad \\mathrm{BP} = \\min(1, e^{1 - r/c})

* :func:`rouge_l`: ROUGE-L per hypothesis, as ``pycocoevalcap``'s ``Rouge``: the longest common
  subsequence with each reference gives a precision and a recall; the largest of each over the
  references are combined into an F-measure with :math:`\\beta = 1.2`, and the scores are
  averaged over hypotheses.

Text is compared as lower-case word tokens (:func:`tokenize`: letters and digits, punctuation
dropped), the same for hypotheses and references.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Sequence

__all__ = ["tokenize", "corpus_bleu", "rouge_l", "lcs_length", "normalize_tail"]

_WORD = re.compile(r"[a-z0-9]+")


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens of ``text`` (punctuation dropped)."""
    return _WORD.findall(text.lower())


def normalize_tail(text: str) -> str:
    """The form two tails are compared in for exact match and novelty."""
    return " ".join(tokenize(text))


def _ngrams(tokens: Sequence[str], n: int) -> Counter:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def corpus_bleu(
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], max_n: int = 2
) -> float:
    """Corpus BLEU-``max_n`` of ``hypotheses[i]`` against the references ``references[i]``.

    Returns 0.0 when some n-gram order has no match at all (no smoothing), or when there is
    nothing to score.
    """
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} reference lists")
    matches = [0] * max_n
    totals = [0] * max_n
    hyp_len = ref_len = 0
    for hyp, refs in zip(hypotheses, references):
        h = tokenize(hyp)
        rs = [tokenize(r) for r in refs]
        if not rs:
            continue
        hyp_len += len(h)
        ref_len += min((abs(len(r) - len(h)), len(r)) for r in rs)[1]
        for n in range(1, max_n + 1):
            counts = _ngrams(h, n)
            best: Counter = Counter()
            for r in rs:
                best |= _ngrams(r, n)
            matches[n - 1] += sum(min(c, best[g]) for g, c in counts.items())
            totals[n - 1] += max(len(h) - n + 1, 0)
    if hyp_len == 0 or min(matches) == 0:
        return 0.0
    log_p = sum(math.log(m / t) for m, t in zip(matches, totals)) / max_n
    bp = 1.0 if hyp_len > ref_len else math.exp(1 - ref_len / hyp_len)
    return bp * math.exp(log_p)


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


def rouge_l(
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], beta: float = 1.2
) -> float:
    """Mean ROUGE-L F-measure of each hypothesis against its references."""
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} reference lists")
    scores = []
    for hyp, refs in zip(hypotheses, references):
        if not refs:
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
