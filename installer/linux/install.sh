#!/bin/sh
# Install KeiDesigner from this extracted bundle folder.
#
#   ./install.sh           as a user: ~/.local/lib/keidesigner, ~/.local/bin/keidesigner, ~/.local/share/...
#                          as root:   /opt/keidesigner, /usr/local/bin/keidesigner, /usr/share/...
#   ./install.sh --user    a per-user install even as root
#
# Registers the desktop entry, the icon and the .kei file type (application/x-keidesigner). Every file and folder it
# creates is listed in <install folder>/install-manifest.txt, which uninstall.sh removes again, and nothing else.
set -eu

usage() { echo "usage: $0 [--user|--system]" >&2; exit 2; }
mode=auto
case "${1:-}" in
  "") ;;
  --user) mode=user ;;
  --system) mode=system ;;
  -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
  *) usage ;;
esac
[ "$mode" = auto ] && { [ "$(id -u)" -eq 0 ] && mode=system || mode=user; }

SRC=$(cd "$(dirname "$0")" && pwd)
[ -x "$SRC/keidesigner" ] && [ -d "$SRC/share" ] || { echo "install.sh: run it from the extracted KeiDesigner folder" >&2; exit 1; }

if [ "$mode" = system ]; then
  [ "$(id -u)" -eq 0 ] || { echo "install.sh: --system needs root (sudo $0 --system)" >&2; exit 1; }
  APP=/opt/keidesigner
  BIN=/usr/local/bin
  SHARE=/usr/share
else
  [ -n "${HOME:-}" ] || { echo "install.sh: HOME is not set" >&2; exit 1; }
  APP="$HOME/.local/lib/keidesigner"
  BIN="$HOME/.local/bin"
  SHARE="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
MANIFEST="$APP/install-manifest.txt"

# a previous installation: remove it first (its own uninstall.sh knows what it put where)
if [ -f "$MANIFEST" ]; then
  echo "install.sh: replacing the KeiDesigner installed in $APP"
  sh "$APP/uninstall.sh" --manifest "$MANIFEST" >/dev/null
fi
if [ -e "$APP" ]; then
  echo "install.sh: $APP exists and is not a KeiDesigner installation; move it away first" >&2
  exit 1
fi
[ -e "$BIN/keidesigner" ] || [ -L "$BIN/keidesigner" ] && { echo "install.sh: $BIN/keidesigner exists; remove it first" >&2; exit 1; }

# manifest lines, in creation order: "d PATH" (folder created), "f PATH" (file), "l PATH" (symlink); written even
# when the installation stops half-way, so that uninstall.sh can clean up
entries=$(mktemp)
finish() {
  status=$?
  if [ -d "$APP" ]; then
    { echo "# KeiDesigner $mode install: removed by uninstall.sh, last line first"; cat "$entries"; } > "$MANIFEST"
  fi
  rm -f "$entries"
  [ $status -eq 0 ] || echo "install.sh: failed; $APP/uninstall.sh removes what was installed" >&2
}
trap finish EXIT
record() { printf '%s %s\n' "$1" "$2" >> "$entries"; }
make_dir() {  # create a folder and every missing parent, recording the ones created
  [ -d "$1" ] && return 0
  make_dir "$(dirname "$1")"
  mkdir "$1"
  record d "$1"
}
put() {  # put FILE DEST [MODE]
  make_dir "$(dirname "$2")"
  cp "$1" "$2"
  chmod "${3:-644}" "$2"
  record f "$2"
}

# the program: the whole bundle folder
make_dir "$(dirname "$APP")"
cp -R "$SRC" "$APP"
record d "$APP"
chmod -R u+rwX,go+rX,go-w "$APP"

# the command
make_dir "$BIN"
ln -s "$APP/keidesigner" "$BIN/keidesigner"
record l "$BIN/keidesigner"

# desktop entry, with the absolute path of the program (a launcher does not read ~/.profile's PATH)
make_dir "$SHARE/applications"
exec_path=$(printf '%s' "$APP/keidesigner" | sed 's/[\\"`$]/\\&/g')
sed "s|^Exec=.*|Exec=\"$exec_path\" %f|" "$SRC/share/keidesigner.desktop" > "$SHARE/applications/keidesigner.desktop"
chmod 644 "$SHARE/applications/keidesigner.desktop"
record f "$SHARE/applications/keidesigner.desktop"

# the .kei file type, and the icons (the application's, also used for its documents)
put "$SRC/share/keidesigner-mime.xml" "$SHARE/mime/packages/keidesigner.xml"
put "$SRC/share/icons/keidesigner.svg" "$SHARE/icons/hicolor/scalable/apps/keidesigner.svg"
put "$SRC/share/icons/keidesigner-256.png" "$SHARE/icons/hicolor/256x256/apps/keidesigner.png"
put "$SRC/share/icons/keidesigner-48.png" "$SHARE/icons/hicolor/48x48/apps/keidesigner.png"

# refresh the desktop's caches when the tools are there (they are optional)
command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$SHARE/mime" >/dev/null 2>&1 || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
if [ -f "$SHARE/icons/hicolor/index.theme" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" 2>/dev/null || true
fi

echo "KeiDesigner installed in $APP"
echo "  command:  $BIN/keidesigner"
echo "  menu:     $SHARE/applications/keidesigner.desktop (opens .kei files)"
echo "  remove:   $APP/uninstall.sh"
case ":${PATH:-}:" in *":$BIN:"*) ;; *) echo "  note: $BIN is not on your PATH" ;; esac
