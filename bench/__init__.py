"""Benchmarks for Clinic CMS: `make bench` runs bench/run.py (see docs/benchmarks.md)."""
