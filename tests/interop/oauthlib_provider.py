"""An OAuth 1.0a provider on Python oauthlib's server endpoints: the independent implementation our client
side must interoperate with.

Usage: python oauthlib_provider.py --consumer-key K --consumer-secret S
Prints "PORT <n>" on its first stdout line, listens on 127.0.0.1 only, logs each request on stderr and
serves until killed. It speaks the reference provider's dialect where oauthlib leaves room: the same paths,
`?oauth_token=...&approve=1` consents headlessly (the PIN page for oob, else a 302 to the callback),
`&deny=1` declines with `denied=`, the access-token response carries user_id and screen_name, and errors
are Twitter's JSON.
"""

import argparse
import html
import json
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from oauthlib.common import add_params_to_uri
from oauthlib.oauth1 import (
    AccessTokenEndpoint,
    AuthorizationEndpoint,
    RequestTokenEndpoint,
    RequestValidator,
    ResourceEndpoint,
)
from oauthlib.oauth1.rfc5849 import SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256, SIGNATURE_PLAINTEXT
from oauthlib.oauth1.rfc5849.errors import OAuth1Error

USER_ID = "6253282"
SCREEN_NAME = "twitterapi"


class Validator(RequestValidator):
    """Keeps clients, tokens, verifiers and nonces in memory."""

    def __init__(self, consumer_key, consumer_secret):
        super().__init__()
        self.lock = threading.Lock()
        self.clients = {consumer_key: consumer_secret}
        self.request_tokens = {}  # token -> {secret, callback, verifier}
        self.access_tokens = {}  # token -> secret
        self.nonces = set()

    # Our tokens and nonces are 32 alphanumerics; oauthlib's defaults expect 20-30.
    allowed_signature_methods = (SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256, SIGNATURE_PLAINTEXT)
    enforce_ssl = False  # loopback only
    timestamp_lifetime = 300

    def check_client_key(self, key):
        return 0 < len(key) <= 64

    def check_request_token(self, token):
        return 0 < len(token) <= 64

    def check_access_token(self, token):
        return 0 < len(token) <= 64

    def check_nonce(self, nonce):
        return 0 < len(nonce) <= 64

    def check_verifier(self, verifier):
        return 0 < len(verifier) <= 64

    dummy_client = "dummy-client"
    dummy_request_token = "dummy-request-token"
    dummy_access_token = "dummy-access-token"

    def get_client_secret(self, client_key, request):
        return self.clients.get(client_key, "dummy")

    def get_request_token_secret(self, client_key, token, request):
        return self.request_tokens.get(token, {}).get("secret", "dummy")

    def get_access_token_secret(self, client_key, token, request):
        return self.access_tokens.get(token, "dummy")

    def get_default_realms(self, client_key, request):
        return []

    def get_realms(self, token, request):
        return []

    def get_redirect_uri(self, token, request):
        return self.request_tokens[token]["callback"]

    def invalidate_request_token(self, client_key, request_token, request):
        with self.lock:
            self.request_tokens.pop(request_token, None)

    def validate_client_key(self, client_key, request):
        return client_key in self.clients

    def validate_request_token(self, client_key, token, request):
        return token in self.request_tokens

    def validate_access_token(self, client_key, token, request):
        return token in self.access_tokens

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None,
                                     access_token=None):
        key = (client_key, timestamp, nonce, request_token or access_token)
        with self.lock:
            if key in self.nonces:
                return False
            self.nonces.add(key)
            return True

    def validate_redirect_uri(self, client_key, redirect_uri, request):
        return True

    def validate_requested_realms(self, client_key, realms, request):
        return True

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True

    def validate_verifier(self, client_key, token, verifier, request):
        expected = self.request_tokens.get(token, {}).get("verifier")
        return expected is not None and secrets.compare_digest(expected, verifier)

    def verify_request_token(self, token, request):
        return token in self.request_tokens

    def verify_realms(self, token, realms, request):
        return True

    def save_request_token(self, token, request):
        with self.lock:
            self.request_tokens[token["oauth_token"]] = {
                "secret": token["oauth_token_secret"],
                "callback": request.redirect_uri,
                "verifier": None,
            }

    def save_verifier(self, token, verifier, request):
        with self.lock:
            self.request_tokens[token]["verifier"] = verifier["oauth_verifier"]

    def save_access_token(self, token, request):
        with self.lock:
            self.access_tokens[token["oauth_token"]] = token["oauth_token_secret"]


def twitter_error(status, code, message):
    return status, {"Content-Type": "application/json"}, json.dumps({"errors": [{"code": code, "message": message}]})


class Handler(BaseHTTPRequestHandler):
    validator = None

    def log_message(self, fmt, *args):
        sys.stderr.write("oauthlib-provider: " + (fmt % args) + "\n")

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def handle_any(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        uri = "http://%s%s" % (self.headers.get("Host"), self.path)
        headers = {k: v for k, v in self.headers.items()}
        path = urlsplit(self.path).path
        try:
            status, response_headers, response_body = self.route(method, path, uri, body, headers)
        except OAuth1Error as e:
            sys.stderr.write("oauthlib-provider: rejected: %s\n" % e.description)
            status, response_headers, response_body = twitter_error(401, 32, "Could not authenticate you.")
        data = (response_body or "").encode("utf-8")
        self.send_response(status)
        for name, value in (response_headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def route(self, method, path, uri, body, headers):
        v = self.validator
        if method == "POST" and path == "/oauth/request_token":
            h, b, s = RequestTokenEndpoint(v).create_request_token_response(uri, method, body, headers)
            return s, h, b if s == 200 else twitter_error(s, 32, "Could not authenticate you.")[2]
        if method == "GET" and path in ("/oauth/authorize", "/oauth/authenticate"):
            return self.authorize(uri)
        if method == "POST" and path == "/oauth/access_token":
            endpoint = AccessTokenEndpoint(v)
            h, b, s = endpoint.create_access_token_response(
                uri, method, body, headers, credentials={"user_id": USER_ID, "screen_name": SCREEN_NAME})
            return s, h, b if s == 200 else twitter_error(s, 32, "Could not authenticate you.")[2]
        if path in ("/1.1/account/verify_credentials.json", "/1.1/statuses/update.json"):
            valid, request = ResourceEndpoint(v).validate_protected_resource_request(uri, method, body, headers)
            if not valid:
                sys.stderr.write("oauthlib-provider: rejected resource request\n")
                return twitter_error(401, 32, "Could not authenticate you.")
            user = {"id": int(USER_ID), "id_str": USER_ID, "screen_name": SCREEN_NAME}
            if path.endswith("update.json"):
                status = dict(parse_qsl(body, keep_blank_values=True)).get("status")
                if status is None:
                    return twitter_error(400, 38, "status parameter is missing.")
                return 200, {"Content-Type": "application/json"}, json.dumps({"text": status, "user": user})
            query = dict(parse_qsl(urlsplit(uri).query, keep_blank_values=True))
            return 200, {"Content-Type": "application/json"}, json.dumps(dict(user, query=query))
        return twitter_error(404, 34, "Sorry, that page does not exist.")

    def authorize(self, uri):
        v = self.validator
        query = dict(parse_qsl(urlsplit(uri).query, keep_blank_values=True))
        token = query.get("oauth_token", "")
        if token not in v.request_tokens:
            return twitter_error(400, 214, "unknown oauth_token")
        callback = v.request_tokens[token]["callback"]
        if query.get("deny") == "1":
            v.invalidate_request_token(None, token, None)
            if callback == "oob":
                return 200, {"Content-Type": "text/html"}, "<p>Declined.</p>"
            return 302, {"Location": add_params_to_uri(callback, [("denied", token)])}, None
        if query.get("approve") != "1":
            return 200, {"Content-Type": "text/html"}, "<p>Authorize? <a href=\"?oauth_token=%s&approve=1\">Yes</a></p>" % html.escape(token)
        endpoint = AuthorizationEndpoint(v)
        realms, credentials = endpoint.get_realms_and_credentials(uri)
        h, b, s = endpoint.create_authorization_response(uri, realms=realms, credentials=credentials)
        if s == 200:  # oob: show the verifier as a PIN
            verifier = dict(parse_qsl(b))["oauth_verifier"]
            page = "<p>PIN: <code id=\"oauth_pin\">%s</code></p>" % html.escape(verifier)
            return 200, {"Content-Type": "text/html"}, page
        return s, h, b


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--consumer-key", required=True)
    parser.add_argument("--consumer-secret", required=True)
    args = parser.parse_args()
    Handler.validator = Validator(args.consumer_key, args.consumer_secret)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
