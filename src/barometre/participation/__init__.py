"""Participation: response rates against the frame, non-respondents, reminders."""
