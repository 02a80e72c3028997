"""Background jobs: what an operator started, how far it got, and how it ended."""
