"""Campaigns and waves, and the questionnaire versions they use (immutable once published)."""
