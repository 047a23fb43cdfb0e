import { predictedServiceLevel } from './erlang.ts';
import { hourly } from './metrics.ts';
import { headlinePrediction, occupancy, type RunOutcome, sliceRows } from './outcome.ts';
import type { Scenario } from './scenario.ts';
import { barChart, escapeXml, type LineChart, lineChart } from './svg.ts';
import { comparisonTable, predictionTable, runTable, type Table } from './tables.ts';

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** A single self-contained HTML page: charts as inline SVG, then every table. */
export function htmlReport(scenario: Scenario, outcomes: RunOutcome[]): string {
  const charts = [
    serviceLevelChart(scenario, outcomes),
    waitChart(scenario, outcomes),
    hourChart(scenario, outcomes),
    occupancyChart(outcomes),
  ];
  const tables = [
    comparisonTable(scenario, outcomes),
    predictionTable(outcomes),
    ...outcomes.map((outcome) => runTable(scenario, outcome)),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(scenario.name)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#111}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:12px}td,th{border:1px solid #d1d5db;padding:3px 6px;text-align:right}
td:first-child,th:first-child{text-align:left}th{background:#f3f4f6}figure{margin:1rem 0}svg{width:100%;height:auto}.muted{color:#6b7280}</style>
</head><body>
<h1>${escapeXml(scenario.name)}</h1>
<p>${escapeXml(scenario.description ?? '')}</p>
<p class="muted">seed ${scenario.seed} · ${scenario.replications} replication(s) × ${scenario.hours} h, first ${scenario.warmupHours} h not measured · service level = answered within target ÷ (answered + abandoned) · ± is a 95% interval across replications</p>
${charts
  .filter(Boolean)
  .map((svg) => `<figure>${svg}</figure>`)
  .join('\n')}
${tables.map(htmlTable).join('\n')}
</body></html>
`;
}

function htmlTable(table: Table): string {
  const head = table.headers.map((header) => `<th>${escapeXml(header)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeXml(cell)}</td>`).join('')}</tr>`)
    .join('');
  const note = table.note ? `<p class="muted">${escapeXml(table.note)}</p>` : '';
  return `<h2>${escapeXml(table.title)}</h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${note}`;
}

/** Service level per queue and channel (or overall), one bar per run, Erlang C or A where it applies. */
function serviceLevelChart(scenario: Scenario, outcomes: RunOutcome[]): string {
  const rowsByRun = outcomes.map((outcome) => sliceRows(outcome, scenario));
  const categories = rowsByRun[0]?.map((row) => row.slice) ?? [];
  const series = outcomes.map((outcome, i) => ({
    name: outcome.run.label,
    values: categories.map(
      (slice) => rowsByRun[i]?.find((row) => row.slice === slice)?.figures.serviceLevel ?? 0,
    ),
  }));
  const erlang = headlinePrediction(outcomes);
  const target = scenario.queues[0]?.serviceLevel;
  const reference = erlang
    ? {
        value: erlang.serviceLevel,
        label: `${erlang.model}, ${erlang.agents} agents: ${percent(erlang.serviceLevel)}`,
      }
    : target
      ? { value: target.target, label: `target ${percent(target.target)}` }
      : undefined;
  return barChart({
    title: 'Service level',
    categories,
    series,
    yMax: 1,
    yFormat: percent,
    ...(reference ? { reference } : {}),
  });
}

/** Share answered within t seconds, per run, with the Erlang C or A curve where it applies. */
function waitChart(scenario: Scenario, outcomes: RunOutcome[]): string {
  const target = scenario.queues[0]?.serviceLevel.seconds ?? 20;
  const xMax = Math.max(60, target * 6);
  const steps = Array.from({ length: 61 }, (_, i) => (xMax * i) / 60);
  const series: LineChart['series'] = outcomes.map((outcome) => {
    const waits = Float64Array.from(
      outcome.contacts.filter((c) => c.outcome !== 'open'),
      (c) => (c.outcome === 'answered' ? c.waitMs / 1000 : Number.POSITIVE_INFINITY),
    ).sort();
    return {
      name: outcome.run.label,
      points: steps.map((t): [number, number] => [t, shareAtMost(waits, t)]),
    };
  });
  const erlang = headlinePrediction(outcomes);
  if (erlang) {
    const points = steps.map((t): [number, number] => [t, predictedServiceLevel(erlang, t)]);
    series.push({
      name: `${erlang.model}, ${erlang.agents} agents`,
      points,
      dashed: true,
    } as (typeof series)[number]);
  }
  return lineChart({
    title: 'Answered within t seconds (abandoned count as never)',
    xMax,
    xLabel: 'seconds waited',
    xFormat: (value) => value.toFixed(0),
    yMax: 1,
    yFormat: percent,
    series,
    reference: { value: scenario.queues[0]?.serviceLevel.target ?? 0.8, label: 'target' },
  });
}

function shareAtMost(sorted: Float64Array, t: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] ?? 0) <= t) low = mid + 1;
    else high = mid;
  }
  return sorted.length === 0 ? 0 : low / sorted.length;
}

/**
 * Service level by hour of day, for scenarios long enough to have a day in them; calls and
 * chats only when there are any, since a night's email answered next morning says little.
 */
function hourChart(scenario: Scenario, outcomes: RunOutcome[]): string {
  if (scenario.hours - scenario.warmupHours < 24 || !scenario.streams.some((s) => Array.isArray(s.perHour)))
    return '';
  const live = (channel: string) => channel === 'voice' || channel === 'chat';
  const liveOnly = scenario.streams.some((stream) => live(stream.channel));
  const series = outcomes.map((outcome) => {
    const contacts = liveOnly ? outcome.contacts.filter((c) => live(c.channel)) : outcome.contacts;
    const hours = hourly(contacts, scenario).filter((hour) => hour.offered > 0);
    return {
      name: outcome.run.label,
      points: hours.map((hour): [number, number] => [hour.hour + 0.5, hour.serviceLevel]),
    };
  });
  return lineChart({
    title: `Service level by hour of day${liveOnly ? ', calls and chats' : ''} (arrival hour)`,
    xMax: 24,
    xLabel: 'hour of day',
    xFormat: (value) => `${value.toFixed(0)}:00`,
    yMax: 1,
    yFormat: percent,
    series,
  });
}

function occupancyChart(outcomes: RunOutcome[]): string {
  const groups = [...new Set(outcomes.flatMap((outcome) => occupancy(outcome).map((entry) => entry.group)))];
  const series = outcomes.map((outcome) => {
    const byGroup = new Map(occupancy(outcome).map((entry) => [entry.group, entry.occupancy]));
    return { name: outcome.run.label, values: groups.map((group) => byGroup.get(group) ?? 0) };
  });
  return barChart({
    title: 'Occupancy by roster group',
    categories: groups,
    series,
    yMax: 1,
    yFormat: percent,
  });
}
