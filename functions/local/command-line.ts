import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ZodError } from 'zod';

/**
 * How every `npm run` command treats its command line: `--help` prints the usage and exits 0; an
 * unknown flag, a flag without its value, or a bad value is one line and exit 2; a missing file or
 * an invalid scenario is one line and exit 1. No stack trace reaches the user unless
 * `ONETHREAD_DEBUG=1` asks for it.
 */
export class UsageError extends Error {}

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  /** Printed for `--help`, and named in every error line. */
  usage: string;
  options: O;
  /** How many positional arguments the command takes at most. */
  positionals?: number;
}

/**
 * The command's flags and arguments. `--help` prints the usage and exits 0; what does not parse
 * (an unknown flag, a missing value, an argument too many) throws a `UsageError`.
 */
export function parseCommandLine<O extends ParseArgsOptionsConfig>(
  args: readonly string[],
  spec: CommandSpec<O>,
) {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(spec.usage);
    process.exit(0);
  }
  let parsed: ReturnType<typeof parse<O>>;
  try {
    parsed = parse(args, spec.options);
  } catch (error) {
    // Node's messages run on with advice about `--`; the first sentence is the finding.
    throw new UsageError((error as Error).message.split(/\. (?=To specify)/)[0] ?? String(error));
  }
  const extra = parsed.positionals.slice(spec.positionals ?? 0);
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  return parsed;
}

function parse<O extends ParseArgsOptionsConfig>(args: readonly string[], options: O) {
  return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
}

/** A whole number of at least `min`, or the default when the flag is absent. */
export function integerOption(value: string | undefined, flag: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min)
    throw new UsageError(`--${flag}: '${value}' is not a whole number of at least ${min}`);
  return number;
}

/**
 * Runs a command's body and turns what it throws into one line: exit 2 for a usage error, else 1.
 * The body's own number is the exit code (0 when it returns nothing).
 */
export async function runCommand(
  name: string,
  main: () => Promise<number | undefined> | Promise<void>,
): Promise<never> {
  try {
    process.exit((await main()) ?? 0);
  } catch (error) {
    console.error(`${name}: ${describeFailure(error)}${error instanceof UsageError ? ' (see --help)' : ''}`);
    if (process.env.ONETHREAD_DEBUG === '1') console.error(error);
    process.exit(error instanceof UsageError ? 2 : 1);
  }
}

function describeFailure(error: unknown): string {
  const { code, path } = error as { code?: string; path?: string };
  if (code === 'ENOENT' && path) return `no such file: ${path}`;
  if (code === 'EISDIR' && path) return `a folder, not a file: ${path}`;
  if (error instanceof SyntaxError) return `not valid JSON: ${error.message}`;
  if (error instanceof ZodError) {
    const [issue] = error.issues;
    return `invalid: ${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'rejected'}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** For a command that takes no arguments and runs until stopped: answers `--help`, refuses the rest. */
export function acceptNoArguments(name: string, usage: string, args: readonly string[]): void {
  try {
    parseCommandLine(args, { usage, options: {} });
  } catch (error) {
    console.error(`${name}: ${(error as Error).message} (see --help)`);
    process.exit(2);
  }
}
