// Publishing the report: one read of the table, this week's reading kept, both files in the bucket,
// then the `Report Published` event naming them.
import { describe, expect, it } from 'vitest';
import { createPublishReport, type ReportPublished } from '../../functions/app/publish-report.js';
import { loadReportAssets } from '../../functions/report/render-html.js';
import type { ReportData } from '../../functions/report/report-data.js';
import type { UsageSnapshot } from '../../functions/report/usage-snapshot.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';
import { fixedClock, recordingLogger } from '../handlers/helpers.js';

const NOW = '2026-06-01T00:00:00.000Z';

function setup() {
  const accounts = ['acc-1', 'acc-2'].map((id) =>
    anAccount(id)
      .withProfile({ timeZone: 'Asia/Tokyo' })
      .withContact('c-1', { role: 'owner' })
      .withUsage('c-1', 'login', '2026-05-20T01:00:00Z')
      .onboardedOn('2026-03-02')
      .state(),
  );
  const puts: { key: string; body: string; contentType: string }[] = [];
  const announced: ReportPublished[] = [];
  const readings: UsageSnapshot[] = [];
  let reads = 0;
  const publishReport = createPublishReport({
    program: defaultProgram(),
    read: async () => {
      reads += 1;
      return {
        accounts,
        touches: [{ sentAt: '2026-05-25T00:00:00.000Z', accountId: 'acc-1', contactId: 'c-1', kind: 'feature-tip' }],
        readings: [],
      };
    },
    saveReading: async (r) => void readings.push(r),
    bucket: {
      name: 'reports-bucket',
      put: async (key, body, contentType) => void puts.push({ key, body, contentType }),
    },
    announce: async (d) => void announced.push(d),
    assets: loadReportAssets,
    clock: fixedClock(NOW),
    logger: recordingLogger(),
  });
  return { publishReport, puts, announced, readings, reads: () => reads };
}

describe('publish report', () => {
  it('reads the table once, keeps the week’s reading, writes both files and announces them', async () => {
    const { publishReport, puts, announced, readings, reads } = setup();
    const published = await publishReport();
    expect(reads()).toBe(1);
    expect(readings.map((r) => r.at)).toEqual([NOW]);
    expect(puts.map((p) => [p.key, p.contentType])).toEqual([
      ['reports/2026-06-01/report.json', 'application/json'],
      ['reports/2026-06-01/report.html', 'text/html; charset=utf-8'],
    ]);
    const data = JSON.parse(puts[0]?.body ?? '') as ReportData;
    expect(data.summary).toMatchObject({ accounts: 2, touches: 1 });
    expect(data.window.until).toBe(NOW);
    expect(puts[1]?.body).toContain('<canvas id="chart-touches"');
    expect(announced).toEqual([published]);
    expect(published).toMatchObject({
      bucket: 'reports-bucket',
      key: 'reports/2026-06-01/report.html',
      jsonKey: 'reports/2026-06-01/report.json',
      accounts: 2,
    });
  });
});
