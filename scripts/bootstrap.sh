#!/usr/bin/env bash
# Prepare a machine to run Themisia from this checkout: the Debian libraries Qt needs (when
# run as root on Debian/Ubuntu and they are missing), then a virtual environment in .venv with
# the application and its test tools. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt runtime: EGL/GL, fonts, D-Bus, and the xcb libraries its X11 platform plugin loads.
QT_DEBS="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core \
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1"
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  missing=""
  for p in $QT_DEBS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  # Debian's python3 makes virtual environments only with python3-venv (ensurepip).
  if [ ! -x .venv/bin/python ] && ! "${PYTHON:-python3}" -c "import ensurepip" >/dev/null 2>&1; then
    missing="$missing python3-venv"
  fi
  if [ -n "$missing" ]; then
    echo "Installation des bibliothèques système :$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
fi

PY=${PYTHON:-python3}
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
fi
