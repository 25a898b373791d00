#!/usr/bin/env bash
# A .deb an office installs without Rust (`sudo apt install ./gongkai_…_amd64.deb`): the
# binary, its manual page (made from the command-line definitions by `gongkai manpage`) and
# the default theme, for a site to copy and change. Made with dpkg-deb, which every Debian
# and Ubuntu machine has; no packaging tool to install.
#
# usage: bash packaging/deb.sh BINARY OUT_DIR     (prints the .deb's path)
set -euo pipefail
binary=$(realpath "$1")
out=$(mkdir -p "$2" && realpath "$2")
repo=$(cd "$(dirname "$0")/.." && pwd)
version=$("$binary" --version | awk '{print $2}')
arch=$(dpkg --print-architecture)
stage=$(mktemp -d)
chmod 755 "$stage"
trap 'rm -rf "$stage"' EXIT

install -D -m 755 "$binary" "$stage/usr/bin/gongkai"
if command -v strip >/dev/null; then strip "$stage/usr/bin/gongkai"; fi
mkdir -p "$stage/usr/share/man/man1" "$stage/usr/share/gongkai/themes" "$stage/usr/share/doc/gongkai"
"$binary" manpage | gzip -9n > "$stage/usr/share/man/man1/gongkai.1.gz"
cp -r "$repo/themes/default" "$stage/usr/share/gongkai/themes/default"
install -m 644 "$repo/README.md" "$stage/usr/share/doc/gongkai/README.md"
chmod -R u=rwX,go=rX "$stage/usr"

mkdir -p "$stage/DEBIAN"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: gongkai
Version: $version
Architecture: $arch
Maintainer: gongkai <gongkai@example.cn>
Depends: libc6 (>= 2.34)
Recommends: git
Section: web
Priority: optional
Installed-Size: $(du -sk "$stage/usr" | cut -f1)
Homepage: https://example.cn/gongkai
Description: 政府信息公开目录静态站点生成器
 gongkai builds a government information-disclosure catalogue (政府信息公开目录)
 from Markdown documents kept in git: column pages, search, stale-column
 warnings, and a guard that never publishes a withheld document.
CONTROL

deb="$out/gongkai_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
