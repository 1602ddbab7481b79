"""Checking entries: per-file rules, rules across files, editorial rules, and the run that collects them."""
