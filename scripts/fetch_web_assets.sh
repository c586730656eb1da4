#!/usr/bin/env bash
# Vendor the web app's front-end assets from the npm registry (exact versions), once, at setup.
# Copies only the files the app serves into src/conflictlens/web/static/vendor/ (git-ignored).
# Nothing is fetched from a CDN at run time.  Re-run after changing a version below.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=src/conflictlens/web/static/vendor
PKGS=(leaflet@1.9.4 leaflet.markercluster@1.5.3 world-atlas@2.0.2 topojson-client@3.1.0 swagger-ui-dist@5.35.0)
if [ -f "$DEST/.stamp" ] && [ "$(cat "$DEST/.stamp")" = "${PKGS[*]}" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "npm is needed to vendor the web assets (apt-get install npm)" >&2; exit 1; }
BUILD=$(mktemp -d)
trap 'rm -rf "$BUILD"' EXIT
( cd "$BUILD" && npm init -y >/dev/null && npm install --no-audit --no-fund --ignore-scripts --save-exact "${PKGS[@]}" >/dev/null )
NM="$BUILD/node_modules"
rm -rf "$DEST"
mkdir -p "$DEST"/leaflet "$DEST"/markercluster "$DEST"/world-atlas "$DEST"/topojson "$DEST"/swagger-ui
cp "$NM"/leaflet/dist/leaflet.js "$NM"/leaflet/dist/leaflet.css "$NM"/leaflet/LICENSE "$DEST"/leaflet/
cp -r "$NM"/leaflet/dist/images "$DEST"/leaflet/images
cp "$NM"/leaflet.markercluster/dist/leaflet.markercluster.js "$NM"/leaflet.markercluster/dist/MarkerCluster.css \
   "$NM"/leaflet.markercluster/dist/MarkerCluster.Default.css "$NM"/leaflet.markercluster/MIT-LICENCE.txt "$DEST"/markercluster/
cp "$NM"/world-atlas/countries-50m.json "$NM"/world-atlas/countries-110m.json "$NM"/world-atlas/LICENSE "$DEST"/world-atlas/
cp "$NM"/topojson-client/dist/topojson-client.min.js "$NM"/topojson-client/LICENSE "$DEST"/topojson/
cp "$NM"/swagger-ui-dist/swagger-ui-bundle.js "$NM"/swagger-ui-dist/swagger-ui.css "$NM"/swagger-ui-dist/LICENSE "$DEST"/swagger-ui/
echo "${PKGS[*]}" > "$DEST/.stamp"
echo "vendored ${PKGS[*]} into $DEST"
