import { afterEach, describe, expect, it, vi } from 'vitest';
import { deployedEnv } from '../../functions/local/deployed-env.ts';
import { FUNCTIONS, type FunctionName } from '../../functions/routes.ts';
import type { EnvName } from '../../functions/shared/env-names.ts';

const names = Object.keys(FUNCTIONS) as FunctionName[];

/** Imports a function's Lambda entry afresh, as a cold start does, with exactly this environment. */
async function coldStart(name: FunctionName, env: Partial<Record<EnvName, string>>): Promise<unknown> {
  vi.resetModules();
  for (const [variable, value] of Object.entries(env)) vi.stubEnv(variable, value);
  const module = (await import(/* @vite-ignore */ `../../${FUNCTIONS[name].entry}`)) as { handler: unknown };
  return module.handler;
}

describe('Lambda entries', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each(names)('%s starts with the variables the stack sets for it', async (name) => {
    expect(typeof (await coldStart(name, deployedEnv(name)))).toBe('function');
  });

  it.each(names.filter((name) => FUNCTIONS[name].requires.length > 0))(
    '%s fails its cold start naming each required variable that is missing',
    async (name) => {
      for (const missing of FUNCTIONS[name].requires) {
        const env = { ...deployedEnv(name), [missing]: '' };
        await expect(coldStart(name, env), missing).rejects.toThrow(missing);
      }
    },
  );

  it('fails the cold start naming a variable whose value is bad', async () => {
    const env = { ...deployedEnv('health'), INGEST_QUEUE_URL: 'not a url' };
    await expect(coldStart('health', env)).rejects.toThrow(/INGEST_QUEUE_URL/);
  });
});
