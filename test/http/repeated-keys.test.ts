import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstRepeatedKey } from '#http/repeated-keys.ts';

describe('repeated keys in a JSON body', () => {
  it('finds a key given twice, at any depth, by the path validation errors use', () => {
    expect(firstRepeatedKey('{"text":"a","text":"b"}')).toBe('text');
    expect(firstRepeatedKey('{"steps":[{"seconds":1},{"skills":{},"seconds":2,"seconds":3}]}')).toBe(
      'steps.1.seconds',
    );
    expect(firstRepeatedKey('[1,[2,{"a":{"b":1,"b":2}}]]')).toBe('1.1.a.b');
  });

  it('compares keys as JSON reads them, escapes and all', () => {
    expect(firstRepeatedKey('{"channel":"sms","\\u0063hannel":"chat"}')).toBe('channel');
    expect(firstRepeatedKey('{"a\\"b":1,"a\\"b":2}')).toBe('a"b');
  });

  it('lets the same key live in sibling objects, and values repeat keys freely', () => {
    expect(firstRepeatedKey('[{"id":1},{"id":2}]')).toBeUndefined();
    expect(firstRepeatedKey('{"a":{"id":1},"b":{"id":1},"id":"a"}')).toBeUndefined();
    expect(firstRepeatedKey('{"text":"text","note":"{\\"text\\":1,\\"text\\":2}"}')).toBeUndefined();
    expect(firstRepeatedKey('{"a":{},"b":[],"c":[{}],"d":"}"}')).toBeUndefined();
  });

  it('finds nothing in any JSON that JSON.stringify writes', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => firstRepeatedKey(JSON.stringify(value)) === undefined));
  });
});
