"""Exporters to property-graph and table formats (registered in :data:`kg.registry.exporters`):
a CSV edge list (:mod:`kg.exporters.edges`), Neo4j's bulk-import CSV (:mod:`kg.exporters.neo4j`), Parquet (:mod:`kg.exporters.parquet`),
and the column typing they and GraphML/GEXF share (:mod:`kg.exporters.columns`)."""
