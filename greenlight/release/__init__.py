"""Releasing a version with a strategy, each step gated by the smoke suite.

``greenlight release`` (:mod:`greenlight.release.cli`) and ``greenlight serve``
(:mod:`greenlight.release.serve`) are the entry points; see docs/release.md.
"""
