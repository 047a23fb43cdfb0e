import { describe, expect, it } from 'vitest';
import { httpHandler } from '#http/http-handler.ts';
import { json } from '#http/response.ts';
import { routeByKey } from '#http/router.ts';
import { logger } from '#shared/observability.ts';
import { context, httpEvent } from '../support/events.ts';

const asAgent = { sub: 'ana-sub', 'cognito:username': 'ana', 'cognito:groups': 'agents' };

describe('the audit trail middleware', () => {
  const serving = (status: number) =>
    httpHandler(
      logger,
      routeByKey({
        'GET /customers/{customerId}': async () => json(status, { customer: { customerId: 'cust_1' } }),
        'GET /queues': async () => json(200, { queues: [] }),
      }),
    );
  const read = (routeKey: string, status = 200) =>
    serving(status)(
      httpEvent(routeKey, { pathParameters: { customerId: 'cust_1' }, claims: asAgent }),
      context,
    );

  it('fails an audited route closed when the function was given no audit log', async () => {
    const result = await read('GET /customers/{customerId}');
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('cust_1');
  });

  it('leaves routes the manifest does not audit, and refused requests, alone', async () => {
    expect((await read('GET /queues')).statusCode).toBe(200);
    expect((await read('GET /customers/{customerId}', 404)).statusCode).toBe(404);
  });
});
