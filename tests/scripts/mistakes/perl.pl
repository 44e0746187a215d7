# A request signed by Net::OAuth, making its known mistake (see generate.sh). Needs Net::OAuth 0.28.
use strict;
use warnings;
use JSON::PP;
use Net::OAuth;
$Net::OAuth::PROTOCOL_VERSION = Net::OAuth::PROTOCOL_VERSION_1_0A;

my %client = (key => 'dpf43f3p2l4k3l03', secret => 'kd94hf93k423kf44');
my %token = (key => 'nnch734d00sl2jdk', secret => 'pfkkdhi9sl3r4s00');
my ($nonce, $timestamp) = ('kllo9940pd9333jh', 1191242096);

# Net::OAuth 0.28 encodes text that is already UTF-8 octets as UTF-8 once more: here a form body's
# value, given as the octets it was sent as.
my $url = 'https://api.example.com/1.1/statuses/update.json';
my $body = 'status=Caf%C3%A9';
my $request = Net::OAuth->request('protected resource')->new(
    consumer_key => $client{key}, consumer_secret => $client{secret}, token => $token{key},
    token_secret => $token{secret}, request_url => $url, request_method => 'POST',
    signature_method => 'HMAC-SHA1', timestamp => $timestamp, nonce => $nonce,
    extra_params => { status => "Caf\xC3\xA9" },
);
$request->sign;
my $header = $request->to_authorization_header;
my @cases = ({
    source => 'Net::OAuth 0.28 (Perl)', name => 'Net::OAuth UTF-8 value', mistake => 'Utf8Twice',
    method => 'POST', url => $url, content_type => 'application/x-www-form-urlencoded', body => $body,
    consumer_key => $client{key}, consumer_secret => $client{secret}, token => $token{key},
    token_secret => $token{secret}, signature_method => 'HMAC-SHA1', nonce => $nonce,
    timestamp => $timestamp, realm => undef, callback => undef, verifier => undef,
    version => JSON::PP::true, authorization => $header,
});
print JSON::PP->new->pretty->canonical->encode(\@cases);
