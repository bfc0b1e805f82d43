// Writes the KPI report: report.json (every figure) and report.html (the same figures, drawn).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadReportAssets, renderReportHtml } from './render-html.js';
import type { ReportData } from './report-data.js';

export interface WrittenReport {
  readonly html: string;
  readonly json: string;
}

export async function writeReport(dir: string, data: ReportData): Promise<WrittenReport> {
  const html = join(dir, 'report.html');
  const json = join(dir, 'report.json');
  const assets = await loadReportAssets();
  await Promise.all([
    writeFile(html, renderReportHtml(data, assets), 'utf8'),
    writeFile(json, `${JSON.stringify(data, null, 2)}\n`, 'utf8'),
  ]);
  return { html, json };
}
