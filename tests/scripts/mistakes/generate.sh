#!/usr/bin/env bash
# Regenerates tests/vectors/mistakes.json: requests signed by other OAuth 1.0a libraries, each making
# a known mistake, for `Checker::find_mistake` to name. Needs node (with oauth@0.10.2 and
# oauth-1.0a@2.2.6 on NODE_PATH), ruby (gems oauth 0.5.4, simple_oauth 0.3.1), perl (Net::OAuth 0.28),
# php (PECL oauth 2.0.7) and a python with oauthlib 4.0.1 (PYTHON). Not run by CI.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../vectors/mistakes.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node "$here/node.js" > "$tmp/node.json"
ruby "$here/ruby.rb" > "$tmp/ruby.json"
# Net::OAuth warns on stderr that the UTF-8 value "may result in an incorrect signature": the mistake.
perl "$here/perl.pl" > "$tmp/perl.json"
php "$here/pecl.php" > "$tmp/pecl.json"
"${PYTHON:-python3}" "$here/python.py" > "$tmp/python.json"
"${PYTHON:-python3}" - "$tmp" "$out" <<'PY'
import json, pathlib, sys
tmp, out = pathlib.Path(sys.argv[1]), sys.argv[2]
cases = [case for name in ["node", "ruby", "perl", "pecl", "python"] for case in json.loads((tmp / f"{name}.json").read_text())]
about = ("Requests signed by other OAuth 1.0a libraries, each making one known mistake ('mistake'); "
         "'url' is the URI the provider receives. Regenerate with tests/scripts/mistakes/generate.sh.")
pathlib.Path(out).write_text(json.dumps({"about": about, "cases": cases}, indent=1, ensure_ascii=False) + "\n")
print(f"{len(cases)} cases written to {out}")
PY
