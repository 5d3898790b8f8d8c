"""Generator commands: ``kg train generator``, ``kg eval generator``, ``kg generate``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from kg.cli.common import FormatOption, JsonAlias, StoreOption, console, emit, err_console, output_format, student_dir

ModelOption = Annotated[
    Optional[Path],
    typer.Option("--model", "-m", help="Model directory (default: <store>/students/generator)."),
]
DataOption = Annotated[
    Optional[Path],
    typer.Option("--data", help="Use a file instead of the store: ATOMIC .jsonl (tails lists) or .tsv (head<TAB>relation<TAB>tail)."),
]
DomainOption = Annotated[
    Optional[str],
    typer.Option("--domain", "-d", help="Domain folder or name: relation names and verbalisation templates."),
]


def _quiet_transformers() -> None:
    """No download/loading bars from transformers on our output."""
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()



def _domain(name: str | None):
    if name is None:
        return None
    from kg.ontology import load_domain

    return load_domain(name)


def _examples(store: str, data: Path | None, domain) -> list:
    from kg.students.generator import examples_from_store, read_examples

    if data is not None:
        return read_examples(data)
    from kg.cli.common import open_kg

    with open_kg(store) as kg:
        return examples_from_store(kg.store, domain)


def train_generator(
    store: StoreOption = "kg-store",
    output: Annotated[Optional[Path], typer.Option("--model", "-m", "--output", "-o", help="Model directory to write (default: <store>/students/generator).")] = None,
    data: DataOption = None,
    domain: DomainOption = None,
    size: Annotated[str, typer.Option(help="Model trained from scratch: tiny | small | base (decoder-only) | bart (encoder–decoder).")] = "small",
    base_model: Annotated[Optional[Path], typer.Option("--base-model", help="Fine-tune a pretrained causal or seq2seq model (GPT-2, BART, T5...) from this local directory.")] = None,
    epochs: Annotated[int, typer.Option(help="Most epochs (early stopping may end sooner).")] = 20,
    batch_size: Annotated[int, typer.Option(help="Examples per step.")] = 64,
    lr: Annotated[float, typer.Option(help="AdamW peak learning rate (use ~5e-5 with --base-model).")] = 1e-3,
    heldout: Annotated[float, typer.Option(help="Share of heads held out for evaluation.")] = 0.1,
    validation: Annotated[float, typer.Option(help="Share of heads for validation loss / early stopping.")] = 0.05,
    seed: Annotated[int, typer.Option(help="Seed of the split and the training.")] = 0,
    max_seconds: Annotated[Optional[float], typer.Option(help="Stop after the epoch that passes this many seconds.")] = None,
    threads: Annotated[int, typer.Option(help="Torch CPU threads.")] = 1,
    resume: Annotated[bool, typer.Option("--resume", help="Continue from the model directory's checkpoint.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Train the COMET-style generator on the graph's (head, relation, tail) labels."""
    from kg.students.generator import Generator, TrainConfig, split_by_head
    from kg.students.generator_eval import evaluate

    _quiet_transformers()
    out = output if output is not None else student_dir(store, None, "generator")
    dom = _domain(domain)
    examples = _examples(store, data, dom)
    split = split_by_head(examples, test=heldout, validation=validation, seed=seed)
    if not quiet:
        err_console.print(
            f"{len(examples):,} examples, {len({e.head for e in examples}):,} heads: "
            f"{len(split.train):,} train, {len(split.validation):,} validation, {len(split.test):,} held out"
        )
    templates = {n: r.verbalization for n, r in dom.relations.items()} if dom is not None else None
    config = TrainConfig(epochs=epochs, batch_size=batch_size, lr=lr, seed=seed, max_seconds=max_seconds, threads=threads)
    gen = Generator.train(
        split.train, validation=split.validation, model=size, config=config, templates=templates,
        base_model=base_model, out_dir=out, resume=resume, progress=not quiet,
    )
    gen.meta["split"] = {"test": heldout, "validation": validation, "seed": seed, "data": str(data) if data else None}
    gen.save(out)
    rep = gen.meta["train"]
    console.print(
        f"trained {gen!r} for {rep['epochs']} epochs in {rep['seconds']:.1f} s ({rep['stopped']}); saved to {out}"
    )
    if split.test:
        _print_eval(evaluate(gen, split.test, train_tails=[e.tail for e in split.train]))


def _print_eval(result) -> None:
    table = Table("metric", "value")
    for key, value in result.as_dict().items():
        if value is None:
            shown = "n/a"
        elif isinstance(value, float):
            shown = f"{value:.3f}" if key != "tails_per_second" else f"{value:.1f}"
        else:
            shown = f"{value:,}"
        table.add_row(key, shown)
    console.print(table)


def eval_generator(
    store: StoreOption = "kg-store",
    model: ModelOption = None,
    data: DataOption = None,
    domain: DomainOption = None,
    validate: Annotated[bool, typer.Option("--validate", help="Also report validity: the share of generated triples the domain's Validator accepts (needs --domain).")] = False,
    beams: Annotated[int, typer.Option(help="Beams for the one evaluated tail (1: greedy).")] = 1,
    threads: Annotated[int, typer.Option(help="Torch CPU threads.")] = 1,
    format: FormatOption = "table",
    as_json: JsonAlias = False,
) -> None:
    """BLEU-1/2, ROUGE-L, exact match, novelty, validity and tails/s on the held-out heads
    (the split the model was trained with)."""
    import torch

    from kg.errors import StudentError
    from kg.students.generator import Generator, split_by_head
    from kg.students.generator_eval import evaluate

    fmt = output_format(format, as_json)
    torch.set_num_threads(max(1, threads))
    _quiet_transformers()
    gen = Generator.load(student_dir(store, model, "generator"))
    split_meta = gen.meta.get("split") or {}
    if data is None and split_meta.get("data"):
        data = Path(split_meta["data"])
    dom = _domain(domain)
    examples = _examples(store, data, dom)
    split = split_by_head(
        examples, test=split_meta.get("test", 0.1), validation=split_meta.get("validation", 0.05), seed=split_meta.get("seed", 0)
    )
    if not split.test:
        raise StudentError("no held-out heads to evaluate on; the data has too few heads")
    check = candidates = None
    if validate:
        if dom is None:
            raise StudentError("--validate needs --domain (the Validator checks against a domain)")
        from kg.cli.common import open_kg
        from kg.students.loop import to_candidates
        from kg.validate import Validator

        kg = open_kg(store)
        check = Validator(dom, kg.store).validate
        candidates = lambda triples: to_candidates(triples, dom)  # noqa: E731
    try:
        result = evaluate(
            gen, split.test, train_tails=[e.tail for e in split.train], check=check, candidates=candidates, num_beams=beams
        )
    finally:
        if validate:
            kg.close()
    values = result.as_dict()
    if not emit(fmt, data=values, columns=("metric", "value"), rows=values.items()):
        _print_eval(result)


def generate(
    head: Annotated[str, typer.Option("--head", help="The head, e.g. 'PersonX goes to the store'.")],
    relation: Annotated[str, typer.Option("--relation", "-r", help="The relation's name, e.g. xWant.")],
    store: StoreOption = "kg-store",
    model: ModelOption = None,
    n: Annotated[int, typer.Option("-n", help="How many tails.")] = 5,
    sample: Annotated[bool, typer.Option("--sample", help="Nucleus sampling instead of beam search.")] = False,
    temperature: Annotated[float, typer.Option(help="Sampling temperature.")] = 1.0,
    top_p: Annotated[float, typer.Option(help="Nucleus sampling: smallest set of tokens with this much probability.")] = 0.9,
    seed: Annotated[Optional[int], typer.Option(help="Seed for sampling.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table (one tail a line, for people) | json (a list) | csv | tsv.")] = "table",
    as_json: JsonAlias = False,
) -> None:
    """Write tails for a head and a relation with the trained generator."""
    import torch

    from kg.students.generator import Generator

    fmt = output_format(format, as_json)
    torch.set_num_threads(1)
    _quiet_transformers()
    gen = Generator.load(student_dir(store, model, "generator"))
    tails = gen.generate(head, relation, n, sample=sample, temperature=temperature, top_p=top_p, seed=seed)
    if not emit(fmt, data=tails, columns=("tail",), rows=[(t,) for t in tails]):
        for tail in tails:
            console.print(tail, highlight=False)


def register(app: typer.Typer) -> None:
    from kg.cli.groups import eval_app, train_app

    train_app.command("generator")(train_generator)
    eval_app.command("generator")(eval_generator)
    app.command("generate")(generate)
