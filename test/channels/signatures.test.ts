import { describe, expect, it } from 'vitest';
import { metaSignature, subscriptionChallenge, verifyMetaSignature } from '#channels/meta/signature.ts';
import { twilioSignature, twilioStringToSign, verifyTwilioSignature } from '#channels/twilio/signature.ts';
import { crcResponseToken, verifyXSignature, xSignature } from '#channels/x/signature.ts';

/** The worked examples of the channel format reference, byte for byte. */
const META = {
  secret: 'example_app_secret',
  body: Buffer.from('{"object":"page","entry":[{"id":"1","time":1700000000000,"messaging":[]}]}'),
  signature: 'sha256=871a561ec147fa32155a979be6c7fd2e0dd3826e976f6c84b7a2a8e7362ff628',
};
const X = {
  secret: 'example_consumer_secret',
  crcToken: '0c1b2a39-8f7e-4d6c-b5a4-93827161504f',
  responseToken: 'sha256=o/dnwkX9ZZfNuF9n9MDUNMy0XhvxqX3PcjYqSoH+DLM=',
  body: Buffer.from('{"for_user_id":"42","direct_message_events":[]}'),
  signature: 'sha256=AFyorFS4091zSCYzoxHNKOS9P+mqkmMPRzoa3cKfC0A=',
};
const TWILIO = {
  token: 'example_auth_token',
  url: 'https://example.com/sms?x=1',
  body: 'To=%2B15005550001&From=%2B15005550006&Body=Hello+world&MessageSid=SM00000000000000000000000000000001',
  signature: 'EiVkak5GTgQD9TiCFLtzEz5PBKE=',
  signatureWithPort: 'lgIzn45o9tjvajCOE2l/ewVJNoE=',
};

describe('Meta X-Hub-Signature-256', () => {
  it('matches the known secret, body and signature', () => {
    expect(metaSignature(META.body, META.secret)).toBe(META.signature);
    expect(verifyMetaSignature(META.body, META.signature, META.secret)).toBe(true);
  });

  it('is computed over the bytes Meta sent, not a re-encoding of them', () => {
    const asSent = Buffer.from('{"text":"caf\\u00e9"}');
    const reEncoded = Buffer.from('{"text":"café"}');
    const header = 'sha256=ad5917d250dfdaf13ae83fcf88b4b959599e83be3241d3b50b2334bb79d4f963';
    expect(asSent).toHaveLength(20);
    expect(verifyMetaSignature(asSent, header, META.secret)).toBe(true);
    expect(verifyMetaSignature(reEncoded, header, META.secret)).toBe(false);
    expect(metaSignature(reEncoded, META.secret)).toBe(
      'sha256=12452b03dddb5d2d18ebd005be077d63659bdcdb17b669296bdb978e9cccb03a',
    );
  });

  it.each([
    ['a body changed by one byte', Buffer.from(META.body.toString().replace('"1"', '"2"')), META.signature],
    ['a body with a trailing newline', Buffer.concat([META.body, Buffer.from('\n')]), META.signature],
    ['another secret’s signature', META.body, metaSignature(META.body, 'another_secret')],
    ['no header', META.body, undefined],
    ['an empty header', META.body, ''],
    ['the legacy SHA-1 header', META.body, 'sha1=e81b6b8c48feb5da02e3dcfc66073bb8b9801ea8'],
    ['a digest without its prefix', META.body, META.signature.slice(7)],
    ['a truncated digest', META.body, META.signature.slice(0, -2)],
    ['a digest one byte too long', META.body, `${META.signature}00`],
    ['a digest that is not hex', META.body, `sha256=${'zz'.repeat(32)}`],
  ])('refuses %s', (_, body, header) => {
    expect(verifyMetaSignature(body, header, META.secret)).toBe(false);
  });

  it('answers the handshake only for a subscription with our verify token', () => {
    const query = {
      'hub.mode': 'subscribe',
      'hub.challenge': '2096481573',
      'hub.verify_token': 'nw-verify-7d1e4c',
    };
    expect(subscriptionChallenge(query, 'nw-verify-7d1e4c')).toBe('2096481573');
    expect(
      subscriptionChallenge({ ...query, 'hub.verify_token': 'nw-verify-7d1e4' }, 'nw-verify-7d1e4c'),
    ).toBe(undefined);
    expect(subscriptionChallenge({ ...query, 'hub.mode': 'unsubscribe' }, 'nw-verify-7d1e4c')).toBe(
      undefined,
    );
    expect(subscriptionChallenge({ 'hub.mode': 'subscribe' }, 'nw-verify-7d1e4c')).toBe(undefined);
  });
});

describe('X Account Activity signatures', () => {
  it('answers the Challenge-Response Check with the known token', () => {
    expect(crcResponseToken(X.crcToken, X.secret)).toBe(X.responseToken);
  });

  it('matches the known secret, body and signature', () => {
    expect(xSignature(X.body, X.secret)).toBe(X.signature);
    expect(verifyXSignature(X.body, X.signature, X.secret)).toBe(true);
  });

  it.each([
    ['a tampered body', Buffer.from(X.body.toString().replace('42', '43')), X.signature],
    ['another secret’s signature', X.body, xSignature(X.body, 'another_secret')],
    ['no header', X.body, undefined],
    ['a hex digest instead of base64', X.body, `sha256=${'ab'.repeat(32)}`],
    ['a digest without its prefix', X.body, X.signature.slice(7)],
    ['a truncated digest', X.body, X.signature.slice(0, -4)],
    ['base64 that is not base64', X.body, 'sha256=!!!!'],
  ])('refuses %s', (_, body, header) => {
    expect(verifyXSignature(body, header, X.secret)).toBe(false);
  });
});

describe('Twilio X-Twilio-Signature', () => {
  const params = new URLSearchParams(TWILIO.body);

  it('signs the URL followed by the sorted, decoded parameters', () => {
    expect(twilioStringToSign(TWILIO.url, params)).toBe(
      'https://example.com/sms?x=1BodyHello worldFrom+15005550006MessageSidSM00000000000000000000000000000001To+15005550001',
    );
    expect(twilioSignature(TWILIO.url, params, TWILIO.token)).toBe(TWILIO.signature);
  });

  it('accepts the signature whether Twilio signed the URL with the default port or without', () => {
    expect(verifyTwilioSignature(TWILIO.url, params, TWILIO.signature, TWILIO.token)).toBe(true);
    expect(verifyTwilioSignature(TWILIO.url, params, TWILIO.signatureWithPort, TWILIO.token)).toBe(true);
    expect(
      verifyTwilioSignature('https://example.com:443/sms?x=1', params, TWILIO.signature, TWILIO.token),
    ).toBe(true);
  });

  it('appends a repeated parameter once per value, values sorted', () => {
    const repeated = new URLSearchParams('b=2&a=z&a=y');
    expect(twilioStringToSign('https://example.com/', repeated)).toBe('https://example.com/ayazb2');
  });

  it.each([
    ['a changed parameter', TWILIO.url, TWILIO.body.replace('Hello', 'Hallo'), TWILIO.signature],
    ['an added parameter', TWILIO.url, `${TWILIO.body}&Extra=1`, TWILIO.signature],
    ['another URL', 'https://example.com/sms?x=2', TWILIO.body, TWILIO.signature],
    ['another scheme', 'http://example.com/sms?x=1', TWILIO.body, TWILIO.signature],
    ['another token’s signature', TWILIO.url, TWILIO.body, twilioSignature(TWILIO.url, params, 'other')],
    ['no header', TWILIO.url, TWILIO.body, undefined],
    ['a truncated signature', TWILIO.url, TWILIO.body, TWILIO.signature.slice(0, -4)],
  ])('refuses %s', (_, url, body, header) => {
    expect(verifyTwilioSignature(url, new URLSearchParams(body), header, TWILIO.token)).toBe(false);
  });
});
