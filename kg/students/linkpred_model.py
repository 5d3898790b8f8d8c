"""The link predictor's model: entity features → optional R-GCN encoder → decoder.

Model::

    x_e   = E[e]  (+ W · bag(label_e))             entity features, [num_entities, d]
    z     = x                    encoder="none"     (shallow: the default, best MRR per second)
    z     = x + RGCN_L(...RGCN_1(x))  encoder="rgcn"  (PyG RGCNConv, basis decomposition, over
                                                      training edges and their inverses)
    s(h, r, t) = decoder(z_h, R[r], z_t)

Decoders: ``distmult`` ⟨z_h, r, z_t⟩; ``complex`` Re⟨z_h, r, conj(z_t)⟩ (d = 2·dim, real and
imaginary halves); ``rotate`` −‖z_h ∘ e^{iθ_r} − z_t‖. Every relation ``r`` has an inverse
``r + R``, so a head query ``(?, r, t)`` is the tail query ``(t, r⁻¹, ?)``.

Label features (``label_features=True``): a bag of hashed character 3-grams and tokens of each
entity's label through an ``EmbeddingBag`` with a row per bucket the vocabulary's labels use
(not all ``label_buckets``), with sparse gradients; a new entity with a label gets a
representation from its label's known buckets alone (inductive use), and entity dropout teaches
the model to rely on it. Training: :mod:`kg.students.linkpred_train`; the predictor that wraps
the model with its vocabulary: :mod:`kg.students.linkpred`.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass
from typing import Any, Mapping, Sequence, cast

import torch
import torch.nn.functional as F
from torch import nn

from kg.errors import StudentError, StudentSettingError
from kg.iri import local_name, normalize_label

DECODERS = ("distmult", "complex", "rotate")
ENCODERS = ("none", "rgcn")


@dataclass(frozen=True)
class ModelConfig:
    """The model: ``decoder`` distmult | complex | rotate, ``encoder`` none | rgcn.

    ``dim`` counts complex dimensions for complex / rotate (``2·dim`` reals per entity);
    ``entity_dropout`` (the share of entities whose own embedding a step hides, so the model
    learns to place them by their label) acts only with ``label_features``."""

    decoder: str = "complex"
    encoder: str = "none"
    dim: int = 200
    layers: int = 1
    num_bases: int | None = 8
    label_features: bool = False
    label_buckets: int = 1 << 15
    entity_dropout: float = 0.2
    dropout: float = 0.0

    def __post_init__(self) -> None:
        if self.decoder not in DECODERS:
            raise StudentSettingError(f"unknown decoder {self.decoder!r}; use one of {', '.join(DECODERS)}")
        if self.encoder not in ENCODERS:
            raise StudentSettingError(f"unknown encoder {self.encoder!r}; use one of {', '.join(ENCODERS)}")
        if self.dim < 1 or self.layers < 0:
            raise StudentSettingError(f"dim must be >= 1 and layers >= 0, got dim={self.dim}, layers={self.layers}")
        if not 0 <= self.entity_dropout < 1 or not 0 <= self.dropout < 1:
            raise StudentSettingError(f"entity_dropout and dropout are shares in [0, 1), got {self.entity_dropout} and {self.dropout}")



# -- label features -----------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9]+")


def label_of(entity: str, labels: Mapping[str, str]) -> str:
    """The entity's label, or a readable local name of its IRI."""
    if entity in labels:
        return labels[entity]
    return local_name(entity).replace("_", " ")


def label_buckets(text: str, buckets: int) -> list[int]:
    """Hashed character 3-grams (of ``#label#``) and tokens of a normalised label."""
    norm = normalize_label(text)
    grams = [f"t:{tok}" for tok in _TOKEN.findall(norm)]
    padded = f"#{norm}#"
    grams += [padded[i : i + 3] for i in range(max(len(padded) - 2, 1))]
    return sorted({zlib.crc32(g.encode("utf-8")) % buckets for g in grams})


def _bags(texts: Sequence[str], buckets: int) -> tuple[torch.Tensor, torch.Tensor]:
    idx: list[int] = []
    offsets: list[int] = []
    for text in texts:
        offsets.append(len(idx))
        idx.extend(label_buckets(text, buckets))
    return torch.tensor(idx, dtype=torch.long), torch.tensor(offsets, dtype=torch.long)


def _known_buckets(vocab: torch.Tensor, idx: torch.Tensor, offsets: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Bags of bucket ids as rows of ``vocab`` (sorted bucket ids), unknown buckets dropped."""
    if vocab.numel() == 0 or idx.numel() == 0:
        return idx.new_zeros(0), offsets.new_zeros(offsets.shape)
    pos = torch.searchsorted(vocab, idx).clamp(max=vocab.numel() - 1)
    found = vocab[pos] == idx
    bag = torch.repeat_interleave(torch.arange(offsets.numel()), torch.diff(offsets, append=offsets.new_tensor([idx.numel()])))
    counts = torch.bincount(bag[found], minlength=offsets.numel())
    return pos[found], torch.cat([counts.new_zeros(1), counts.cumsum(0)[:-1]])


# -- the model ----------------------------------------------------------------------------


class LinkPredictionModel(nn.Module):
    r"""Entity features → optional R-GCN encoder → DistMult / ComplEx / RotatE decoder.

    Shapes: ``entity_repr()`` gives ``[E, d]``; ``score_tails(h [B], r [B])`` gives ``[B, E]``
    for relation ids in ``[0, 2R)`` (``r + R`` is the inverse of ``r``).
    """

    # buffers (register_buffer), declared for the type checker
    bag_vocab: torch.Tensor
    bag_index: torch.Tensor
    bag_offsets: torch.Tensor
    edge_index: torch.Tensor
    edge_type: torch.Tensor

    def __init__(
        self,
        config: ModelConfig,
        num_entities: int,
        num_relations: int,
        train_triples: torch.Tensor,
        labels: Sequence[str] | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.num_entities = num_entities
        self.num_relations = num_relations
        d = config.dim if config.decoder == "distmult" else 2 * config.dim
        self.d = d
        self.entity = nn.Embedding(num_entities, d)
        rel_dim = config.dim if config.decoder == "rotate" else d
        self.relation = nn.Embedding(2 * num_relations, rel_dim)
        self.label_bag: nn.EmbeddingBag | None = None
        if config.label_features:
            idx, off = _bags(labels or [""] * num_entities, config.label_buckets)
            vocab = torch.unique(idx)  # the buckets the labels use: one row each
            self.label_bag = nn.EmbeddingBag(max(vocab.numel(), 1), d, mode="mean", sparse=True)
            self.register_buffer("bag_vocab", vocab, persistent=False)
            idx, off = _known_buckets(vocab, idx, off)
            self.register_buffer("bag_index", idx, persistent=False)
            self.register_buffer("bag_offsets", off, persistent=False)
        self.convs = nn.ModuleList()
        if config.encoder == "rgcn":
            from torch_geometric.nn import RGCNConv

            bases = config.num_bases if config.num_bases and config.num_bases < 2 * num_relations else None
            for _ in range(config.layers):
                self.convs.append(RGCNConv(d, d, 2 * num_relations, num_bases=bases))
            t = train_triples.long().reshape(-1, 3)
            edge_index = torch.cat([t[:, [0, 2]].t(), t[:, [2, 0]].t()], dim=1)
            edge_type = torch.cat([t[:, 1], t[:, 1] + num_relations])
            self.register_buffer("edge_index", edge_index, persistent=False)
            self.register_buffer("edge_type", edge_type, persistent=False)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        nn.init.xavier_normal_(self.entity.weight)
        if self.config.decoder == "rotate":
            nn.init.uniform_(self.relation.weight, -math.pi, math.pi)
        else:
            nn.init.xavier_normal_(self.relation.weight)
        if self.label_bag is not None:
            nn.init.xavier_normal_(self.label_bag.weight)
        for conv in self.convs:
            cast(Any, conv).reset_parameters()  # RGCNConv (a Module's attributes type as Tensor | Module)

    # features and encoder

    def features(self, ids: torch.Tensor | None = None, extra_labels: Sequence[str] = ()) -> torch.Tensor:
        """Input features of entities ``ids`` (default: all), then of new labelled entities."""
        x = self.entity.weight if ids is None else self.entity(ids)
        if self.training and self.config.entity_dropout > 0 and self.label_bag is not None:
            keep = torch.rand(x.shape[0], 1, device=x.device) >= self.config.entity_dropout
            x = x * keep
        if self.label_bag is not None:
            if ids is None:
                x = x + self.label_bag(self.bag_index, self.bag_offsets)
            else:
                x = x + self.label_bag(*self._bag_subset(ids))
        if extra_labels:
            if self.label_bag is None:
                raise StudentError("this model has no label features; it cannot place new entities")
            idx, off = _known_buckets(self.bag_vocab, *_bags(extra_labels, self.config.label_buckets))
            x = torch.cat([x, self.label_bag(idx.to(x.device), off.to(x.device))])
        return x

    def _bag_subset(self, ids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        ends = torch.cat([self.bag_offsets[1:], self.bag_offsets.new_tensor([self.bag_index.numel()])])
        starts, lengths = self.bag_offsets[ids], (ends - self.bag_offsets)[ids]
        offsets = torch.cat([lengths.new_zeros(1), lengths.cumsum(0)[:-1]])
        pos = torch.arange(int(lengths.sum()), device=ids.device) - torch.repeat_interleave(offsets - starts, lengths)
        return self.bag_index[pos], offsets

    def encode(self, x: torch.Tensor, edge_index: torch.Tensor | None, edge_type: torch.Tensor | None) -> torch.Tensor:
        """The R-GCN layers (residual, tanh) over a graph of ``x``'s nodes; identity without."""
        for conv in self.convs:
            x = x + torch.tanh(conv(x, edge_index, edge_type))
        if self.config.dropout > 0:
            x = F.dropout(x, self.config.dropout, self.training)
        return x

    def entity_repr(self, extra_labels: Sequence[str] = ()) -> torch.Tensor:
        """Representations of every entity (then of ``extra_labels``' new entities), ``[E(+n), d]``."""
        x = self.features(extra_labels=extra_labels)
        if not self.convs:
            return self.encode(x, None, None)
        return self.encode(x, self.edge_index, self.edge_type)

    # decoder

    def _query(self, zh: torch.Tensor, r: torch.Tensor) -> torch.Tensor:
        rel = self.relation(r)
        if self.config.decoder == "distmult":
            return zh * rel
        half = self.config.dim
        h_re, h_im = zh[:, :half], zh[:, half:]
        if self.config.decoder == "complex":
            r_re, r_im = rel[:, :half], rel[:, half:]
        else:
            r_re, r_im = torch.cos(rel), torch.sin(rel)
        return torch.cat([h_re * r_re - h_im * r_im, h_re * r_im + h_im * r_re], dim=1)

    def score_against(self, zh: torch.Tensor, r: torch.Tensor, candidates: torch.Tensor) -> torch.Tensor:
        """Scores ``[B, C]`` of queries ``(zh [B, d], r [B])`` against ``candidates [C, d]``."""
        q = self._query(zh, r)
        if self.config.decoder == "rotate":
            return -torch.cdist(q, candidates)
        return q @ candidates.t()

    def score_pairs(self, zh: torch.Tensor, r: torch.Tensor, zt: torch.Tensor) -> torch.Tensor:
        """Scores ``[B]`` of ``(zh, r, zt)`` rows."""
        q = self._query(zh, r)
        if self.config.decoder == "rotate":
            return -torch.linalg.vector_norm(q - zt, dim=1)
        return (q * zt).sum(dim=1)

    def score_tails(self, h: torch.Tensor, r: torch.Tensor, z: torch.Tensor | None = None) -> torch.Tensor:
        z = self.entity_repr() if z is None else z
        return self.score_against(z[h], r, z[: self.num_entities])

    def forward(self, h: torch.Tensor, r: torch.Tensor) -> torch.Tensor:
        return self.score_tails(h, r)

    def __repr__(self) -> str:
        c = self.config
        return (
            f"{type(self).__name__}(decoder={c.decoder}, encoder={c.encoder}, layers={len(self.convs)}, "
            f"entities={self.num_entities}, relations={self.num_relations}, d={self.d}, "
            f"label_features={c.label_features})"
        )



__all__ = ["DECODERS", "ENCODERS", "ModelConfig", "LinkPredictionModel", "label_of", "label_buckets"]
