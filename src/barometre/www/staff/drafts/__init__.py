"""/equipe/brouillons/: questionnaire drafts — upload, compile report, preview with test
answers, specification, publication (operators only)."""
