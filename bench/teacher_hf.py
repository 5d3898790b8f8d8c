"""A local transformers teacher (`hf:PATH`): prompts generated together against one at a time.

    python bench/teacher_hf.py [--prompts 48] [--batch 8] [--layers 6] [--width 384] [--max-tokens 24]

A GPT-2-shaped model with random weights (nothing is downloaded; its BPE vocabulary is trained on
the bundled ATOMIC rows) answers the commonsense domain's real prompts, greedy, with no cache:
once with ``batch_size=1`` (the teacher before batching) and once with ``--batch``, in the same
process. Prints prompts/s and new tokens/s of both, their ratio, and the share of prompts whose
answer is the same both ways (batched greedy decoding must not change what a prompt gets).
Exit status 1 when an answer differs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from kg.ontology import load_domain
from kg.prompts import build_prompts
from kg.teachers import make_teacher

DATA = Path(__file__).resolve().parents[1] / "kg" / "data" / "atomic2020" / "dev.jsonl"


def build_model(path: Path, layers: int, width: int) -> int:
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()[:3000]]
    corpus = [row["head"] + " " + " ".join(row.get("tails", [])) for row in rows]
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=4000, special_tokens=["<unk>", "<eos>"]))
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", eos_token="<eos>", pad_token="<eos>")
    fast.save_pretrained(path)
    torch.manual_seed(0)
    config = GPT2Config(
        vocab_size=len(fast), n_positions=2048, n_embd=width, n_layer=layers, n_head=max(1, width // 64),
        bos_token_id=fast.eos_token_id, eos_token_id=fast.eos_token_id,
    )
    model = GPT2LMHeadModel(config)
    model.save_pretrained(path)
    return sum(p.numel() for p in model.parameters())


def timed(path: Path, prompts: list, batch: int, max_tokens: int) -> tuple[float, float, list[str]]:
    teacher = make_teacher(f"hf:{path}", no_cache=True, device="cpu", batch_size=batch)
    teacher.complete(prompts[:1], params={"max_tokens": 2})  # load the model outside the clock
    start = time.perf_counter()
    out = teacher.complete(prompts, params={"max_tokens": max_tokens})
    elapsed = time.perf_counter() - start
    if len(out) != len(prompts):
        sys.exit(f"lost prompts: {len(prompts) - len(out)}; {teacher.last_failures[:2]}")
    tokens = sum(c.usage.get("completion_tokens", 0) for c in out)
    return len(prompts) / elapsed, tokens / elapsed, [c.text for c in out]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=48)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--width", type=int, default=384)
    parser.add_argument("--max-tokens", type=int, default=24)
    args = parser.parse_args()
    heads = [json.loads(line)["head"] for line in DATA.read_text(encoding="utf-8").splitlines()[:400]]
    prompts = build_prompts(load_domain("commonsense"), list(dict.fromkeys(heads)), kind="list", shots=3)[: args.prompts]
    with tempfile.TemporaryDirectory() as tmp:
        params = build_model(Path(tmp), args.layers, args.width)
        print(f"model: GPT-2 shape, {args.layers} layers x {args.width}, {params / 1e6:.1f}M parameters, random weights; "
              f"{len(prompts)} commonsense prompts, greedy, max_tokens {args.max_tokens}, CPU")
        one_rate, one_tokens, one_texts = timed(Path(tmp), prompts, 1, args.max_tokens)
        batch_rate, batch_tokens, batch_texts = timed(Path(tmp), prompts, args.batch, args.max_tokens)
    same = sum(a == b for a, b in zip(one_texts, batch_texts)) / len(prompts)
    print(f"one prompt at a time  : {one_rate:7.2f} prompts/s  {one_tokens:8.1f} tokens/s")
    print(f"{args.batch} prompts together  : {batch_rate:7.2f} prompts/s  {batch_tokens:8.1f} tokens/s")
    print(f"ratio (together / one at a time): {batch_rate / one_rate:.2f}x; same answer both ways: {same:.0%}")
    if same < 1:
        sys.exit(1)


if __name__ == "__main__":
    main()
