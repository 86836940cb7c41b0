#!/usr/bin/env bash
# Install everything Pamphleteer needs on a fresh Debian machine:
# system packages (Pango for WeasyPrint, fonts, poppler, qpdf, ghostscript,
# epubcheck and headless chromium for the tests of the EPUB and the website)
# and a virtual environment with the Python packages.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-sil-charis fonts-paratype
poppler-utils qpdf ghostscript epubcheck chromium"

missing=""
for p in $DEBS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing system packages:$missing"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
fi

PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
touch .venv/.installed
