// Stage 3: planning and lint.
