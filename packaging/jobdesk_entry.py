"""The frozen app's entry point: the same ``main`` as the ``jobdesk`` console script.

``jobdesk clean …``, ``jobdesk library …`` and ``jobdesk rules …`` run the CLI;
anything else opens the window (with the files given).
"""

import sys

from jobdesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
