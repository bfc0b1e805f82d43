// Weekly report λ (off unless the construct's `weeklyReport` prop is set): a scheduled run of the
// publish-report use case (functions/app/publish-report.ts) over the table, the private report
// bucket and the event bus.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { saveReadings } from '../adapters/dynamodb-readings.js';
import { publishReportEvent } from '../adapters/report-event.js';
import { createS3ReportBucket } from '../adapters/s3-report-bucket.js';
import { createPublishReport, type PublishReportDeps, type ReportPublished } from '../app/publish-report.js';
import { loadReportAssets } from '../report/render-html.js';
import { readTableContents } from '../report/table-report.js';
import { reportConfig } from './config.js';
import { createLogger } from './logger.js';
import { contentAt, lambdaEntry } from './wiring.js';

export { reportKeys } from '../app/publish-report.js';
export { REPORT_ENV, reportEnv } from './config.js';
export type ReportJobDeps = PublishReportDeps;

export function createReportHandler(deps: ReportJobDeps): (event?: unknown) => Promise<ReportPublished> {
  const publishReport = createPublishReport(deps);
  return () => publishReport();
}

/** Where the bundle keeps Chart.js and the report's own assets (copied there at synth). */
export const BUNDLED_REPORT_ASSETS_DIR = 'report-assets';

export function reportDepsFromEnv(): ReportJobDeps {
  const config = reportConfig();
  const dynamo = new DynamoDBClient({});
  const events = new EventBridgeClient({});
  const program = contentAt(config.CONTENT_FILE).programs;
  const assetsDir = join(dirname(fileURLToPath(import.meta.url)), BUNDLED_REPORT_ASSETS_DIR);
  return {
    program,
    read: (window) =>
      readTableContents(
        dynamo,
        { tableName: config.TABLE_NAME, maxReadUnitsPerSecond: config.REPORT_MAX_READ_UNITS },
        { program, window },
      ),
    saveReading: (reading) => saveReadings(dynamo, config.TABLE_NAME, [reading]),
    bucket: createS3ReportBucket(new S3Client({}), config.REPORT_BUCKET_NAME),
    announce: (detail) => publishReportEvent(events, config.EVENT_BUS_NAME, detail),
    assets: () => loadReportAssets({ assetsDir, chartJsFile: join(assetsDir, 'chart.umd.js') }),
    clock: () => new Date().toISOString(),
    logger: createLogger(config.POWERTOOLS_SERVICE_NAME),
  };
}

export const handler = lambdaEntry(() => createReportHandler(reportDepsFromEnv()));
