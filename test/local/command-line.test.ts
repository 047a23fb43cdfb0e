import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { integerOption, parseCommandLine, UsageError } from '#local/command-line.ts';

const run = promisify(execFile);

/** A command as `npm run` starts it: its exit code and what it printed. */
async function command(script: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', script, ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('command lines', () => {
  it('take the flags they declare and refuse others, arguments too many and bad numbers', () => {
    const spec = { usage: 'usage: x', options: { steps: { type: 'string' as const } }, positionals: 1 };
    expect(parseCommandLine(['a.json', '--steps', '5'], spec).values.steps).toBe('5');
    expect(() => parseCommandLine(['--bogus'], spec)).toThrow(UsageError);
    expect(() => parseCommandLine(['a.json', 'b.json'], spec)).toThrow("unexpected argument 'b.json'");
    expect(() => parseCommandLine(['--steps'], spec)).toThrow(UsageError);
    expect(integerOption(undefined, 'steps', 7)).toBe(7);
    expect(() => integerOption('0', 'steps', 7)).toThrow('--steps');
    expect(() => integerOption('2.5', 'steps', 7)).toThrow(UsageError);
  });

  it('answer --help with their usage and exit 0', async () => {
    const help = await command('bench/run.ts', 'routing', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run bench -- routing/);
  }, 60_000);

  it('refuse an unknown flag in one line with exit 2, and a missing file in one line with exit 1', async () => {
    const unknown = await command('bin/connect.ts', '--bogus');
    expect(unknown).toMatchObject({ code: 2, stderr: "connect: Unknown option '--bogus' (see --help)\n" });
    const missing = await command('bench/run.ts', 'simulate', 'no-such-scenario.json');
    expect(missing).toMatchObject({ code: 1, stderr: 'simulate: no such file: no-such-scenario.json\n' });
  }, 60_000);
});
