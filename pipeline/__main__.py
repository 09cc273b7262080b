"""``python -m pipeline``: the same commands as the ``news-records`` script."""

import sys

from pipeline.cli import main

sys.exit(main())
