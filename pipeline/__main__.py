"""Command line: `python -m pipeline extract|sql|summary ...`."""

from pipeline.cli import main

raise SystemExit(main())
