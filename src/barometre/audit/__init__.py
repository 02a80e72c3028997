"""Audit log: who did what, when (logins, submissions, imports, exports, wave transitions)."""
