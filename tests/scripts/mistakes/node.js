// Requests signed by two Node.js libraries, each making its own known mistake (see generate.sh).
// Needs `npm install oauth@0.10.2 oauth-1.0a@2.2.6` where NODE_PATH points.
const crypto = require('crypto');
const { OAuth } = require('oauth');
const OAuth1a = require('oauth-1.0a');

const client = { key: 'dpf43f3p2l4k3l03', secret: 'kd94hf93k423kf44' };
const token = { key: 'nnch734d00sl2jdk', secret: 'pfkkdhi9sl3r4s00' };
const [nonce, timestamp] = ['kllo9940pd9333jh', '1191242096'];
const cases = [];

function push(source, name, mistake, method, url, authorization) {
  cases.push({
    source, name, mistake, method, url, content_type: null, body: null,
    consumer_key: client.key, consumer_secret: client.secret, token: token.key, token_secret: token.secret,
    signature_method: 'HMAC-SHA1', nonce, timestamp: Number(timestamp), realm: null, callback: null,
    verifier: null, version: true, authorization,
  });
}

// oauth-1.0a 2.2.6 signs the URL's authority as written: a default port, the host's case.
const oauth1a = OAuth1a({
  consumer: client,
  signature_method: 'HMAC-SHA1',
  hash_function: (base, key) => crypto.createHmac('sha1', key).update(base).digest('base64'),
});
oauth1a.getNonce = () => nonce;
oauth1a.getTimeStamp = () => Number(timestamp);
for (const [name, mistake, url] of [
  ['oauth-1.0a default port', 'DefaultPort', 'https://api.example.com:443/1.1/statuses/home_timeline.json?count=5'],
  ['oauth-1.0a host case', 'UriCase', 'https://API.Example.com/1.1/users/show.json?screen_name=twitterapi'],
]) {
  const request = { url, method: 'GET' };
  const header = oauth1a.toHeader(oauth1a.authorize(request, token)).Authorization;
  push('oauth-1.0a 2.2.6 (npm)', name, mistake, 'GET', url, header);
}

// node-oauth 0.10.2 (`oauth` on npm) reads a repeated query name as a list and signs it as `name[0]`,
// `name[1]` (Node's querystring).
const node = new OAuth(null, null, client.key, client.secret, '1.0', null, 'HMAC-SHA1');
node._getTimestamp = () => timestamp;
node._getNonce = () => nonce;
{
  const url = 'https://api.example.com/1.1/lists/members.json?user_id=12&user_id=3';
  const params = node._prepareParameters(token.key, token.secret, 'GET', url, {});
  push('node-oauth 0.10.2 (npm oauth)', 'node-oauth repeated name', 'IndexedNames', 'GET', url,
    node._buildAuthorizationHeaders(params));
}

console.log(JSON.stringify(cases, null, 1));
