"""Survey statistics in the style of R's ``survey`` package (pure: numpy, polars)."""
