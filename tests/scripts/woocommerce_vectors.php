<?php
// Writes tests/vectors/woocommerce.json: base strings and signatures as WooCommerce's REST API computes
// them (WC_REST_Authentication::check_oauth_signature, WooCommerce 3.0 and later), with PHP's own
// parse_str standing for the $_GET and $_POST it reads. Run: php tests/scripts/woocommerce_vectors.php
// > tests/vectors/woocommerce.json
//
// The steps, as that function takes them: the query's and the form body's parameters as PHP parses
// them, merged (the body's top-level names replace the query's) with the protocol parameters; the
// top-level names sorted with strcmp; names and values rawurlencoded (array keys left as they are);
// each leaf joined as path=value, array keys between %5B and %5D, and rawurlencoded again; the leaves
// joined with %26; HMAC with the consumer secret and '&'.

$secret = 'cs_4b2f0a9c1e7d6b5a4f3e2d1c0b9a8f7e6d5c4b3a';
$protocol = function (string $nonce, string $timestamp): array {
    return [
        'oauth_consumer_key' => 'ck_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
        'oauth_nonce' => $nonce,
        'oauth_signature_method' => 'HMAC-SHA256',
        'oauth_timestamp' => $timestamp,
        'oauth_version' => '1.0',
    ];
};
$cases = [
    ['plain names: RFC 5849 base string', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?per_page=20&page=2&search=t-shirt%20blue', null],
    ['include[] appends at 0, 1, ...', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?include[]=34&include[]=7&orderby=include', null],
    ['encoded brackets read as brackets', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?include%5B%5D=34&include%5B%5D=7', null],
    ['an array keeps its order; top-level names are sorted', 'GET', 'http://shop.example.com/wp-json/wc/v3/orders?filter[period]=week&filter[created_at_min]=2024-01-01&after=2024-01-01T00:00:00', null],
    ['a later [] follows the largest integer key', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?ids[5]=a&ids[]=b&ids[2]=c&ids[]=d', null],
    ['nested arrays', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?attr[color][]=red&attr[color][]=blue&attr[size]=M', null],
    ['a repeated name keeps its last value in the first place', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?b[x]=1&b[y]=2&b[x]=3&status=any&status=publish', null],
    ['dots and spaces in a top-level name read as _', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?meta.key=a&my+name=b&c[d.e]=f', null],
    ['an unclosed first [ joins the name with _, a later one is dropped', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?a[b=1&c[d][e.f=2&x[y.z+w[=3&g[][h=4', null],
    ['text after ] is ignored', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?a[b]c=1&d[e]=2', null],
    ['a value then an array under one name', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?a=1&a[b]=2&c[d]=3&c=4', null],
    ['reserved and non-ASCII characters', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?search=caf%C3%A9+%26+cr%C3%A8me&sku=A%2FB%3DC&tag[%C3%A9t%C3%A9]=%E2%98%83', null],
    ['leading zeros make string keys', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?05=x&a[05]=1&a[]=2', null],
    ['the form body replaces the query top-level names', 'POST', 'http://shop.example.com/wp-json/wc/v3/products/batch?a[x]=1&b=2', 'a[y]=3&c[]=4&c[]=5&d=6'],
    ['a form body alone', 'POST', 'http://shop.example.com/wp-json/wc/v3/products', 'name=Premium+Quality&regular_price=21.99&categories[0][id]=9&categories[1][id]=14&images[][src]=http%3A%2F%2Fdemo.example.com%2F1.jpg'],
    ['empty values and names without =', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?a=&b&c[]=&[x]=1', null],
    ['names sorted decoded, as PHP has them (a{ after a0; RFC 5849 puts %7B first)', 'GET', 'http://shop.example.com/wp-json/wc/v3/products?a%7B=1&a0=2&a%21=3', null],
    ['a port and a path with an escape', 'GET', 'http://shop.example.com:8080/shop/wp-json/wc/v3/products/%C3%A9?x=1', null],
];

$enc = function ($value) use (&$enc) {
    if (is_array($value)) {
        return array_map($enc, $value);
    }
    return str_replace(['+', '%7E'], [' ', '~'], rawurlencode((string) $value));
};
$out = [];
foreach ($cases as $i => [$about, $method, $url, $body]) {
    $nonce = 'n' . str_pad((string) $i, 31, 'a');
    $timestamp = (string) (1700000000 + $i);
    $parts = parse_url($url);
    $get = [];
    parse_str($parts['query'] ?? '', $get);
    $post = [];
    if ($body !== null) {
        parse_str($body, $post);
    }
    $params = array_merge($get, $post, $protocol($nonce, $timestamp));
    uksort($params, 'strcmp');
    $params = array_combine($enc(array_keys($params)), $enc(array_values($params)));
    $leaves = [];
    $join = function (array $params, $prefix) use (&$join, &$leaves, $enc) {
        foreach ($params as $key => $value) {
            if ($prefix) {
                $key = $prefix . '%5B' . $key . '%5D';
            }
            if (is_array($value)) {
                $join($value, $key);
            } else {
                $leaves[] = $enc($key . '=' . $value);
            }
        }
    };
    $join($params, '');
    $port = isset($parts['port']) ? ':' . $parts['port'] : '';
    $base_uri = rawurlencode($parts['scheme'] . '://' . $parts['host'] . $port . $parts['path']);
    $base_string = $method . '&' . $base_uri . '&' . implode('%26', $leaves);
    $out[] = [
        'about' => $about,
        'method' => $method,
        'url' => $url,
        'body' => $body,
        'nonce' => $nonce,
        'timestamp' => (int) $timestamp,
        'base_string' => $base_string,
        'signature' => base64_encode(hash_hmac('sha256', $base_string, $secret . '&', true)),
    ];
}
$document = [
    'about' => 'Base strings and HMAC-SHA256 signatures as WooCommerce\'s REST API computes them '
        . '(WC_REST_Authentication::check_oauth_signature), with PHP ' . PHP_VERSION . '\'s parse_str '
        . 'standing for $_GET and $_POST: written by tests/scripts/woocommerce_vectors.php and checked '
        . 'by tests/tests/presets.rs through the woocommerce preset.',
    'consumer_key' => 'ck_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
    'consumer_secret' => $secret,
    'vectors' => $out,
];
echo json_encode($document, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), "\n";
