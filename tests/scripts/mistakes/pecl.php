<?php
// A request signed by PECL oauth, making its known mistake (see generate.sh). Needs the PECL
// oauth extension 2.0.7.
$client = ['key' => 'dpf43f3p2l4k3l03', 'secret' => 'kd94hf93k423kf44'];
$token = ['key' => 'nnch734d00sl2jdk', 'secret' => 'pfkkdhi9sl3r4s00'];
[$nonce, $timestamp] = ['kllo9940pd9333jh', 1191242096];

// PECL oauth 2.0.7 sorts the parameters by their decoded names: `ns.a` before `ns:b`, where their
// encodings (`ns.a`, `ns%3Ab`) sort the other way.
$url = 'https://api.example.com/1.1/items.json?ns%3Ab=2&ns.a=1';
$oauth = new OAuth($client['key'], $client['secret'], OAUTH_SIG_METHOD_HMACSHA1, OAUTH_AUTH_TYPE_AUTHORIZATION);
$oauth->setToken($token['key'], $token['secret']);
$oauth->setNonce($nonce);
$oauth->setTimestamp($timestamp);
$header = $oauth->getRequestHeader('GET', $url);
$cases = [[
    'source' => 'PECL oauth 2.0.7 (PHP)', 'name' => 'PECL decoded order', 'mistake' => 'DecodedOrder',
    'method' => 'GET', 'url' => $url, 'content_type' => null, 'body' => null,
    'consumer_key' => $client['key'], 'consumer_secret' => $client['secret'], 'token' => $token['key'],
    'token_secret' => $token['secret'], 'signature_method' => 'HMAC-SHA1', 'nonce' => $nonce,
    'timestamp' => $timestamp, 'realm' => null, 'callback' => null, 'verifier' => null, 'version' => true,
    'authorization' => $header,
]];
echo json_encode($cases, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
