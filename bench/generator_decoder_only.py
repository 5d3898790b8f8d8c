"""Experiment: a decoder-only (GPT-2 style) student on the same split as ``bench/generator.py``.

The encoder–decoder student (kg.students.generator) does not read the head: its validation
loss is unchanged when heads are shuffled (docs/generator.md), which caps its BLEU-2 at 52–58%
of COMET-BART's. Here the head and the relation sit in the same sequence as the tail
(``<rel> head <sep> tail </s>``, loss on the tail only), so tail tokens attend to the head
through ordinary self-attention. Same data (kg/data/atomic2020/dev.jsonl human tails), same
split by head (seed 0, 20% of heads held out), same metrics (kg.students.textmetrics via
``score_outputs``), COMET-BART's greedy tails for the same held-out prompts scored in the same
run. Trains from scratch on 1 CPU thread for ``--seconds``; greedy decoding.

    python bench/generator_decoder_only.py --model-seed 0 --seconds 360

Not yet a ``kg.students.generator`` architecture: this script measures whether it is worth
making it one.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import GPT2Config, GPT2LMHeadModel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.students.generator import read_examples, references_by_prompt, score_outputs, split_by_head  # noqa: E402

DATA = ROOT / "kg" / "data" / "atomic2020" / "dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0, help="seed of the split by head (as bench/generator.py)")
    parser.add_argument("--model-seed", type=int, default=0, help="seed of the initialisation and batch order")
    parser.add_argument("--seconds", type=float, default=360.0, help="training budget (checked per epoch)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.model_seed)
    rng = random.Random(args.model_seed)

    split = split_by_head(read_examples(DATA), test=0.2, validation=0.05, seed=args.seed)
    train = split.train
    relations = sorted({e.relation for e in train} | {e.relation for e in split.test})
    specials = ["<pad>", "<s>", "</s>", "<sep>"] + [f"<{r}>" for r in relations]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(
        list({e.head for e in train}) + [e.tail for e in train],
        trainers.BpeTrainer(vocab_size=3000, special_tokens=specials, min_frequency=2,
                            initial_alphabet=pre_tokenizers.ByteLevel.alphabet()),
    )
    pad, bos, eos, sep = (tok.token_to_id(x) for x in ("<pad>", "<s>", "</s>", "<sep>"))

    def prompt(head: str, relation: str) -> list[int]:
        return [tok.token_to_id(f"<{relation}>")] + tok.encode(head).ids[:40] + [sep]

    rows = []
    for e in train:
        p, t = prompt(e.head, e.relation), tok.encode(e.tail).ids[:24] + [eos]
        rows.append((p + t, [-100] * len(p) + t))
    config = GPT2Config(vocab_size=tok.get_vocab_size(), n_positions=80, n_embd=192, n_layer=4, n_head=4,
                        n_inner=768, resid_pdrop=0.1, embd_pdrop=0.1, attn_pdrop=0.1,
                        bos_token_id=bos, eos_token_id=eos, pad_token_id=pad)
    model = GPT2LMHeadModel(config)
    params = sum(p.numel() for p in model.parameters())
    print(f"{len(rows):,} training tails, {len(references_by_prompt(split.test))} held-out prompts, {params:,} parameters", flush=True)

    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    size, start, epoch = 64, time.time(), 0
    while time.time() - start < args.seconds:
        rng.shuffle(rows)
        model.train()
        total = 0.0
        for i in range(0, len(rows), size):
            batch = rows[i : i + size]
            width = max(len(x) for x, _ in batch)
            ids = torch.tensor([x + [pad] * (width - len(x)) for x, _ in batch])
            labels = torch.tensor([y + [-100] * (width - len(y)) for _, y in batch])
            mask = (ids != pad).long()
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            total += loss.item()
        epoch += 1
        print(f"epoch {epoch}: loss {total / math.ceil(len(rows) / size):.3f} ({time.time() - start:.0f} s)", flush=True)

    model.eval()
    refs = references_by_prompt(split.test)
    outputs: dict[tuple[str, str], str] = {}
    t0 = time.time()
    with torch.no_grad():
        for head, relation in refs:
            p = torch.tensor([prompt(head, relation)])
            out = model.generate(p, attention_mask=torch.ones_like(p), max_new_tokens=24, do_sample=False,
                                 eos_token_id=eos, pad_token_id=pad)
            outputs[(head, relation)] = tok.decode([i for i in out[0, p.shape[1]:].tolist() if i not in (eos, pad)]).strip()
    speed = len(outputs) / (time.time() - t0)
    rows_in = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    comet = {(r["head"], r["relation"]): r["greedy"] for r in rows_in if (r["head"], r["relation"]) in refs}
    ours = score_outputs(outputs, refs, train_tails=[e.tail for e in train])
    theirs = score_outputs(comet, refs)
    print("| system | params | BLEU-1 | BLEU-2 | ROUGE-L | tails/s |\n|---|---|---|---|---|---|")
    print(f"| COMET-BART greedy | 406.3M | {theirs['bleu1']:.3f} | {theirs['bleu2']:.3f} | {theirs['rouge_l']:.3f} | n/a |")
    print(f"| decoder-only student, model seed {args.model_seed} | {params / 1e6:.1f}M | {ours['bleu1']:.3f} | "
          f"{ours['bleu2']:.3f} | {ours['rouge_l']:.3f} | {speed:.0f} (one prompt at a time) |")
    print(f"BLEU-2 ratio to COMET-BART: {ours['bleu2'] / theirs['bleu2']:.0%}; {epoch} epochs; "
          f"distinct tails {len(set(outputs.values()))} of {len(outputs)}; novelty {ours['novelty']:.1%}")


if __name__ == "__main__":
    main()
