import { figures, spread } from './metrics.ts';
import { occupancy, overallOccupancy, type RunOutcome, sliceRows } from './outcome.ts';
import { PREDICTORS, type Predictor, predictionAccuracy } from './prediction-accuracy.ts';
import type { Scenario } from './scenario.ts';

/** A report table, rendered as markdown on the console and as HTML in the report. */
export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
  note?: string;
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const secs = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '∞');
const pm = (halfWidth: number) => (Number.isNaN(halfWidth) ? '' : ` ± ${(halfWidth * 100).toFixed(1)}`);

const RUN_HEADERS = [
  'queue · channel',
  'offered',
  'answered',
  'abandoned',
  'service level',
  'ASA s',
  'p90 wait s',
  'P(wait)',
  'by expert',
  'Erlang C or A: SL · ASA · P(wait) · abandoned',
];

/** One table per run: every queue and channel, Erlang C or A beside it where it applies. */
export function runTable(scenario: Scenario, outcome: RunOutcome): Table {
  const rows = sliceRows(outcome, scenario).map(
    ({ slice, figures: f, serviceLevelHalfWidth, prediction }) => [
      slice,
      String(f.offered),
      String(f.answered),
      String(f.abandoned),
      `${pct(f.serviceLevel)}${pm(serviceLevelHalfWidth)}`,
      secs(f.asa),
      secs(f.p90Wait),
      pct(f.waitProbability),
      pct(f.expertShare),
      prediction
        ? `${prediction.model === 'Erlang A' ? 'A ' : ''}${pct(prediction.serviceLevel)} · ${secs(prediction.asa)} s · ${pct(prediction.waitProbability)} · ${pct(prediction.abandonShare)}`
        : '—',
    ],
  );
  const groups = occupancy(outcome)
    .map(({ group, occupancy: value }) => `${group} ${pct(value)}`)
    .join(', ');
  const policy = outcome.run.policy === 'fifo' ? 'FIFO per skill' : 'configured policy';
  return {
    title: `${outcome.run.label} (${outcome.agents} agents, ${policy})`,
    headers: RUN_HEADERS,
    rows,
    note: `occupancy: ${pct(overallOccupancy(outcome))} overall; ${groups}`,
  };
}

/** The runs side by side: the figures that decide between policies and rosters. */
export function comparisonTable(scenario: Scenario, outcomes: RunOutcome[]): Table {
  const rows = outcomes.map((outcome) => {
    const all = sliceRows(outcome, scenario).at(-1);
    const f = all?.figures ?? figures([], scenario);
    return [
      outcome.run.label,
      `${pct(f.serviceLevel)}${pm(all?.serviceLevelHalfWidth ?? Number.NaN)}`,
      secs(f.asa),
      secs(f.p90Wait),
      pct(f.offered === 0 ? 0 : f.abandoned / f.offered),
      pct(f.expertShare),
      pct(overallOccupancy(outcome)),
      versusBaseline(scenario, outcome, outcomes),
    ];
  });
  return {
    title: 'Side by side (same arrivals)',
    headers: [
      'run',
      'service level',
      'ASA s',
      'p90 wait s',
      'abandoned',
      'by expert',
      'occupancy',
      'SL vs FIFO',
    ],
    rows,
    note: 'SL vs FIFO: the service-level difference from the FIFO run on the same roster, paired replication by replication (points, 95% interval).',
  };
}

/**
 * The configured policy against FIFO on the same roster, replication by replication: both saw
 * the same customers, so the paired difference is far tighter than either figure alone.
 */
function versusBaseline(scenario: Scenario, outcome: RunOutcome, outcomes: RunOutcome[]): string {
  const baseline = outcomes.find(
    (other) => other.run.policy === 'fifo' && other.run.roster === outcome.run.roster,
  );
  if (!baseline || baseline === outcome) return '—';
  const differences = outcome.replications.map(
    (replication, r) =>
      figures(replication.contacts, scenario).serviceLevel -
      figures(baseline.replications[r]?.contacts ?? [], scenario).serviceLevel,
  );
  const { mean, halfWidth } = spread(differences);
  const sign = mean >= 0 ? '+' : '−';
  return `${sign}${Math.abs(mean * 100).toFixed(1)}${pm(halfWidth)} pts`;
}

/** Each run's wait predictions at arrival against the waits answered customers then had. */
export function predictionTable(outcomes: RunOutcome[]): Table {
  const keys = Object.keys(PREDICTORS) as Predictor[];
  const rows = outcomes.map((outcome) => {
    const accuracy = predictionAccuracy(outcome.contacts);
    return [
      outcome.run.label,
      String(accuracy.contacts),
      secs(accuracy.meanWait),
      ...keys.map((key) => {
        const { bias, relativeRmse } = accuracy.byPredictor[key];
        return `${bias >= 0 ? '+' : '−'}${Math.abs(bias).toFixed(1)} s · ${relativeRmse.toFixed(2)}`;
      }),
    ];
  });
  return {
    title: 'Wait predicted at arrival (answered contacts)',
    headers: ['run', 'answered', 'mean wait s', ...keys.map((key) => `${PREDICTORS[key]}: bias · rRMSE`)],
    rows,
    note: 'bias: mean of estimate − actual wait; rRMSE: root mean squared error ÷ mean actual wait (lower is better), on the same arrivals.',
  };
}
