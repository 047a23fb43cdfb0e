import { markdownTable } from './markdown.ts';
import type { RunOutcome } from './outcome.ts';
import type { Scenario } from './scenario.ts';
import { comparisonTable, predictionTable, runTable, type Table } from './tables.ts';

/** The console report: one table per run, then the runs side by side. */
export function textReport(scenario: Scenario, outcomes: RunOutcome[]): string {
  const tables = [
    ...outcomes.map((outcome) => runTable(scenario, outcome)),
    comparisonTable(scenario, outcomes),
    predictionTable(outcomes),
  ];
  return tables.map(render).join('\n\n');
}

function render(table: Table): string {
  const lines = [`### ${table.title}`, '', markdownTable(table.headers, table.rows)];
  if (table.note) lines.push('', table.note);
  return lines.join('\n');
}
