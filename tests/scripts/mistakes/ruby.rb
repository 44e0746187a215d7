# Requests signed by two Ruby libraries, each making its own known mistake (see generate.sh).
# Needs the gems oauth 0.5.4 and simple_oauth 0.3.1.
require 'json'
require 'net/http'
require 'oauth'
require 'oauth/client/helper'
require 'oauth/request_proxy/net_http'
require 'simple_oauth'

CLIENT = { key: 'dpf43f3p2l4k3l03', secret: 'kd94hf93k423kf44' }.freeze
TOKEN = { key: 'nnch734d00sl2jdk', secret: 'pfkkdhi9sl3r4s00' }.freeze
NONCE = 'kllo9940pd9333jh'
TIMESTAMP = '1191242096'
cases = []

add = lambda do |source, name, mistake, method, url, content_type, body, authorization|
  cases << {
    source: source, name: name, mistake: mistake, method: method, url: url, content_type: content_type,
    body: body, consumer_key: CLIENT[:key], consumer_secret: CLIENT[:secret], token: TOKEN[:key],
    token_secret: TOKEN[:secret], signature_method: 'HMAC-SHA1', nonce: NONCE, timestamp: TIMESTAMP.to_i,
    realm: nil, callback: nil, verifier: nil, version: true, authorization: authorization
  }
end

# The oauth gem 0.5.4 signs a form body's parameters for POST and PUT only: a PATCH's are left out.
url = 'https://api.example.com/1.1/items/7.json'
body = 'name=Widget&color=blue'
request = Net::HTTPGenericRequest.new('PATCH', true, true, '/1.1/items/7.json')
request['Content-Type'] = 'application/x-www-form-urlencoded'
request.body = body
consumer = OAuth::Consumer.new(CLIENT[:key], CLIENT[:secret])
access = OAuth::AccessToken.new(consumer, TOKEN[:key], TOKEN[:secret])
helper = OAuth::Client::Helper.new(request, consumer: consumer, token: access, request_uri: url, nonce: NONCE,
                                            timestamp: TIMESTAMP, signature_method: 'HMAC-SHA1')
add.call('oauth gem 0.5.4 (Ruby)', 'oauth gem PATCH form', 'Missing', 'PATCH', url,
         'application/x-www-form-urlencoded', body, helper.header)

# simple_oauth 0.3.1 reads the query with CGI.parse, which also splits at `;` and drops a name sent
# without `=`.
options = { consumer_key: CLIENT[:key], consumer_secret: CLIENT[:secret], token: TOKEN[:key],
            token_secret: TOKEN[:secret], nonce: NONCE, timestamp: TIMESTAMP }
[
  ['simple_oauth semicolon', 'Semicolon', 'https://api.example.com/1.1/search/tweets.json?q=a;lang=en'],
  ['simple_oauth bare name', 'Missing', 'https://api.example.com/1.1/statuses/home_timeline.json?count=5&trim_user']
].each do |name, mistake, url|
  header = SimpleOAuth::Header.new('GET', url, {}, options).to_s
  add.call('simple_oauth 0.3.1 (Ruby)', name, mistake, 'GET', url, nil, nil, header)
end

puts JSON.pretty_generate(cases)
