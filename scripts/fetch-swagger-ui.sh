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

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
assets="$root/openapi/docs/assets"

for tool in npm node tar gzip cmp; do
	command -v "$tool" >/dev/null || { echo "fetch-swagger-ui: $tool not found" >&2; exit 1; }
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --json --silent "$PACKAGE@$VERSION" >pack.json)
tarball="$tmp/$(node -e 'process.stdout.write(require(process.argv[1])[0].filename)' "$tmp/pack.json")"
reported="$(node -e 'process.stdout.write(require(process.argv[1])[0].integrity)' "$tmp/pack.json")"
actual="sha512-$(node -e '
	const h = require("crypto").createHash("sha512");
	h.update(require("fs").readFileSync(process.argv[1]));
	process.stdout.write(h.digest("base64"));' "$tarball")"

if [[ "$actual" != "$INTEGRITY" || "$reported" != "$INTEGRITY" ]]; then
	echo "fetch-swagger-ui: integrity mismatch for $PACKAGE@$VERSION" >&2
	echo "  expected: $INTEGRITY" >&2
	echo "  npm pack: $reported" >&2
	echo "  tarball:  $actual" >&2
	exit 1
fi

tar -xzf "$tarball" -C "$tmp" package/package.json package/LICENSE package/NOTICE \
	package/swagger-ui-bundle.js package/swagger-ui-bundle.js.LICENSE.txt package/swagger-ui.css
license="$(node -e 'process.stdout.write(String(require(process.argv[1]).license))' "$tmp/package/package.json")"
if [[ "$license" != Apache-2.0 ]]; then
	echo "fetch-swagger-ui: $PACKAGE@$VERSION declares license '$license', not Apache-2.0: review before embedding" >&2
	exit 1
fi
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

mkdir -p "$assets"
install_if_changed() {
	if ! cmp -s "$1" "$2"; then
		cp "$1" "$2"
		echo "fetch-swagger-ui: wrote ${2#"$root"/}"
	else
		echo "fetch-swagger-ui: ${2#"$root"/} is up to date"
	fi
}
install_if_changed "$tmp/swagger-ui-bundle.js.gz" "$assets/swagger-ui-bundle.js.gz"
install_if_changed "$tmp/swagger-ui.css.gz" "$assets/swagger-ui.css.gz"
install_if_changed "$tmp/SWAGGER-UI-LICENSE" "$assets/SWAGGER-UI-LICENSE"
echo "fetch-swagger-ui: $PACKAGE@$VERSION ($INTEGRITY)"
