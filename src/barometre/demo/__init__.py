"""Demo data: a campaign whose waves hold synthetic answers, loaded into the database."""
