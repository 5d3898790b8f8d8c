"""The distillation run: prompts → teacher → extractors → validation → reasoner → critic → store.

>>> from kg.config import load_config
>>> from kg.pipeline import distill
>>> report = distill(load_config(None, {"domain": "ontologies/geography",
...                                     "teacher.spec": "replay:transcript.jsonl",
...                                     "store": "geo-store"}))   # doctest: +SKIP
>>> report.accepted                                                  # doctest: +SKIP

One call over swappable parts (:class:`Parts`): each part not given is resolved from the
configuration (``kg.ontology``, ``kg.teachers``, ``extractors``, ``kg.validate``,
``reasoners.conflicts``, ``reasoners.rules``, :mod:`kg.critic`).

One module per stage, read in the order a run goes:

- :mod:`kg.pipeline.parts`: the parts of a run, resolved from the configuration;
- :mod:`kg.pipeline.check`: validation, conflicts and the critic over a batch;
- :mod:`kg.pipeline.write`: a batch and its inferences written in one transaction;
- :mod:`kg.pipeline.runs`: the run's report and its records in the provenance graph;
- :mod:`kg.pipeline.teach`: one batch of prompts asked of the teacher, and a run's end;
- :mod:`kg.pipeline.driver`: :func:`distill` (the grid); :mod:`kg.pipeline.rounds`: prompts
  chosen round by round within a budget;
- :mod:`kg.pipeline.students`: the students' round;
- :mod:`kg.pipeline.units` and :mod:`kg.pipeline.ingestion`: :func:`ingest` of outputs someone
  already has.

Batches and resume
------------------
The run's prompts are fixed when the run starts and saved on its ``kg:Run`` node (the run's IRI
is a hash of its configuration and seeds, so the same command names the same run). They are cut
into batches of ``run.batch_size`` prompts. Each batch is one transaction: its verdicts, its
unreadable outputs and a ``kg:Batch`` node (``run kg:batchDone batch``, with the batch's
counts; ``kg:batchUnfinished`` when some of its prompts failed, which a rerun asks again)
go into the store in one ``add_nquads`` call (journaled, see :mod:`kg.store`). After a crash the store holds whole batches
only; rerunning the same command skips the finished batches without asking the teacher, and
the teacher's SQLite cache answers what the interrupted batch had already been told.

Inference (``reasoners.rules.Materializer.derive``) runs before each batch's write, and its
result goes into the same ``add_nquads`` call, with ``kg:inferredCount`` on the batch node. The
store keeps ``accepted`` and ``inferred`` apart in that write (:func:`kg.store.base.keep_apart`):
asserted triples of the batch that were inferred leave ``inferred``, and an inferred triple that
``accepted`` holds by then (another writer's batch) is not added. A batch found finished but not
marked on resume (a store written before this) makes the run rebuild the ``inferred`` graph once
(it is derived data).
"""

from __future__ import annotations

from kg.pipeline.check import make_check
from kg.pipeline.driver import BatchRequests, DistillPlan, distill, plan_distill, write_batch_requests
from kg.pipeline.ingestion import ingest
from kg.pipeline.parts import Parts, ProgressSink, load_domain, resolve_parts, teacher_cache_path
from kg.pipeline.runs import FUNNEL, RunReport, run_history
from kg.pipeline.students import run_student
from kg.pipeline.units import read_units

__all__ = [
    "FUNNEL",
    "Parts",
    "ProgressSink",
    "RunReport",
    "distill",
    "write_batch_requests",
    "BatchRequests",
    "plan_distill",
    "DistillPlan",
    "ingest",
    "load_domain",
    "make_check",
    "read_units",
    "resolve_parts",
    "run_history",
    "run_student",
    "teacher_cache_path",
]
