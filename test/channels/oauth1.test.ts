import { describe, expect, it } from 'vitest';
import { oauth1Authorization } from '#channels/x/oauth1.ts';
import {
  hmacSha1Signature,
  oauthHeaderParams,
  signatureBaseString,
  verifyOAuth1,
} from '../support/oauth1.ts';

/** The worked example of X's "Creating a signature" guide. */
const EXAMPLE = {
  credentials: {
    consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
    consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
    token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
    tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
  },
  request: {
    method: 'POST',
    url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
    form: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' },
  },
  nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
  at: new Date(1318622958 * 1000),
  signature: 'hCtSmYh+iHYCEqBWrE7C7hYmtUk=',
};

describe('OAuth 1.0a signatures', () => {
  it('signs the worked example of X’s guide to its published signature', () => {
    const header = oauth1Authorization(EXAMPLE.request, EXAMPLE.credentials, {
      at: EXAMPLE.at,
      nonce: EXAMPLE.nonce,
    });
    expect(header).toBe(
      'OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", ' +
        'oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", ' +
        'oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D", oauth_signature_method="HMAC-SHA1", ' +
        'oauth_timestamp="1318622958", ' +
        'oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"',
    );
    // The example computed from the RFC alone gives the same signature.
    const params = Object.entries(oauthHeaderParams(header) ?? {});
    const base = signatureBaseString('POST', EXAMPLE.request.url, [
      ...params,
      ['status', EXAMPLE.request.form.status],
    ]);
    expect(base).toBe(
      'POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26' +
        'oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26' +
        'oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26' +
        'oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26' +
        'status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521',
    );
    expect(hmacSha1Signature(base, EXAMPLE.credentials.consumerSecret, EXAMPLE.credentials.tokenSecret)).toBe(
      EXAMPLE.signature,
    );
  });

  it('signs a media GET with a fresh nonce and the given time, as the RFC computes it', () => {
    const url =
      'https://TON.twitter.com:443/1.1/ton/data/dm/1899441236502876161/1899441200000000000/Xk3pQ9zL.jpg#top';
    const at = new Date();
    const credentials = { ...EXAMPLE.credentials, consumerKey: 'app-key' };
    const first = oauth1Authorization({ method: 'get', url }, credentials, { at });
    const second = oauth1Authorization({ method: 'GET', url }, credentials, { at });
    const sent = url.replace('TON', 'ton').replace(':443', '').replace('#top', '');
    for (const authorization of [first, second]) {
      expect(verifyOAuth1({ method: 'GET', url: sent, authorization }, credentials)).toBe(true);
    }
    const [a, b] = [oauthHeaderParams(first), oauthHeaderParams(second)];
    expect(a?.oauth_nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(a?.oauth_nonce).not.toBe(b?.oauth_nonce);
    expect(a?.oauth_timestamp).toBe(String(Math.floor(at.getTime() / 1000)));
    // Any other URL, secret or moment does not verify.
    expect(verifyOAuth1({ method: 'GET', url: `${sent}?x=1`, authorization: first }, credentials)).toBe(
      false,
    );
    expect(
      verifyOAuth1(
        { method: 'GET', url: sent, authorization: first },
        { ...credentials, tokenSecret: 'other' },
      ),
    ).toBe(false);
    expect(
      verifyOAuth1({ method: 'GET', url: sent, authorization: first }, credentials, Date.now() + 600_000),
    ).toBe(false);
  });
});
