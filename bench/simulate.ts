import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RoutingConfigSchema } from '#core/routing/index.ts';
import { runExperiment } from './sim/experiment.ts';
import { htmlReport } from './sim/report-html.ts';
import { textReport } from './sim/report-text.ts';
import { loadScenario, type Scenario } from './sim/scenario.ts';

/**
 * `npm run simulate -- <scenario.json> [--seed N] [--replications N] [--hours N] [--engine JSON] [--out file.html]`:
 * a discrete-event simulation of the contact centre, driven by the routing engine itself.
 */
export async function run(args: string[]): Promise<void> {
  const [path] = args.filter((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!path) {
    console.error(
      'usage: npm run simulate -- <scenario.json> [--seed N] [--replications N] [--hours N] [--engine JSON] [--out file.html]',
    );
    process.exitCode = 1;
    return;
  }
  const scenario = withOverrides(await loadScenario(path), args);
  console.log(describe(scenario));
  const started = performance.now();
  const outcomes = runExperiment(scenario);
  console.log(`\n${textReport(scenario, outcomes)}`);
  const out = resolve(option(args, '--out') ?? defaultReportPath(path));
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

function withOverrides(scenario: Scenario, args: string[]): Scenario {
  const number = (name: string) => {
    const value = Number(option(args, name));
    return Number.isFinite(value) && option(args, name) !== undefined ? value : undefined;
  };
  const hours = number('--hours');
  const engine = option(args, '--engine');
  return {
    ...scenario,
    ...(engine
      ? { engine: { ...scenario.engine, ...RoutingConfigSchema.partial().parse(JSON.parse(engine)) } }
      : {}),
    seed: number('--seed') ?? scenario.seed,
    replications: number('--replications') ?? scenario.replications,
    ...(hours ? { hours, warmupHours: Math.min(scenario.warmupHours, hours / 10) } : {}),
  };
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function defaultReportPath(scenarioPath: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, 'results', `simulate-${basename(scenarioPath, extname(scenarioPath))}.html`);
}

// Also runnable directly (`tsx bench/simulate.ts <scenario>`), besides through bench/run.ts.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await run(process.argv.slice(2));
