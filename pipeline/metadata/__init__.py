"""The registry: every table, view column, figure, reconciliation pair and metric, declared
once (tables.py, views.py, figures.py); schemas, SQL and docs are generated from it."""
