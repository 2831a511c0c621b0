"""Command line: `python -m pipeline extract|sql|shell|export|summary ...`."""

from pipeline.cli import main

raise SystemExit(main())
