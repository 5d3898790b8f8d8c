"""Generator commands: ``kg train generator``, ``kg eval generator``, ``kg generate``."""

from __future__ import annotations

import dataclasses

from pathlib import Path
from typing import Annotated, Any, Mapping, Optional

import typer
from rich.table import Table

from kg.cli.common import (
    FormatOption, JsonAlias, StoreOption, console, emit, err_console, escape, is_stdout, old_model_kept, output_format,
    student_dir,
)

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
    typer.Option(
        "--domain", "-d",
        help="Domain folder or name: its relations are the corpus, with their verbalisation templates "
        "(default: the store's kg.toml domain, else the one domain its runs record).",
    ),
]


def _domain(name: str | None, store: str | None = None):
    """``--domain``, else, for a corpus read from ``store``, the store's domain (:func:`_store_domain`);
    None: every relation of the store."""
    if name is None and store is not None:
        name = _store_domain(store)[0]
    if name is None:
        return None
    from kg.ontology import load_domain

    return load_domain(name)


def _store_domain(store: str) -> tuple[str | None, list[str]]:
    """The domain of ``store`` as other commands given ``--store`` read it: its kg.toml's ``domain``,
    else the one domain its runs record (None when they record several or none); and the names
    of the domains it records. Before, a store's student was trained on every domain's facts:
    ``kg generate --head "PersonX goes to Paris" --relation capitalOf`` answered "France"."""
    from kg.cli.common import open_kg
    from kg.domains import store_domains

    with open_kg(store) as kg:
        recorded = store_domains(kg.store)
    return recorded.default, recorded.names


CorpusOption = Annotated[
    str,
    typer.Option("--corpus", help="Train on tails people wrote (human: a teacher id ending in ':human', or facts added or loaded, kg export -f atomic's tails), the teacher's generations (teacher), or both."),
]
FilteredOption = Annotated[
    bool,
    typer.Option("--filtered/--unfiltered", help="The accepted graph only (through the critic), or also the candidates only the critic rejected."),
]


def _data(store: str, data: Path | None, domain, *, corpus: str = "both", filtered: bool = True) -> tuple[list, list, set[str]]:
    """The training corpus, the human tails references are drawn from, and the heads the
    held-out heads are cut from: a file's chosen corpus (a JSONL row's ``tails`` are people's,
    its ``generations`` a teacher's; a TSV's tails are all taken as people's), its human tails and
    all its heads; or the store's chosen corpus, its human tails, accepted or quarantined by the
    critic, and the heads of all its candidates, so that the filtered and the unfiltered students
    hold out the same heads."""
    from kg.students.generator_data import examples_from_store, read_examples

    if data is not None:
        examples = read_examples(data, corpus)
        human = examples if corpus == "human" else read_examples(data, "human")
        return examples, human, {e.head for e in read_examples(data, "both")}
    from kg.cli.common import open_kg

    with open_kg(store) as kg:
        examples = examples_from_store(kg.store, domain, corpus=corpus, filtered=filtered)
        human = examples if (corpus, filtered) == ("human", False) else examples_from_store(
            kg.store, domain, corpus="human", filtered=False
        )
        every = examples if (corpus, filtered) == ("both", False) else examples_from_store(
            kg.store, domain, corpus="both", filtered=False
        )
    return examples, human, {e.head for e in every}


_NO_HUMAN = (
    "scores use human references only: ingest a dataset's human column (a teacher id ending in ':human', "
    "e.g. kg ingest FILE.jsonl --sources human,generations) or evaluate on a file with --data"
)


def _references(split, human: list, data: Path | None, *, required: bool = True) -> list:
    """The human tails of the held-out heads: the only references scores are computed against,
    the same for ``kg train generator``'s report and ``kg eval generator``. From an ATOMIC JSONL
    ``data`` file, a row's "none" stays a reference beside its others, as COMET-ATOMIC 2020's
    scorer has it. None (and ``required``) is an error; ``kg train generator`` builds the model
    unscored instead."""
    from kg.errors import StudentError
    from kg.students.generator_data import Example, none_references

    heads = split.heads("test")
    references = [e for e in human if e.head in heads]
    if split.test and not references and required:
        raise StudentError(f"no human tails for the {len(heads):,} held-out heads, and {_NO_HUMAN}")
    if data is not None and references:
        with_refs = {(e.head, e.relation) for e in references}
        references += [Example(h, r, "none") for h, r in sorted(none_references(data) & with_refs)]
    return references


def train_generator(
    store: StoreOption = "kg-store",
    output: Annotated[Optional[Path], typer.Option("--model", "-m", "--output", "-o", help="Model directory to write (default: <store>/students/generator).")] = None,
    data: DataOption = None,
    domain: DomainOption = None,
    size: Annotated[Optional[str], typer.Option(help="Model: tiny | small | base (decoder-only, from scratch), bart (encoder–decoder, from scratch), minilm (encoder–decoder warm-started from all-MiniLM-L6-v2), or retrieval (no training: the nearest training heads' tails, chosen by consensus). Default: retrieval, or small with --base-model/--resume.")] = None,
    base_model: Annotated[Optional[Path], typer.Option("--base-model", help="Fine-tune a pretrained causal or seq2seq model (GPT-2, BART, T5...) from this local directory.")] = None,
    epochs: Annotated[int, typer.Option(help="Most epochs (early stopping may end sooner).")] = 20,
    batch_size: Annotated[int, typer.Option(help="Examples per step.")] = 64,
    lr: Annotated[Optional[float], typer.Option(help="AdamW peak learning rate (default: the model's own, 1e-3 from scratch, 2e-4 warm-started or --base-model).")] = None,
    heldout: Annotated[float, typer.Option(help="Share of heads held out for evaluation.")] = 0.1,
    validation: Annotated[float, typer.Option(help="Share of heads for validation loss / early stopping.")] = 0.05,
    seed: Annotated[int, typer.Option(help="Seed of the split and the training.")] = 0,
    max_seconds: Annotated[Optional[float], typer.Option(help="A wall-clock budget for training, checked before every step (then one last validation); with --resume it counts the seconds already spent.")] = None,
    threads: Annotated[int, typer.Option(help="Torch CPU threads.")] = 1,
    resume: Annotated[bool, typer.Option("--resume", help="Continue from the model directory's checkpoint (an error when it has none).")] = False,
    corpus: CorpusOption = "both",
    filtered: FilteredOption = True,
    write_split: Annotated[Optional[Path], typer.Option("--write-split", help="Also write the split as COMET-ATOMIC 2020's train.tsv, dev.tsv and test.tsv (the held-out prompts' human tails) to this folder, to score another model on the same prompts.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Train the COMET-style generator on the graph's (head, relation, tail) labels; scored on the
    held-out heads against human tails only."""
    from kg.errors import StudentError
    from kg.students.generator import Generator, ModelConfig, TailGenerator, TrainConfig
    from kg.students.generator_data import record_seen_heads, split_by_head, write_split as save_split
    from kg.students.generator_eval import evaluate
    from kg.students.generator_retrieval import RETRIEVAL, RetrievalGenerator

    if size is None:
        size = "small" if base_model is not None or resume else RETRIEVAL
    out = output if output is not None else student_dir(store, None, "generator")
    if data is not None and not filtered:
        raise StudentError("--unfiltered chooses tails from a store by the critic's verdicts; a --data file is read whole")
    if data is not None and corpus != "both" and Path(data).suffix.lower() not in (".jsonl", ".json"):
        raise StudentError("--corpus chooses tails by who wrote them, which a .tsv file does not say (an ATOMIC .jsonl does)")
    if size == RETRIEVAL and (base_model is not None or resume):
        raise StudentError("--size retrieval trains nothing: --base-model and --resume do not apply")
    if size == RETRIEVAL and not quiet and (lr is not None or max_seconds is not None):
        err_console.print("--size retrieval trains nothing: --lr and --max-seconds are ignored (a neural --size uses them)")
    if size != RETRIEVAL:
        try:
            ModelConfig.preset(size)
        except StudentError as exc:
            raise StudentError(f"{exc}, or {RETRIEVAL}") from None
    dom = _domain(domain, store if data is None else None)
    examples, human, heads = _data(store, data, dom, corpus=corpus, filtered=filtered)
    if not examples:
        raise StudentError(f"no training examples: the {'file' if data is not None else 'store'} holds no labelled triples"
                           f"{old_model_kept(out)}")
    if dom is None and data is None and not quiet:
        _note_mixed(store, examples)
    if data is None and not quiet:
        from kg.cli.common import open_kg
        from kg.students.generator_data import figure_relations

        with open_kg(store) as kg:
            figures = figure_relations(kg.store, dom)
        if figures:
            err_console.print(f"note: relation(s) {', '.join(figures)} left out: their values are numbers or dates, and the "
                              "generator writes phrases and names (kg query reads them)", highlight=False, soft_wrap=True)
    split = split_by_head(examples, test=heldout, validation=validation, seed=seed, heads=heads)
    references = _references(split, human, data, required=False)
    if not quiet:
        which = f" ({corpus})" if data is not None else f" ({corpus}, {'filtered' if filtered else 'unfiltered'})"
        err_console.print(
            f"{len(examples):,} examples{which}, {len({e.head for e in examples}):,} heads: "
            f"{len(split.train):,} train, {len(split.validation):,} validation; {len(split.held_out):,} of "
            f"{len(heads):,} heads held out{'' if data is not None else ' (of all the candidates, filtered or not)'}: "
            f"{_prompts(references):,} held-out prompts with {len(references):,} human reference tails",
            highlight=False,
        )
        if data is not None and Path(data).suffix.lower() not in (".jsonl", ".json"):
            err_console.print("note: a .tsv file does not say who wrote its tails: all are scored as human reference "
                              "tails (an ATOMIC .jsonl keeps people's tails apart from generations)", highlight=False)
    if write_split is not None:
        save_split(split, references, write_split)
        console.print(f"split written to {write_split} (train.tsv, dev.tsv, test.tsv)", highlight=False)
    templates = {n: r.verbalization for n, r in dom.relations.items()} if dom is not None else None
    gen: TailGenerator
    if size == RETRIEVAL:
        import torch

        torch.set_num_threads(max(1, threads))
        gen = RetrievalGenerator.build(split.train, templates=templates)
    else:
        config = TrainConfig(epochs=epochs, batch_size=batch_size, lr=lr, seed=seed, max_seconds=max_seconds, threads=threads)
        gen = Generator.train(
            split.train, validation=split.validation, model=size, config=config, templates=templates,
            base_model=base_model, out_dir=out, resume=resume, progress=not quiet,
        )
    # what it saw (training or indexing recorded it; a resumed training's earlier heads too):
    # kg eval generator scores only other heads, whatever data it is given
    record_seen_heads(gen.meta, [*split.train, *split.validation])
    gen.meta["split"] = {
        "test": heldout, "validation": validation, "seed": seed, "data": str(Path(data).resolve()) if data else None,
        "corpus": corpus, "filtered": filtered, "seen_heads": gen.meta["split"]["seen_heads"],
    }
    gen.save(out)
    rep = _section(gen.meta, "train")
    if size == RETRIEVAL:
        console.print(f"indexed {gen!r} in {rep['seconds']:.1f} s; saved to {out}")
    else:
        console.print(
            f"trained {gen!r} for {rep['epochs']} epochs in {rep['seconds']:.1f} s ({rep['stopped']}); saved to {out}"
        )
        if rep.get("validation_left_out"):
            err_console.print(
                f"note: the validation loss leaves out relation(s) {', '.join(rep['validation_left_out'])}: only "
                "validation heads have them, so the model was not trained on them", highlight=False)
    if references:
        _note_unlearned(gen, references)
        _print_eval(evaluate(gen, references, train_tails=[e.tail for e in split.train]))
    elif split.test and not quiet:
        err_console.print(f"not scored: no human tails for the {len(split.heads('test')):,} held-out heads; {_NO_HUMAN}",
                          highlight=False)


def _note_mixed(store: str, examples: list) -> None:
    """Say that a corpus read from a store of several domains, none configured, mixes them."""
    names = _store_domain(store)[1]
    if len(names) > 1:
        relations = ", ".join(sorted({e.relation for e in examples}))
        err_console.print(
            f"note: the store holds the domains {', '.join(names)} and its kg.toml names none: the corpus mixes "
            f"their relations ({relations}); --domain NAME trains on one domain's", highlight=False)


def _prompts(references: list) -> int:
    """The (head, relation) prompts scored: those with a human reference tail."""
    return len({(e.head, e.relation) for e in references})


def _note_unlearned(gen, references: list) -> None:
    """Say which held-out prompts are not scored: those of relations the model has no tails of."""
    unlearned = [e for e in references if e.relation not in gen.relations]
    if unlearned:
        err_console.print(
            f"note: scored {_prompts(references) - _prompts(unlearned):,} of the {_prompts(references):,} held-out prompts: "
            f"the model learned no tails of {', '.join(sorted({e.relation for e in unlearned}))} (its corpus has none)",
            highlight=False)


def _section(meta: Mapping[str, object], key: str) -> dict[str, Any]:
    """A table of a generator's metadata (``train``, ``split``); {} when it has none."""
    from kg.errors import StudentError

    value = meta.get(key) or {}
    if not isinstance(value, dict):
        raise StudentError(f"the generator's metadata is damaged: {key!r} is {value!r}, not a table")
    return value


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
    validate: Annotated[bool, typer.Option("--validate", help="Also report validity: the share of generated triples the domain's Validator accepts (needs --domain; with --data, no store).")] = False,
    beams: Annotated[int, typer.Option(help="Beams for the one evaluated tail (1: greedy).")] = 1,
    threads: Annotated[int, typer.Option(help="Torch CPU threads.")] = 1,
    format: FormatOption = "table",
    as_json: JsonAlias = False,
) -> None:
    """BLEU-1/2 and ROUGE-L (the COMET-ATOMIC 2020 scorer, against human tails only), exact match,
    novelty, validity, tails/s, and the collapse metrics (distinct tails, distinct-2, head
    sensitivity) on the held-out heads (the split and corpus the model was trained with), or on a
    --data file it was not trained on, whole but for the heads the model saw."""
    import torch

    from kg.errors import StudentError
    from kg.students.generator import load_generator
    from kg.students.generator_data import HeadSplit, head_key, split_by_head
    from kg.students.generator_eval import evaluate
    from kg.students.generator_retrieval import RetrievalGenerator

    fmt = output_format(format, as_json)
    if beams < 1:
        raise StudentError(f"--beams must be at least 1 (1: greedy), got {beams}")
    torch.set_num_threads(max(1, threads))
    gen = load_generator(student_dir(store, model, "generator"))
    if beams > 1 and isinstance(gen, RetrievalGenerator):  # figures called beam-N would be its one ranking
        err_console.print(f"note: --beams {beams} has no effect on the retrieval generator: its tail is the best-scored "
                          "training tail, whatever the beams", highlight=False)
    split_meta = _section(gen.meta, "split")
    if data is None and split_meta.get("data"):
        data = Path(split_meta["data"])
        if not data.is_file():
            raise StudentError(f"the model was trained on {str(data)!r} (its generator.json says so), which is not "
                               "there now; give the examples with --data")
    # a file it was not trained on is a test file, scored whole (but for heads the model saw)
    test_file = data is not None and str(Path(data).resolve()) != split_meta.get("data")
    dom = _domain(domain, store if data is None else None)
    examples, human, heads = _data(
        store, data, dom, corpus=split_meta.get("corpus", "both"), filtered=split_meta.get("filtered", True)
    )
    if test_file:
        split = HeadSplit([], [], human, held_out=frozenset(heads))
    else:
        split = split_by_head(
            examples, test=split_meta.get("test", 0.1), validation=split_meta.get("validation", 0.05),
            seed=split_meta.get("seed", 0), heads=heads,
        )
    # the model's own record of what it saw (other data or a grown store split otherwise); a
    # retrieval index is its own record; keyed again: an older model's keys kept "___"
    recorded = split_meta.get("seen_heads")
    if recorded is None and isinstance(gen, RetrievalGenerator):
        recorded = [e.head for e in gen.rows]
    if recorded is None:
        raise StudentError(
            "the model keeps no record of the heads it was trained on (saved before training recorded them), so its "
            "held-out heads cannot be told from its training heads: not scored; train it again (`kg train generator`, "
            "or Generator.train in Python, record them)")
    seen = {head_key(k) for k in recorded}
    held_out = {h for h in split.held_out if head_key(h) not in seen}
    if test_file:
        prompts, new = _prompts(split.test), _prompts([e for e in split.test if e.head in held_out])
        err_console.print(
            f"note: scored {new:,} of the {prompts:,} prompts of {data} (with human tails): the other "
            f"{prompts - new:,} are on heads the model was trained on", highlight=False)
    elif held_out != split.held_out:
        err_console.print(
            f"note: left out {len(split.held_out - held_out):,} held-out heads the model was trained on (the data "
            "is not what it was trained with); scored on the heads it never saw", highlight=False)
    split = HeadSplit(split.train, split.validation, [e for e in split.test if e.head in held_out],
                      held_out=frozenset(held_out))
    if not split.test:
        raise StudentError("no held-out heads to evaluate on; the data has too few heads, or the model saw them all")
    references = _references(split, human, data)
    check = candidates = None
    if validate:
        if dom is None:
            raise StudentError("--validate needs --domain (the Validator checks against a domain)")
        from kg.cli.common import open_kg
        from kg.students.loop import to_candidates
        from kg.validate import Validator

        # examples from a file: the domain alone judges (no store needed); from a store: with its facts
        kg = open_kg(store) if data is None else None
        check = Validator(dom, kg.store if kg is not None else None).validate
        candidates = lambda triples: to_candidates(triples, dom)  # noqa: E731
    _note_unlearned(gen, references)
    try:
        result = evaluate(
            gen, references, train_tails=None if test_file else [e.tail for e in split.train], check=check,
            candidates=candidates, num_beams=beams
        )
    finally:
        if validate and kg is not None:
            kg.close()
    values = result.as_dict()
    if not emit(fmt, data=values, columns=("metric", "value"), rows=values.items()):
        _print_eval(result)


def generate(
    head: Annotated[Optional[str], typer.Option("--head", help="The head, e.g. 'PersonX goes to the store'.")] = None,
    relation: Annotated[Optional[str], typer.Option("--relation", "-r", help="The relation's name, e.g. xWant.")] = None,
    input: Annotated[Optional[Path], typer.Option("--input", "-i", help="Prompts to generate for: .jsonl (head, relation keys) or .csv / .tsv (head, relation columns). Writes JSONL, or with -f csv|tsv a row per tail.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="With --input: write here instead of to stdout (- is stdout).")] = None,
    store: StoreOption = "kg-store",
    model: ModelOption = None,
    n: Annotated[int, typer.Option("-n", min=1, help="How many tails per prompt.")] = 5,
    sample: Annotated[bool, typer.Option("--sample", help="Nucleus sampling instead of beam search.")] = False,
    temperature: Annotated[float, typer.Option(help="Sampling temperature.")] = 1.0,
    top_p: Annotated[float, typer.Option(help="Nucleus sampling: smallest set of tokens with this much probability.")] = 0.9,
    seed: Annotated[Optional[int], typer.Option(help="Seed for sampling.")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="With --input: prompts generated together.")] = 64,
    threads: Annotated[int, typer.Option(help="Torch CPU threads.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="With --input: no progress bar.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="table (one tail a line, for people) | json (a list) | csv | tsv. With --input: JSON lines (table, json) or csv | tsv rows of head, relation, tail.")] = "table",
    as_json: JsonAlias = False,
) -> None:
    """Write tails with the trained generator: for one head and relation, or for every prompt of
    --input (one JSON line per prompt, in order: head, relation, tails; with -f csv or tsv, a
    row per tail: head, relation, tail)."""
    import torch

    from kg.errors import StudentError
    from kg.students.generator import load_generator
    from kg.students.generator_data import PromptRow, check_relations, read_prompts, relation_name

    if input is None and (head is None or relation is None):
        raise StudentError("give --head and --relation, or a file of prompts with --input FILE")
    if input is not None and (head is not None or relation is not None):
        raise StudentError("give either --head/--relation or --input, not both")
    if is_stdout(output):
        output = None
    if output is not None and input is None:
        raise StudentError("--output goes with --input (one prompt prints to stdout)")
    if head is not None and not head.strip():
        raise StudentError("--head is empty; give the head to write tails for")
    if sample and not temperature > 0:
        raise StudentError(f"--temperature must be more than 0 to sample, got {temperature}")
    if not 0 < top_p <= 1:
        raise StudentError(f"--top-p is a share of the probability: more than 0 and at most 1, got {top_p}")
    fmt = output_format(format, as_json)
    if input is None:
        assert head is not None and relation is not None  # checked above
        prompts = [PromptRow(head, relation)]
    else:
        prompts = read_prompts(input)
    torch.set_num_threads(max(1, threads))
    gen = load_generator(student_dir(store, model, "generator"))
    prompts = [dataclasses.replace(p, relation=relation_name(p.relation, gen.relations)) for p in prompts]
    check_relations(prompts, gen.relations, source=str(input) if input is not None else "")
    options = dict(sample=sample, temperature=temperature, top_p=top_p)
    if input is None:
        (one,) = prompts
        tails = gen.generate(one.head, one.relation, n, seed=seed, sample=sample, temperature=temperature, top_p=top_p)
        if not emit(fmt, data=tails, columns=("tail",), rows=[(t,) for t in tails]):
            for tail in tails:
                console.print(escape(tail), highlight=False)
        return
    _generate_file(gen, prompts, output, fmt=fmt, n=n, seed=seed, batch_size=batch_size, quiet=quiet, options=options)


def _generate_file(
    gen, prompts: list, output: Path | None, *, fmt: str, n: int, seed, batch_size: int, quiet: bool, options: dict
) -> None:
    """Stream one JSON line per prompt (``fmt`` csv or tsv: a header, then a row per tail), a
    batch at a time, with a progress bar on stderr. The seed is set once, so the tails are those
    of one ``generate_batch`` call over all the prompts."""
    from kg.cli.common import StandardOutput
    from kg.errors import cannot_write
    from kg.files import new_file

    if output is None:
        _write_tails(gen, prompts, StandardOutput(), fmt=fmt, n=n, seed=seed, batch_size=batch_size, quiet=quiet, options=options)
        return
    try:  # written whole: a full disk left half a JSON line in place of an earlier complete file
        with new_file(output) as partial, partial.open("w", encoding="utf-8", newline="") as out:
            _write_tails(gen, prompts, out, fmt=fmt, n=n, seed=seed, batch_size=batch_size, quiet=quiet, options=options)
    except OSError as exc:
        raise cannot_write(output, exc) from exc
    if not quiet:
        err_console.print(f"{len(prompts):,} prompts, {n} tail(s) each: {output}")


def _write_tails(
    gen, prompts: list, out: Any, *, fmt: str, n: int, seed, batch_size: int, quiet: bool, options: dict
) -> None:
    import json

    from kg.cli.common import progress_bar, write_rows

    with progress_bar("generating", total=len(prompts), quiet=quiet) as advance:
        for i in range(0, len(prompts), batch_size):
            chunk = prompts[i : i + batch_size]
            tails = gen.generate_batch(
                [(p.head, p.relation) for p in chunk], n, batch_size=batch_size, seed=seed if i == 0 else None, **options
            )
            if fmt in ("csv", "tsv"):
                columns = ("head", "relation", "tail") if i == 0 else ()
                write_rows(fmt, columns, [(p.head, p.relation, tail) for p, t in zip(chunk, tails) for tail in t], out)
            else:
                out.write("".join(
                    json.dumps({"head": p.head, "relation": p.relation, "tails": t}, ensure_ascii=False) + "\n"
                    for p, t in zip(chunk, tails)
                ))
            out.flush()
            advance(len(chunk))


def register(app: typer.Typer) -> None:
    from kg.cli.groups import eval_app, train_app

    train_app.command("generator")(train_generator)
    eval_app.command("generator")(eval_generator)
    app.command("generate")(generate)
