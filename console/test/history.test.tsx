// @vitest-environment jsdom
import createWrapper from '@cloudscape-design/components/test-utils/dom';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type QueueStats } from '../src/api.ts';
import { type HistoryApi, HistoryView } from '../src/HistoryView.tsx';
import type { QueueReport, QueueReportQuery } from '../src/reports/queue-report.ts';
import { withQueries } from './queries.tsx';
import { REPORT } from './report-fixture.ts';
import { queueOf } from './wire.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

async function render(api: HistoryApi): Promise<void> {
  const container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(withQueries(<HistoryView api={api} />)));
}

const BILLING: QueueStats = queueOf({ queueId: 'billing', name: 'Billing' });

/** The report routes as the platform answers them, keeping every query asked. */
function reportApi(answer: (query: QueueReportQuery) => Promise<QueueReport> = async () => REPORT) {
  const queries: QueueReportQuery[] = [];
  const api: HistoryApi = {
    queues: async () => [BILLING],
    queueReports: (query) => {
      queries.push(query);
      return answer(query);
    },
  };
  return { api, queries };
}

const page = () => createWrapper(document.body);
const table = (title: string) => {
  const found = page()
    .findAllTables()
    .find((t) => t.findHeaderSlot()?.find('h2')?.getElement().textContent?.startsWith(title));
  if (!found) throw new Error(`no ${title} table`);
  return found;
};
const cells = (title: string) =>
  table(title)
    .findRows()
    .map((row) => row.findAll('td, th').map((cell) => cell.getElement().textContent ?? ''));

/** Picks `value` in the filter bar's select number `index` (interval, queue, channel). */
async function choose(index: number, value: string): Promise<void> {
  const select = page().findAllSelects()[index];
  if (!select) throw new Error(`no select ${index}`);
  act(() => select.openDropdown());
  await act(async () => select.selectOptionByValue(value));
}

describe('the history view', () => {
  it('asks for the last 24 hours by the hour, and shows each queue’s figures formatted', async () => {
    const { api, queries } = reportApi();
    await render(api);
    expect(queries).toHaveLength(1);
    const [first] = queries;
    expect(first?.interval).toBe('1h');
    expect(Date.parse(first?.to ?? '') - Date.parse(first?.from ?? '')).toBe(24 * 3_600_000);
    const [row] = cells('Queues');
    expect(row?.slice(1)).toEqual(['Billing', 'Chat', '12', '10', '2', '80 %', '15 s', '5 min 0 s']);
  });

  it('shows each agent’s occupancy and time in every status', async () => {
    await render(reportApi().api);
    expect(
      table('Agents')
        .findColumnHeaders()
        .map((h) => h.getElement().textContent),
    ).toEqual(['Interval', 'Agent', 'Occupancy', 'Time available', 'Time away']);
    expect(cells('Agents')[0]?.slice(1)).toEqual(['agent-ana', '50 %', '50 min 0 s', '10 min 0 s']);
  });

  it('asks again for the same range by the day when the interval changes', async () => {
    const { api, queries } = reportApi();
    await render(api);
    await choose(0, '1d');
    expect(queries).toHaveLength(2);
    expect(queries[1]).toEqual({ ...queries[0], interval: '1d' });
  });

  it('filters by queue and channel', async () => {
    const { api, queries } = reportApi();
    await render(api);
    await choose(1, 'billing');
    await choose(2, 'email');
    expect(queries.at(-1)).toMatchObject({ queueId: 'billing', channel: 'email' });
  });

  it('says what went wrong when the platform refuses the report', async () => {
    await render(reportApi(async () => Promise.reject(new ApiError(400, 'to: must be after from'))).api);
    const alert = page().findAlert();
    expect(alert?.getElement().textContent).toContain('The report could not be loaded');
    expect(alert?.getElement().textContent).toContain('to: must be after from');
  });

  it('says so when the range has no figures', async () => {
    await render(reportApi(async () => ({ ...REPORT, queues: [], agents: [] })).api);
    expect(table('Queues').findEmptySlot()?.getElement().textContent).toBe('No figures for this range.');
  });

  it('downloads the queue rows as a CSV file named after the range', async () => {
    const blobs: Blob[] = [];
    const saved: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:report';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    // jsdom does not navigate: the file's name is what the link would have saved it as.
    const save = (event: MouseEvent) => {
      const link = event.target as HTMLAnchorElement;
      if (link.download) {
        saved.push(link.download);
        event.preventDefault();
      }
    };
    document.addEventListener('click', save);
    await render(reportApi().api);
    const download = table('Queues').findHeaderSlot()?.findButton();
    await act(async () => download?.click());
    document.removeEventListener('click', save);
    expect(saved).toEqual(['queue-report-2026-12-01T000000Z-2026-12-02T000000Z.csv']);
    const text = await blobs[0]?.text();
    expect(text?.split('\r\n')[1]).toBe(
      '2026-12-01T09:00:00.000Z,billing,chat,12,10,2,8,0.8,3000,300,150,15',
    );
  });
});
