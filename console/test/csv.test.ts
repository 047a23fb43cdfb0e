import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../src/reports/csv.ts';
import type { AgentReportRow, QueueReportRow } from '../src/reports/queue-report.ts';
import { agentCsv, queueCsv, reportFileName } from '../src/reports/report-csv.ts';

const QUEUE_ROW: QueueReportRow = {
  start: '2026-12-01T09:00:00.000Z',
  queueId: 'billing',
  channel: 'chat',
  offered: 12,
  answered: 10,
  abandoned: 2,
  answeredWithinTarget: 8,
  serviceLevel: 0.8,
  handleSeconds: 3000,
  averageHandleSeconds: 300,
  answerWaitSeconds: 150,
  averageSpeedOfAnswerSeconds: 15,
};

describe('CSV cells (RFC 4180)', () => {
  it('leaves plain text and numbers as they are', () => {
    expect(csvCell('billing')).toBe('billing');
    expect(csvCell(0.8)).toBe('0.8');
    expect(csvCell(0)).toBe('0');
  });

  it('leaves a missing figure empty', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes a field with a comma, a quote or a line break, doubling its quotes', () => {
    expect(csvCell('returns, EU')).toBe('"returns, EU"');
    expect(csvCell('the "VIP" queue')).toBe('"the ""VIP"" queue"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://example.com")')).toBe('"\'=HYPERLINK(""http://example.com"")"');
    expect(csvCell('+1 555')).toBe("'+1 555");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
  });

  it('takes a number as a number, even a negative one', () => {
    expect(csvCell(-5)).toBe('-5');
  });
});

describe('CSV files', () => {
  it('writes a header row, then a record per row, each line ending in CRLF', () => {
    const csv = toCsv(
      [
        { header: 'name', value: (row: { name: string; n: number }) => row.name },
        { header: 'n', value: (row) => row.n },
      ],
      [
        { name: 'a', n: 1 },
        { name: 'b, c', n: 2 },
      ],
    );
    expect(csv).toBe('name,n\r\na,1\r\n"b, c",2\r\n');
  });

  it('gives the queue report every figure under its API name, in the API order, with ISO times', () => {
    const [header, record] = queueCsv([QUEUE_ROW]).split('\r\n');
    expect(header).toBe(
      'start,queueId,channel,offered,answered,abandoned,answeredWithinTarget,serviceLevel,' +
        'handleSeconds,averageHandleSeconds,answerWaitSeconds,averageSpeedOfAnswerSeconds',
    );
    expect(record).toBe('2026-12-01T09:00:00.000Z,billing,chat,12,10,2,8,0.8,3000,300,150,15');
  });

  it('leaves the averages of an interval with nothing answered empty', () => {
    const quiet = {
      ...QUEUE_ROW,
      answered: 0,
      answeredWithinTarget: 0,
      serviceLevel: null,
      averageHandleSeconds: null,
      averageSpeedOfAnswerSeconds: null,
    };
    expect(queueCsv([quiet]).split('\r\n')[1]).toBe(
      '2026-12-01T09:00:00.000Z,billing,chat,12,0,2,0,,3000,,150,',
    );
  });

  it('gives the agent report a column per status any agent was in, zero where one was not', () => {
    const rows: AgentReportRow[] = [
      {
        start: QUEUE_ROW.start,
        agentId: 'agent-ana',
        secondsByStatus: { available: 3000, away: 600 },
        occupancy: 0.5,
      },
      { start: QUEUE_ROW.start, agentId: 'agent-ben', secondsByStatus: { offline: 3600 }, occupancy: null },
    ];
    expect(agentCsv(rows).split('\r\n')).toEqual([
      'start,agentId,occupancy,seconds_available,seconds_away,seconds_offline',
      '2026-12-01T09:00:00.000Z,agent-ana,0.5,3000,600,0',
      '2026-12-01T09:00:00.000Z,agent-ben,,0,0,3600',
      '',
    ]);
  });

  it('names the file after the range, without colons', () => {
    expect(reportFileName('queue', '2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00+01:00')).toBe(
      'queue-report-2026-12-01T000000Z-2026-12-01T230000Z.csv',
    );
  });
});
