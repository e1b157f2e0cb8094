#!/usr/bin/env bash
# Make sure the system libraries Qt (and the GL tests, and PDF checks) need are present.
# As root on Debian/Ubuntu: installs what is missing. Otherwise: prints the one apt-get line to run, and fails.
set -u
packages=("$@")
command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: not a Debian/Ubuntu system; make sure Qt's libraries, Xvfb and poppler-utils are installed"; exit 0; }
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null && exit 0
  echo "system-deps: apt-get failed" >&2
  exit 1
fi
echo "system-deps: missing system libraries; run:" >&2
echo "  sudo apt-get install -y ${missing[*]}" >&2
exit 1
