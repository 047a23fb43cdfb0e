import { describe, expect, it } from 'vitest';
import { ARTICLE_URL } from './deployment.ts';
import { envOf } from './synthesized.ts';

describe('the knowledge base', () => {
  it('tells the knowledge function its languages and the page articles are read on', () => {
    expect(envOf('knowledgeApi')).toMatchObject({
      ONETHREAD_KB_LANGUAGES: 'en',
      ONETHREAD_KB_ARTICLE_URL: ARTICLE_URL,
    });
  });
});
