"""Reproducible performance measurements: a synthetic network generator and a side-by-side runner."""
