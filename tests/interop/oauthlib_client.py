"""oauthlib's Client signing requests that a provider (our reference provider) must accept, and tampered
copies it must reject.

Usage: python oauthlib_client.py --base http://127.0.0.1:PORT --consumer-key K --consumer-secret S \
           --token T --token-secret TS
Prints one JSON object: {"cases": [{"name", "expect": "accept"|"reject", "status", "body"}, ...]}.
"""

import argparse
import http.client
import json
import re
import sys
from urllib.parse import parse_qsl, quote, urlsplit

from oauthlib.oauth1 import Client
from oauthlib.oauth1.rfc5849 import SIGNATURE_HMAC_SHA256, SIGNATURE_PLAINTEXT

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
STATUS = "Hello Ladies + Gentlemen, a signed OAuth request! !*'() \u2603 \u00e9"


def send(method, url, headers, body):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    target = parts.path + ("?" + parts.query if parts.query else "")
    connection.request(method, target, body=body.encode("utf-8") if body else None, headers=headers)
    response = connection.getresponse()
    data = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, data


def form(params):
    return "&".join("%s=%s" % (quote(k, safe="~"), quote(v, safe="~")) for k, v in params)


class Run:
    def __init__(self, args):
        self.args = args
        self.cases = []

    def client(self, **extra):
        a = self.args
        options = dict(client_secret=a.consumer_secret, resource_owner_key=a.token,
                       resource_owner_secret=a.token_secret)
        options.update(extra)
        return Client(a.consumer_key, **options)

    def record(self, name, expect, status, body):
        self.cases.append({"name": name, "expect": expect, "status": status, "body": body})

    def signed(self, client, method, url, body=None, headers=None):
        return client.sign(url, http_method=method, body=body, headers=headers)

    def run(self):
        base = self.args.base
        get_url = base + "/1.1/account/verify_credentials.json?include_entities=true&q=a%20b%2Bc"
        post_url = base + "/1.1/statuses/update.json"
        post_body = form([("status", STATUS)])

        for method_name, extra in [("HMAC-SHA1", {}),
                                   ("HMAC-SHA256", {"signature_method": SIGNATURE_HMAC_SHA256}),
                                   ("PLAINTEXT", {"signature_method": SIGNATURE_PLAINTEXT})]:
            uri, headers, body = self.signed(self.client(**extra), "GET", get_url)
            self.record("GET with a query, " + method_name, "accept", *send("GET", uri, headers, body))

        uri, headers, body = self.signed(self.client(), "POST", post_url, post_body, dict(FORM))
        status, text = send("POST", uri, headers, body)
        self.record("form POST with spaces, +, !*'() and non-ASCII", "accept", status, text)
        # The same request again: a replayed nonce.
        self.record("replayed nonce", "reject", *send("POST", uri, headers, body))

        # Tampered copies of a fresh signed POST: each must be rejected.
        def fresh():
            return self.signed(self.client(), "POST", post_url, post_body, dict(FORM))

        uri, headers, body = fresh()
        auth = headers["Authorization"]
        sig = re.search(r'oauth_signature="([^"]+)"', auth).group(1)
        flipped = ("B" if sig[0] != "B" else "C") + sig[1:]
        headers["Authorization"] = auth.replace(sig, flipped)
        self.record("one byte of the signature", "reject", *send("POST", uri, headers, body))

        uri, headers, body = fresh()
        self.record("one byte of the body", "reject", *send("POST", uri, headers, body.replace("Hello", "Jello")))

        uri, headers, body = self.signed(self.client(), "GET", get_url)
        self.record("a query parameter", "reject",
                    *send("GET", uri.replace("include_entities=true", "include_entities=false"), headers, body))

        uri, headers, body = fresh()
        auth = headers["Authorization"]
        ts = re.search(r'oauth_timestamp="(\d+)"', auth).group(1)
        headers["Authorization"] = auth.replace('oauth_timestamp="%s"' % ts, 'oauth_timestamp="%d"' % (int(ts) + 1))
        self.record("the timestamp", "reject", *send("POST", uri, headers, body))

        uri, headers, body = fresh()
        headers["Authorization"] = headers["Authorization"].replace('oauth_nonce="', 'oauth_nonce="x')
        self.record("the nonce", "reject", *send("POST", uri, headers, body))

        # The flow, signed by oauthlib: request token, consent, access token; then a wrong verifier.
        a = self.args
        for attempt in ("right verifier", "wrong verifier"):
            client = Client(a.consumer_key, client_secret=a.consumer_secret, callback_uri="oob")
            uri, headers, body = client.sign(base + "/oauth/request_token", http_method="POST")
            status, text = send("POST", uri, headers, body)
            self.record("request token (" + attempt + ")", "accept", status, text)
            temporary = dict(parse_qsl(text))
            page_status, page = send("GET", base + "/oauth/authorize?oauth_token=%s&approve=1"
                                     % quote(temporary.get("oauth_token", "")), {}, None)
            match = re.search(r'<code id="oauth_pin">([^<]*)</code>', page)
            pin = match.group(1) if match else ""
            if attempt == "wrong verifier":
                pin = pin[:-1] + ("0" if pin[-1:] != "0" else "1")
            client = Client(a.consumer_key, client_secret=a.consumer_secret,
                            resource_owner_key=temporary.get("oauth_token"),
                            resource_owner_secret=temporary.get("oauth_token_secret"), verifier=pin)
            uri, headers, body = client.sign(base + "/oauth/access_token", http_method="POST")
            status, text = send("POST", uri, headers, body)
            self.record("access token (" + attempt + ")",
                        "accept" if attempt == "right verifier" else "reject", status, text)
            if attempt == "right verifier" and status == 200:
                access = dict(parse_qsl(text))
                client = Client(a.consumer_key, client_secret=a.consumer_secret,
                                resource_owner_key=access["oauth_token"],
                                resource_owner_secret=access["oauth_token_secret"])
                uri, headers, body = client.sign(get_url, http_method="GET")
                self.record("GET with the flow's token", "accept", *send("GET", uri, headers, body))
        json.dump({"cases": self.cases}, sys.stdout)


def main():
    parser = argparse.ArgumentParser()
    for name in ("--base", "--consumer-key", "--consumer-secret", "--token", "--token-secret"):
        parser.add_argument(name, required=True)
    Run(parser.parse_args()).run()


if __name__ == "__main__":
    main()
