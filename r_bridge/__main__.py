"""`python -m r_bridge script.R`: the same as `python -m r_bridge.run script.R`."""

import sys

from r_bridge.run import main

sys.exit(main())
