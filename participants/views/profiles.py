"""Mentor digital profile, training records, portfolio; mentee requests;
status moves of mentors and mentees (seed 000 §3.2, §4.1–4.2; seed 002)."""

urlpatterns = []
