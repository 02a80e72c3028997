"""Publication of a wave: open data (CSV, Parquet, Frictionless package, codebook) and
the methodology note."""
