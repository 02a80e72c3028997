"""The public dashboard: published waves read through results.queries and query.py, their
theme pages, maps, changes, participation, weighting, infographic and open-data pages."""
