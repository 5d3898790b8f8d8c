"""``kg export -f atomic``: the distilled corpus as ATOMIC 2020 data, by label, for COMET and the
tools of the field (West et al.'s ATOMIC-10x and COMET-ATOMIC 2020 are distributed this way).

``.tsv``: COMET-ATOMIC 2020's training file, ``head<TAB>relation<TAB>tail`` per fact, no header.

``.jsonl``: one row per (head, relation), as the shipped sample (``kg/data/atomic2020/dev.jsonl``)::

    {"head": "PersonX bakes bread", "relation": "xWant", "tails": ["to eat it"], "generations": ["to share it"]}

``tails`` are what people wrote (a teacher id ending in ``:human``), added (``kg.add``) or loaded
from a file; ``generations`` what a teacher model wrote and no person did: the ``human`` and
``teacher`` corpora of :func:`kg.students.generator_data.examples_from_store`; a prompt a teacher
answered with a none answer alone ("None", "N/A", kept in quarantine) has ``"none"`` among them,
as ATOMIC 2020's rows keep theirs (the ``.tsv`` writes facts alone). The texts are the
store's labels: a dataset ``kg ingest`` read comes back cleaned (whitespace folded, trailing
punctuation dropped, ``persony`` as ``PersonY``: :meth:`extractors.normalize.Normalizer.clean`),
not as its file spelled it. Both read back:
``kg ingest FILE.jsonl --sources human,generations`` keeps who wrote what, ``kg critic train
--data FILE.jsonl`` trusts the ``tails`` only, ``kg train generator --data FILE``.

``-g rejected`` writes the candidates the critic rejected (the quarantine keeps them as reified
statements, with their reasons; those a symbolic check rejected are no fact to train on and stay
out, as they stay out of ``kg train generator --unfiltered``). Other graphs are refused: ``all``
and ``knowledge`` mix graphs of another kind, ``provenance``, ``ontology`` and ``rules`` hold
records, not facts (their export was an empty file), and a graph ``kg load`` kept from N-Quads
or TriG was refused as an unknown graph, which it is not.

Relations are named by the store's own domain (its relation names: ``xWant``), else by the
predicate IRI's local name; facts whose subject or object has no label are left out, and so are
statements about statements (an RDF 1.2 triple term, the object of ``rdf:reifies``, has none) (the
generator's corpus: :func:`kg.students.generator_data.examples_from_store`). Only the domain's
relations are written: ``domain`` (``kg export --domain NAME``: one the store records, if it records
any; another is a usage error, not an empty file), else the store's one domain, else,
in a store several domains share, the one its kg.toml names (a note says which were left out);
with none named, every domain's facts are written, and a note says that the rows mix them (a
geography store's ``Brazil<TAB>borders<TAB>Argentina`` is no COMET training row).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import logging

from kg.domains import domain_label, own_domains, store_domains
from kg.errors import FormatError, UsageError
from kg.ontology import Domain, domain_identity, load_domain
from kg.store import Progress
from kg.students.generator_data import examples_with_writers, written_by

__all__ = ["export_atomic"]

ATOMIC_GRAPHS = ("accepted", "inferred", "rejected")
"""The graphs whose facts an atomic export writes."""

log = logging.getLogger("kg.students.atomic_export")


def export_atomic(
    store: Any, path: Path, graph: str, progress: Progress | None = None, *, domain: Domain | str | Path | None = None
) -> int:
    """Write ``graph`` of ``store`` as ATOMIC data to ``path`` (``.tsv`` or ``.jsonl``, by its
    extension), the facts of ``domain``'s relations (default: the store's domain, see the module
    docstring); returns the facts written."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".tsv", ".jsonl"):
        raise FormatError(f"the atomic format writes .tsv (COMET's head/relation/tail) or .jsonl (rows with tails lists), not {str(path)!r}")
    if graph not in ATOMIC_GRAPHS:  # provenance, ontology, rules wrote an empty file
        raise UsageError(f"the atomic format writes the facts of one graph: accepted, inferred or rejected (the candidates "
                         f"the critic rejected), not {graph!r}")
    domain = _domain(store, domain)
    checked = _checks_rejections(store) if graph == "rejected" else 0
    if checked and not examples_with_writers(store, domain, graph=graph):  # an empty file, said nothing about
        unread = _no_fact_records(store)
        raise UsageError(
            f"the rejected graph holds {checked:,} candidates a check rejected (a shape, the reference, a type, ...), none that "
            f"the critic alone rejected: an atomic export writes the critic's rejections only (a check's are no fact to train on); "
            f"`kg review export --all -o rejected.csv` lists them with their reasons, `-o rejected.nt` exports the graph"
            + (f"; {unread:,} answers or rows read as no fact (none answers, unreadable values) have no triple: "
               "`kg review export --graph unreadable -o unreadable.csv` lists them" if unread else ""))
    if checked:
        log.warning("note: %s candidates a check rejected (a shape, the reference, a type, ...) are left out: an atomic export "
                    "writes the critic's rejections only; `kg review export --all` lists them", f"{checked:,}")
    if suffix == ".tsv":
        facts = list(examples_with_writers(store, domain, graph=graph))
        if progress:
            progress(len(facts))
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(f"{_one_line(e.head)}\t{e.relation}\t{_one_line(e.tail)}\n" for e in facts)
        return len(facts)
    written = examples_with_writers(store, domain, graph=graph)
    if progress:
        progress(len(written))
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for e, who in written.items():
        row = rows.setdefault((e.head, e.relation), {"head": e.head, "relation": e.relation, "tails": [], "generations": []})
        row["tails" if written_by(who, "human") else "generations"].append(e.tail)  # as the generator's corpora
    for (head, relation), column in (_none_answers(store, domain) if graph == "accepted" else {}).items():
        row = rows.setdefault((head, relation), {"head": head, "relation": relation, "tails": [], "generations": []})
        row[column].append("none")
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows.values():
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(written)


def _none_answers(store: Any, domain: Domain | None) -> dict[tuple[str, str], str]:
    """``(head, relation)`` -> ``"generations"`` (``"tails"`` for a person's) of each prompt a
    teacher answered with a none answer and nothing else ("None", "N/A": kept in quarantine,
    :data:`kg.pipeline.parts.NONE_ANSWER`), by the runs' prompts: an ATOMIC 2020 row keeps its
    "none" among its tails, so a ``.jsonl`` export gives it as one."""
    said = store.query(
        "SELECT ?id ?teacher WHERE { GRAPH graph:rejected { ?rec kg:reason/kg:message 'none answer' ; prov:wasDerivedFrom ?c } "
        "GRAPH graph:provenance { ?c kg:prompt/kg:promptId ?id ; prov:wasGeneratedBy/kg:teacher ?teacher } }"
    ).bindings()
    if not said:
        return {}
    asked: dict[str, tuple[str, str]] = {}
    for found in store.query("SELECT ?prompts WHERE { GRAPH graph:provenance { ?run kg:promptsJson ?prompts } }").bindings():
        for prompt in json.loads(str(found["prompts"])):
            if prompt.get("head") and prompt.get("relation"):
                asked[prompt["id"]] = (prompt["head"], prompt["relation"])
    out: dict[tuple[str, str], str] = {}
    for row in said:
        key = asked.get(str(row["id"]))
        if key is not None and (domain is None or key[1] in domain.relations):
            out[key] = "tails" if str(row["teacher"]).endswith(":human") else "generations"
    return dict(sorted(out.items()))


def _checks_rejections(store: Any) -> int:
    """The rejections in quarantine that a check other than the critic made (their candidates stay
    out of an atomic export)."""
    from kg.critic import CRITIC_CHECK

    found = store.query(
        "SELECT (COUNT(DISTINCT ?rec) AS ?n) WHERE { GRAPH graph:rejected { ?rec a kg:Rejection ; rdf:subject ?s ; "
        f"kg:reason/kg:check ?check FILTER(STR(?check) != \"{CRITIC_CHECK}\") }} }}"
    ).bindings()
    return int(found[0]["n"].value) if found else 0


def _no_fact_records(store: Any) -> int:
    """The records in quarantine that are no triple (a none answer, an unreadable value)."""
    found = store.query(
        "SELECT (COUNT(DISTINCT ?rec) AS ?n) WHERE { GRAPH graph:rejected { ?rec a kg:Rejection FILTER NOT EXISTS { ?rec rdf:subject ?s } } }"
    ).bindings()
    return int(found[0]["n"].value) if found else 0


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _check_recorded(store: Any, domain: Domain) -> None:
    """A UsageError when the store records domains (its runs, its kg.toml) and ``domain`` is
    none of them: its export was an empty file in place of the one there (the wrong store, or
    the wrong domain)."""
    recorded = store_domains(store)
    if not recorded.specs and not recorded.unresolved:
        return  # a store of loaded facts alone: --domain names its relations
    identities = {domain_identity(spec) for spec in recorded.specs}
    if (domain.name, str(domain.namespace)) in identities or domain.name in recorded.unresolved:
        return
    raise UsageError(
        f"the store holds no facts of the domain {domain.name}: it records the domain(s) "
        f"{', '.join(recorded.names + recorded.unresolved)}; pass --domain with one of them, or another --store")


def _domain(store: Any, given: Domain | str | Path | None) -> Domain | None:
    """The domain whose relations are written: ``given``, else the store's (see the module
    docstring); None: every relation, named by its IRI's local name."""
    if given is not None:
        chosen = given if isinstance(given, Domain) else load_domain(given)
        _check_recorded(store, chosen)
        return chosen
    found = own_domains(store)
    if not isinstance(found, list):
        return found if isinstance(found, Domain) else None
    names = ", ".join(domain_label(d) for d in found)
    if configured := store_domains(store).configured:
        chosen = load_domain(configured)
        log.warning(
            "note: the store holds the domains %s: wrote %s's relations only (its kg.toml's domain); "
            "--domain NAME writes another domain's", names, chosen.name)
        return chosen
    log.warning(
        "note: the store holds the domains %s and its kg.toml names none: the rows mix their relations; "
        "--domain NAME writes one domain's", names)
    return None
