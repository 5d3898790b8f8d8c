"""Student 1: a link predictor distilled from the graph's structure.

It learns the accepted graph so it can score ``(head, relation, tail)`` and propose likely
missing facts cheaply, without asking the teacher. :class:`LinkPredictor` holds a model
(:mod:`kg.students.linkpred_model`: entity features, optional R-GCN encoder, DistMult / ComplEx /
RotatE decoder) with its vocabulary; it trains (:mod:`kg.students.linkpred_train`: 1-N or sampled
steps, early stopping on the validation MRR of the model that is kept, filtered by training and
validation triples only, so test triples never steer selection), evaluates
(:mod:`kg.students.linkpred_eval`: filtered realistic ranks, :mod:`kg.students.metrics`,
optionally type-constrained, :mod:`kg.students.constraints`), scores, predicts, saves and loads
by name. The names of those modules are importable from here too.
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import torch
from rdflib import URIRef

from kg.errors import StudentError, UnknownNameError, cannot_write
from kg.files import finish_interrupted_swap, new_folder
from kg.iri import normalize_label
from kg.namespaces import PREFIXES
from kg.students.constraints import TypeConstraints
from kg.students.linkpred_eval import rank_metrics, validation_sample
from kg.students.linkpred_model import DECODERS, ENCODERS, LinkPredictionModel, ModelConfig, label_buckets, label_of
from kg.students.linkpred_train import (
    AUTO_NEIGHBOR_ENTITIES,
    SAMPLED_N3,
    SAMPLERS,
    TrainConfig,
    TrainReport,
    fit,
    n3_penalty,
    peak_memory_mb,
    seed_all,
)
from kg.students.metrics import RankMetrics
from kg.students.sampling import NeighborSampler
from kg.software import software_version
from kg.students.triples import Schema, Split, TripleSet, from_triples, split_triples, store_schema

FORMAT_VERSION = 1
TEACHER = "student:linkpred"


@dataclass(frozen=True)
class Prediction:
    """One proposed tail (or head) with its raw score and its softmax probability over all
    entities of the query."""

    entity: str
    label: str
    score: float
    probability: float
    known: bool = False


class LinkPredictor:
    """A trained link predictor with its vocabulary: score, predict, save, load.

    >>> lp = LinkPredictor.train([("a", "likes", "b"), ...])              # doctest: +SKIP
    >>> lp.predict("a", "likes", k=5)                                    # doctest: +SKIP
    """

    schema_saved: bool = True
    """False for a model saved without the types of its entities (by an older kg-distill): it
    ranks every entity until :meth:`with_store_schema` reads them."""

    def __init__(self, model: LinkPredictionModel, data: TripleSet, split: Split, report: TrainReport | None = None) -> None:
        self.model = model
        self.data = data
        self.split = split
        self.report = report or TrainReport()
        self.training: dict[str, Any] | None = None
        """How it was trained, as ``config.json`` records it: ``settings`` (every
        :class:`TrainConfig` field: seed, lr, batch size, epochs, split ratios, ...) and ``split``
        (``given``: a :class:`Split` was passed in, not made here; the parts' sizes)."""
        self.software: str | None = None
        """The software that trained it (:func:`kg.software.software_version`)."""
        self.constraints = TypeConstraints(data.schema, data.entities, data.relations)
        self._entity_index = data.entity_index()
        self._relation_index = data.relation_index()
        self._label_index: dict[str, int] = {}
        self._label_count: dict[str, int] = {}
        for i, e in enumerate(data.entities):
            key = normalize_label(label_of(e, data.labels))
            self._label_index.setdefault(key, i)
            self._label_count[key] = self._label_count.get(key, 0) + 1
        known = split.all_triples
        self._known = {(int(h), int(r), int(t)) for h, r, t in known}
        self._z: torch.Tensor | None = None

    # construction and training

    @classmethod
    def train(
        cls,
        data: TripleSet | Split | Iterable[tuple[str, str, str]],
        *,
        model: ModelConfig | None = None,
        training: TrainConfig | None = None,
        select: Callable[["LinkPredictor"], float] | None = None,
    ) -> "LinkPredictor":
        """Train on ``data``: a :class:`Split`, or triples that are split here
        (``training.split``, seeded, leak-free).

        ``select(predictor)`` scores the model as it would be kept, every ``eval_every`` epochs
        (higher is better; default: the filtered MRR of the validation split, ranked among
        training and validation triples only); the best-scoring model is the one kept."""
        model = model or ModelConfig()
        training = training or TrainConfig()
        if isinstance(data, Split):
            split = data
        else:
            if not isinstance(data, TripleSet):
                data = from_triples(data)
            if len(data) == 0:
                raise StudentError("no entity-to-entity triples to train on; load or distil some facts first")
            split = split_triples(data, ratios=training.split, seed=training.seed, inductive=training.inductive)
        if len(split.train) == 0:
            raise StudentError("the training split is empty; give more triples")
        torch.set_num_threads(max(1, training.threads))
        seed_all(training.seed)
        vocab = split.train
        labels = [label_of(e, vocab.labels) for e in vocab.entities]
        net = LinkPredictionModel(
            model, vocab.num_entities, vocab.num_relations, torch.from_numpy(split.train.triples), labels
        )
        predictor = cls(net, vocab, split)
        predictor.training = {
            "settings": asdict(training),
            "split": {"given": isinstance(data, Split), "train": len(split.train),
                      "validation": len(split.validation), "test": len(split.test)},
        }
        predictor.software = software_version("torch", "torch_geometric")
        predictor.report = predictor._fit(training, select)
        return predictor

    def _fit(self, cfg: TrainConfig, select: Callable[["LinkPredictor"], float] | None = None) -> TrainReport:
        valid, valid_known = validation_sample(self.split, cfg.valid_sample, cfg.seed)

        def validate() -> float:
            self._z = None
            if select is not None:
                return float(select(self))
            return self._evaluate(valid, valid_known, cfg.eval_batch_size).mrr

        report = fit(self.model, self.split, cfg, validate)
        self._z = None
        if len(self.split.test):
            report.test = self._evaluate(self.split.test.triples, self.split.all_triples, cfg.eval_batch_size)
        return report

    def _evaluate(self, triples: np.ndarray, known: np.ndarray, batch_size: int = 512, typed: bool = False) -> RankMetrics:
        return rank_metrics(self.model, triples, known, batch_size=batch_size,
                            exclude=self.constraints.excluded if typed else None)

    def evaluate(
        self, triples: np.ndarray | None = None, *, known: np.ndarray | None = None, typed: bool = False,
        batch_size: int = 512,
    ) -> RankMetrics:
        """Filtered metrics on ``triples`` (ids of this vocabulary; default: the test split).

        ``known``: the triples filtered out (default: every triple of the model's split); triples
        from elsewhere should add themselves, so that they filter each other. ``typed``: rank
        each answer only among entities of the relation's range (domain for head queries),
        the query's own entity left out unless the relation is reflexive."""
        triples = self.split.test.triples if triples is None else np.asarray(triples, dtype=np.int64).reshape(-1, 3)
        known = self.split.all_triples if known is None else known
        return self._evaluate(triples, known, batch_size, typed)

    # names in, names out

    @property
    def entities(self) -> tuple[str, ...]:
        return self.data.entities

    @property
    def relations(self) -> tuple[str, ...]:
        return self.data.relations

    def label(self, entity: str) -> str:
        return label_of(entity, self.data.labels)

    def _expand(self, name: str) -> str:
        name = name.strip()
        if name.startswith("<") and name.endswith(">"):
            return name[1:-1]
        prefix, sep, local = name.partition(":")
        if sep and prefix in PREFIXES and not local.startswith("//"):
            return PREFIXES[prefix] + local
        return name

    def entity_id(self, name: str) -> int | None:
        """The id of an entity given as IRI, prefixed name or label; ``None`` when unknown."""
        full = self._expand(str(name))
        for key in (full, str(name)):
            if key in self._entity_index:
                return self._entity_index[key]
        return self._label_index.get(normalize_label(str(name)))

    def check_unambiguous(self, name: str) -> None:
        """Raise a :class:`StudentError` when ``name`` is a label (not an IRI or prefixed name)
        that several entities share: :meth:`entity_id` would take the first one silently."""
        full = self._expand(str(name))
        if full in self._entity_index or str(name) in self._entity_index:
            return
        key = normalize_label(str(name))
        if self._label_count.get(key, 0) > 1:
            same = [e for e in self.entities if normalize_label(label_of(e, self.data.labels)) == key]
            shown = ", ".join(f"<{e}>" for e in same[:5]) + (", ..." if len(same) > 5 else "")
            raise StudentError(f"ambiguous entity {name!r}: {len(same)} entities have this label ({shown}); give its IRI")

    def relation_id(self, name: str) -> int:
        """The id of a relation given as IRI, prefixed name or local name (case-insensitive)."""
        full = self._expand(str(name))
        for key in (full, str(name)):
            if key in self._relation_index:
                return self._relation_index[key]
        want = str(name).strip().casefold()
        prefix, sep, local = want.partition(":")
        if sep and not local.startswith("//") and prefix not in PREFIXES:
            want = local  # a domain's own prefix (fd:cuisine): its local name says which relation
        hits = [i for i, r in enumerate(self.relations) if label_of(r, {}).casefold() in (want, want.replace("_", " "))]
        if len(hits) == 1:
            return hits[0]
        choices = ", ".join(label_of(r, {}) for r in self.relations[:12])
        more = "" if len(self.relations) <= 12 else ", ..."
        if hits:
            raise UnknownNameError(f"ambiguous relation {name!r}; use one of {choices}{more} (or its IRI)")
        raise UnknownNameError(
            f"the link predictor knows no relation {name!r}: it learnt {choices}{more} (it learns relations between "
            "entities only, and predicts no data property's value; a relation with no accepted facts between entities "
            "when it was trained is not among them: train it again once the store has some)"
        )

    def _inverse_of(self, name: str) -> str | None:
        """The trained relation that ``name`` is the ``owl:inverseOf`` (a relation the graph
        only infers, such as ``treatedBy``), or None."""
        full, want = self._expand(str(name)), str(name).strip().casefold().rpartition(":")[2]
        for a, b in self.data.inverse_pairs:
            for this, other in ((a, b), (b, a)):
                if other in self._relation_index and (this == full or label_of(this, {}).casefold() == want):
                    return other
        return None

    def _entity_vectors(self, names: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
        """Representations of ``names`` (known, or new with label features) and of all entities."""
        ids = [self.entity_id(n) for n in names]
        new = [n for n, i in zip(names, ids) if i is None]
        if new and not self.model.config.label_features:
            raise StudentError(
                f"unknown entity {new[0]!r}: not in the graph; give a label or IRI from the graph "
                "(or train with label features to place new entities)"
            )
        with torch.no_grad():
            if new:
                z = self.model.entity_repr(new)
            else:
                if self._z is None:
                    self._z = self.model.entity_repr()
                z = self._z
        E = self.model.num_entities
        pos, k = [], 0
        for i in ids:
            if i is None:
                pos.append(E + k)
                k += 1
            else:
                pos.append(i)
        return z[torch.tensor(pos, dtype=torch.long)], z[:E]

    @torch.no_grad()
    def score(self, head: str, relation: str, tail: str) -> float:
        """The raw decoder score of one triple (higher is more plausible)."""
        return float(self.score_triples([(head, relation, tail)])[0])

    @torch.no_grad()
    def score_triples(self, triples: Sequence[tuple[str, str, str]]) -> np.ndarray:
        """Raw scores of many ``(head, relation, tail)`` given by IRI, prefixed name or label."""
        self.model.eval()
        if not triples:
            return np.zeros(0, dtype=np.float32)
        zh, _ = self._entity_vectors([h for h, _, _ in triples])
        zt, _ = self._entity_vectors([t for _, _, t in triples])
        r = torch.tensor([self.relation_id(rel) for _, rel, _ in triples], dtype=torch.long)
        return self.model.score_pairs(zh, r, zt).numpy()

    @torch.no_grad()
    def predict(
        self, head: str, relation: str, k: int = 10, *, include_known: bool = False, typed: bool = True,
        known: Callable[[str, str, str], bool] | None = None,
    ) -> list[Prediction]:
        """The ``k`` most plausible tails of ``(head, relation, ?)``; known facts are left out
        unless ``include_known``. ``typed``: only entities of the relation's range class (from
        the ontology) answer, and never the head itself unless the relation is reflexive;
        probabilities are then a softmax over those candidates. A fact is known when the model
        trained or was evaluated on it, or when ``known(head, relation, tail)`` (IRIs) says so:
        the graph as it is now (:func:`in_graph`). A label several entities share is an error."""
        self.check_unambiguous(head)
        return self.predict_many([head], relation, k, include_known=include_known, typed=typed, known=known)[0]

    @torch.no_grad()
    def predict_many(
        self, heads: Sequence[str], relation: str, k: int = 10, *, include_known: bool = False, inverse: bool = False,
        typed: bool = True, known: Callable[[str, str, str], bool] | None = None,
    ) -> list[list[Prediction]]:
        """Top-``k`` tails (or heads, with ``inverse``: then the domain class constrains) for
        several heads and one relation (see :meth:`predict`)."""
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise StudentError(f"k is how many tails to give: a whole number of at least 1, got {k!r}")
        self.model.eval()
        try:
            r_id = self.relation_id(relation)
        except StudentError:
            forward = self._inverse_of(relation)  # treatedBy, owl:inverseOf treats: treats' heads
            if forward is None:
                raise
            r_id, inverse = self.relation_id(forward), not inverse
        R = self.model.num_relations
        query = r_id + (R if inverse else 0)
        zh, z_all = self._entity_vectors(list(heads))
        r = torch.full((len(heads),), query, dtype=torch.long)
        scores = self.model.score_against(zh, r, z_all)
        ids = [self.entity_id(name) for name in heads]
        if typed:
            allowed = self.constraints.allowed(query)
            if allowed is not None:
                scores[:, ~allowed] = -math.inf
            if not self.constraints.reflexive(r_id):
                for row, h_id in enumerate(ids):
                    if h_id is not None:
                        scores[row, h_id] = -math.inf
        probs = torch.softmax(scores, dim=1)
        out = []
        for row, h_id in enumerate(ids):
            order = torch.argsort(scores[row], descending=True).tolist()
            preds = []
            for e in order:
                if scores[row, e] == -math.inf:
                    break
                fact = (e, r_id, h_id) if inverse else (h_id, r_id, e)
                ent = self.entities[e]
                is_known = h_id is not None and fact in self._known
                if not is_known and known is not None and h_id is not None:
                    h_iri, r_iri = self.entities[h_id], self.relations[r_id]
                    is_known = known(ent, r_iri, h_iri) if inverse else known(h_iri, r_iri, ent)
                if is_known and not include_known:
                    continue
                preds.append(Prediction(ent, self.label(ent), float(scores[row, e]), float(probs[row, e]), is_known))
                if len(preds) >= k:
                    break
            out.append(preds)
        return out

    @torch.no_grad()
    def plausibility(self, triples: Sequence[tuple[str, str, str]]) -> list[float]:
        """0..1 per triple: how likely the tail is relative to the model's best tail for
        ``(head, relation, ?)``, ``exp(s(h, r, t) - max_e s(h, r, e))`` (the ratio of their
        softmax probabilities; 1 for the top tail, near 0 for tails the model rules out).
        0.5 (no opinion) when the relation, or an entity without label features, is unknown."""
        self.model.eval()
        out: list[float] = []
        for h, rel, t in triples:
            try:
                r_id = self.relation_id(rel)
                zh, z_all = self._entity_vectors([h])
                zt, _ = self._entity_vectors([t])
            except StudentError:
                out.append(0.5)
                continue
            r = torch.tensor([r_id])
            s = self.model.score_pairs(zh, r, zt)[0]
            best = torch.maximum(self.model.score_against(zh, r, z_all)[0].max(), s)
            out.append(float(torch.exp(s - best)))
        return out

    # persistence

    def save(self, directory: str | Path) -> Path:
        """Write ``config.json`` (model settings, training settings and split, vocabulary,
        labels, report, the software that trained it) and ``model.pt`` into a folder beside
        ``directory`` that then takes its place (:func:`kg.files.new_folder`): a save killed
        half-way leaves the model there before whole, never its settings with other weights.
        The training's ``checkpoints/`` there are kept."""
        directory = Path(directory)
        try:
            with new_folder(directory, keep=("checkpoints",)) as tmp:
                self._write(tmp)
        except OSError as exc:  # a full disk, ulimit -f: "File too large" named no file
            raise cannot_write(directory, exc) from exc
        return directory

    def _write(self, directory: Path) -> None:
        rep = self.report
        meta = {
            "format_version": FORMAT_VERSION,
            "kind": "kg-distill linkpred",
            "model": asdict(self.model.config),
            "training": self.training,
            "software": self.software or software_version("torch", "torch_geometric"),
            "entities": list(self.data.entities),
            "relations": list(self.data.relations),
            "labels": dict(self.data.labels),
            "inverse_pairs": [list(p) for p in self.data.inverse_pairs],
            "symmetric": sorted(self.data.symmetric),
            "schema": self.data.schema.as_json(),
            "report": {
                "epochs": rep.epochs, "best_epoch": rep.best_epoch, "best_valid_mrr": rep.best_valid_mrr,
                "seconds": rep.seconds, "stopped": rep.stopped, "history": rep.history,
                "test": rep.test.as_dict() if rep.test else None,
            },
        }
        (directory / "config.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        torch.save(
            {
                "state_dict": self.model.state_dict(),
                "train": torch.from_numpy(self.split.train.triples),
                "validation": torch.from_numpy(self.split.validation.triples),
                "test": torch.from_numpy(self.split.test.triples),
            },
            directory / "model.pt",
        )

    @classmethod
    def load(cls, directory: str | Path) -> "LinkPredictor":
        """Load a model written by :meth:`save`."""
        directory = Path(directory)
        finish_interrupted_swap(directory)
        cfg_path, weights = directory / "config.json", directory / "model.pt"
        if not cfg_path.is_file() and not weights.is_file():
            raise StudentError(f"no link predictor in {str(directory)!r}; train one with `kg train linkpred`")
        for part in (cfg_path, weights):
            if not part.is_file():
                raise StudentError(f"the link predictor in {str(directory)!r} is incomplete (no {part.name}); train it again with `kg train linkpred`")
        try:
            return cls._read(directory, cfg_path, weights)
        except (OSError, ValueError, KeyError, TypeError, RuntimeError, EOFError, pickle.UnpicklingError) as exc:
            raise StudentError(
                f"the link predictor in {str(directory)!r} is incomplete or damaged "
                f"({' '.join(str(exc).split())[:200]}); train it again with `kg train linkpred`"
            ) from None

    @classmethod
    def _read(cls, directory: Path, cfg_path: Path, weights: Path) -> "LinkPredictor":
        meta = json.loads(cfg_path.read_text(encoding="utf-8"))
        if meta.get("format_version") != FORMAT_VERSION:
            raise StudentError(f"{str(directory)!r} holds format {meta.get('format_version')!r}, expected {FORMAT_VERSION}")
        names = {f.name for f in fields(ModelConfig)}
        config = ModelConfig(**{k: v for k, v in meta["model"].items() if k in names})
        blob = torch.load(weights, weights_only=True)
        vocab = TripleSet(
            entities=tuple(meta["entities"]), relations=tuple(meta["relations"]), triples=blob["train"].numpy(),
            labels=meta["labels"], inverse_pairs=tuple(tuple(p) for p in meta["inverse_pairs"]),
            symmetric=frozenset(meta["symmetric"]), schema=Schema.from_json(meta.get("schema")),
        )
        split = Split(vocab, vocab.with_triples(blob["validation"].numpy()), vocab.with_triples(blob["test"].numpy()))
        labels = [label_of(e, vocab.labels) for e in vocab.entities]
        net = LinkPredictionModel(config, vocab.num_entities, vocab.num_relations, blob["train"], labels)
        state = blob["state_dict"]
        bag = state.get("label_bag.weight")
        if bag is not None and net.label_bag is not None and bag.shape[0] == config.label_buckets != net.label_bag.num_embeddings:
            state["label_bag.weight"] = bag[net.bag_vocab]  # saved with a row per bucket: keep the used ones
        net.load_state_dict(state)
        net.eval()
        r = meta.get("report") or {}
        report = TrainReport(
            epochs=r.get("epochs", 0), best_epoch=r.get("best_epoch", 0), best_valid_mrr=r.get("best_valid_mrr", 0.0),
            seconds=r.get("seconds", 0.0), stopped=r.get("stopped", ""), history=list(r.get("history") or []),
            test=RankMetrics(**r["test"]) if r.get("test") else None,
        )
        predictor = cls(net, vocab, split, report)
        predictor.schema_saved = "schema" in meta
        predictor.training = meta.get("training")
        predictor.software = meta.get("software")
        return predictor

    def with_store_schema(self, store) -> "LinkPredictor":
        """This predictor with its entities' types read from ``store`` (a :class:`kg.store.Store`)
        as training reads them, when it was saved without them (:attr:`schema_saved`); else itself."""
        if self.schema_saved:
            return self
        entities, relations = self.data.entities, self.data.relations
        rows = [(entities[h], relations[r], entities[t]) for h, r, t in self.split.all_triples]
        schema = store_schema(store, rows)
        train, validation, test = (replace(part, schema=schema) for part in (self.split.train, self.split.validation, self.split.test))
        split = Split(train, validation, test, notes=self.split.notes)
        predictor = LinkPredictor(self.model, replace(self.data, schema=schema), split, self.report)
        predictor.training, predictor.software = self.training, self.software
        return predictor

    def __repr__(self) -> str:
        return f"LinkPredictor({self.model!r}, triples={len(self.split.train)})"


# -- the multilevel loop: student predictions as candidates, and a plausibility signal ----


def propose_candidates(
    predictor: LinkPredictor,
    store=None,
    *,
    k: int = 5,
    threshold: float = 0.5,
    heads: Sequence[str] | None = None,
    relations: Sequence[str] | None = None,
    batch_size: int = 128,
):
    """The student's top-``k`` new tails per ``(head, relation)`` whose softmax probability is
    at least ``threshold``, as :class:`kg.records.Candidate` records (extractor and teacher
    ``student:linkpred``; one :class:`~kg.records.Completion` per query, prompt
    ``"<head> <relation> ?"``). Facts already in the store's ``accepted`` graph (or known to the
    model) are left out. ``store``: a :class:`~kg.api.KnowledgeGraph` or its ``.store``."""
    from kg.records import Candidate, Completion
    from kg.store import as_store

    store = as_store(store) if store is not None else None
    head_names = list(heads) if heads is not None else list(predictor.entities)
    rel_names = list(relations) if relations is not None else list(predictor.relations)
    out: list[Candidate] = []
    for rel in rel_names:
        r_id = predictor.relation_id(rel)
        r_iri = predictor.relations[r_id]
        asked = [h for h in head_names if predictor.constraints.may_ask(r_id, predictor.entity_id(h))]  # heads of its domain
        for s in range(0, len(asked), batch_size):
            chunk = asked[s : s + batch_size]
            for head, preds in zip(chunk, predictor.predict_many(chunk, rel, k)):
                h_id = predictor.entity_id(head)
                h_iri = predictor.entities[h_id] if h_id is not None else head
                keep = [p for p in preds if p.probability >= threshold]
                if store is not None:
                    keep = [p for p in keep if not store.holds(h_iri, r_iri, p.entity)]
                if not keep:
                    continue
                h_label = predictor.label(h_iri) if h_id is not None else head
                r_label = label_of(r_iri, {})
                prompt = f"{h_label} {r_label} ?"
                completion = Completion(
                    prompt_id=f"linkpred:{hashlib.sha1(f'{h_iri} {r_iri}'.encode()).hexdigest()[:16]}",
                    prompt=prompt,
                    teacher=TEACHER,
                    text="\n".join(f"{p.label}\t{p.probability:.4f}" for p in keep),
                    params={"k": k, "threshold": threshold},
                )
                for p in keep:
                    out.append(
                        Candidate(
                            subject=URIRef(h_iri), predicate=URIRef(r_iri), object=URIRef(p.entity),
                            completion=completion, span=p.label, extractor=TEACHER,
                            subject_label=h_label, object_label=p.label,
                        )
                    )
    return out


def in_graph(store) -> Callable[[str, str, str], bool]:
    """``known`` for :meth:`LinkPredictor.predict`: whether the store's accepted or inferred
    graph holds the fact now (the model knows only what it was trained on)."""
    return lambda h, r, t: store.holds(h, r, t, ("accepted", "inferred"))


def plausibility(predictor: LinkPredictor, candidates: Sequence) -> list[float]:
    """A 0..1 plausibility per :class:`kg.records.Candidate` for the critic (see
    :meth:`LinkPredictor.plausibility`); literal-valued candidates get 0.5 (no opinion)."""
    from rdflib import Literal

    triples, where = [], []
    out = [0.5] * len(candidates)
    for i, c in enumerate(candidates):
        if isinstance(c.object, Literal):
            continue
        head = str(c.subject) if predictor.entity_id(str(c.subject)) is not None or not c.subject_label else c.subject_label
        tail = str(c.object) if predictor.entity_id(str(c.object)) is not None or not c.object_label else c.object_label
        triples.append((head, str(c.predicate), tail))
        where.append(i)
    for i, v in zip(where, predictor.plausibility(triples)):
        out[i] = v
    return out


def default_model_dir(store_location: str | Path) -> Path:
    """``<store>/students/linkpred``."""
    return Path(store_location) / "students" / "linkpred"


__all__ = [
    "ModelConfig",
    "TrainConfig",
    "LinkPredictionModel",
    "LinkPredictor",
    "Prediction",
    "TrainReport",
    "propose_candidates",
    "plausibility",
    "in_graph",
    "default_model_dir",
    # from kg.students.linkpred_model / _train / _eval and kg.students.sampling, importable from here
    "AUTO_NEIGHBOR_ENTITIES",
    "DECODERS",
    "ENCODERS",
    "NeighborSampler",
    "SAMPLED_N3",
    "SAMPLERS",
    "fit",
    "label_buckets",
    "label_of",
    "n3_penalty",
    "peak_memory_mb",
    "rank_metrics",
]
