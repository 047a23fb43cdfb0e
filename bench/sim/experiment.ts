import { drawArrivals } from './arrivals.ts';
import type { RunOutcome } from './outcome.ts';
import { erlangPredictions } from './prediction.ts';
import { Progress } from './progress.ts';
import { Random } from './random.ts';
import { runsOf, type Scenario } from './scenario.ts';
import { Simulation } from './simulation.ts';

/**
 * Runs every comparison line over the same arrivals: replication r draws one set of
 * customers from the seed, and every run (roster × policy) serves exactly those.
 */
export function runExperiment(scenario: Scenario, onProgress = true): RunOutcome[] {
  const runs = runsOf(scenario);
  const outcomes: RunOutcome[] = runs.map((run) => ({
    run,
    agents: (scenario.rosters[run.roster] ?? []).reduce((sum, group) => sum + group.count, 0),
    contacts: [],
    replications: [],
    predictions: erlangPredictions(scenario, run),
  }));
  const progress = onProgress ? new Progress('simulating', scenario.replications * runs.length) : undefined;
  const root = new Random(scenario.seed);
  for (let r = 0; r < scenario.replications; r++) {
    const replication = root.fork(`replication-${r}`);
    const arrivals = drawArrivals(scenario, replication.fork('arrivals'));
    outcomes.forEach((outcome, i) => {
      const result = new Simulation(scenario, outcome.run, arrivals, replication.fork(`agents-${i}`)).run();
      outcome.replications.push(result);
      outcome.contacts.push(...result.contacts);
      progress?.update(r * runs.length + i + 1);
    });
  }
  progress?.done();
  return outcomes;
}
