"""Dagster layer: thin assets, checks, resources, schedule and sensor over `pipeline`."""
