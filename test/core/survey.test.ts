import { describe, expect, it } from 'vitest';
import { csatFigure, ratingReply, signSurveyToken, verifySurveyToken } from '#core/survey.ts';

const KEY = Buffer.from('a survey key of thirty-two bytes!');

describe('survey links', () => {
  it('name one work item until they expire', () => {
    const token = signSurveyToken('wi_123', 1_000, KEY);
    expect(verifySurveyToken(token, KEY, 999)).toEqual({ ok: true, workItemId: 'wi_123' });
    expect(verifySurveyToken(token, KEY, 1_001)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse a changed item, expiry or signature, and another key', () => {
    const token = signSurveyToken('wi_123', 1_000, KEY);
    const [, expiry, mac] = token.split('.');
    const other = Buffer.from('wi_124').toString('base64url');
    expect(verifySurveyToken(`${other}.${expiry}.${mac}`, KEY, 0).ok).toBe(false);
    expect(verifySurveyToken(token.replace(`.${expiry}.`, '.zzzz.'), KEY, 0).ok).toBe(false);
    expect(verifySurveyToken(`${token.slice(0, -1)}A`, KEY, 0).ok).toBe(false);
    expect(verifySurveyToken(token, Buffer.from('another key of thirty-two bytes!!'), 0).ok).toBe(false);
    expect(verifySurveyToken('not-a-token', KEY, 0)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('a rating sent as a reply', () => {
  it('takes the digit and keeps what follows as the comment', () => {
    expect(ratingReply('4')).toEqual({ rating: 4 });
    expect(ratingReply(' 5/5 - quick and kind')).toEqual({ rating: 5, comment: 'quick and kind' });
    expect(ratingReply('3 estrelas')).toEqual({ rating: 3 });
  });

  it('leaves anything else for a person', () => {
    for (const text of ['10', '6', 'my order 4412 is late', '', undefined])
      expect(ratingReply(text)).toBeUndefined();
  });
});

it('rounds the mean rating and has none without answers', () => {
  expect(csatFigure(3, 13)).toEqual({ count: 3, mean: 4.33 });
  expect(csatFigure(0, 0)).toEqual({ count: 0, mean: null });
});
