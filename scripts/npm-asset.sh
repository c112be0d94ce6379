# Shared by the scripts that fetch the docs' embedded front-end assets (fetch-scalar.sh,
# fetch-swagger-ui.sh): source it after setting NAME (for messages), PACKAGE, VERSION and
# INTEGRITY (`npm view $PACKAGE@$VERSION dist.integrity`). It checks the tools, makes $tmp
# (removed on exit) and defines:
#   pack_verified  downloads exactly $PACKAGE@$VERSION with `npm pack` into $tmp, checks it
#                  against INTEGRITY (npm's report and our own hash of the bytes) and sets $tarball
#   check_license  fails unless the unpacked package.json ($tmp/package) declares license $1;
#                  sets $license
#   install_if_changed SRC DST  replaces DST only when its bytes changed, so re-runs leave mtimes
#                  (and git) alone
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
assets="$root/openapi/docs/assets"

for tool in npm node tar gzip cmp; do
	command -v "$tool" >/dev/null || { echo "$NAME: $tool not found" >&2; exit 1; }
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

pack_verified() {
	# npm pack downloads the tarball from the registry (npm itself checks it against the
	# registry's integrity) and prints what it fetched as JSON.
	(cd "$tmp" && npm pack --json --silent "$PACKAGE@$VERSION" >pack.json)
	tarball="$tmp/$(node -e 'process.stdout.write(require(process.argv[1])[0].filename)' "$tmp/pack.json")"
	local reported actual
	reported="$(node -e 'process.stdout.write(require(process.argv[1])[0].integrity)' "$tmp/pack.json")"
	# Our own hash of the bytes on disk, in npm's "sha512-<base64>" form.
	actual="sha512-$(node -e '
		const h = require("crypto").createHash("sha512");
		h.update(require("fs").readFileSync(process.argv[1]));
		process.stdout.write(h.digest("base64"));' "$tarball")"
	if [[ "$actual" != "$INTEGRITY" || "$reported" != "$INTEGRITY" ]]; then
		echo "$NAME: integrity mismatch for $PACKAGE@$VERSION" >&2
		echo "  expected: $INTEGRITY" >&2
		echo "  npm pack: $reported" >&2
		echo "  tarball:  $actual" >&2
		exit 1
	fi
}

check_license() {
	license="$(node -e 'process.stdout.write(String(require(process.argv[1]).license))' "$tmp/package/package.json")"
	if [[ "$license" != "$1" ]]; then
		echo "$NAME: $PACKAGE@$VERSION declares license '$license', not $1: review before embedding" >&2
		exit 1
	fi
}

install_if_changed() {
	mkdir -p "$(dirname "$2")"
	if ! cmp -s "$1" "$2"; then
		cp "$1" "$2"
		echo "$NAME: wrote ${2#"$root"/}"
	else
		echo "$NAME: ${2#"$root"/} is up to date"
	fi
}
