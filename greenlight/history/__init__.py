"""Delivery metrics from the release and watch records: ``greenlight history --env prod``."""
