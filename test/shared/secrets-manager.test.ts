import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticSecrets } from '#shared/secrets.ts';
import { secretsManagerSecrets } from '#shared/secrets-manager.ts';

/** A stand-in for the Secrets Manager API that checks the operation and the secret asked for. */
function secretsManagerStandIn(secrets: Record<string, Record<string, string>>) {
  const calls: string[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const target = request.headers['x-amz-target'];
    const { SecretId } = JSON.parse(body) as { SecretId: string };
    calls.push(`${target} ${SecretId}`);
    const secret = secrets[SecretId];
    response.writeHead(secret ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(
      JSON.stringify(
        secret
          ? {
              ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${SecretId}`,
              SecretString: JSON.stringify(secret),
            }
          : { __type: 'ResourceNotFoundException', message: 'not found' },
      ),
    );
  });
  return { server, calls };
}

describe('provider credentials from Secrets Manager', () => {
  const standIn = secretsManagerStandIn({ 'onethread/meta': { META_APP_SECRET: 'from-the-vault' } });
  let client: SecretsManagerClient;

  beforeAll(async () => {
    await new Promise<void>((done) => standIn.server.listen(0, '127.0.0.1', done));
    const { port } = standIn.server.address() as AddressInfo;
    client = new SecretsManagerClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(() => new Promise<void>((done) => standIn.server.close(() => done())));

  it('reads a provider’s secret once and serves its credentials from it', async () => {
    let now = 0;
    const secrets = secretsManagerSecrets(client, { meta: 'onethread/meta' }, staticSecrets({}), () => now);
    expect(await secrets.get('META_APP_SECRET')).toBe('from-the-vault');
    expect(await secrets.get('META_APP_SECRET')).toBe('from-the-vault');
    expect(standIn.calls).toEqual(['secretsmanager.GetSecretValue onethread/meta']);
    now = 6 * 60_000;
    await secrets.get('META_APP_SECRET');
    expect(standIn.calls).toHaveLength(2);
  });

  it('falls back to the environment for a provider with no secret, and never prints values', async () => {
    const secrets = secretsManagerSecrets(
      client,
      { meta: 'onethread/meta' },
      staticSecrets({ TWILIO_AUTH_TOKEN: 'env' }),
    );
    expect(await secrets.get('TWILIO_AUTH_TOKEN')).toBe('env');
    expect(JSON.stringify({ secrets })).not.toContain('vault');
  });
});
