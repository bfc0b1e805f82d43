// Publish the report: read the table once, keep this week's reading (the report's time series) in
// the table, write report.html and report.json to the report bucket and announce them with a
// `Report Published` event. The weekly report function runs it; what it reads, where it writes and
// how it announces are handed in.
import type { Logger, ReportBucket, ReportPublished } from '../core/ports.js';
import type { Program } from '../core/program.js';
import type { Programs } from '../core/programs.js';
import { type ReportAssets, renderReportHtml } from '../report/render-html.js';
import { defaultReportWindow, type ReportScope, type TableContents, tableReport } from '../report/table-report.js';
import { readingOf, type UsageSnapshot } from '../report/usage-snapshot.js';

export type { ReportBucket, ReportPublished } from '../core/ports.js';

export interface PublishReportDeps {
  /** One program, or every program in rule order (the default last): each account is read by its own. */
  readonly program: Program | Programs;
  /** Reads the table (one parallel Scan), folding each item into the report of the window. */
  readonly read: (window: ReportScope['window']) => Promise<TableContents>;
  readonly saveReading: (reading: UsageSnapshot) => Promise<void>;
  readonly bucket: ReportBucket;
  readonly announce: (detail: ReportPublished) => Promise<void>;
  readonly assets: () => Promise<ReportAssets>;
  readonly clock: () => string;
  readonly logger: Logger;
}

/** Reports go under `reports/<date of the run>/`; the bucket's lifecycle rule expires them. */
export function reportKeys(at: string): { readonly html: string; readonly json: string } {
  const prefix = `reports/${at.slice(0, 10)}/`;
  return { html: `${prefix}report.html`, json: `${prefix}report.json` };
}

export function createPublishReport(deps: PublishReportDeps): () => Promise<ReportPublished> {
  return async () => {
    const at = deps.clock();
    const window = defaultReportWindow(at);
    const contents = await deps.read(window);
    // The reading is kept before the report is written: a failed upload still leaves the series whole.
    const reading = readingOf(contents.accounts, at);
    await deps.saveReading(reading);
    const data = tableReport({ ...contents, readings: [...contents.readings, reading] }, deps.program, window);
    const keys = reportKeys(at);
    await deps.bucket.put(keys.json, `${JSON.stringify(data, null, 2)}\n`, 'application/json');
    await deps.bucket.put(keys.html, renderReportHtml(data, await deps.assets()), 'text/html; charset=utf-8');
    const published: ReportPublished = {
      at,
      bucket: deps.bucket.name,
      key: keys.html,
      jsonKey: keys.json,
      window,
      accounts: data.summary.accounts,
    };
    await deps.announce(published);
    deps.logger.info('report published', {
      key: keys.html,
      accounts: data.summary.accounts,
      touches: data.summary.touches,
    });
    return published;
  };
}
