"""The ``jobdesk`` command line (no Qt).

* :mod:`.main` — the parser and :func:`run`;
* :mod:`.clean` — ``jobdesk clean`` and ``jobdesk rules`` (and :func:`result_json`, the
  ``clean --format json`` record);
* :mod:`.library` — ``jobdesk library …``;
* :mod:`.errors` — :class:`CliError` and the exit statuses.

The CLI sits at the top of the layers: it may import ``core``, ``storage`` and
:mod:`jobdesk.paths`; nothing below imports it (``tests/test_imports.py``).
"""

# The patterns the core's modules compile as they are imported come made from the
# cache (lazyre.prime), if the modules are not imported yet.
from jobdesk.core import lazyre, rulecache

lazyre.prime(rulecache.read_patterns())

from jobdesk.cli.clean import result_json  # noqa: E402
from jobdesk.cli.errors import EXIT_INPUT, EXIT_USAGE, CliError  # noqa: E402
from jobdesk.cli.main import build_parser, run  # noqa: E402

__all__ = ["EXIT_INPUT", "EXIT_USAGE", "CliError", "build_parser", "result_json", "run"]
