"""jobdesk: paste a job posting, get the clean posting, every removal explained."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jobdesk")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+local"
