"""Domain layer: read, extract, validate and load subdistrict budget-performance documents.

Never imports dagster; everything here is usable and testable on its own.
"""
