"""`python -m paws_compat`: the `paws-compat` command line."""

import sys

from paws_compat.cli import main

sys.exit(main())
