import { describe, expect, it } from 'vitest';
import { isDependencyOutage, outageLabel } from '#shared/outage.ts';

const named = (name: string, extra: object = {}) => Object.assign(new Error('x'), { name }, extra);

describe('dependency outages', () => {
  it.each([
    ['no connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })],
    ['DynamoDB throttling', named('ProvisionedThroughputExceededException')],
    ['SQS throttling', named('ThrottlingException')],
    ['a 503 from AWS', named('ServiceUnavailable', { $metadata: { httpStatusCode: 503 } })],
    ['an internal error', named('InternalServerError')],
    ['a timeout', named('TimeoutError')],
    ['a fault on the service side', named('SomethingNew', { $fault: 'server' })],
    [
      'a throttled transaction',
      named('TransactionCanceledException', { CancellationReasons: [{ Code: 'ThrottlingError' }] }),
    ],
    [
      'a wrapped cause',
      new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ETIMEDOUT' }) }),
    ],
    [
      'one of several attempts',
      new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })]),
    ],
  ])('recognises %s', (_, error) => {
    expect(isDependencyOutage(error)).toBe(true);
  });

  it.each([
    ['a conditional check', named('ConditionalCheckFailedException', { $metadata: { httpStatusCode: 400 } })],
    ['a validation error', named('ValidationException', { $fault: 'client' })],
    ['a bug', new TypeError('undefined is not a function')],
    ['not an error', 'ECONNREFUSED'],
  ])('does not take %s for one', (_, error) => {
    expect(isDependencyOutage(error)).toBe(false);
  });

  it('labels an error by name and code only', () => {
    const error = Object.assign(new Error('secret body text'), { code: 'ECONNREFUSED' });
    expect(outageLabel(error)).toBe('Error ECONNREFUSED');
  });
});
