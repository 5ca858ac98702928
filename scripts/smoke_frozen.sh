#!/usr/bin/env bash
# Release check of the PyInstaller bundle (built by `pyinstaller --noconfirm --clean build.spec`):
# with a throwaway THEMISIA_HOME and database, and from a folder outside the checkout,
#   1. themisia-admin creates the demonstration firm (its migrations come from the bundle;
#      SMOKE_FIRM=init: an empty firm made by `init` instead),
#   2. themisia logs in with a demo account, opens the main window offscreen, waits for the
#      first paint and must print "smoke-test: main window painted" and exit 0.
# Usage: scripts/smoke_frozen.sh [DIST_DIR]        (default dist/themisia)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dist=$(cd "${1:-$root/dist/themisia}" && pwd)
admin="$dist/themisia-admin"
gui="$dist/themisia"
for exe in "$admin" "$gui"; do
  [ -x "$exe" ] || { echo "smoke: $exe introuvable (lancez d'abord pyinstaller build.spec)" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/themisia-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"  # nothing may come from the checkout
export THEMISIA_HOME="$tmp/home"
db="sqlite:///$tmp/smoke.sqlite3"
contacts=${SMOKE_CONTACTS:-200}

step() { printf '\n== %s\n' "$*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

step "bundle: $dist ($(du -sh "$dist" | cut -f1))"
# keyring finds its backends through entry points: the metadata must be in the bundle.
ls "$dist"/_internal/keyring-*.dist-info/entry_points.txt >/dev/null \
  || { echo "smoke: keyring's metadata is missing from the bundle" >&2; exit 1; }

step "themisia-admin --version"
"$admin" --version

t0=$(now)
login="" password=""
if [ "${SMOKE_FIRM:-demo}" = init ]; then
  # SMOKE_FIRM=init: an empty firm made by `init` (when the demo generator is not the subject).
  step "themisia-admin init"
  login=admin password="Smoke-Test-2026!"
  printf '%s\n' "$password" | "$admin" --db "$db" init --firm "Cabinet Smoke" --city Lyon \
    --admin-login "$login" --admin-first-name Hélène --admin-last-name Lefèvre \
    --admin-category partner --password-stdin
else
  step "themisia-admin demo --contacts $contacts --seed 1"
  if ! "$admin" --db "$db" demo --contacts "$contacts" --seed 1 >"$tmp/demo.out" 2>"$tmp/demo.err"; then
    cat "$tmp/demo.out" "$tmp/demo.err" >&2
    echo "smoke: the demo command failed (SMOKE_FIRM=init checks the GUI on an empty firm)" >&2
    exit 1
  fi
  cat "$tmp/demo.out"
  # The first account listed under "Comptes de démonstration (identifiant / mot de passe)".
  read -r login password _ < <(awk '/^Comptes de d/ { on = 1; next } on && NF >= 2 { print; exit }' "$tmp/demo.out") || true
  if [ -z "$login" ] || [ -z "$password" ]; then
    # The accounts were not printed in the expected form: give the first user a known
    # password through the CLI rather than guessing.
    login=$("$admin" --db "$db" users list --json | sed -n 's/.*"login": "\([^"]*\)".*/\1/p' | head -n1)
    password="Smoke-Test-2026!"
    printf '%s\n' "$password" | "$admin" --db "$db" users reset-password "$login" --password-stdin
  fi
fi
echo "($(elapsed "$t0"))"
echo "compte utilisé : $login"

step "themisia-admin db status"
"$admin" --db "$db" db status

step "themisia --smoke-test (offscreen)"
t0=$(now)
set +e
QT_QPA_PLATFORM=offscreen THEMISIA_SMOKE_LOGIN="$login" THEMISIA_SMOKE_PASSWORD="$password" \
  timeout 180 "$gui" --db "$db" --smoke-test >"$tmp/gui.out" 2>"$tmp/gui.err"
rc=$?
set -e
cat "$tmp/gui.out"
if [ "$rc" -ne 0 ] || ! grep -qx "smoke-test: main window painted" "$tmp/gui.out"; then
  echo "--- stderr ---" >&2
  tail -n 60 "$tmp/gui.err" >&2
  echo "smoke: the GUI smoke test failed (exit $rc)" >&2
  exit 1
fi
echo "($(elapsed "$t0"))"
step "smoke test passed"
