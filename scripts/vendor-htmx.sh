#!/usr/bin/env bash
# Refresh the vendored HTMX (progressive enhancement on workshop pages) from the npm package htmx.org.
# Usage: scripts/vendor-htmx.sh [VERSION]
# Pages include it with {% block extra_head %} only where they use it; every journey works without it.
set -euo pipefail
VERSION="${1:-2.0.4}"
DEST="$(cd "$(dirname "$0")/.." && pwd)/lodestar/core/static/vendor/htmx"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack "htmx.org@${VERSION}" --silent >/dev/null && tar xzf "htmx.org-${VERSION}.tgz")
rm -rf "$DEST"
mkdir -p "$DEST"
cp "$WORK/package/dist/htmx.min.js" "$DEST/"
sed -i -e 's#//\# sourceMappingURL=.*$##' "$DEST/htmx.min.js"
cp "$WORK/package/LICENSE" "$DEST/" 2>/dev/null || true
echo "$VERSION" > "$DEST/VERSION"
echo "Vendored htmx.org ${VERSION} into ${DEST}"
