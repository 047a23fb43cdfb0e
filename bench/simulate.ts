import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RoutingConfigSchema } from '#core/routing/index.ts';
import { integerOption, parseCommandLine, runCommand, UsageError } from '#local/command-line.ts';
import { runExperiment } from './sim/experiment.ts';
import { htmlReport } from './sim/report-html.ts';
import { textReport } from './sim/report-text.ts';
import { loadScenario, type Scenario } from './sim/scenario.ts';

/**
 * `npm run simulate -- <scenario.json> [--seed N] [--replications N] [--hours N] [--engine JSON] [--out file.html]`:
 * a discrete-event simulation of the contact centre, driven by the routing engine itself.
 */
const USAGE =
  'usage: npm run simulate -- <scenario.json> [--seed N] [--replications N] [--hours N] [--engine JSON] [--out file.html]\n' +
  '       scenarios ship in bench/scenarios/';

export async function run(args: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine(args, {
    usage: USAGE,
    positionals: 1,
    options: {
      seed: { type: 'string' },
      replications: { type: 'string' },
      hours: { type: 'string' },
      engine: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const [path] = positionals;
  if (!path) throw new UsageError('which scenario? give its file, e.g. bench/scenarios/pooling.json');
  const scenario = withOverrides(await loadScenario(path), values);
  console.log(describe(scenario));
  const started = performance.now();
  const outcomes = runExperiment(scenario);
  console.log(`\n${textReport(scenario, outcomes)}`);
  const out = resolve(values.out ?? defaultReportPath(path));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, htmlReport(scenario, outcomes));
  console.log(`\nSimulated in ${((performance.now() - started) / 1000).toFixed(1)} s. Report: ${out}`);
}

function describe(scenario: Scenario): string {
  const measured = scenario.hours - scenario.warmupHours;
  return [
    `# ${scenario.name}`,
    scenario.description ?? '',
    `seed ${scenario.seed} · ${scenario.replications} replication(s) × ${scenario.hours} h (first ${scenario.warmupHours} h not measured, ${measured} h measured)`,
    Object.keys(scenario.engine).length > 0 ? `engine settings: ${JSON.stringify(scenario.engine)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

type Overrides = Partial<Record<'seed' | 'replications' | 'hours' | 'engine', string>>;

function withOverrides(scenario: Scenario, values: Overrides): Scenario {
  const hours = values.hours === undefined ? undefined : integerOption(values.hours, 'hours', 0);
  return {
    ...scenario,
    ...(values.engine ? { engine: { ...scenario.engine, ...engineOverride(values.engine) } } : {}),
    seed: integerOption(values.seed, 'seed', scenario.seed, 0),
    replications: integerOption(values.replications, 'replications', scenario.replications),
    ...(hours ? { hours, warmupHours: Math.min(scenario.warmupHours, hours / 10) } : {}),
  };
}

function engineOverride(json: string) {
  try {
    return RoutingConfigSchema.partial().parse(JSON.parse(json));
  } catch (error) {
    throw new UsageError(
      `--engine: ${error instanceof SyntaxError ? 'not valid JSON' : 'not routing settings'}`,
    );
  }
}

function defaultReportPath(scenarioPath: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, 'results', `simulate-${basename(scenarioPath, extname(scenarioPath))}.html`);
}

// Also runnable directly (`tsx bench/simulate.ts <scenario>`), besides through bench/run.ts.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await runCommand('simulate', () => run(process.argv.slice(2)));
