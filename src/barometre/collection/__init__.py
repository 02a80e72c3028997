"""Respondents of each authority, invitations, responses and answers; flows.py holds every write."""
