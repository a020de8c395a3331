from __future__ import annotations

from tests.storage.conftest import cli

__all__ = ["cli"]  # `jobdesk library …` run in-process (the storage tests' fixture)
