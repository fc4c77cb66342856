#!/usr/bin/env bash
# Refresh the Leaflet build the console serves, from the npm registry (run by hand on upgrade).
set -euo pipefail
version="${1:-1.9.4}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/src/valvo/web/ui/static/vendor/leaflet"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "leaflet@$version" --silent >/dev/null && tar xzf "leaflet-$version.tgz")
mkdir -p "$dest/images"
cp "$tmp/package/dist/leaflet.js" "$tmp/package/dist/leaflet.css" "$tmp/package/LICENSE" "$dest/"
cp "$tmp/package/dist/images/"*.png "$dest/images/"
echo "leaflet $version" > "$dest/VERSION"
