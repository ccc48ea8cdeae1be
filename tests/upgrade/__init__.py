"""Helpers for tests/test_upgrade.py, run in subprocesses by the old and new code.

They are put on ``PYTHONPATH`` as top-level modules (this directory, not the
repository root), so the previous release's code tree can import them
without seeing the new code.
"""
