#!/bin/sh
# Remove KeiDesigner: exactly what install.sh put there, as listed in its install-manifest.txt.
#
#   uninstall.sh             the installation this user would get from install.sh (root: /opt/keidesigner)
#   uninstall.sh --user      the per-user installation, even as root
#   uninstall.sh --manifest FILE
set -eu

mode=auto
manifest=""
while [ $# -gt 0 ]; do
  case "$1" in
    --user) mode=user ;;
    --system) mode=system ;;
    --manifest) [ $# -ge 2 ] || { echo "uninstall.sh: --manifest needs a FILE" >&2; exit 2; }; manifest=$2; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--user|--system|--manifest FILE]" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "$manifest" ]; then
  here=$(cd "$(dirname "$0")" && pwd)
  if [ "$mode" = auto ] && [ -f "$here/install-manifest.txt" ]; then
    manifest="$here/install-manifest.txt"   # run from the installed folder
  else
    [ "$mode" = auto ] && { [ "$(id -u)" -eq 0 ] && mode=system || mode=user; }
    if [ "$mode" = system ]; then manifest=/opt/keidesigner/install-manifest.txt
    else manifest="$HOME/.local/lib/keidesigner/install-manifest.txt"; fi
  fi
fi
[ -f "$manifest" ] || { echo "uninstall.sh: no KeiDesigner installation found ($manifest is missing)" >&2; exit 1; }

# read the whole manifest before removing anything: it lives inside the folder that goes last
lines=$(grep -v '^#' "$manifest" | sed '1!G;h;$!d')   # last line first
printf '%s\n' "$lines" | while IFS= read -r line; do
  [ -n "$line" ] || continue
  kind=${line%% *}
  path=${line#* }
  case "$kind" in
    f|l) rm -f "$path" ;;
    d)
      case "$path" in
        */keidesigner) [ -f "$path/install-manifest.txt" ] && rm -rf "$path" ;;   # the program folder
        */mime)  # created by install.sh: once our type is gone it holds only update-mime-database's output
          if [ ! -d "$path/packages" ] || [ -z "$(ls -A "$path/packages")" ]; then rm -rf "$path"; fi ;;
        */applications)  # likewise update-desktop-database's cache
          if [ "$(ls -A "$path" 2>/dev/null)" = "mimeinfo.cache" ]; then rm -f "$path/mimeinfo.cache"; fi ;;
      esac
      [ -d "$path" ] && rmdir "$path" 2>/dev/null || true ;;
  esac
done

# refresh the caches of the folders that stay
printf '%s\n' "$lines" | sed -n 's|^f \(.*\)/mime/packages/keidesigner.xml$|\1/mime|p' | while IFS= read -r dir; do
  if [ -d "$dir/packages" ] && command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$dir" >/dev/null 2>&1 || true
  fi
done
printf '%s\n' "$lines" | sed -n 's|^f \(.*\)/keidesigner.desktop$|\1|p' | while IFS= read -r dir; do
  if [ -d "$dir" ] && command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$dir" 2>/dev/null || true
  fi
done
echo "KeiDesigner removed"
