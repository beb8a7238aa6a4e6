"""`python -m macros.build`: kept as the short name of `python -m macros.site.build`."""

import sys

from .site.build import main

if __name__ == "__main__":
    sys.exit(main())
