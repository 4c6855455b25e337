"""Scoring: clustering and pair metrics, and the demo corpus's gold evaluation."""
