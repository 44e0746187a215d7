"""Requests signed with a key made wrong, by oauthlib and by Python's own hmac (see generate.sh).
Needs oauthlib 4.0.1."""
import base64
import hashlib
import hmac
import json
from urllib.parse import quote

from oauthlib.oauth1 import Client
from oauthlib.oauth1.rfc5849 import signature

NONCE, TIMESTAMP = "kllo9940pd9333jh", "1191242096"
cases = []


def add(source, name, mistake, url, client_secret, token_secret, authorization):
    cases.append({
        "source": source, "name": name, "mistake": mistake, "method": "GET", "url": url,
        "content_type": None, "body": None, "consumer_key": "dpf43f3p2l4k3l03",
        "consumer_secret": client_secret, "token": "nnch734d00sl2jdk", "token_secret": token_secret,
        "signature_method": "HMAC-SHA1", "nonce": NONCE, "timestamp": int(TIMESTAMP), "realm": None,
        "callback": None, "verifier": None, "version": True, "authorization": authorization,
    })


# oauthlib given the token but not its secret: the key is the consumer secret and `&` alone.
url = "https://api.example.com/1.1/account/verify_credentials.json"
client = Client("dpf43f3p2l4k3l03", client_secret="kd94hf93k423kf44", resource_owner_key="nnch734d00sl2jdk",
                nonce=NONCE, timestamp=TIMESTAMP)
_, headers, _ = client.sign(url)
add("oauthlib 4.0.1 (Python), no token secret given", "oauthlib token secret left out", "TokenSecretLeftOut",
    url, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00", headers["Authorization"])

# The key written from secrets that need encoding, as they stand: Python's hmac over oauthlib's base
# string, the signature put in oauthlib's header.
client_secret, token_secret = "kd94hf93+k423/kf44", "pfkk dhi9sl3r4s00"
client = Client("dpf43f3p2l4k3l03", client_secret=client_secret, resource_owner_key="nnch734d00sl2jdk",
                resource_owner_secret=token_secret, nonce=NONCE, timestamp=TIMESTAMP)
_, headers, _ = client.sign(url)
params = [(k, v) for k, v in signature.collect_parameters(headers=headers) if k != "oauth_signature"]
base_string = signature.signature_base_string(
    "GET", signature.base_string_uri(url), signature.normalize_parameters(params))
key = f"{client_secret}&{token_secret}".encode()
unencoded = base64.b64encode(hmac.new(key, base_string.encode(), hashlib.sha1).digest()).decode()
header = headers["Authorization"]
start = header.index('oauth_signature="') + len('oauth_signature="')
header = header[:start] + quote(unencoded, safe="") + header[header.index('"', start):]
add("Python 3 hmac, key unencoded, over oauthlib 4.0.1's base string", "key unencoded", "KeyNotEncoded",
    url, client_secret, token_secret, header)

# Signed by oauthlib for one URI, received at another: a proxy in between that ends TLS, and a
# server that strips a trailing slash before the request reaches the verifier.
for name, mistake, signed, received in [
    ("proxy ends TLS", "Authority", "https://api.example.com/1.1/statuses/home_timeline.json?count=5",
     "http://api.example.com/1.1/statuses/home_timeline.json?count=5"),
    ("trailing slash stripped", "TrailingSlash", "https://api.example.com/1.1/lists/",
     "https://api.example.com/1.1/lists"),
]:
    client = Client("dpf43f3p2l4k3l03", client_secret="kd94hf93k423kf44", resource_owner_key="nnch734d00sl2jdk",
                    resource_owner_secret="pfkkdhi9sl3r4s00", nonce=NONCE, timestamp=TIMESTAMP)
    _, headers, _ = client.sign(signed)
    add(f"oauthlib 4.0.1 (Python), signed for {signed}", name, mistake, received, "kd94hf93k423kf44",
        "pfkkdhi9sl3r4s00", headers["Authorization"])

print(json.dumps(cases, indent=1))
