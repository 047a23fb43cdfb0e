/**
 * Just enough SVG charting for the report: grouped bars and lines with axes and a legend,
 * written inline so the HTML file stands alone (no scripts, no CDN).
 */

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563', '#db2777'];
const WIDTH = 760;
const HEIGHT = 320;
const MARGIN = { top: 36, right: 16, bottom: 64, left: 56 };

export const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function colour(index: number): string {
  return PALETTE[index % PALETTE.length] ?? '#000';
}

interface Frame {
  title: string;
  yMax: number;
  yFormat: (value: number) => string;
}

const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
const yAt = (value: number, yMax: number) => MARGIN.top + plotHeight * (1 - Math.min(1, value / yMax));

function frame({ title, yMax, yFormat }: Frame, body: string, legend: string[]): string {
  const ticks = Array.from({ length: 5 }, (_, i) => (yMax * i) / 4)
    .map((value) => {
      const y = yAt(value, yMax);
      return `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#e5e7eb"/><text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end">${escapeXml(yFormat(value))}</text>`;
    })
    .join('');
  const { keys, rows } = legendKeys(legend);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT + (rows - 1) * 15}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="11"><text x="${MARGIN.left}" y="20" font-size="14" font-weight="600">${escapeXml(title)}</text>${ticks}${body}${keys}</svg>`;
}

/** Legend entries flowing left to right, wrapping when a line is full (text width estimated). */
function legendKeys(names: string[]): { keys: string; rows: number } {
  let x = MARGIN.left;
  let row = 0;
  const keys = names.map((name, i) => {
    const width = 24 + name.length * 6.2;
    if (x + width > WIDTH - MARGIN.right && x > MARGIN.left) {
      x = MARGIN.left;
      row += 1;
    }
    const y = HEIGHT - 18 + row * 15;
    const key = `<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${colour(i)}"/><text x="${x + 14}" y="${y}">${escapeXml(name)}</text>`;
    x += width;
    return key;
  });
  return { keys: keys.join(''), rows: row + 1 };
}

export interface BarChart extends Frame {
  categories: string[];
  series: Array<{ name: string; values: number[] }>;
  /** A horizontal reference line, e.g. the service-level target. */
  reference?: { value: number; label: string };
}

export function barChart(chart: BarChart): string {
  const groupWidth = plotWidth / Math.max(1, chart.categories.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, chart.series.length);
  const bars = chart.series
    .flatMap((series, s) =>
      series.values.map((value, c) => {
        const x = MARGIN.left + c * groupWidth + groupWidth * 0.1 + s * barWidth;
        const y = yAt(value, chart.yMax);
        const label = `${series.name} · ${chart.categories[c] ?? ''}: ${chart.yFormat(value)}`;
        return `<rect x="${x}" y="${y}" width="${Math.max(1, barWidth - 2)}" height="${MARGIN.top + plotHeight - y}" fill="${colour(s)}"><title>${escapeXml(label)}</title></rect>`;
      }),
    )
    .join('');
  // `queue · channel` labels go on two lines so that a dozen categories still fit.
  const labels = chart.categories
    .map((category, c) => {
      const x = MARGIN.left + (c + 0.5) * groupWidth;
      const lines = category.split(' · ');
      const tspans = lines.map(
        (line, i) => `<tspan x="${x}" dy="${i === 0 ? 0 : 12}">${escapeXml(line)}</tspan>`,
      );
      return `<text x="${x}" y="${MARGIN.top + plotHeight + 14}" text-anchor="middle">${tspans.join('')}</text>`;
    })
    .join('');
  return frame(
    chart,
    `${bars}${labels}${referenceLine(chart)}`,
    chart.series.map((series) => series.name),
  );
}

function referenceLine(chart: BarChart | LineChart): string {
  if (!chart.reference) return '';
  const y = yAt(chart.reference.value, chart.yMax);
  return `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#111" stroke-dasharray="4 3"/><text x="${WIDTH - MARGIN.right}" y="${y - 4}" text-anchor="end">${escapeXml(chart.reference.label)}</text>`;
}

export interface LineChart extends Frame {
  xMax: number;
  xLabel: string;
  xFormat: (value: number) => string;
  series: Array<{ name: string; points: Array<[number, number]>; dashed?: boolean }>;
  reference?: { value: number; label: string };
}

export function lineChart(chart: LineChart): string {
  const xAt = (value: number) => MARGIN.left + plotWidth * Math.min(1, value / chart.xMax);
  const lines = chart.series
    .map((series, s) => {
      const path = series.points.map(
        ([x, y], i) => `${i === 0 ? 'M' : 'L'}${xAt(x).toFixed(1)},${yAt(y, chart.yMax).toFixed(1)}`,
      );
      const dash = series.dashed ? ' stroke-dasharray="6 4"' : '';
      return `<path d="${path.join('')}" fill="none" stroke="${colour(s)}" stroke-width="2"${dash}><title>${escapeXml(series.name)}</title></path>`;
    })
    .join('');
  const xTicks = Array.from({ length: 7 }, (_, i) => (chart.xMax * i) / 6)
    .map(
      (value) =>
        `<text x="${xAt(value)}" y="${MARGIN.top + plotHeight + 14}" text-anchor="middle">${escapeXml(chart.xFormat(value))}</text>`,
    )
    .join('');
  const xLabel = `<text x="${MARGIN.left + plotWidth / 2}" y="${MARGIN.top + plotHeight + 30}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`;
  return frame(
    chart,
    `${lines}${xTicks}${xLabel}${referenceLine(chart)}`,
    chart.series.map((series) => series.name),
  );
}
