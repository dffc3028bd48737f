#!/usr/bin/env bash
# Installs the Debian packages the portal needs when they are missing:
# Pango, HarfBuzz subsetting and fonts with Cyrillic for WeasyPrint; the PostgreSQL client tools; with --with-browser also Chromium
# for the Playwright tests (Playwright cannot download its own browser here).
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation)
if [[ "${1:-}" == "--with-browser" ]]; then
  packages+=(chromium)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# pg_dump/pg_restore for make backup/restore on PostgreSQL (any postgresql-client-NN will do)
command -v pg_dump >/dev/null 2>&1 && command -v pg_restore >/dev/null 2>&1 || missing+=(postgresql-client)
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
