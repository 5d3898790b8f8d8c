"""Generating tails with the generator: greedy, beam search or nucleus sampling, in batches.

:func:`generate_batch` (:meth:`kg.students.generator.Generator.generate_batch`) writes ``n``
tails per ``(head, relation)`` prompt with ``transformers``' ``generate``: an encoder–decoder
model reads the source and starts its decoder with the relation token; a decoder-only one
continues its left-padded prompt (source, ``<sep>``), with no n-gram repeated within the tail
(:class:`_NoRepeatInTail`: its head may repeat).
"""

from __future__ import annotations

from typing import Sequence

from kg.errors import StudentError
from kg.students.generator_model import GeneratorModel


def generate_batch(
    gen: GeneratorModel,
    pairs: Sequence[tuple[str, str]],
    n: int = 1,
    *,
    sample: bool = False,
    num_beams: int | None = None,
    temperature: float = 1.0,
    top_p: float = 0.9,
    batch_size: int = 128,
    seed: int | None = None,
    no_repeat_ngram_size: int = 2,
    length_penalty: float = 1.0,
) -> list[list[str]]:
    """``n`` tails for each ``(head, relation)``, ``batch_size`` prompts at a time. Greedy
    when ``n == 1`` and not sampling; else beam search with ``max(n, num_beams)`` beams, or
    sampling (seeded by ``seed``). Tails of one prompt are distinct only under beam search.
    No n-gram of ``no_repeat_ngram_size`` tokens repeats within a tail (0: allowed).
    ``length_penalty`` (beam search only): finished beams are ranked by their summed
    log-probability over ``length ** length_penalty`` (> 1 favours longer tails)."""
    import torch

    if n < 1:
        raise StudentError(f"n must be at least 1, got {n}")
    gen.check_relations([r for _, r in pairs])
    if seed is not None:
        torch.manual_seed(seed)
    beams = 1 if sample else max(n, num_beams or n)
    options = dict(
        max_new_tokens=gen.max_target_len,
        num_beams=beams,
        num_return_sequences=n,
        do_sample=sample,
        temperature=temperature if sample else None,
        top_p=top_p if sample else None,
        top_k=0 if sample else None,
        early_stopping=True if beams > 1 else None,
        length_penalty=length_penalty if beams > 1 else None,
    )
    out: list[list[str]] = []
    gen.model.eval()
    for i in range(0, len(pairs), batch_size):
        chunk = pairs[i : i + batch_size]
        with torch.no_grad():
            if gen.causal:
                ids = _generate_causal(gen, chunk, no_repeat_ngram_size, options)
            else:
                ids = _generate_seq2seq(gen, chunk, no_repeat_ngram_size, options)
        texts = [gen.tail_text(t) for t in gen.tokenizer.batch_decode(ids, skip_special_tokens=True)]
        out += [texts[j : j + n] for j in range(0, len(texts), n)]
    return out


def _generate_seq2seq(gen: GeneratorModel, pairs: Sequence[tuple[str, str]], no_repeat: int, options: dict):
    import torch

    start = gen.model.config.decoder_start_token_id
    enc = gen.tokenizer(
        [gen.source(h, r) for h, r in pairs],
        padding=True,
        truncation=True,
        max_length=int(gen.meta["max_source_len"]),
        return_tensors="pt",
    )
    first = [[start] if not gen.relation_tokens else [start, gen.start_id(r)] for _, r in pairs]
    return gen.model.generate(
        input_ids=enc["input_ids"],
        attention_mask=enc["attention_mask"],
        decoder_input_ids=torch.tensor(first),
        no_repeat_ngram_size=no_repeat or None,
        **options,
    )


def _generate_causal(gen: GeneratorModel, pairs: Sequence[tuple[str, str]], no_repeat: int, options: dict):
    """Prompts padded on the left (``generate`` numbers positions from the attention mask,
    so a padded prompt generates what it would alone); returns the generated ids only."""
    import torch
    from transformers import LogitsProcessorList

    prompts = gen.prompts(pairs)
    width = max(len(p) for p in prompts)
    pad = gen.tokenizer.pad_token_id
    ids = torch.tensor([[pad] * (width - len(p)) + p for p in prompts])
    mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in prompts])
    processors = LogitsProcessorList([_NoRepeatInTail(no_repeat, width)] if no_repeat else [])
    out = gen.model.generate(
        input_ids=ids,
        attention_mask=mask,
        logits_processor=processors,
        eos_token_id=gen.tokenizer.eos_token_id,
        pad_token_id=pad,
        **options,
    )
    return out[:, width:]


class _NoRepeatInTail:
    """Bans a token that would repeat an n-gram of ``size`` tokens within the generated part
    (from position ``start``): a decoder-only model's tail may repeat words of its head."""

    def __init__(self, size: int, start: int) -> None:
        self.size = size
        self.start = start

    def __call__(self, input_ids, scores):
        k = self.size - 1
        for row, seq in enumerate(input_ids[:, self.start :].tolist()):
            if len(seq) < max(k, 1):
                continue
            last = tuple(seq[len(seq) - k :]) if k else ()
            banned = [seq[j + k] for j in range(len(seq) - k) if tuple(seq[j : j + k]) == last]
            if banned:
                scores[row, banned] = -float("inf")
        return scores

