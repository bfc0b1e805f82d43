// The report's card on the customer's voice: NPS and CSAT with their intervals and split, the
// response rate, NPS by value reached, tickets per week and the detractors not yet followed up,
// drawn from report data, with every name escaped and no comment text anywhere.
import { describe, expect, it } from 'vitest';
import { LABELS } from '../../functions/report/labels.js';
import { loadReportAssets, renderReportHtml } from '../../functions/report/render-html.js';
import { buildReportData } from '../../functions/report/report-data.js';
import type { SurveyFigure } from '../../functions/report/voice-figures.js';
import { DETRACTORS_SHOWN, valueComparison, voiceSection } from '../../functions/report/voice-section.js';
import { anAccount, defaultProgram, surveyAnswered, ticketOpened } from '../fixtures/builders.js';

const program = defaultProgram();
const FROM = '2026-01-05T00:00:00.000Z';
const UNTIL = '2026-03-30T00:00:00.000Z';
const SECRET = 'the secret comment words';
const HOSTILE = 'Alpha <script>alert("x")</script> & Co';

/** An account whose people gave these NPS scores on 1 March; detractors but those who gave 0 leave a comment. */
function account(accountId: string, name: string, scores: readonly number[], answeredAt = '2026-03-01T00:00:00Z') {
  const b = anAccount(accountId).withProfile({ name, timeZone: 'Asia/Tokyo', contractStart: '2026-01-05' });
  scores.forEach((_, i) => b.withContact(`${accountId}-c${i}`, { role: i === 0 ? 'owner' : 'member' }));
  b.withContact(`${accountId}-quiet`, { role: 'member' });
  scores.forEach((score, i) =>
    b.withEvents(
      surveyAnswered(accountId, `${accountId}-c${i}`, {
        survey: 'nps',
        score,
        answeredAt,
        ...(score <= 6 && score > 0 ? { comment: SECRET } : {}),
      }),
    ),
  );
  return b;
}

function dataOf(accounts: ReturnType<typeof account>[]) {
  return buildReportData({
    program,
    from: FROM,
    until: UNTIL,
    accounts: accounts.map((a) => a.state(program)),
    touches: [],
    snapshots: [],
  });
}

/** Every `data-label` key of an HTML fragment. */
const labelKeys = (html: string) => [...html.matchAll(/data-label="([^"]+)"/g)].map((m) => m[1] as string);
const lookup = (obj: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o === null || typeof o !== 'object' ? undefined : (o as never)[k]), obj);

describe('the report’s voice card', () => {
  // 10 answers of 12 seats: promoters 10, 9, 9, 10, 9; passives 8, 7, 7; detractors 3, 0.
  // p = 0.5, d = 0.2, NPS = 30; var = 0.5 + 0.2 − 0.3² = 0.61; 1.96 × √(0.61/10) = 0.4841 → −18.4 … +78.4.
  const data = dataOf([
    account('acc-a', HOSTILE, [10, 9, 9, 8, 3]),
    account('acc-b', 'Beta', [10, 9, 7, 7, 0], '2026-03-20T00:00:00Z').withEvents(
      ticketOpened('acc-b', 't-1', '2026-03-25T00:00:00Z'),
    ),
  ]);
  const html = voiceSection(data.voice, UNTIL);

  it('draws NPS with its interval, the split as a stacked bar, and the response rate', () => {
    const row = html.split('\n').find((l) => l.includes('voice.all') && l.includes('voice.surveys.nps'));
    expect(row).toContain('+30.0 (−18.4 … +78.4)');
    expect(row).toContain(
      '<span class="promoter" style="width:50.0%"></span><span class="passive" style="width:30.0%"></span><span class="detractor" style="width:20.0%"></span></span> 5 / 3 / 2',
    );
    expect(row).toContain('10 / 12');
    expect(row).toContain(`${((100 * 10) / 12).toFixed(1)} %`);
    // No CSAT answers: the row is there with no score and no bar.
    const csat = html.split('\n').find((l) => l.includes('voice.all') && l.includes('voice.surveys.csat'));
    expect(csat).toContain('<td class="num">—</td><td class="num">—</td><td class="num">0 / 12</td>');
  });

  it('draws each phase the accounts are in, for the surveys the program has answers to', () => {
    for (const phase of Object.keys(data.voice.byProgram[0]?.byPhase ?? {}))
      expect(html).toContain(`data-label="phases.${phase}"`);
    const lines = html.split('\n');
    expect(lines.filter((l) => l.includes('data-label="phases.') && l.includes('surveys.nps')).length).toBeGreaterThan(
      0,
    );
    expect(lines.filter((l) => l.includes('data-label="phases.') && l.includes('surveys.csat'))).toEqual([]);
  });

  it('draws no interval of zero width', () => {
    // One passive: NPS 0 with nothing to spread; everyone a promoter: 100.
    const one = voiceSection(dataOf([account('acc-p', 'P', [8])]).voice, UNTIL);
    expect(one).toContain('<td class="num">0.0</td>');
    expect(one).not.toContain('(0.0 … 0.0)');
  });

  it('lists the detractors not yet followed up with score, days open and whether they commented', () => {
    const table = html.slice(html.indexOf('id="voice-detractors"'));
    const rows = table.split('\n').filter((l) => l.startsWith('<tr>'));
    // The latest first: Beta's detractor answered on 20 March (10 days before the end), then acc-a's on 1 March (29).
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('<td>Beta (acc-b)</td>');
    expect(rows[0]).toContain('<td class="num">0</td><td class="num">2026-03-20</td><td class="num">10</td>');
    expect(rows[0]).toContain('voice.no');
    expect(rows[1]).toContain('<td class="num">3</td><td class="num">2026-03-01</td><td class="num">29</td>');
    expect(rows[1]).toContain('voice.yes');
  });

  it('escapes the names it draws', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('Alpha &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; Co (acc-a)');
  });

  it('never draws a comment’s text', () => {
    expect(JSON.stringify(data.voice)).not.toContain(SECRET);
    expect(html).not.toContain(SECRET);
  });

  it('draws tickets per account per week and the tickets open', () => {
    const tickets = html.slice(html.indexOf('voice.tickets'), html.indexOf('voice.openDetractors'));
    const rows = tickets.split('\n').filter((l) => l.startsWith('<tr>'));
    expect(rows).toHaveLength(12);
    // One ticket over two accounts in the last week; the bar is the longest.
    expect(rows[11]).toContain('<span class="bar" style="width:80px"></span>0.50');
    expect(rows[0]).toContain('<td class="num">0.00</td>');
    expect(tickets).toContain('<b>1</b>');
  });

  it('says when nobody has answered yet, and still draws the tickets', () => {
    const empty = voiceSection(dataOf([account('acc-q', 'Quiet', [])]).voice, UNTIL);
    expect(empty).toContain('<p class="empty" id="voice-empty"><span data-label="voice.empty"></span></p>');
    expect(empty).not.toContain('voice.scores');
    expect(empty).toContain('id="voice-tickets"');
    expect(empty).toContain('voice.noDetractors');
    expect(voiceSection(undefined, UNTIL)).toBe('');
  });

  it('draws at most the latest detractors, and says how many there are', () => {
    const many = dataOf(
      Array.from({ length: 26 }, (_, i) => account(`acc-${String(i).padStart(2, '0')}`, `N${i}`, [0, 1])),
    );
    const drawn = voiceSection(many.voice, UNTIL);
    const table = drawn.slice(drawn.indexOf('id="voice-detractors"'));
    expect(table.split('\n').filter((l) => l.startsWith('<tr>'))).toHaveLength(DETRACTORS_SHOWN);
    expect(table).toContain(`${DETRACTORS_SHOWN} / 52`);
  });

  it('has every word in both languages', () => {
    for (const key of new Set(labelKeys(html))) {
      expect(typeof lookup(LABELS.en, key), key).toBe('string');
      expect(typeof lookup(LABELS.ja, key), key).toBe('string');
    }
  });

  it('is part of report.html', async () => {
    const page = renderReportHtml(data, await loadReportAssets());
    expect(page).toContain('<section class="card wide" id="voice">');
    expect(page).not.toContain(SECRET);
  });
});

describe('NPS by value reached', () => {
  const figure = (score: number, lower: number | null, upper: number | null): SurveyFigure => ({
    responses: 10,
    seats: 10,
    responseRate: { estimate: 1, lower: 0.7, upper: 1 },
    promoters: 5,
    passives: 3,
    detractors: 2,
    score,
    lower,
    upper,
  });

  it('gives a verdict only when both intervals exist and do not overlap', () => {
    expect(valueComparison(figure(40, 20, 60), figure(10, -10, 30))).toBe('overlap');
    expect(valueComparison(figure(50, 31, 69), figure(10, -10, 30))).toBe('reachedHigher');
    expect(valueComparison(figure(-20, -40, -1), figure(30, 0, 60))).toBe('reachedLower');
    expect(valueComparison(figure(50, null, null), figure(10, -10, 30))).toBe('tooFew');
  });

  it('draws the verdict under the table', () => {
    const data = dataOf([account('acc-a', 'A', [10, 9, 0, 3])]);
    // Nobody reached value here: the not-reached side has the answers, the reached side none.
    expect(voiceSection(data.voice, UNTIL)).toContain(
      '<p class="verdict" id="voice-by-value"><span data-label="voice.tooFew"></span></p>',
    );
  });
});
