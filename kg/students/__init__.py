"""Students distilled from the graph: a link predictor (linkpred) and a generator.

Submodules are imported on use; importing this package loads no model code."""
