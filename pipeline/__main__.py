"""Command line: `python -m pipeline extract|sql|shell|summary ...`."""

from pipeline.cli import main

raise SystemExit(main())
