import { describe, expect, it } from 'vitest';
import type { FUNCTIONS } from '../../../functions/routes.ts';
import { SECRETS } from './deployment.ts';
import { envOf, httpApiId, template } from './synthesized.ts';

describe('provider webhooks and replies', () => {
  const apiEndpoint = () => ({ 'Fn::GetAtt': [httpApiId(), 'ApiEndpoint'] });
  const reference = (provider: keyof typeof SECRETS, key: string) =>
    `{{resolve:secretsmanager:${SECRETS[provider]}:SecretString:${key}::}}`;
  const SECRET_VARIABLES = /^(META_|X_CONSUMER|X_ACCESS|X_OAUTH1|TWILIO_(AUTH|ACCOUNT))/;
  const secretsOf = (name: keyof typeof FUNCTIONS) =>
    Object.fromEntries(Object.entries(envOf(name)).filter(([key]) => SECRET_VARIABLES.test(key)));

  const SECRET_IDS = /^ONETHREAD_(META|X|TWILIO)_SECRET_ID$/;
  const secretIdsOf = (name: keyof typeof FUNCTIONS) =>
    Object.fromEntries(Object.entries(envOf(name)).filter(([key]) => SECRET_IDS.test(key)));

  it('tells each function where its providers’ secrets are, and puts no credential in its configuration', () => {
    expect(secretIdsOf('metaWebhook')).toEqual({ ONETHREAD_META_SECRET_ID: SECRETS.meta });
    expect(secretIdsOf('xWebhook')).toEqual({ ONETHREAD_X_SECRET_ID: SECRETS.x });
    expect(secretIdsOf('twilioWebhook')).toEqual({ ONETHREAD_TWILIO_SECRET_ID: SECRETS.twilio });
    expect(secretIdsOf('replies')).toEqual({
      ONETHREAD_META_SECRET_ID: SECRETS.meta,
      ONETHREAD_X_SECRET_ID: SECRETS.x,
      ONETHREAD_TWILIO_SECRET_ID: SECRETS.twilio,
    });
    // The ingest consumer sends queued notices and surveys: what replies need to send.
    expect(secretIdsOf('ingest')).toEqual(secretIdsOf('replies'));
    // The account SID identifies the Twilio account; it is not a credential.
    for (const name of ['twilioWebhook', 'replies', 'ingest'] as const) {
      expect(secretsOf(name), name).toEqual({
        TWILIO_ACCOUNT_SID: reference('twilio', 'TWILIO_ACCOUNT_SID'),
      });
    }
    for (const name of ['metaWebhook', 'xWebhook'] as const) expect(secretsOf(name), name).toEqual({});
    for (const name of ['chatApi', 'agentApi', 'health', 'router', 'emailInbound'] as const) {
      expect(secretsOf(name), name).toEqual({});
      expect(secretIdsOf(name), name).toEqual({});
    }
  });

  it('tells Twilio-facing functions the public URL, built from the API id without a cycle', () => {
    for (const name of ['twilioWebhook', 'replies'] as const) {
      expect(envOf(name).ONETHREAD_PUBLIC_URL, name).toEqual(apiEndpoint());
    }
    template.hasOutput('TwilioWebhookUrl', {
      Value: { 'Fn::Join': ['', [apiEndpoint(), '/webhooks/twilio/sms']] },
    });
  });
});
