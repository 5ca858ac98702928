"""``python -m themisia_desktop`` and the ``themisia`` launcher start the GUI."""

import time

_T0 = time.perf_counter()  # first thing: --measure-startup counts from here

import sys  # noqa: E402


def main() -> int:
    from themisia_desktop.gui.app import run

    return run(sys.argv, t0=_T0)


if __name__ == "__main__":
    sys.exit(main())
