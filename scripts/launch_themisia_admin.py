"""Entry script of the packaged ``themisia-admin`` (PyInstaller needs a file)."""

import sys

from themisia_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
