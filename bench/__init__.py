"""Benchmarks for Clinic CMS: `make bench` runs bench/run.py (docs/benchmarks.md)."""
