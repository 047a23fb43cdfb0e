import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Apertium names languages by ISO 639-3 in newer pairs, 639-1 in older ones. */
const ISO_639_1: Record<string, string> = {
  eng: 'en',
  spa: 'es',
  fra: 'fr',
  por: 'pt',
  cat: 'ca',
  ita: 'it',
  deu: 'de',
  nld: 'nl',
  glg: 'gl',
  oci: 'oc',
  ron: 'ro',
  swe: 'sv',
  dan: 'da',
  nob: 'nb',
};

/** What is missing, when Apertium cannot translate at all. */
export class ApertiumMissing extends Error {}

const TIMEOUT_MS = 20_000;

/**
 * Apertium, the rule-based translator, through its command line: `apertium -l` lists the
 * installed pairs, `apertium -u <mode>` translates standard input. Where a language pair is not
 * installed but both halves through a third language are, it translates through that one.
 */
export class Apertium {
  private modes: Promise<Map<string, string>> | undefined;

  constructor(private readonly command = 'apertium') {}

  /** `en-es` → the mode that translates it, for every installed pair. */
  pairs(): Promise<Map<string, string>> {
    this.modes ??= run(this.command, ['-l'], '').then(parseModes);
    this.modes.catch(() => {
      this.modes = undefined;
    });
    return this.modes;
  }

  /** The modes to run in turn for a pair, or undefined when it cannot be done. */
  async route(from: string, to: string): Promise<string[] | undefined> {
    const pairs = await this.pairs();
    const direct = pairs.get(`${from}-${to}`);
    if (direct) return [direct];
    for (const [pair, first] of pairs) {
      const [source, middle] = pair.split('-');
      const second = source === from ? pairs.get(`${middle}-${to}`) : undefined;
      if (second) return [first, second];
    }
    return undefined;
  }

  async translate(text: string, modes: string[]): Promise<string> {
    let current = text;
    for (const mode of modes) current = (await translateFile(this.command, mode, current)).trim();
    return current;
  }
}

/**
 * Its script reads standard input only from a terminal or a pipe (Node's are sockets), so the
 * text goes through a private file that is removed at once.
 */
async function translateFile(command: string, mode: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'onethread-translate-'));
  const file = join(dir, 'text.txt');
  try {
    await writeFile(file, `${text}\n`, { mode: 0o600 });
    return await run(command, ['-u', mode, file], '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function parseModes(listing: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const mode of listing.split(/\s+/)) {
    const match = /^([a-z]{2,3})-([a-z]{2,3})$/.exec(mode);
    if (!match) continue;
    const from = ISO_639_1[match[1] as string] ?? match[1];
    const to = ISO_639_1[match[2] as string] ?? match[2];
    if (from?.length === 2 && to?.length === 2 && !pairs.has(`${from}-${to}`))
      pairs.set(`${from}-${to}`, mode);
  }
  return pairs;
}

function run(command: string, args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new ApertiumMissing(`${command} is not installed`) : error);
    });
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 200)}`,
          ),
        );
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
