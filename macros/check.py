"""`python -m macros.check`: kept as the short name of `python -m macros.data.check`."""

import sys

from .data.check import main

if __name__ == "__main__":
    sys.exit(main())
