// Publishing the report: one read of the table, this week's reading kept, both files in the bucket,
// then the `Report Published` event naming them.
import { describe, expect, it } from 'vitest';
import { createPublishReport } from '../../functions/app/publish-report.js';
import type { ReportData } from '../../functions/report/report-data.js';
import { reportWorld } from './worlds.js';

const NOW = '2026-06-01T00:00:00.000Z';

function setup() {
  const world = reportWorld(NOW);
  return { ...world, publishReport: createPublishReport(world.deps) };
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
