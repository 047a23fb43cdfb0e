import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app.ts';
import { ConfigError, functionEnvironment, parseConfig } from '../../lib/config.ts';

const configError = (context: Record<string, unknown>) => {
  try {
    parseConfig(context);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('deployment configuration from CDK context', () => {
  it('deploys a protected dev stage with US numbers and a one-day conversation window by default', () => {
    expect(parseConfig({})).toEqual({
      stage: 'dev',
      defaultCountry: 'US',
      conversationQuietSeconds: 86_400,
      routingRules: undefined,
      routingConfig: undefined,
      routingPartitions: undefined,
      publicUrl: undefined,
      allowedOrigins: [],
      authDomainPrefix: undefined,
      consoleUrls: [],
      deletionProtection: true,
      logRetentionDays: 30,
      agentMfa: 'required',
      apiRateLimit: 100,
      apiBurstLimit: 200,
      apiGatewayLogsRole: true,
      alarmEmail: undefined,
      serviceAlarms: { serviceLevelPercent: 80, abandonmentPercent: 10 },
      consoleDist: 'console/dist',
      webhooks: [],
      kbLanguages: 'en',
      kbArticleUrl: undefined,
      language: { translation: false, translationLanguages: [] },
      channels: {
        connectInstanceArn: undefined,
        connect: {
          taskFlowId: undefined,
          callbackFlowId: undefined,
          callbackQueueId: undefined,
          requestsPerSecond: 1,
        },
        emailDomain: undefined,
        emailReceiptAddresses: [],
        providerSecrets: {},
      },
    });
  });

  it('accepts the strings `cdk -c key=value` passes as well as JSON values from cdk.json', () => {
    const fromCli = parseConfig({
      'onethread:deletionProtection': 'false',
      'onethread:conversationQuietSeconds': '3600',
      'onethread:allowedOrigins': 'https://www.example.com, http://localhost:5173',
      'onethread:routingRules': '{"defaultQueue":"support"}',
      'onethread:providerSecrets': '{"meta":"onethread/meta"}',
      'onethread:defaultCountry': 'de',
    });
    expect(fromCli).toMatchObject({
      deletionProtection: false,
      conversationQuietSeconds: 3600,
      allowedOrigins: ['https://www.example.com', 'http://localhost:5173'],
      routingRules: { defaultQueue: 'support', entryPoints: [] },
      defaultCountry: 'DE',
      channels: { providerSecrets: { meta: 'onethread/meta' } },
    });
    const fromJson = parseConfig({
      'onethread:deletionProtection': false,
      'onethread:allowedOrigins': ['https://www.example.com'],
      'onethread:routingRules': { entryPoints: [{ channel: 'chat', match: 'billing', queue: 'billing' }] },
    });
    expect(fromJson.routingRules?.entryPoints[0]).toMatchObject({ queue: 'billing' });
  });

  it('names the key and the expectation when a value is invalid', () => {
    expect(configError({ 'onethread:defaultCountry': 'USA' }).message).toBe(
      "Invalid CDK context 'onethread:defaultCountry': a two-letter ISO 3166 country code such as US or DE",
    );
    expect(configError({ 'onethread:deletionProtection': 'yes' }).key).toBe('onethread:deletionProtection');
    expect(configError({ 'onethread:allowedOrigins': 'http://www.example.com' }).message).toMatch(
      /onethread:allowedOrigins.*http only for localhost/,
    );
    expect(configError({ 'onethread:logRetentionDays': 10 }).message).toMatch(/one of 1, 3, 5, 7, 14, 30/);
    expect(configError({ 'onethread:stage': 'Prod_1' }).key).toBe('onethread:stage');
  });

  it('points inside routing rules to the field that is wrong', () => {
    const error = configError({ 'onethread:routingRules': { entryPoints: [{ match: 'billing' }] } });
    expect(error.message).toMatch(
      /^Invalid CDK context 'onethread:routingRules': .*\(at entryPoints\.0\.queue\)$/,
    );
    expect(configError({ 'onethread:routingRules': '{not json' }).key).toBe('onethread:routingRules');
  });

  it('rejects a misspelt onethread key instead of silently ignoring it', () => {
    expect(configError({ 'onethread:defaultcountry': 'DE' }).message).toMatch(
      /^Invalid CDK context 'onethread:defaultcountry': unknown key; expected one of onethread:stage, /,
    );
  });

  it('validates the Amazon Connect flows and queue, and needs the instance for them', () => {
    const instance = 'arn:aws:connect:us-east-1:123456789012:instance/0c4f5f1e-6f7a-4c1e-9d3b-2a8e5b6c7d8e';
    const flow = '11111111-2222-4333-8444-555555555555';
    const queue = '66666666-7777-4888-9999-000000000000';
    expect(
      parseConfig({
        'onethread:connectInstanceArn': instance,
        'onethread:connectTaskFlowId': flow,
        'onethread:connectCallbackFlowId': flow,
        'onethread:connectCallbackQueueId': queue,
        'onethread:connectRequestsPerSecond': '2',
      }).channels.connect,
    ).toEqual({ taskFlowId: flow, callbackFlowId: flow, callbackQueueId: queue, requestsPerSecond: 2 });
    expect(configError({ 'onethread:connectTaskFlowId': flow }).message).toMatch(
      /needs onethread:connectInstanceArn/,
    );
    expect(
      configError({ 'onethread:connectInstanceArn': instance, 'onethread:connectCallbackFlowId': flow }).key,
    ).toBe('onethread:connectCallbackQueueId');
    expect(
      configError({ 'onethread:connectInstanceArn': instance, 'onethread:connectTaskFlowId': 'my-flow' }).key,
    ).toBe('onethread:connectTaskFlowId');
    expect(configError({ 'onethread:connectRequestsPerSecond': '0' }).key).toBe(
      'onethread:connectRequestsPerSecond',
    );
  });

  it('validates the settings of channels that arrive later', () => {
    expect(
      configError({ 'onethread:connectInstanceArn': 'arn:aws:connect:us-east-1:1:instance/x' }).key,
    ).toBe('onethread:connectInstanceArn');
    expect(
      parseConfig({
        'onethread:connectInstanceArn':
          'arn:aws:connect:us-east-1:123456789012:instance/0c4f5f1e-6f7a-4c1e-9d3b-2a8e5b6c7d8e',
        'onethread:emailDomain': 'support.example.com',
        'onethread:emailReceiptAddresses': 'help@support.example.com,billing@support.example.com',
      }).channels.emailReceiptAddresses,
    ).toHaveLength(2);
    expect(configError({ 'onethread:emailReceiptAddresses': 'help@example.com' }).message).toMatch(
      /needs onethread:emailDomain/,
    );
    expect(
      configError({
        'onethread:emailDomain': 'support.example.com',
        'onethread:emailReceiptAddresses': 'help@example.com',
      }).message,
    ).toMatch(/help@example.com is not an address of onethread:emailDomain/);
    expect(configError({ 'onethread:providerSecrets': { telegram: 'x' } }).key).toBe(
      'onethread:providerSecrets',
    );
    // One secret per provider the functions talk to, not per channel.
    expect(configError({ 'onethread:providerSecrets': { whatsapp: 'x' } }).key).toBe(
      'onethread:providerSecrets',
    );
    expect(
      parseConfig({ 'onethread:providerSecrets': '{"meta":"ot/meta","x":"ot/x","twilio":"ot/twilio"}' })
        .channels.providerSecrets,
    ).toEqual({ meta: 'ot/meta', x: 'ot/x', twilio: 'ot/twilio' });
  });

  it('accepts identity tokens once a key is named, with an audience of the stage unless given', () => {
    expect(parseConfig({}).identityTokens).toBeUndefined();
    expect(
      parseConfig({ 'onethread:stage': 'prod', 'onethread:identityTokenSecret': 'ot/identity' })
        .identityTokens,
    ).toEqual({ audience: 'onethread-prod', secretName: 'ot/identity', jwksUrl: undefined });
    expect(
      parseConfig({
        'onethread:identityTokenJwksUrl': 'https://login.example.com/.well-known/jwks.json',
        'onethread:identityTokenAudience': 'https://support.example.com',
      }).identityTokens,
    ).toEqual({
      audience: 'https://support.example.com',
      secretName: undefined,
      jwksUrl: 'https://login.example.com/.well-known/jwks.json',
    });
    expect(configError({ 'onethread:identityTokenJwksUrl': 'http://login.example.com/jwks' }).key).toBe(
      'onethread:identityTokenJwksUrl',
    );
    expect(configError({ 'onethread:identityTokenSecret': 'no spaces please' }).key).toBe(
      'onethread:identityTokenSecret',
    );
    expect(configError({ 'onethread:identityTokenAudience': 'onethread-dev' }).message).toMatch(
      /needs onethread:identityTokenSecret or onethread:identityTokenJwksUrl/,
    );
  });

  it('takes outbound webhooks as a JSON list of named https URLs, event types and secret names', () => {
    const crm = {
      name: 'crm',
      url: 'https://crm.example.com/hooks/onethread',
      eventTypes: ['customer.erased'],
    };
    expect(parseConfig({ 'onethread:webhooks': JSON.stringify([crm]) }).webhooks).toEqual([crm]);
    expect(
      configError({ 'onethread:webhooks': [{ ...crm, url: 'http://crm.example.com/' }] }).message,
    ).toMatch(/https URL.*at 0\.url/);
    expect(configError({ 'onethread:webhooks': [{ ...crm, eventTypes: ['customer.created'] }] }).key).toBe(
      'onethread:webhooks',
    );
    expect(configError({ 'onethread:webhooks': [crm, crm] }).message).toMatch(/names must differ/);
    expect(configError({ 'onethread:webhooks': [{ ...crm, token: 'x' }] }).key).toBe('onethread:webhooks');
  });

  it('checks routing engine settings with the engine schema and hands them on as given', () => {
    expect(parseConfig({ 'onethread:routingConfig': '{"offerSeconds":30}' }).routingConfig).toEqual({
      offerSeconds: 30,
    });
    expect(configError({ 'onethread:routingConfig': { offerSecs: 30 } }).key).toBe('onethread:routingConfig');
    expect(configError({ 'onethread:routingConfig': { offerSeconds: -1 } }).message).toMatch(
      /\(at offerSeconds\)$/,
    );
  });

  it('splits the floor into routing partitions, each queue and agent in one, and tells every function', () => {
    const layout = { east: { queues: ['east-chat'], agents: ['eve'] } };
    const config = parseConfig({ 'onethread:routingPartitions': JSON.stringify(layout) });
    expect(config.routingPartitions).toEqual(layout);
    expect(functionEnvironment(config).ONETHREAD_ROUTING_PARTITIONS).toBe(JSON.stringify(layout));
    const twice = { a: { queues: ['q'] }, b: { queues: ['q'] } };
    expect(configError({ 'onethread:routingPartitions': twice })).toMatchObject({
      key: 'onethread:routingPartitions',
      message: expect.stringMatching(/queue q is in both a and b/),
    });
    expect(configError({ 'onethread:routingPartitions': { east: { queue: [] } } }).key).toBe(
      'onethread:routingPartitions',
    );
  });

  it('takes the page customers read articles on as an https URL with the article id in it', () => {
    const url = 'https://shop.example/help/?article={articleId}';
    expect(parseConfig({ 'onethread:kbArticleUrl': url }).kbArticleUrl).toBe(url);
    for (const bad of [
      'http://shop.example/help/{articleId}',
      'https://shop.example/help/',
      'shop.example/{articleId}',
    ]) {
      expect(configError({ 'onethread:kbArticleUrl': bad }).key, bad).toBe('onethread:kbArticleUrl');
    }
  });

  it('takes a public URL for a custom domain as scheme and host only', () => {
    expect(parseConfig({ 'onethread:publicUrl': 'https://api.example.com' }).publicUrl).toBe(
      'https://api.example.com',
    );
    for (const bad of ['http://api.example.com', 'https://api.example.com/', 'https://api.example.com/v1']) {
      expect(configError({ 'onethread:publicUrl': bad }).key, bad).toBe('onethread:publicUrl');
    }
  });

  it('takes a Hosted UI domain prefix Cognito accepts, and console URLs it can return to', () => {
    expect(parseConfig({ 'onethread:authDomainPrefix': 'northwind-agents' }).authDomainPrefix).toBe(
      'northwind-agents',
    );
    for (const bad of ['Northwind', '-northwind', 'northwind-', 'my-aws-agents', 'cognito-login', 'a.b']) {
      expect(configError({ 'onethread:authDomainPrefix': bad }).key, bad).toBe('onethread:authDomainPrefix');
    }
    expect(
      parseConfig({
        'onethread:consoleUrls': 'https://agents.example.com/console/, http://localhost:5173/console/',
      }).consoleUrls,
    ).toEqual(['https://agents.example.com/console/', 'http://localhost:5173/console/']);
    for (const bad of [
      'https://agents.example.com',
      'https://agents.example.com/console',
      'http://agents.example.com/console/',
    ]) {
      expect(configError({ 'onethread:consoleUrls': bad }).message, bad).toMatch(
        /onethread:consoleUrls.*such as https:\/\/agents\.example\.com\/console\//,
      );
    }
  });

  it('hands the functions the settings they read, in their variable names', () => {
    const config = parseConfig({
      'onethread:defaultCountry': 'gb',
      'onethread:routingRules': { defaultQueue: 'support' },
    });
    expect(functionEnvironment(config)).toEqual({
      ONETHREAD_DEFAULT_COUNTRY: 'GB',
      ONETHREAD_CONVERSATION_QUIET_SECONDS: '86400',
      ONETHREAD_TRANSLATION: 'off',
      ONETHREAD_ROUTING_RULES: '{"defaultQueue":"support","entryPoints":[]}',
    });
    expect(functionEnvironment(parseConfig({}))).not.toHaveProperty('ONETHREAD_ROUTING_RULES');
  });

  it('hands the functions a retention policy given as JSON, and refuses negative days at synth', () => {
    const config = parseConfig({ 'onethread:retention': '{"channels":{"chat":365},"emailRaw":90}' });
    expect(config.retention).toEqual({ channels: { chat: 365 }, emailRaw: 90 });
    expect(functionEnvironment(config).ONETHREAD_RETENTION).toBe('{"channels":{"chat":365},"emailRaw":90}');
    expect(functionEnvironment(parseConfig({}))).not.toHaveProperty('ONETHREAD_RETENTION');
    expect(configError({ 'onethread:retention': { messages: -1 } }).message).toMatch(
      /onethread:retention.*at messages/,
    );
    expect(configError({ 'onethread:retention': '{chat: 365}' }).message).toMatch(/onethread:retention/);
  });

  it('hands the functions the approved WhatsApp templates, and refuses a malformed one at synth', () => {
    const templates = [
      { name: 'order_update', language: 'en_US', body: 'Hi {{1}}, your order has shipped.' },
    ];
    const config = parseConfig({ 'onethread:whatsappTemplates': JSON.stringify(templates) });
    expect(config.whatsappTemplates).toEqual(templates);
    expect(JSON.parse(functionEnvironment(config).ONETHREAD_WHATSAPP_TEMPLATES ?? '')).toEqual(templates);
    expect(functionEnvironment(parseConfig({}))).not.toHaveProperty('ONETHREAD_WHATSAPP_TEMPLATES');
    const numbered = parseConfig({ 'onethread:whatsappPhoneNumberId': '106712349875321' });
    expect(functionEnvironment(numbered).ONETHREAD_WHATSAPP_PHONE_NUMBER_ID).toBe('106712349875321');
    expect(configError({ 'onethread:whatsappPhoneNumberId': '+1 555' }).message).toMatch(
      /onethread:whatsappPhoneNumberId/,
    );
    expect(
      configError({ 'onethread:whatsappTemplates': [{ ...templates[0], name: 'Order' }] }).message,
    ).toMatch(/onethread:whatsappTemplates/);
  });

  it('turns live translation on for the languages given, and sets detection’s last fallback', () => {
    const config = parseConfig({
      'onethread:translation': 'true',
      'onethread:translationLanguages': 'en,es,fr',
      'onethread:defaultLanguage': 'en',
    });
    expect(functionEnvironment(config)).toMatchObject({
      ONETHREAD_TRANSLATION: 'on',
      ONETHREAD_TRANSLATION_LANGUAGES: 'en,es,fr',
      ONETHREAD_DEFAULT_LANGUAGE: 'en',
    });
    expect(() => parseConfig({ 'onethread:translationLanguages': 'english' })).toThrow(ConfigError);
  });

  it('stops the app before any resource is created when the context is invalid', () => {
    const app = new App({ context: { 'onethread:conversationQuietSeconds': 'soon' } });
    expect(() => buildApp(app)).toThrow(ConfigError);
    expect(app.node.children).toHaveLength(0);
  });
});
