#!/usr/bin/env python3
"""Generate OAuth 1.0a signing cases with Python's oauthlib, an independent implementation.

Each case is a random request (method, host letter case, ports, encoded paths, query and form
parameters with duplicates, empty values, '+', reserved and non-ASCII characters, JSON bodies with
oauth_body_hash, every signature method oauthlib has -- HMAC-SHA1/256/512, PLAINTEXT, RSA-SHA1/256/512
with the test key oauth1-core/tests/keys/test-client-2048.pkcs8.pem -- with and without token, realm,
callback and verifier)
together with the base string, signature and Authorization header oauthlib computes for it.
The output has the format of tests/vectors/*.json "signatures" and is checked by
tests/tests/differential.rs.

    python3 tests/scripts/oauthlib_vectors.py --seed 1 --count 2500 --out tests/vectors/oauthlib.json
"""

import argparse
import json
import os
import random
import sys

import oauthlib
from oauthlib.oauth1 import Client
from oauthlib.oauth1.rfc5849 import signature as sig

# The RSA cases sign with this committed test key (oauthlib's RSA methods need PyJWT and cryptography).
RSA_KEY_FILE = "test-client-2048.pkcs8.pem"
with open(os.path.join(os.path.dirname(__file__), "..", "..", "oauth1-core", "tests", "keys", RSA_KEY_FILE), encoding="ascii") as key_file:
    RSA_KEY = key_file.read()

METHODS = ["HMAC-SHA1", "HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "PLAINTEXT", "RSA-SHA1", "RSA-SHA256", "RSA-SHA512"]

# Characters values are drawn from: unreserved, reserved, space, '+', '%', and non-ASCII (2-, 3- and
# 4-byte UTF-8).
PLAIN = "abcXYZ019-._~"
RESERVED = "!*'();:@&=+$,/?#[] %\"<>\\^`{|}"
UNICODE = "éü☃€中𝄞"
# Characters oauthlib accepts unescaped in a query or form body besides the unreserved set.
RAW_OK = "!*'():@,/?;$"


def rand_text(rng, max_len=8, allow_empty=True):
    n = rng.randint(0 if allow_empty else 1, max_len)
    pools = [PLAIN] * 6 + [RESERVED] * 3 + [UNICODE]
    return "".join(rng.choice(rng.choice(pools)) for _ in range(n))


def form_escape(rng, text):
    """Encode like one of the many clients in the wild: hex case, '+' or %20 for space, raw sub-delims."""
    out = []
    for ch in text:
        if ch in PLAIN:
            out.append(ch if rng.random() < 0.9 else "%{:02X}".format(ord(ch)))
        elif ch == " ":
            out.append(rng.choice(["+", "%20", "%20"]))
        elif ch in RAW_OK and rng.random() < 0.5:
            out.append(ch)
        else:
            hexfmt = "%{:02X}" if rng.random() < 0.8 else "%{:02x}"
            out.extend(hexfmt.format(b) for b in ch.encode("utf-8"))
    return "".join(out)


def rand_form(rng, max_pairs=5):
    """A form-encoded string with duplicates, empty values, names without '=', and empty segments."""
    pairs = []
    names = []
    for _ in range(rng.randint(0, max_pairs)):
        if names and rng.random() < 0.25:
            name = rng.choice(names)  # a duplicate name
        else:
            name = rand_text(rng, 6, allow_empty=False)
            if name.startswith("oauth_"):
                name = "x" + name
            names.append(name)
        value = rand_text(rng, 10)
        shape = rng.random()
        if shape < 0.08 and value == "":
            pairs.append(form_escape(rng, name))  # "name" with no '='
        else:
            pairs.append(form_escape(rng, name) + "=" + form_escape(rng, value))
    if pairs and rng.random() < 0.05:
        pairs.insert(rng.randrange(len(pairs)), "")  # an empty segment: "a=1&&b=2"
    return "&".join(pairs)


def rand_host(rng):
    kind = rng.random()
    if kind < 0.08:
        return "127.0.0.1"
    if kind < 0.14:
        return rng.choice(["[::1]", "[2001:db8::1]", "[2001:DB8::7]", "[fe80::1]"])
    host = rng.choice(["api.twitter.com", "photos.example.net", "example.com", "a-b.example.org", "x.y.z.io"])
    return "".join(c.upper() if rng.random() < 0.2 else c for c in host)


def rand_path(rng):
    segments = []
    for _ in range(rng.randint(0, 4)):
        seg = []
        for _ in range(rng.randint(0, 6)):
            r = rng.random()
            if r < 0.6:
                seg.append(rng.choice(PLAIN))
            elif r < 0.75:
                seg.append(rng.choice("!$&'()*+,;=:@"))
            else:
                ch = rng.choice(" /?#%" + UNICODE + "\"<>")
                hexfmt = "%{:02X}" if rng.random() < 0.8 else "%{:02x}"
                seg.extend(hexfmt.format(b) for b in ch.encode("utf-8"))
        segments.append("".join(seg))
    path = "/" + "/".join(segments)
    # Python's urlparse/urlunparse drop a trailing empty ";params" from the last segment, so oauthlib
    # signs ".../x" for ".../x;". RFC 5849 keeps the path as sent (and so do we: see the test
    # `path_is_kept_as_sent_including_a_trailing_semicolon`), so that one shape is left out here.
    while path.endswith(";"):
        path = path[:-1]
    return "" if path == "/" and rng.random() < 0.3 else path


def rand_url(rng):
    scheme = rng.choice(["http", "https"])
    scheme_written = scheme.upper() if rng.random() < 0.1 else scheme
    host = rand_host(rng)
    r = rng.random()
    if r < 0.55:
        port = ""
    elif r < 0.7:
        port = ":80" if scheme == "http" else ":443"  # the scheme's default: dropped
    elif r < 0.8:
        port = ":443" if scheme == "http" else ":80"  # the other scheme's default: kept
    else:
        port = ":" + str(rng.choice([8080, 8443, 3000, 65535, 1]))
    path = rand_path(rng)
    query = rand_form(rng) if rng.random() < 0.7 else ""
    if not path and query:
        path = "/"
    return scheme_written + "://" + host + port + path + ("?" + query if query else "")


def rand_secret(rng):
    return rand_text(rng, 24)


def rand_nonce(rng):
    chars = PLAIN + "!*'() "
    return "".join(rng.choice(chars) for _ in range(rng.randint(1, 40)))


class CapturingClient(Client):
    """oauthlib's Client, keeping the base string it signs (and computing it for PLAINTEXT too)."""

    def get_oauth_signature(self, request):
        uri, headers, body = self._render(request)
        collected = sig.collect_parameters(
            uri_query=oauthlib.common.urlparse.urlparse(uri).query, body=body, headers=headers
        )
        normalized = sig.normalize_parameters(collected)
        normalized_uri = sig.base_string_uri(uri, headers.get("Host", None))
        self.captured_base_string = sig.signature_base_string(request.http_method, normalized_uri, normalized)
        return super().get_oauth_signature(request)


def make_case(rng, index):
    method = rng.choice(["GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD", "get", "post"])
    url = rand_url(rng)
    content_type = None
    body = None
    body_hash = False
    if method.upper() not in ("GET", "HEAD") and rng.random() < 0.75:
        if rng.random() < 0.8:
            content_type = "application/x-www-form-urlencoded"
            body = rand_form(rng)
        else:
            content_type = "application/json"
            body = json.dumps({"text": rand_text(rng, 12), "n": rng.randint(0, 9)}, ensure_ascii=rng.random() < 0.5)
            body_hash = True  # oauthlib adds oauth_body_hash to every non-form body
    sig_method = rng.choice(METHODS)
    rsa = sig_method.startswith("RSA-")
    token = rand_text(rng, 20, allow_empty=False) if rng.random() < 0.7 else None
    token_secret = rand_secret(rng) if token is not None else None
    case = {
        "source": "oauthlib {} (seeded random case {})".format(oauthlib.__version__, index),
        "name": "oauthlib-{}".format(index),
        "method": method,
        "url": url,
        "content_type": content_type,
        "body": body,
        "consumer_key": rand_text(rng, 20, allow_empty=False),
        "consumer_secret": rand_secret(rng),
        "token": token,
        "token_secret": token_secret,
        "signature_method": sig_method,
        "rsa_key": RSA_KEY_FILE if rsa else None,
        "nonce": rand_nonce(rng),
        "timestamp": rng.randint(1, 4_000_000_000),
        "realm": rng.choice([None, None, "Example", "Photos", "https://api.example.com/", "a b"]),
        "callback": rng.choice([None, None, "oob", "https://client.example.net/cb?x=1&y=%20", "myapp://cb", "twitterclient://callback"]),
        "verifier": rand_text(rng, 12, allow_empty=False) if rng.random() < 0.25 else None,
        "version": True,  # oauthlib always sends oauth_version=1.0
        "body_hash": body_hash,
    }
    client = CapturingClient(
        case["consumer_key"],
        client_secret=case["consumer_secret"],
        resource_owner_key=token,
        resource_owner_secret=token_secret,
        callback_uri=case["callback"],
        signature_method=sig_method,
        verifier=case["verifier"],
        realm=case["realm"],
        rsa_key=RSA_KEY if rsa else None,
        nonce=case["nonce"],
        timestamp=str(case["timestamp"]),
    )
    headers = {"Content-Type": content_type} if content_type else {}
    _, signed_headers, _ = client.sign(url, http_method=method, body=body, headers=headers)
    authorization = signed_headers["Authorization"]
    params = dict(sig.collect_parameters(headers={"Authorization": authorization}, exclude_oauth_signature=False))
    case["base_string"] = client.captured_base_string
    case["signature"] = params["oauth_signature"]
    # oauthlib orders header parameters its own way, so this is compared as a set of name="value" items.
    case["authorization_any_order"] = authorization
    return case


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=2500)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = []
    skipped = 0
    while len(cases) < args.count:
        try:
            cases.append(make_case(rng, len(cases)))
        except ValueError:
            # oauthlib refused the random request (for instance a URL its parser rejects); draw another.
            skipped += 1
    doc = {
        "about": "Signing cases computed by oauthlib {} with seed {}; regenerate with tests/scripts/oauthlib_vectors.py.".format(
            oauthlib.__version__, args.seed
        ),
        "signatures": cases,
    }
    # One case per line keeps the file diffable.
    with open(args.out, "w", encoding="utf-8") as f:
        f.write('{"about": %s,\n"signatures": [\n' % json.dumps(doc["about"]))
        f.write(",\n".join(json.dumps(c, ensure_ascii=False) for c in cases))
        f.write("\n]}\n")
    print("wrote {} cases (seed {}, {} drawn again) to {}".format(len(cases), args.seed, skipped, args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
