#!/usr/bin/env bash
# Installs the Debian packages Maillage needs when they are missing.
# Idempotent: does nothing (and needs no network) when everything is there.
set -euo pipefail

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# PostgreSQL server + contrib (unaccent, pg_trgm, cube, earthdistance) unless an external one is used.
if [ -z "${DATABASE_URL:-}" ]; then
  have_pkg postgresql || need+=(postgresql)
  have_pkg postgresql-contrib || need+=(postgresql-contrib)
fi
[ -n "${REDIS_URL:-}" ] || have_pkg redis-server || need+=(redis-server)
have_pkg gettext || need+=(gettext)
# WeasyPrint renders with pango; poppler-utils lets tests read the PDFs back.
have_pkg libpango-1.0-0 || need+=(libpango-1.0-0)
have_pkg libpangoft2-1.0-0 || need+=(libpangoft2-1.0-0)
have_pkg poppler-utils || need+=(poppler-utils)
# zbar-tools (zbarimg) lets tests decode the QR code of a rendered hall poster.
have_pkg zbar-tools || need+=(zbar-tools)
have_pkg fonts-dejavu-core || need+=(fonts-dejavu-core)
# Translated guides' PDFs: Noto's Arabic, Tamil… (core) and Chinese (CJK) glyphs.
have_pkg fonts-noto-core || need+=(fonts-noto-core)
have_pkg fonts-noto-cjk || need+=(fonts-noto-cjk)
# The validators (tests/browser/test_validators.py): vnu.jar runs on Java, pa11y on Node.js
# (npm installs both, see the Makefile's node_modules/.installed).
command -v java >/dev/null || need+=(default-jre-headless)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
# Browser tests drive Debian's Chromium (Playwright cannot download its own here).
if [ "${WITH_BROWSER:-1}" = "1" ]; then
  have_pkg chromium || need+=(chromium)
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "==> Installing Debian packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "Missing packages (${need[*]}) and not root: install them, then retry." >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
