"""Link predictor commands: ``kg train linkpred``, ``kg eval linkpred``, ``kg predict``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.table import Table

from kg.cli.common import FormatOption, StoreOption, console, emit, err_console, output_format, student_dir, escape, old_model_kept

if TYPE_CHECKING:
    from kg.students.linkpred import LinkPredictor

ModelDirOption = Annotated[
    Optional[Path],
    typer.Option("--model", "-m", help="Model directory (default: <store>/students/linkpred)."),
]


def train_linkpred(
    store: StoreOption = "kg-store",
    output: Annotated[Optional[Path], typer.Option("--model", "-m", "--output", "-o", help="Model directory to write (default: <store>/students/linkpred).")] = None,
    triples: Annotated[Optional[Path], typer.Option("--triples", help="Train on a TSV file (head<TAB>relation<TAB>tail) instead of the store; split here.")] = None,
    split_path: Annotated[Optional[Path], typer.Option("--split", help="Train on a fixed split: a folder of train/valid/test TSV files, or one TSV with a fourth column train|valid|test (labels and types from the store, when it exists).")] = None,
    write_split: Annotated[Optional[Path], typer.Option("--write-split", help="Also write the split trained on (a folder, or a .tsv file with a part column) for --split.")] = None,
    graph: Annotated[str, typer.Option("--graph", "-g", help="accepted (default), inferred, knowledge (both), rejected, or the IRI of a graph kg load kept from N-Quads or TriG.")] = "accepted",
    include_types: Annotated[bool, typer.Option("--include-types", help="Keep rdf:type triples as edges.")] = False,
    decoder: Annotated[str, typer.Option(help="complex | distmult | rotate")] = "complex",
    encoder: Annotated[str, typer.Option(help="none (shallow, default) | rgcn")] = "none",
    dim: Annotated[int, typer.Option(help="Embedding size (complex dimensions for complex/rotate).")] = 200,
    layers: Annotated[int, typer.Option(help="R-GCN layers (encoder rgcn).")] = 1,
    label_features: Annotated[bool, typer.Option("--label-features", help="Add hashed label n-gram features (lets new entities be placed).")] = False,
    entity_dropout: Annotated[float, typer.Option(help="Share of entities whose own embedding a step hides (with --label-features).")] = 0.2,
    epochs: Annotated[int, typer.Option(help="Most epochs (early stopping usually ends sooner).")] = 200,
    batch_size: Annotated[int, typer.Option(help="Queries per step.")] = 128,
    lr: Annotated[float, typer.Option(help="Adam learning rate.")] = 0.01,
    plateau_decay: Annotated[float, typer.Option(help="At a validation that does not improve, go back to the best weights and multiply the learning rate by this (1: off).")] = 1.0,
    label_smoothing: Annotated[float, typer.Option(help="Label smoothing of the cross-entropy (0: none; 0.1 scored better on Kinships' and UMLS' validation splits, worse on Nations': docs/linkpred.md).")] = 0.0,
    seed: Annotated[int, typer.Option(help="Seed of the split and the training.")] = 42,
    inductive: Annotated[bool, typer.Option("--inductive", help="Hold out entities (not only triples) for validation/test.")] = False,
    sampler: Annotated[str, typer.Option(help="auto (full below 20,000 entities, else neighbor) | full (whole graph per step) | neighbor (sampled subgraphs and negatives, for large graphs)")] = "auto",
    negatives: Annotated[int, typer.Option(help="Sampled negative entities per step (sampler neighbor).")] = 1024,
    n3: Annotated[Optional[float], typer.Option(help="Weight of N3 regularisation (Lacroix et al. 2018) of the heads, relations and tails a step scores (default: 0.1 on sampled steps, from their second epoch; 0 on 1-N steps).")] = None,
    fanout: Annotated[int, typer.Option(help="Sampled in-edges per node and layer (sampler neighbor).")] = 10,
    max_seconds: Annotated[Optional[float], typer.Option(help="Time budget in seconds (more than 0) for training and its validations, checked after every step (default: no limit); the best model so far is kept.")] = None,
    threads: Annotated[int, typer.Option(help="Torch CPU threads.")] = 1,
    resume: Annotated[bool, typer.Option("--resume", help="Continue from the model directory's checkpoint.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary on stderr.")] = False,
) -> None:
    """Train the GNN link predictor on the graph's entity-to-entity triples."""
    from kg.errors import StudentError
    from kg.students.linkpred import AUTO_NEIGHBOR_ENTITIES, LinkPredictor, ModelConfig, TrainConfig
    from kg.students.triples import Split, read_split, read_store, read_tsv
    from kg.students.triples import write_split as save_split

    if triples is not None and split_path is not None:
        raise StudentError("give --triples or --split, not both")
    if graph in ("all", "provenance", "ontology", "rules"):
        raise StudentError(f"the {graph} graph holds the store's own records (provenance, axioms, rules), not facts to learn; "
                           "train on accepted, inferred, knowledge, rejected or the IRI of a graph kg load kept")
    out = output if output is not None else student_dir(store, None, "linkpred")
    data: object
    if split_path is not None:
        labels, schema = None, None
        if Path(store).is_dir():  # the store's labels and types, for names and typed predictions
            from kg.cli.common import open_kg

            with open_kg(store) as kg:
                known = read_store(kg.store, graph=graph, include_types=include_types)
            labels, schema = known.labels, known.schema
        data = read_split(split_path, labels=labels, schema=schema, inductive=inductive)
    elif triples is not None:
        data = read_tsv(triples)
    else:
        from kg.cli.common import open_kg

        with open_kg(store) as kg:
            data = read_store(kg.store, graph=graph, include_types=include_types, note_literals=True)
            if not len(data):
                from kg.store import loaded_graphs_in_words, user_graph

                where = f"graph <{user_graph(graph)}>" if user_graph(graph) else f"{graph} graph"
                raise StudentError(f"the {where} has no entity-to-entity triples to train on; {loaded_graphs_in_words(kg.store)} "
                                   f"(-g IRI trains on one){old_model_kept(out)}")
    vocab = data.train if isinstance(data, Split) else data
    if not quiet:
        kind = sampler if sampler != "auto" else ("full" if vocab.num_entities < AUTO_NEIGHBOR_ENTITIES else "neighbor")
        budget = f"at most {max_seconds:,.0f} s" if max_seconds else "no time limit"
        size = f"{sum(map(len, (data.train, data.validation, data.test))):,}" if isinstance(data, Split) else f"{len(data):,}"
        err_console.print(
            f"{size} triples, {vocab.num_entities:,} entities, {vocab.num_relations:,} relations; "
            f"sampler {kind}, {budget}"
        )
    model = ModelConfig(
        decoder=decoder, encoder=encoder, dim=dim, layers=layers, label_features=label_features,
        entity_dropout=entity_dropout,
    )
    training = TrainConfig(
        epochs=epochs, batch_size=batch_size, lr=lr, label_smoothing=label_smoothing, plateau_decay=plateau_decay, seed=seed, inductive=inductive, max_seconds=max_seconds,
        threads=threads, progress=not quiet, sampler=sampler, negatives=negatives, n3=n3, fanout=(fanout,),
        checkpoint_dir=str(out / "checkpoints"), resume=resume,
    )
    predictor = LinkPredictor.train(data, model=model, training=training)
    predictor.save(out)
    if write_split is not None:
        save_split(predictor.split, write_split)
    rep = predictor.report
    for note in predictor.split.notes:
        err_console.print(f"note: {note}", highlight=False)
    if resume and rep.resumed_from is None:
        err_console.print(f"note: no checkpoint in {out / 'checkpoints'} to resume: trained from the start", highlight=False)
    elif rep.resumed_from is not None and rep.resumed_from >= rep.epochs:
        err_console.print(f"note: the checkpoint's run had ended at epoch {rep.resumed_from} ({rep.stopped}): nothing more to train", highlight=False)
    validation = (
        f"best validation MRR {rep.best_valid_mrr:.4f} at epoch {rep.best_epoch}" if len(predictor.split.validation)
        else "no validation triples: the last epoch's model is kept"
    )
    console.print(f"trained {decoder}/{encoder} for {rep.epochs} epochs in {rep.seconds:.1f} s ({rep.stopped}); {validation}")
    if rep.history:
        per_epoch = sum(row["seconds"] for row in rep.history) / len(rep.history)
        console.print(f"{per_epoch:.1f} s per epoch, peak memory {max(row['peak_mb'] for row in rep.history):,.0f} MB")
    if rep.test is not None:
        console.print(f"test: {rep.test}")
    console.print(f"saved to [bold]{out}[/]" + (f"; split written to [bold]{write_split}[/]" if write_split else ""))


def eval_linkpred(
    store: StoreOption = "kg-store",
    model: ModelDirOption = None,
    triples: Annotated[Optional[Path], typer.Option("--triples", help="Evaluate on a TSV of triples instead of the test split (they are filtered against each other too).")] = None,
    format: FormatOption = "table",
) -> None:
    """Filtered MRR and Hits@k (head and tail queries, realistic ranks) of a trained model,
    over all entities and with type constraints (the ontology's domain and range)."""
    import numpy as np

    from kg.errors import StudentError, UnknownNameError
    from kg.students.triples import read_tsv

    fmt = output_format(format)
    predictor = _load_predictor(store, model)
    ids, known = None, None
    if triples is not None:
        rows = read_tsv(triples).as_strings()
        if not rows:
            raise StudentError(f"{triples} holds no triples to evaluate")
        pairs, unknown, unlearnt = [], [], []
        for h, r, t in rows:
            predictor.check_unambiguous(h)
            predictor.check_unambiguous(t)
            hi, ti = predictor.entity_id(h), predictor.entity_id(t)
            if hi is None or ti is None:  # no embedding to rank: left out, as a split leaves them out
                unknown.append(h if hi is None else t)
                continue
            try:
                pairs.append((hi, predictor.relation_id(r), ti))
            except UnknownNameError:  # a relation it never learnt (or an ambiguous name): left out too
                unlearnt.append(r)
        if unknown or unlearnt:
            first = repr(unknown[0]) if unknown else repr(unlearnt[0])
            if not pairs:
                raise StudentError(f"no triple of {triples} is between entities the model knows by a relation it learnt "
                                   f"(as {first}): nothing to evaluate")
            whys = [f"{len(unknown)} name an entity unknown to the model (as {unknown[0]!r})" if unknown else "",
                    f"{len(unlearnt)} a relation it cannot tell (as {unlearnt[0]!r}: kg predict names the ones it learnt)"
                    if unlearnt else ""]
            err_console.print(f"note: left out {len(unknown) + len(unlearnt)} of the {len(rows)} triples of "
                              f"{escape(str(triples))}: {escape('; '.join(w for w in whys if w))}", highlight=False, soft_wrap=True)
        ids = np.array(pairs, dtype=np.int64).reshape(-1, 3)
        # a triple the model trained on (or chose its epoch by) ranks by memory: left out, as
        # kg eval generator and kg critic eval leave out seen heads (before: MRR 1.0, no word)
        seen_parts = [p.triples for p in (predictor.split.train, predictor.split.validation) if len(p)]
        seen = {tuple(row) for part in seen_parts for row in part.tolist()}
        unseen = np.array([row for row in ids.tolist() if tuple(row) not in seen], dtype=np.int64).reshape(-1, 3)
        if len(unseen) < len(ids):
            if not len(unseen):
                raise StudentError(f"every triple of {triples} is one the model was trained or validated on: "
                                   "nothing held out to evaluate")
            err_console.print(f"note: left out {len(ids) - len(unseen)} of the {len(ids)} triples of {escape(str(triples))}: "
                              "the model was trained or validated on them", highlight=False, soft_wrap=True)
        known = np.concatenate([predictor.split.all_triples, ids])
        ids = unseen
    elif not len(predictor.split.test):
        raise StudentError("the model's test split is empty (too few triples to hold some out); evaluate on a file with --triples")
    plain = predictor.evaluate(ids, known=known).as_dict()
    typed = predictor.evaluate(ids, known=known, typed=True).as_dict()
    if emit(fmt, data={**plain, "typed": typed}, columns=("metric", "value", "typed"),
            rows=((key, plain[key], typed[key]) for key in plain)):
        return
    table = Table("metric", "all entities", "typed", title="filtered, realistic ranks, head + tail")
    show = lambda v: f"{v:.4f}" if isinstance(v, float) else str(v)  # noqa: E731
    for key, value in plain.items():
        table.add_row(key, show(value), show(typed[key]))
    console.print(table)
    if not predictor.constraints.active:
        console.print("no relation of this model has a typed domain or range: the typed column ranks among all entities "
                      "but the query's own (left out unless its relation is reflexive)")


def predict(
    head: Annotated[str, typer.Option("--head", help="Head entity: label, IRI or prefixed name.")],
    relation: Annotated[str, typer.Option("--relation", "-r", help="Relation: name, prefixed name or IRI.")],
    store: StoreOption = "kg-store",
    model: ModelDirOption = None,
    k: Annotated[int, typer.Option("-k", help="How many tails.")] = 10,
    include_known: Annotated[bool, typer.Option("--include-known", help="Also list facts the graph already has (its accepted and inferred graphs now, and what the model trained on).")] = False,
    untyped: Annotated[bool, typer.Option("--untyped", help="Rank every entity, not only those of the relation's range class (and the head itself).")] = False,
    format: FormatOption = "table",
) -> None:
    """The link predictor's most likely tails of (head, relation, ?): entities of the
    relation's range class only, never the head itself unless the relation is reflexive."""
    from dataclasses import asdict

    from kg.cli.common import open_kg
    from kg.errors import StoreLockedError, UnknownNameError
    from kg.students.linkpred import in_graph

    fmt = output_format(format)
    predictor = _load_predictor(store, model)
    preds = None
    if _has_store(store):  # known: what the graph holds now
        try:
            with open_kg(store) as kg:
                given = head
                if predictor.entity_id(head) is None:  # an alias, a typo: the model knows the entity by its own name
                    head = kg.stored_entity(head) or kg.own_name(head) or head
                if predictor.entity_id(head) is None and not predictor.model.config.label_features and (
                        unlinked := _unlinked(kg, head, given)) is not None:
                    raise unlinked
                try:
                    preds = predictor.predict(head, relation, k, include_known=include_known, typed=not untyped, known=in_graph(kg.store))
                except UnknownNameError as exc:
                    data = _data_property(kg.store, relation)
                    if data is None:
                        raise
                    raise data from exc
        except StoreLockedError:
            err_console.print("note: the store is in use: known means what the model trained on", highlight=False)
    if preds is None:
        preds = predictor.predict(head, relation, k, include_known=include_known, typed=not untyped)
    rows = [(i, p.label, p.entity, p.score, p.probability, p.known) for i, p in enumerate(preds, 1)]
    if emit(fmt, data=[asdict(p) for p in preds], columns=("rank", "tail", "iri", "score", "probability", "known"), rows=rows):
        return
    from kg.namespaces import prefixed_name

    table = Table("#", "tail", "IRI", "score", "probability", *(["known"] if include_known else []))
    for i, p in enumerate(preds, 1):
        table.add_row(str(i), escape(p.label), escape(prefixed_name(p.entity) or p.entity), f"{p.score:.3f}", f"{p.probability:.3f}", *(["yes" if p.known else ""] if include_known else []))
    console.print(table)


def _data_property(store: Any, relation: str) -> Exception | None:
    """The error for a relation the model did not learn because its values are data (a year,
    a number): "it had no accepted facts when it was trained" said the store had none, and it
    had 43; None when the store holds no value of it."""
    from kg.domains import own_domains
    from kg.errors import QueryError, UnknownNameError
    from reasoners.explain import resolve_predicate

    try:
        iri = resolve_predicate(store, relation, domain=own_domains(store))
    except QueryError:
        return None
    if not store.query(f"ASK {{ ?s <{iri}> ?o FILTER(isLiteral(?o)) }}", graph="accepted"):
        return None
    return UnknownNameError(
        f"{relation!r} is a data property (its values are literals, not entities): the link predictor learns relations "
        "between entities only and predicts no value (kg query reads the stored ones)"
    )


def _unlinked(kg: Any, head: str, given: str) -> Exception | None:
    """The error for a head the store holds but the link predictor does not know: one with only
    data values ("UC Berkeley" with a year founded and a campus area: "not in the graph" said the
    store had no such thing), or one linked since the model was trained; None when the store
    holds no such entity."""
    from rdflib import RDF

    from kg.errors import StudentError

    iri = kg.stored_entity(head)
    if iri is None:
        return None
    linked = kg.store.query(
        f"ASK {{ {{ <{iri}> ?p ?o FILTER(isIRI(?o) && ?p != <{RDF.type}>) }} UNION {{ ?s ?p <{iri}> FILTER(?p != <{RDF.type}>) }} }}",
        graph="accepted")
    if linked:
        return StudentError(f"{given!r} is in the store, but not among the entities the link predictor was trained on: "
                            "train it again (kg train linkpred) to rank its links")
    return StudentError(f"{given!r} is in the store with data values only (numbers, years, texts), linked to no other entity: "
                        "the link predictor learns and ranks links between entities (kg query reads its values)")


def _has_store(store: str) -> bool:
    return Path(store).is_dir() or store.startswith(("http://", "https://"))


def _load_predictor(store: str, model: Optional[Path]) -> "LinkPredictor":
    """The link predictor in ``model`` (default: the store's); one saved without its entities'
    types (by an older kg-distill) reads them from the store, as training does, or says that it
    ranks every entity."""
    from kg.cli.common import open_kg
    from kg.errors import StoreLockedError
    from kg.students.linkpred import LinkPredictor

    predictor = LinkPredictor.load(student_dir(store, model, "linkpred"))
    if predictor.schema_saved:
        return predictor
    if _has_store(store):
        try:
            with open_kg(store) as kg:
                return predictor.with_store_schema(kg.store)
        except StoreLockedError:
            pass
    err_console.print(
        "note: this model was saved by an older kg-distill without its entities' types and no store can be read "
        "for them: it ranks every entity, of any class; retrain it (kg train linkpred)", highlight=False, soft_wrap=True,
    )
    return predictor


def register(app: typer.Typer) -> None:
    from kg.cli.groups import eval_app, train_app

    train_app.command("linkpred")(train_linkpred)
    eval_app.command("linkpred")(eval_linkpred)
    app.command()(predict)
