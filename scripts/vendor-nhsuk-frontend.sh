#!/usr/bin/env bash
# Refresh the vendored NHS.UK frontend (compiled CSS, JS and assets) from the npm package.
# Usage: scripts/vendor-nhsuk-frontend.sh [VERSION]
# The version must match the nhsuk-frontend-jinja pin in pyproject.toml (see docs/adr/0002).
set -euo pipefail
VERSION="${1:-10.6.1}"
DEST="$(cd "$(dirname "$0")/.." && pwd)/lodestar/core/static/nhsuk"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack "nhsuk-frontend@${VERSION}" --silent >/dev/null && tar xzf "nhsuk-frontend-${VERSION}.tgz")
DIST="$WORK/package/dist/nhsuk"
rm -rf "$DEST"
mkdir -p "$DEST"
cp "$DIST/nhsuk-frontend.min.css" "$DEST/"
cp "$DIST/nhsuk-frontend.min.js" "$DEST/"
cp -r "$DIST/assets" "$DEST/assets"
# The stylesheet points at /assets/...: make those paths relative to the stylesheet,
# and drop source map comments (the maps are not vendored).
sed -i -e 's#url(/assets/#url(assets/#g' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$DEST/nhsuk-frontend.min.css"
sed -i -e 's#//\# sourceMappingURL=.*$##' "$DEST/nhsuk-frontend.min.js"
cp "$WORK/package/LICENSE"* "$DEST/" 2>/dev/null || true
echo "$VERSION" > "$DEST/VERSION"
echo "Vendored nhsuk-frontend ${VERSION} into ${DEST}"
