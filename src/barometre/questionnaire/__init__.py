"""Questionnaires as data: authoring, compilation, skip logic, answer validation (pure)."""
