"""kg: symbolic knowledge distillation of language models into checked knowledge graphs.

The records that flow between stages live in :mod:`kg.records`; the store in :mod:`kg.store`;
the Python entry point is :class:`kg.api.KnowledgeGraph`.
"""

__version__ = "0.1.0"
