import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, apiClient } from '../src/api.ts';
import { checkRange, rangeBounds } from '../src/reports/range.ts';
import { intervalTotals } from '../src/reports/totals.ts';
import { REPORT } from './report-fixture.ts';

/** A stand-in for the platform's report route: answers `answer()` and keeps what it was asked. */
let answer: () => { status: number; body: unknown } = () => ({ status: 200, body: REPORT });
const requests: IncomingMessage[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request);
    const { status, body } = answer();
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const query = { from: REPORT.from, to: REPORT.to, interval: '1h' as const };

describe('the queue report client', () => {
  it('asks for the range and interval with the bearer token, and returns the parsed report', async () => {
    answer = () => ({ status: 200, body: REPORT });
    const report = await apiClient('supervisor-token', base).queueReports(query);
    expect(report).toEqual(REPORT);
    const request = requests.at(-1);
    const url = new URL(request?.url ?? '', base);
    expect(url.pathname).toBe('/reports/queues');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: REPORT.from,
      to: REPORT.to,
      interval: '1h',
    });
    expect(request?.headers.authorization).toBe('Bearer supervisor-token');
  });

  it('sends the queue and channel filters only when they are set', async () => {
    answer = () => ({ status: 200, body: REPORT });
    await apiClient('t', base).queueReports({ ...query, queueId: 'billing', channel: 'chat' });
    const url = new URL(requests.at(-1)?.url ?? '', base);
    expect(url.searchParams.get('queueId')).toBe('billing');
    expect(url.searchParams.get('channel')).toBe('chat');
    await apiClient('t', base).queueReports({ ...query, queueId: '', channel: undefined });
    const bare = new URL(requests.at(-1)?.url ?? '', base);
    expect([...bare.searchParams.keys()]).toEqual(['from', 'to', 'interval']);
  });

  it('refuses an answer of another shape, naming where it differs', async () => {
    const broken = { ...REPORT, queues: [{ ...REPORT.queues[0], serviceLevel: 1.5 }] };
    answer = () => ({ status: 200, body: broken });
    await expect(apiClient('t', base).queueReports(query)).rejects.toThrow(
      /^The report could not be read: queues\.0\.serviceLevel: /,
    );
  });

  it('passes on the API’s refusal of a bad range, with the field it names', async () => {
    answer = () => ({
      status: 400,
      body: { error: { code: 'invalid_request', message: 'to: must be after from', field: 'to' } },
    });
    const refused = apiClient('t', base).queueReports(query);
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ status: 400, message: 'to: must be after from' });
  });
});

describe('report ranges', () => {
  const now = new Date('2026-12-03T12:00:00.000Z');

  it('ends a relative range now', () => {
    expect(rangeBounds({ type: 'relative', amount: 24, unit: 'hour' }, now)).toEqual({
      from: '2026-12-02T12:00:00.000Z',
      to: '2026-12-03T12:00:00.000Z',
    });
  });

  it('takes an absolute range in the offset the picker gives it', () => {
    const range = {
      type: 'absolute' as const,
      startDate: '2026-12-01T00:00:00+01:00',
      endDate: '2026-12-02T00:00:00+01:00',
    };
    expect(rangeBounds(range, now)).toEqual({
      from: '2026-11-30T23:00:00.000Z',
      to: '2026-12-01T23:00:00.000Z',
    });
  });

  it('refuses a range that ends before it starts', () => {
    const backwards = {
      type: 'absolute' as const,
      startDate: '2026-12-02T00:00:00Z',
      endDate: '2026-12-01T00:00:00Z',
    };
    expect(checkRange(backwards)).toEqual({
      valid: false,
      errorMessage: 'The range must end after it starts.',
    });
    expect(checkRange({ type: 'relative', amount: 7, unit: 'day' })).toEqual({ valid: true });
  });
});

describe('interval totals for the charts', () => {
  it('sums every queue of an interval and takes the service level from the sums, oldest first', () => {
    const [row] = REPORT.queues;
    if (!row) throw new Error('no row');
    const later = { ...row, start: '2026-12-01T10:00:00.000Z', answered: 0, answeredWithinTarget: 0 };
    const otherQueue = { ...row, queueId: 'returns', answered: 10, answeredWithinTarget: 10 };
    expect(intervalTotals([later, row, otherQueue])).toEqual([
      { start: new Date(row.start), offered: 24, answered: 20, abandoned: 4, serviceLevel: 0.9 },
      { start: new Date(later.start), offered: 12, answered: 0, abandoned: 2, serviceLevel: null },
    ]);
  });
});
