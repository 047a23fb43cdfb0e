import * as z from 'zod';
import { LanguageSchema } from '#core/kb/article.ts';
import { envSchema, parseEnv } from './env.ts';

const KnowledgeEnvSchema = envSchema({
  /** Languages articles are written in, the first the default: `en,de`. */
  ONETHREAD_KB_LANGUAGES: z
    .string()
    .default('en')
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(LanguageSchema).min(1, 'at least one language')),
  /** The bucket the index file and large bodies are kept in; unset keeps them in ONETHREAD_KB_DIR. */
  ONETHREAD_KB_BUCKET: z.string().min(3).optional(),
  ONETHREAD_KB_DIR: z.string().min(1).optional(),
  /** How long a warm search function trusts its copy of the index before asking for a newer one. */
  ONETHREAD_KB_INDEX_CHECK_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  /** Where customers read an article: `{articleId}` is replaced (`https://shop.example/help/{articleId}`). */
  ONETHREAD_KB_ARTICLE_URL: z.string().includes('{articleId}').optional(),
});

export interface KnowledgeConfig {
  languages: string[];
  bucket?: string | undefined;
  dir?: string | undefined;
  indexCheckMs: number;
  articleUrl?: string | undefined;
}

export function loadKnowledgeConfig(env: Record<string, string | undefined>): KnowledgeConfig {
  const vars = parseEnv(KnowledgeEnvSchema, env);
  return {
    languages: vars.ONETHREAD_KB_LANGUAGES,
    bucket: vars.ONETHREAD_KB_BUCKET,
    dir: vars.ONETHREAD_KB_DIR,
    indexCheckMs: vars.ONETHREAD_KB_INDEX_CHECK_SECONDS * 1000,
    articleUrl: vars.ONETHREAD_KB_ARTICLE_URL,
  };
}
