"""Extractor throughput: completions/s and candidates/s for each extractor.

    python bench/extract.py [--limit 2000]

Inputs are real or built from real data: ``atomic`` is the read+extract stage of ``kg ingest``
(``bench/pipeline.py``): the COMET-BART beams of the ATOMIC 2020 dev sample read from the JSONL
file and through the list extractor, measured first, with cold caches; ``lists`` reads the same
sample (human tails and COMET-BART beams, one completion each, plus numbered 5-item lists of
them); ``json``, ``rdf`` and ``freetext`` read completions written from the geography reference
graph (facts per entity as a fenced JSON array with a trailing comma, as Turtle with an
undeclared prefix, and as sentences from the relations' verbalisations). Each line also prints
the ratio to a baseline measured in the same run: the bare parser the extractor wraps
(``json.loads`` of the JSONL lines, the list-item regex, ``json.loads``, rdflib's Turtle parser,
the spaCy pipeline), so the figure says what tolerance, normalisation and IRI minting cost on
top of parsing. ``geo rows`` is ``kg ingest`` of a user's TSV in a domain of names (the
geography reference's facts, a row each): every cell read as the chat reader reads an answer
(``extractors.read_answer``), against reading the file's rows.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable

from rdflib import RDFS, Graph, URIRef

from extractors import Extractor
from extractors.atomic import atomic_candidates, read_atomic_jsonl, read_atomic_tsv
from extractors.list_items import list_items
from kg.ontology import load_domain
from kg.prompts import Prompt
from kg.records import Candidate, Completion

_NON_WORD = re.compile(r"\W")
DEV = Path(__file__).resolve().parents[1] / "kg" / "data" / "atomic2020" / "dev.jsonl"


def _timed(fn: Callable[[], int]) -> tuple[float, int]:
    gc.collect()  # else a full collection of the setup's garbage may land inside a short measurement
    start = time.perf_counter()
    produced = fn()
    return time.perf_counter() - start, produced


def geo_facts(limit: int) -> list[tuple[str, list[tuple[str, str, str]]]]:
    geo = load_domain("geography")
    ref = geo.reference
    label = {s: str(o) for s, o in ref.subject_objects(RDFS.label)}
    facts: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for name, rel in sorted(geo.relations.items()):
        for s, o in ref.subject_objects(URIRef(str(rel.iri))):
            if s in label:
                facts[label[s]].append((label[s], name, label.get(o, str(o))))
    return sorted(facts.items())[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2000, help="completions per extractor (freetext: a quarter)")
    args = parser.parse_args()
    geo, cs = load_domain("geography"), load_domain("commonsense")

    items = [i for i in read_atomic_jsonl(DEV, sources=("human", "generations")) if not hasattr(i, "reason")]
    single = items[: args.limit]
    rows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for prompt, completion in items:
        rows[(prompt.head, prompt.relation)].append(completion.text)
    lists = []
    for (head, relation), tails in list(rows.items())[: args.limit]:
        prompt = Prompt.make(f"{head} {relation} [GEN]", "list", head=head, relation=relation)
        text = "\n".join(f"{i}. {t}" for i, t in enumerate(tails[:5], 1))
        lists.append((prompt, Completion(prompt.id, prompt.text, "bench", text)))

    facts = geo_facts(args.limit)
    table = Path(tempfile.mkdtemp()) / "geo.tsv"  # a user's file of rows in a domain of names
    table.write_text("".join(f"{s}\t{p}\t{o}\n" for _, triples in facts for s, p, o in triples), encoding="utf-8")
    json_prompt, rdf_prompt, text_prompt = Prompt.make("j", "json"), Prompt.make("r", "rdf"), Prompt.make("t", "text")
    json_c, rdf_c, text_c = [], [], []
    for entity, triples in facts:
        body = ",\n".join(json.dumps({"subject": s, "predicate": p, "object": o}) for s, p, o in triples[:6])
        json_c.append(Completion("j", "j", "bench", f"Here are facts about {entity}:\n```json\n[{body},\n]\n```"))
        ttl = "\n".join(f'zz:{_NON_WORD.sub("_", s)} kgeo:{p} "{o}" .' for s, p, o in triples[:6])
        rdf_c.append(Completion("r", "r", "bench", f"```turtle\n{ttl}\n```"))
        sentences = " ".join(geo.relations[p].verbalize(s, o) + "." for s, p, o in triples[:4])
        text_c.append(Completion("t", "t", "bench", sentences))
    text_c = text_c[: max(50, args.limit // 4)]

    results = []

    rows_base, _ = _timed(lambda: sum(1 for _ in read_atomic_tsv(table)))
    cells = Extractor(geo)
    cells.spacy.nlp  # noqa: B018 - load before timing (a cell that needs a parse loads it)
    elapsed, cands = _timed(lambda: sum(isinstance(r, Candidate) for r in atomic_candidates(
        read_atomic_tsv(table), cells.normalizer, context=cells.context)))
    results.append(("geo rows", cells.stats.completions, cands, elapsed, rows_base))

    lines = DEV.read_text(encoding="utf-8").splitlines()
    base_time, _ = _timed(lambda: sum(1 for line in lines if line.strip() and json.loads(line)))
    ingest = Extractor(cs)
    beams = read_atomic_jsonl(DEV, sources=("generations",))
    elapsed, cands = _timed(lambda: sum(isinstance(r, Candidate) for r in atomic_candidates(beams, ingest.normalizer)))
    results.append(("atomic", ingest.stats.completions, cands, elapsed, base_time))

    def measure(name: str, extractor: Extractor, pairs: list[tuple[Prompt, Completion]], baseline: Callable[[], int]) -> None:
        base_time, _ = _timed(baseline)

        def run() -> int:
            return sum(isinstance(r, Candidate) for p, c in pairs for r in extractor.extract(c, p, using=name))

        elapsed, cands = _timed(run)
        results.append((name, len(pairs), cands, elapsed, base_time))

    measure("lists", Extractor(cs), [(p, c) for p, c in single], lambda: sum(len(list_items(c.text)[0]) for _, c in single))
    measure("lists", Extractor(cs), lists, lambda: sum(len(list_items(c.text)[0]) for _, c in lists))
    results[-1] = ("lists (5-item)",) + results[-1][1:]

    def json_base() -> int:
        n = 0
        for c in json_c:
            body = c.text.split("```json\n", 1)[1].rsplit("```", 1)[0].replace(",\n]", "\n]")
            n += len(json.loads(body))
        return n

    measure("json", Extractor(geo), [(json_prompt, c) for c in json_c], json_base)

    def rdf_base() -> int:
        header = "@prefix zz: <urn:zz#> .\n@prefix kgeo: <https://w3id.org/kgdistill/ontology/geography#> .\n"
        return sum(len(Graph().parse(data=header + c.text[10:-3], format="turtle")) for c in rdf_c)

    measure("rdf", Extractor(geo), [(rdf_prompt, c) for c in rdf_c], rdf_base)
    free = Extractor(geo)
    free.spacy.nlp  # noqa: B018 - load before timing
    measure("freetext", free, [(text_prompt, c) for c in text_c], lambda: sum(len(list(free.spacy.nlp(c.text).sents)) for c in text_c))

    print(f"{'extractor':<16}{'completions':>12}{'candidates':>12}{'compl/s':>10}{'cand/s':>10}{'bare parser':>14}")
    for name, n, cands, elapsed, base in results:
        ratio = elapsed / base if base > 0 else float("inf")
        print(f"{name:<16}{n:>12}{cands:>12}{n / elapsed:>10.0f}{cands / elapsed:>10.0f}{ratio:>11.1f}x slower")


if __name__ == "__main__":
    main()
