#!/usr/bin/env python3
"""Verify requests signed by oauth1-core with Python's oauthlib (the other direction of the differential
test: oauthlib signs / we verify is tests/tests/verify.rs; here we sign / oauthlib verifies).

Reads a JSON list of signed requests (method, url, content_type, body, authorization, consumer_secret,
token_secret, rsa_public_key) from the file named on the command line, checks each signature with
oauthlib's own verify_* function for its method, and prints 'N passed, M failed'; exits 1 on any
failure, naming the cases.
"""

import json
import sys
from urllib.parse import urlparse

from oauthlib.common import Request
from oauthlib.oauth1.rfc5849 import signature as sig

HMAC = {
    "HMAC-SHA1": sig.verify_hmac_sha1,
    "HMAC-SHA256": sig.verify_hmac_sha256,
    "HMAC-SHA512": sig.verify_hmac_sha512,
}
RSA = {
    "RSA-SHA1": sig.verify_rsa_sha1,
    "RSA-SHA256": sig.verify_rsa_sha256,
    "RSA-SHA512": sig.verify_rsa_sha512,
}


def verify(case):
    headers = {"Authorization": case["authorization"]}
    form = case.get("content_type") == "application/x-www-form-urlencoded"
    if case.get("content_type"):
        headers["Content-Type"] = case["content_type"]
    request = Request(case["url"], http_method=case["method"], body=case.get("body"), headers=headers)
    # What oauthlib's endpoints do before they verify: collect every parameter, pick out the signature.
    params = sig.collect_parameters(
        uri_query=urlparse(case["url"]).query,
        body=request.body if form else None,
        headers=headers,
        exclude_oauth_signature=False,
    )
    request.signature = dict(params)["oauth_signature"]
    request.params = [(k, v) for k, v in params if k != "oauth_signature"]
    method = dict(params)["oauth_signature_method"]
    if method in HMAC:
        return HMAC[method](request, case["consumer_secret"], case.get("token_secret"))
    if method in RSA:
        return RSA[method](request, case["rsa_public_key"])
    if method == "PLAINTEXT":
        return sig.verify_plaintext(request, case["consumer_secret"], case.get("token_secret"))
    raise ValueError("unknown method " + method)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    failed = [case["name"] for case in cases if not verify(case)]
    print("{} passed, {} failed".format(len(cases) - len(failed), len(failed)))
    if failed:
        print("oauthlib refused: " + ", ".join(failed[:50]), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
