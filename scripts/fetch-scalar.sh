#!/usr/bin/env bash
# Fetches the Scalar API reference bundle that openapi/docs embeds, so the docs page works offline.
#
# Downloads exactly @scalar/api-reference@$VERSION with `npm pack`, checks the tarball against the
# sha512 integrity recorded below (the one the npm registry publishes for that version), and writes
#   openapi/docs/assets/scalar-standalone.js.gz  (dist/browser/standalone.js, gzip -9 -n)
#   openapi/docs/assets/SCALAR-LICENSE           (the package's MIT license text)
# Both files are committed: building onespec needs no npm. Run this only to upgrade Scalar (change
# VERSION and INTEGRITY together). Re-running it with the same version rewrites identical bytes.
set -euo pipefail

VERSION=1.72.1
PACKAGE=@scalar/api-reference
# `npm view @scalar/api-reference@1.72.1 dist.integrity`
INTEGRITY='sha512-XpEJ0rfc/cXbCrR+iC4kK0o/WwX2dTtGQbT049OlPKAHD6IMIFdTeGz2r+M27P2EDWKyUITRm/NzlP8z2pw/Ow=='

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
assets="$root/openapi/docs/assets"

for tool in npm node tar gzip cmp; do
	command -v "$tool" >/dev/null || { echo "fetch-scalar: $tool not found" >&2; exit 1; }
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# npm pack downloads the tarball from the registry (npm itself checks it against the registry's
# integrity) and prints what it fetched as JSON.
(cd "$tmp" && npm pack --json --silent "$PACKAGE@$VERSION" >pack.json)
tarball="$tmp/$(node -e 'process.stdout.write(require(process.argv[1])[0].filename)' "$tmp/pack.json")"
reported="$(node -e 'process.stdout.write(require(process.argv[1])[0].integrity)' "$tmp/pack.json")"
# Our own hash of the bytes on disk, in npm's "sha512-<base64>" form.
actual="sha512-$(node -e '
	const h = require("crypto").createHash("sha512");
	h.update(require("fs").readFileSync(process.argv[1]));
	process.stdout.write(h.digest("base64"));' "$tarball")"

if [[ "$actual" != "$INTEGRITY" || "$reported" != "$INTEGRITY" ]]; then
	echo "fetch-scalar: integrity mismatch for $PACKAGE@$VERSION" >&2
	echo "  expected: $INTEGRITY" >&2
	echo "  npm pack: $reported" >&2
	echo "  tarball:  $actual" >&2
	exit 1
fi

tar -xzf "$tarball" -C "$tmp" package/package.json package/dist/browser/standalone.js
gzip -9 -n -c "$tmp/package/dist/browser/standalone.js" >"$tmp/scalar-standalone.js.gz"

license="$(node -e 'process.stdout.write(String(require(process.argv[1]).license))' "$tmp/package/package.json")"
if [[ "$license" != MIT ]]; then
	echo "fetch-scalar: $PACKAGE@$VERSION declares license '$license', not MIT: review before embedding" >&2
	exit 1
fi
# The package declares MIT in package.json, but its npm tarball ships no LICENSE file (1.72.1 has
# only package.json, README.md, CHANGELOG.md, esm.js and dist/). Use the tarball's LICENSE if a
# future version ships one; otherwise the text of LICENSE at the root of github.com/scalar/scalar,
# recorded here (this machine reaches only the npm registry).
{
	echo "$PACKAGE $VERSION (npm, $INTEGRITY)"
	echo "dist/browser/standalone.js, embedded by openapi/docs as assets/scalar-standalone.js.gz."
	echo "package.json: \"license\": \"$license\". Source: https://github.com/scalar/scalar"
	echo
	if tar -xzf "$tarball" -C "$tmp" package/LICENSE 2>/dev/null; then
		cat "$tmp/package/LICENSE"
	else
		cat <<'LICENSE'
MIT License

Copyright (c) 2023-present Scalar

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENSE
	fi
} >"$tmp/SCALAR-LICENSE"

mkdir -p "$assets"
# Replace a file only when its bytes changed, so re-runs leave mtimes (and git) alone.
install_if_changed() {
	if ! cmp -s "$1" "$2"; then
		cp "$1" "$2"
		echo "fetch-scalar: wrote ${2#"$root"/}"
	else
		echo "fetch-scalar: ${2#"$root"/} is up to date"
	fi
}
install_if_changed "$tmp/scalar-standalone.js.gz" "$assets/scalar-standalone.js.gz"
install_if_changed "$tmp/SCALAR-LICENSE" "$assets/SCALAR-LICENSE"

echo "fetch-scalar: $PACKAGE@$VERSION ($INTEGRITY)"
echo "fetch-scalar: standalone.js $(wc -c <"$tmp/package/dist/browser/standalone.js") bytes, gzipped $(wc -c <"$assets/scalar-standalone.js.gz") bytes"
