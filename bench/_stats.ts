/** Small statistics and reporting helpers shared by the benchmarks. */
import { percentile } from './sim/stats.ts';

export function summarize(samples: readonly number[]) {
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
  };
}

/** A progress line that rewrites itself on a terminal and prints every 10% otherwise. */
export function progressBar(label: string, total: number): (done: number) => void {
  let lastDecile = -1;
  return (done) => {
    const fraction = total ? done / total : 1;
    if (process.stdout.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stdout.write(
        `\r  ${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`,
      );
      if (done >= total) process.stdout.write('\n');
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      console.log(`  ${label}: ${done}/${total}`);
    }
  };
}

/** Runs `task` for each index with at most `inFlight` running at once. */
export async function pool(
  count: number,
  inFlight: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
}

export interface Bar {
  label: string;
  value: number;
}

/** A horizontal bar chart as standalone SVG, for docs and reports. */
export function barChartSvg(title: string, unit: string, bars: readonly Bar[]): string {
  const width = 640;
  const rowHeight = 28;
  const left = 220;
  const height = 50 + bars.length * rowHeight;
  const max = Math.max(...bars.map((bar) => bar.value), 1e-9);
  const rows = bars
    .map((bar, i) => {
      const y = 40 + i * rowHeight;
      const w = Math.max(1, ((width - left - 90) * bar.value) / max);
      return [
        `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${escapeXml(bar.label)}</text>`,
        `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="20" fill="#0972d3" rx="2"/>`,
        `<text x="${left + w + 6}" y="${y + 15}">${formatNumber(bar.value)} ${escapeXml(unit)}</text>`,
      ].join('');
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" font-family="sans-serif" font-size="13">
<title>${escapeXml(title)}</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="12" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>
${rows}
</svg>
`;
}

export function formatNumber(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string,
  );
}
