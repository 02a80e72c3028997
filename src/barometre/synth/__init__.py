"""Synthetic respondents drawn from the frame, deterministic by seed (pure)."""
