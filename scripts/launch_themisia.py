"""Entry script of the packaged GUI (PyInstaller needs a file; the code is in the package)."""

import sys

from themisia_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
