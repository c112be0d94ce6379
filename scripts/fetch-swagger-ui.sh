#!/usr/bin/env bash
# Fetches the Swagger UI assets that openapi/docs embeds, so /swagger works offline.
#
# Downloads exactly swagger-ui-dist@$VERSION with `npm pack`, checks the tarball against the
# sha512 integrity recorded below (the one the npm registry publishes for that version), and writes
#   openapi/docs/assets/swagger-ui-bundle.js.gz  (swagger-ui-bundle.js, gzip -9 -n)
#   openapi/docs/assets/swagger-ui.css.gz        (swagger-ui.css, gzip -9 -n)
#   openapi/docs/assets/SWAGGER-UI-LICENSE       (the package's LICENSE, NOTICE and the bundle's
#                                                  third-party notices)
# All are committed: building onespec needs no npm. Run this only to upgrade Swagger UI (change
# VERSION and INTEGRITY together). Re-running it with the same version rewrites identical bytes.
set -euo pipefail

VERSION=5.36.0
PACKAGE=swagger-ui-dist
# `npm view swagger-ui-dist@5.36.0 dist.integrity`
INTEGRITY='sha512-Lt6/Kb0gXmLdiabLhvso4VdJP9V7qJWB0zh0gzeXUV3+CMOTzMmvpJRSXN7EAjfwixwmoi9ezDbLHiexC7lA9A=='

NAME=fetch-swagger-ui
# shellcheck source=npm-asset.sh
source "$(dirname "${BASH_SOURCE[0]}")/npm-asset.sh"
pack_verified

tar -xzf "$tarball" -C "$tmp" package/package.json package/LICENSE package/NOTICE \
	package/swagger-ui-bundle.js package/swagger-ui-bundle.js.LICENSE.txt package/swagger-ui.css
check_license Apache-2.0
# The bundle ends with a sourceMappingURL comment naming a .map file that is not embedded; cut it
# so that browsers' developer tools do not ask the server for it.
sed -i '/^\/\/# sourceMappingURL=/d' "$tmp/package/swagger-ui-bundle.js"
sed -i 's#/\*\# sourceMappingURL=[^*]*\*/##' "$tmp/package/swagger-ui.css"
gzip -9 -n -c "$tmp/package/swagger-ui-bundle.js" >"$tmp/swagger-ui-bundle.js.gz"
gzip -9 -n -c "$tmp/package/swagger-ui.css" >"$tmp/swagger-ui.css.gz"
{
	echo "$PACKAGE $VERSION (npm, $INTEGRITY)"
	echo "swagger-ui-bundle.js and swagger-ui.css, embedded by openapi/docs as assets/*.gz."
	echo "package.json: \"license\": \"$license\". Source: https://github.com/swagger-api/swagger-ui"
	echo
	echo "== NOTICE =="
	cat "$tmp/package/NOTICE"
	echo
	echo "== LICENSE =="
	cat "$tmp/package/LICENSE"
	echo
	echo "== swagger-ui-bundle.js.LICENSE.txt (third-party code in the bundle) =="
	cat "$tmp/package/swagger-ui-bundle.js.LICENSE.txt"
} >"$tmp/SWAGGER-UI-LICENSE"

install_if_changed "$tmp/swagger-ui-bundle.js.gz" "$assets/swagger-ui-bundle.js.gz"
install_if_changed "$tmp/swagger-ui.css.gz" "$assets/swagger-ui.css.gz"
install_if_changed "$tmp/SWAGGER-UI-LICENSE" "$assets/SWAGGER-UI-LICENSE"
echo "fetch-swagger-ui: $PACKAGE@$VERSION ($INTEGRITY)"
