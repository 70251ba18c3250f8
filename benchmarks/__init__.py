"""Benchmarks: time to a verdict with greenlight, against plain pytest and plain Playwright.

    $ make bench          # or: .venv/bin/python -m benchmarks [--only B1,B4] [--repeat 3]

Each benchmark generates its projects in a temporary folder, runs the commands it
compares alternately in fresh processes, and reports medians and ratios; the last
full run's table is kept in ``benchmarks/RESULTS.md``.
"""
