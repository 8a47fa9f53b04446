"""``python -m lawthemes.cli``: the same as the ``lawthemes`` command."""

import sys

from . import main

sys.exit(main())
