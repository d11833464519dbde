"""brandplan: a guided planning assistant for relationship-marketing brand strategies."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("brandplan")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
