"""``python -m diplograph``: the same as the ``diplograph`` command."""

import sys

from .cli import main

sys.exit(main())
