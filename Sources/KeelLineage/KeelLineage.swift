// Stage 2: lineage. Loaders and the graph live here.
