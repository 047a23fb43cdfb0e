/** The deployment the stack tests synthesize: every optional integration configured. */

export const CONNECT_INSTANCE =
  'arn:aws:connect:us-east-1:123456789012:instance/0c4f5f1e-6f7a-4c1e-9d3b-2a8e5b6c7d8e';
export const TASK_FLOW = '11111111-2222-4333-8444-555555555555';
export const CALLBACK_QUEUE = '66666666-7777-4888-9999-000000000000';
export const WEB_CALL_FLOW = '77777777-8888-4999-8aaa-bbbbbbbbbbbb';

export const SECRETS = { meta: 'onethread/meta', x: 'onethread/x', twilio: 'onethread/twilio' };
export const IDENTITY_TOKEN_SECRET = 'onethread/identity-tokens';
export const IDENTITY_JWKS = 'https://login.example.com/.well-known/jwks.json';
export const ARTICLE_URL = 'https://shop.example/help/?article={articleId}';

/** The context the stack is synthesized with, over cdk.json's. */
export const STACK_CONTEXT = {
  'onethread:allowedOrigins': 'https://www.example.com',
  'onethread:emailDomain': 'support.example.com',
  'onethread:emailReceiptAddresses': 'help@support.example.com,billing@support.example.com',
  'onethread:providerSecrets': SECRETS,
  'onethread:identityTokenSecret': IDENTITY_TOKEN_SECRET,
  'onethread:identityTokenJwksUrl': IDENTITY_JWKS,
  'onethread:routingConfig': { offerSeconds: 30 },
  'onethread:connectInstanceArn': CONNECT_INSTANCE,
  'onethread:connectTaskFlowId': TASK_FLOW,
  'onethread:connectCallbackFlowId': TASK_FLOW,
  'onethread:connectCallbackQueueId': CALLBACK_QUEUE,
  'onethread:connectWebCallFlowId': WEB_CALL_FLOW,
  'onethread:kbArticleUrl': ARTICLE_URL,
};
