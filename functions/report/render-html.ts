// report.html: one static file that opens offline. Chart.js, the page script, the styles, the labels
// in both languages and the report's data are all inlined; nothing is fetched.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EFFECT_LABELS } from './effect-labels.js';
import { LABELS } from './labels.js';
import { peopleSection } from './people-section.js';
import { queueSection } from './queue-section.js';
import { renewalSection } from './renewal-section.js';
import type { ReportData } from './report-data.js';
import { sendingSection } from './sending-section.js';
import { voiceSection } from './voice-section.js';

export interface ReportAssets {
  readonly chartJs: string;
  readonly script: string;
  /** The effect section's script (effects.js), run before the page script calls it. */
  readonly effects: string;
  readonly style: string;
}

const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');

/** Where the assets are when not in this package (a Lambda bundle carries copies next to its code). */
export interface ReportAssetFiles {
  readonly chartJsFile?: string;
  readonly assetsDir?: string;
}

/** Chart.js's UMD build (its package exports do not list it, so it is found next to the main entry). */
export async function loadReportAssets(from: ReportAssetFiles = {}): Promise<ReportAssets> {
  const require = createRequire(import.meta.url);
  const chartJsFile = from.chartJsFile ?? join(dirname(require.resolve('chart.js')), 'chart.umd.js');
  const assetsDir = from.assetsDir ?? ASSETS_DIR;
  const [chartJs, script, effects, style] = await Promise.all([
    readFile(chartJsFile, 'utf8'),
    readFile(join(assetsDir, 'report.js'), 'utf8'),
    readFile(join(assetsDir, 'effects.js'), 'utf8'),
    readFile(join(assetsDir, 'report.css'), 'utf8'),
  ]);
  return { chartJs, script, effects, style };
}

/** JSON safe inside a <script> element: no `</script>` or `<!--` can close or comment it out. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A script body that cannot end its own element early. */
function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1');
}

function card(id: string, label: string, extra = ''): string {
  return `<section class="card${extra}">
  <h2 data-label="charts.${label}"></h2>
  <p class="note" data-label="notes.${label}"></p>
  <div class="chart"><canvas id="${id}" role="img"></canvas></div>`;
}

const TILES = [
  'accounts',
  'onboarded',
  'touches',
  'milestones',
  'value',
  'medianTtv',
  'reonboardings',
  'atRisk',
  'falseAlarms',
] as const;

export function renderReportHtml(data: ReportData, assets: ReportAssets): string {
  const tiles = TILES.map(
    (t) =>
      `<div class="tile${t === 'atRisk' ? ' risk' : ''}" data-tile="${t}"><div class="value"></div><div class="name"></div></div>`,
  ).join('\n    ');
  const from = data.window.from.slice(0, 10);
  const until = data.window.until.slice(0, 10);
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>teichaku</title>
<style>${assets.style}</style>
</head>
<body>
<header>
  <div>
    <h1 data-label="title"></h1>
    <p data-label="subtitle"></p>
  </div>
  <div class="meta"><span data-label="window"></span>: <b>${from} – ${until}</b> · <span data-label="program"></span>: <b id="program-id"></b></div>
  <div class="lang"><span data-label="language"></span>
    <button type="button" data-lang="ja" aria-pressed="false">日本語</button>
    <button type="button" data-lang="en" aria-pressed="false">English</button>
  </div>
</header>
<main>
  <div class="tiles">
    ${tiles}
  </div>
  <div class="grid">
    ${card('chart-touches', 'touchesPerWeek')}</section>
    ${card('chart-risk', 'riskOverTime')}</section>
    ${card('chart-milestones', 'milestones')}
      <table id="milestone-table"></table>
    </section>
    ${card('chart-ttv', 'timeToValue')}</section>
    ${card('chart-usage', 'usage')}
      <p class="empty" id="usage-empty" data-label="notes.noSnapshots" hidden></p>
    </section>
    ${card('chart-features', 'featuresOverTime')}</section>
    ${card('chart-per-feature', 'perFeature')}</section>
    <section class="card wide effects" id="effects"></section>
    <section class="card wide effects" id="feature-success"></section>
    ${queueSection(data.queue, data.window.until)}
    ${sendingSection(data.sending)}
    ${renewalSection(data.renewal)}
    ${voiceSection(data.voice, data.window.until)}
    ${peopleSection(data.people)}
    <section class="card wide">
      <h2 data-label="accountsTable.title"></h2>
      <p class="note"><span data-label="notes.accounts"></span> <span id="accounts-shown"></span></p>
      <div class="scroll"><table id="accounts-table"></table></div>
    </section>
  </div>
</main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script type="application/json" id="report-labels">${scriptJson(LABELS)}</script>
<script type="application/json" id="effect-labels">${scriptJson(EFFECT_LABELS)}</script>
<script>${inlineScript(assets.chartJs)}</script>
<script>(function () { var d = JSON.parse(document.getElementById('report-data').textContent); document.getElementById('program-id').textContent = (d.programs || [d.program]).map(function (p) { return p.id; }).join(', '); })();</script>
<script>${inlineScript(assets.effects)}</script>
<script>${inlineScript(assets.script)}</script>
</body>
</html>
`;
}
