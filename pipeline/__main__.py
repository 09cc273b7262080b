"""``python -m pipeline``: the same commands as the ``news-records`` script."""

import sys

from pipeline.cli import main

if __name__ == "__main__":  # worker processes import this module again, and must not run it
    sys.exit(main())
