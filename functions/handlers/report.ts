// Weekly report λ (off unless the construct's `weeklyReport` prop is set): reads the table once at a
// bounded rate, keeps this week's reading (the report's time series) in the table, writes report.html
// and report.json to the private report bucket, and announces them with a `Report Published` event.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { saveReadings } from '../adapters/dynamodb-readings.js';
import { publishReportEvent, type ReportPublished } from '../adapters/report-event.js';
import { createS3ReportBucket, type ReportBucket } from '../adapters/s3-report-bucket.js';
import type { Program } from '../core/program.js';
import type { Programs } from '../core/programs.js';
import { loadReportAssets, type ReportAssets, renderReportHtml } from '../report/render-html.js';
import {
  defaultReportWindow,
  type ReportScope,
  readTableContents,
  type TableContents,
  tableReport,
} from '../report/table-report.js';
import { readingOf, type UsageSnapshot } from '../report/usage-snapshot.js';
import { readConfig, reportEnv } from './config.js';
import { createLogger, type HandlerLogger } from './logger.js';
import { contentAt, lambdaEntry } from './wiring.js';

export interface ReportJobDeps {
  /** One program, or every program in rule order (the default last): each account is read by its own. */
  readonly program: Program | Programs;
  /** Reads the table (one parallel Scan), folding each item into the report of the window. */
  readonly read: (window: ReportScope['window']) => Promise<TableContents>;
  readonly saveReading: (reading: UsageSnapshot) => Promise<void>;
  readonly bucket: ReportBucket;
  readonly announce: (detail: ReportPublished) => Promise<void>;
  readonly assets: () => Promise<ReportAssets>;
  readonly clock: () => string;
  readonly logger: HandlerLogger;
}

/** Reports go under `reports/<date of the run>/`; the bucket's lifecycle rule expires them. */
export function reportKeys(at: string): { readonly html: string; readonly json: string } {
  const prefix = `reports/${at.slice(0, 10)}/`;
  return { html: `${prefix}report.html`, json: `${prefix}report.json` };
}

export function createReportHandler(deps: ReportJobDeps): (event?: unknown) => Promise<ReportPublished> {
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

/** Where the bundle keeps Chart.js and the report's own assets (copied there at synth). */
export const BUNDLED_REPORT_ASSETS_DIR = 'report-assets';

export { REPORT_ENV, reportEnv } from './config.js';

export function reportDepsFromEnv(): ReportJobDeps {
  const config = readConfig(['TABLE_NAME', 'EVENT_BUS_NAME', 'CONTENT_FILE', 'POWERTOOLS_SERVICE_NAME']);
  const extra = reportEnv();
  const dynamo = new DynamoDBClient({});
  const events = new EventBridgeClient({});
  const here = dirname(fileURLToPath(import.meta.url));
  const program = contentAt(config.CONTENT_FILE).programs;
  return {
    program,
    read: (window) =>
      readTableContents(
        dynamo,
        { tableName: config.TABLE_NAME, maxReadUnitsPerSecond: extra.REPORT_MAX_READ_UNITS },
        { program, window },
      ),
    saveReading: (reading) => saveReadings(dynamo, config.TABLE_NAME, [reading]),
    bucket: createS3ReportBucket(new S3Client({}), extra.REPORT_BUCKET_NAME),
    announce: (detail) => publishReportEvent(events, config.EVENT_BUS_NAME, detail),
    assets: () =>
      loadReportAssets({
        assetsDir: join(here, BUNDLED_REPORT_ASSETS_DIR),
        chartJsFile: join(here, BUNDLED_REPORT_ASSETS_DIR, 'chart.umd.js'),
      }),
    clock: () => new Date().toISOString(),
    logger: createLogger(config.POWERTOOLS_SERVICE_NAME),
  };
}

export const handler = lambdaEntry(() => createReportHandler(reportDepsFromEnv()));
