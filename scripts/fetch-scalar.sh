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

NAME=fetch-scalar
# shellcheck source=npm-asset.sh
source "$(dirname "${BASH_SOURCE[0]}")/npm-asset.sh"
pack_verified

tar -xzf "$tarball" -C "$tmp" package/package.json package/dist/browser/standalone.js
gzip -9 -n -c "$tmp/package/dist/browser/standalone.js" >"$tmp/scalar-standalone.js.gz"

check_license MIT
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

install_if_changed "$tmp/scalar-standalone.js.gz" "$assets/scalar-standalone.js.gz"
install_if_changed "$tmp/SCALAR-LICENSE" "$assets/SCALAR-LICENSE"

echo "fetch-scalar: $PACKAGE@$VERSION ($INTEGRITY)"
echo "fetch-scalar: standalone.js $(wc -c <"$tmp/package/dist/browser/standalone.js") bytes, gzipped $(wc -c <"$assets/scalar-standalone.js.gz") bytes"
