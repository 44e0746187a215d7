<?php
// Writes tests/vectors/magento.json: base strings and signatures as Magento 2's server computes them, with
// PHP's own explode, rawurldecode, rawurlencode, uksort and strnatcmp doing the work. Run:
// php tests/scripts/magento_vectors.php > tests/vectors/magento.json
//
// The steps, as Magento's code takes them (magento/magento2, lib/internal/Magento/Framework/Oauth):
// Helper/Request.php reads the protocol parameters from the Authorization header, then splits the
// query at '&' and each pair at '=', keeps a pair with exactly two parts whose name does not match
// /oauth_[a-z_-]+/, and stores rawurldecode(name) => rawurldecode(value) in one PHP array (a later
// name replaces an earlier one); Helper/Signature/Hmac256.php (as Laminas OAuth before it) encodes
// names and values with rawurlencode, sorts the names with uksort(..., 'strnatcmp'), joins them as
// name=value with '&', and signs METHOD&rawurlencode(url)&rawurlencode(joined) with HMAC-SHA256
// keyed by the two secrets. The URLs below use paths Magento's normalizePath leaves as they are.

$consumer_secret = 'u3m1bq8kzx0p6w4t9r2y5c7v0n8h1j4f';
$token_secret = 'k7d2s9x4q1w6e3r8t5y0u2i7o4p9a1s6';
$protocol = function (string $nonce, string $timestamp): array {
    return [
        'oauth_consumer_key' => 'f2g9h4j7k1l5z8x3c6v0b2n9m4q7w1e5',
        'oauth_nonce' => $nonce,
        'oauth_signature_method' => 'HMAC-SHA256',
        'oauth_timestamp' => $timestamp,
        'oauth_token' => 'p8o5i2u9y6t3r0e7w4q1a8s5d2f9g6h3',
        'oauth_version' => '1.0',
    ];
};

// Names for the random cases: pieces whose digit runs and escapes make natural order and byte order
// part (seeded, so the file is the same on every run).
mt_srand(5849);
$random_query = function (int $count): string {
    $pieces = ['a', 'b', 'x', 'Z', '0', '00', '1', '2', '9', '10', '01', '%5B', '%5D', '-', '_', '.', '~', '%20'];
    $seen = [];
    $pairs = [];
    while (count($pairs) < $count) {
        $name = '';
        for ($i = mt_rand(1, 5); $i > 0; $i--) {
            $name .= $pieces[mt_rand(0, count($pieces) - 1)];
        }
        $decoded = rawurldecode($name);
        if (isset($seen[$decoded]) || preg_match('/^(0|-?[1-9][0-9]*)$/', $decoded)) {
            continue;
        }
        $seen[$decoded] = true;
        $pairs[] = $name . '=' . mt_rand(0, 99);
    }
    return implode('&', $pairs);
};

$host = 'https://store.example.com';
$filters = [];
for ($g = 0; $g < 12; $g++) {
    $prefix = "searchCriteria%5BfilterGroups%5D%5B$g%5D%5Bfilters%5D%5B0%5D";
    $filters[] = "$prefix%5Bfield%5D=sku&$prefix%5Bvalue%5D=SKU-$g&$prefix%5BconditionType%5D=eq";
}
$openmage = ['limit=21', 'filter%5B0%5D%5Battribute%5D=sku'];
foreach (['msj000', 'msj001', 'msj002', 'msj000xs', 'msj000xl', 'msj003xs', 'msj003xl', 'msj006', 'msj007', 'msj008', 'msj006xl', 'msj006xs'] as $i => $sku) {
    $openmage[] = "filter%5B0%5D%5Bin%5D%5B$i%5D=$sku";
}
$keys = [];
for ($i = 0; $i <= 10; $i++) {
    $keys[] = "keys%5B$i%5D=test" . ($i + 1);
}
$cases = [
    ['a page of products: the same as RFC 5849', 'GET', "$host/rest/V1/products?searchCriteria%5BpageSize%5D=10&searchCriteria%5BcurrentPage%5D=1"],
    ['keys[0] to keys[10] (magento/zf1 pull request 34): keys[10] after keys[9]', 'GET', "$host/rest/V1/foo?" . implode('&', $keys)],
    ['filter[0][in][0] to [11] (OpenMage/magento-lts pull request 721)', 'GET', "$host/rest/V1/products?" . implode('&', $openmage)],
    ['twelve filter groups', 'GET', "$host/rest/V1/products?" . implode('&', $filters)],
    ['a repeated name keeps its last value, in the first place', 'GET', "$host/rest/V1/orders?searchCriteria%5BpageSize%5D=10&b=1&searchCriteria%5BpageSize%5D=20"],
    ['+ in the query is a plus, %20 a space', 'GET', "$host/rest/V1/products?searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=a+b%20c&q=1%2B1"],
    ['numbers in names: by value, a leading zero digit by digit', 'GET', "$host/rest/V1/products?item10=a&item9=b&item1=c&v05=d&v5=e&v005=f&v50=g"],
    ['names equal but for zeros at the start keep the array order', 'GET', "$host/rest/V1/products?1x=a&01x=b&001x=c"],
    ['reserved and non-ASCII characters, lowercase escapes', 'GET', "$host/rest/V1/products?name%5blike%5d=%25caf%c3%a9%25&sku=A%2FB%3DC&snow=%E2%98%83"],
    ['empty pairs are skipped', 'GET', "$host/rest/V1/products?a=1&&b=2&"],
    ['an encoded slash in a SKU (magento/magento2 issue 37830)', 'GET', "$host/rest/V1/stockItems/ABC%2F10"],
    ['a JSON body, a port and a store code', 'POST', 'https://store.example.com:8443/rest/default/V1/products?x=1'],
    ['twenty-five random names', 'GET', "$host/rest/V1/products?" . $random_query(25)],
    ['forty random names', 'GET', "$host/rest/V1/products?" . $random_query(40)],
];

$out = [];
foreach ($cases as $i => [$about, $method, $url]) {
    $nonce = 'n' . str_pad((string) $i, 15, 'a');
    $timestamp = (string) (1733000000 + $i);
    $parts = parse_url($url);
    $params = $protocol($nonce, $timestamp);
    foreach (explode('&', $parts['query'] ?? '') as $pair) {
        $data = explode('=', $pair);
        if (2 === count($data) && !preg_match('/oauth_[a-z_-]+/', $data[0])) {
            $params[rawurldecode($data[0])] = rawurldecode($data[1]);
        }
    }
    $encoded = [];
    foreach ($params as $name => $value) {
        $encoded[rawurlencode((string) $name)] = rawurlencode($value);
    }
    uksort($encoded, 'strnatcmp');
    $joined = [];
    foreach ($encoded as $name => $value) {
        $joined[] = $name . '=' . $value;
    }
    $port = isset($parts['port']) ? ':' . $parts['port'] : '';
    $base_uri = $parts['scheme'] . '://' . $parts['host'] . $port . $parts['path'];
    $base_string = $method . '&' . rawurlencode($base_uri) . '&' . rawurlencode(implode('&', $joined));
    $key = rawurlencode($consumer_secret) . '&' . rawurlencode($token_secret);
    $out[] = [
        'about' => $about,
        'method' => $method,
        'url' => $url,
        'nonce' => $nonce,
        'timestamp' => (int) $timestamp,
        'base_string' => $base_string,
        'signature' => base64_encode(hash_hmac('sha256', $base_string, $key, true)),
    ];
}
$credentials = $protocol('', '');
$document = [
    'about' => 'Base strings and HMAC-SHA256 signatures as Magento 2\'s server computes them '
        . '(Magento\\Framework\\Oauth\\Helper\\Request and Helper\\Signature\\Hmac256), with PHP '
        . PHP_VERSION . '\'s own explode, rawurldecode, rawurlencode, uksort and strnatcmp: written by '
        . 'tests/scripts/magento_vectors.php and checked by tests/tests/presets.rs through the magento preset.',
    'consumer_key' => $credentials['oauth_consumer_key'],
    'consumer_secret' => $consumer_secret,
    'token' => $credentials['oauth_token'],
    'token_secret' => $token_secret,
    'vectors' => $out,
];
echo json_encode($document, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
