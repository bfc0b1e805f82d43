// The report's card on the customer's voice: NPS and CSAT per program and phase (score with its
// interval, the promoter / passive / detractor split as a stacked bar, the response rate), NPS by
// value reached with whether the intervals overlap, support tickets per account per week, and the
// detractors not yet followed up. Drawn on the server as tables; every word is a `data-label` the
// page fills in the chosen language. No comment text reaches this card: the figures carry only
// whether a comment was left.
import { escapeHtmlNumeric as escapeHtml } from '../core/email/escape.js';
import type { Survey } from '../core/events.js';
import type { SurveyFigure, VoiceFigures } from './voice-figures.js';

/** Detractor rows drawn; the rest are in report.json and `teichaku queue`. */
export const DETRACTORS_SHOWN = 50;

const DAY_MS = 86_400_000;

const label = (key: string) => `<span data-label="voice.${escapeHtml(key)}"></span>`;
const head = (...keys: string[]) =>
  `<thead><tr>${keys.map((k, i) => `<th${i === 0 ? '' : ' class="num"'}>${label(k)}</th>`).join('')}</tr></thead>`;

/** A score in points: NPS signed (−100…100), CSAT as a percentage; one decimal. */
function points(survey: Survey, v: number | null): string {
  if (v === null) return '—';
  const text = Math.abs(v).toFixed(1);
  if (survey === 'csat') return `${v.toFixed(1)} %`;
  return v > 0 ? `+${text}` : v < 0 ? `−${text}` : text;
}

function scoreCell(survey: Survey, f: SurveyFigure): string {
  if (f.score === null) return '—';
  // A zero-width interval (one answer, or all alike) says nothing: none is drawn then.
  const interval =
    f.lower === null || f.upper === null || f.lower === f.upper
      ? ''
      : ` (${points(survey, f.lower)} … ${points(survey, f.upper)})`;
  return `${points(survey, f.score)}${interval}`;
}

const percent = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)} %`);

/** The split as one bar of three parts, widths in per cent of the answers, and the counts beside it. */
export function stackedBar(f: SurveyFigure): string {
  if (f.responses === 0) return '—';
  const width = (k: number) => ((100 * k) / f.responses).toFixed(1);
  const parts = (
    [
      ['promoter', f.promoters],
      ['passive', f.passives],
      ['detractor', f.detractors],
    ] as const
  )
    .filter(([, k]) => k > 0)
    .map(([cls, k]) => `<span class="${cls}" style="width:${width(k)}%"></span>`)
    .join('');
  return `<span class="stack" role="img" aria-label="${f.promoters} / ${f.passives} / ${f.detractors}">${parts}</span> ${f.promoters} / ${f.passives} / ${f.detractors}`;
}

function surveyRow(group: string, survey: Survey, f: SurveyFigure): string {
  const rate = f.responseRate;
  const rateText =
    rate.estimate === null ? '—' : `${percent(rate.estimate)} (${percent(rate.lower)} – ${percent(rate.upper)})`;
  return `<tr><td>${group}</td><td>${label(`surveys.${survey}`)}</td><td class="num">${scoreCell(survey, f)}</td><td class="num">${stackedBar(f)}</td><td class="num">${f.responses} / ${f.seats}</td><td class="num">${rateText}</td></tr>`;
}

function scoresTable(voice: VoiceFigures): string {
  const rows = voice.byProgram.flatMap((p) => {
    const program = escapeHtml(p.programId);
    // A survey the program has no answer to gets its total row only, not one per phase.
    const asked = (['nps', 'csat'] as const).filter((survey) => p[survey].responses > 0);
    const phases = Object.entries(p.byPhase).flatMap(([phase, figures]) =>
      figures === undefined
        ? []
        : asked.map((survey) =>
            surveyRow(`${program} · <span data-label="phases.${escapeHtml(phase)}"></span>`, survey, figures[survey]),
          ),
    );
    return [
      surveyRow(`${program} · ${label('all')}`, 'nps', p.nps),
      surveyRow(`${program} · ${label('all')}`, 'csat', p.csat),
      ...phases,
    ];
  });
  return `<h3>${label('scores')}</h3>
  <p class="note">${label('scoresNote')}</p>
  <p class="note stack-legend"><span class="key promoter"></span>${label('promoters')} <span class="key passive"></span>${label('passives')} <span class="key detractor"></span>${label('detractors')}</p>
  <div class="scroll"><table class="voice-table">${head('group', 'survey', 'score', 'split', 'responses', 'responseRate')}<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

/** Whether NPS differs by value reached: a verdict only when both intervals exist and do not overlap. */
export function valueComparison(
  reached: SurveyFigure,
  notReached: SurveyFigure,
): 'overlap' | 'reachedHigher' | 'reachedLower' | 'tooFew' {
  if (reached.lower === null || reached.upper === null || notReached.lower === null || notReached.upper === null)
    return 'tooFew';
  if (reached.lower > notReached.upper) return 'reachedHigher';
  if (reached.upper < notReached.lower) return 'reachedLower';
  return 'overlap';
}

function byValueTable(voice: VoiceFigures): string {
  const { reached, notReached } = voice.npsByValue;
  const row = (key: string, f: SurveyFigure) =>
    `<tr><td>${label(key)}</td><td class="num">${scoreCell('nps', f)}</td><td class="num">${stackedBar(f)}</td><td class="num">${f.responses}</td></tr>`;
  return `<h3>${label('byValue')}</h3>
  <p class="note">${label('byValueNote')}</p>
  <div class="scroll"><table class="voice-table">${head('outcome', 'score', 'split', 'answers')}<tbody>
${row('valueReached', reached)}
${row('valueNotReached', notReached)}
</tbody></table></div>
  <p class="verdict" id="voice-by-value">${label(valueComparison(reached, notReached))}</p>`;
}

function ticketsTable(voice: VoiceFigures): string {
  const t = voice.tickets;
  const max = Math.max(0, ...t.perAccount.map((v) => v ?? 0));
  const rows = t.weeks.map((week, i) => {
    const v = t.perAccount[i] ?? null;
    const bar = v === null || v === 0 ? '' : `<span class="bar" style="width:${Math.round((80 * v) / max)}px"></span>`;
    return `<tr><td>${escapeHtml(week)}</td><td class="num">${bar}${v === null ? '—' : v.toFixed(2)}</td></tr>`;
  });
  return `<h3>${label('tickets')}</h3>
  <p class="note">${label('ticketsNote')} ${label('openTickets')}: <b>${t.open}</b></p>
  <div class="scroll"><table class="voice-table" id="voice-tickets">${head('week', 'perAccount')}<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function detractorsTable(voice: VoiceFigures, until: string): string {
  const all = voice.openDetractors;
  if (all.length === 0)
    return `<h3>${label('openDetractors')}</h3>
  <p class="note">${label('noDetractors')}</p>`;
  const rows = all.slice(0, DETRACTORS_SHOWN).map((d) => {
    const days = Math.max(0, Math.floor((Date.parse(until) - Date.parse(d.at)) / DAY_MS));
    return `<tr><td>${escapeHtml(`${d.accountName} (${d.accountId})`)}</td><td>${label(`surveys.${d.survey}`)}</td><td class="num">${d.score}</td><td class="num">${escapeHtml(d.at.slice(0, 10))}</td><td class="num">${days}</td><td class="num">${label(d.commented ? 'yes' : 'no')}</td></tr>`;
  });
  const shown =
    all.length > DETRACTORS_SHOWN
      ? `\n  <p class="note">${label('shown')} ${DETRACTORS_SHOWN} / ${all.length}</p>`
      : '';
  return `<h3>${label('openDetractors')}</h3>
  <p class="note">${label('openDetractorsNote')}</p>
  <div class="scroll"><table class="voice-table" id="voice-detractors">${head('account', 'survey', 'answerScore', 'answered', 'daysOpen', 'commented')}<tbody>
${rows.join('\n')}
</tbody></table></div>${shown}`;
}

export function voiceSection(voice: VoiceFigures | undefined, until: string): string {
  if (voice === undefined) return '';
  const answered = voice.byProgram.some((p) => p.nps.responses + p.csat.responses > 0);
  const figures = answered
    ? `${scoresTable(voice)}
  ${byValueTable(voice)}`
    : `<p class="empty" id="voice-empty">${label('empty')}</p>`;
  return `<section class="card wide" id="voice">
  <h2>${label('title')}</h2>
  <p class="note">${label('note')}</p>
  ${figures}
  ${ticketsTable(voice)}
  ${detractorsTable(voice, until)}
</section>`;
}
