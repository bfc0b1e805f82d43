// The customer's voice in report.json: NPS and CSAT with their intervals, NPS by value reached and by
// holdout group, tickets per account per week, and the detractors not yet followed up (no comment text).
import { describe, expect, it } from 'vitest';
import { reportAccountOf } from '../../functions/report/report-account.js';
import { surveyFigure, voiceFigures } from '../../functions/report/voice-figures.js';
import { anAccount, defaultProgram, surveyAnswered, ticketClosed, ticketOpened } from '../fixtures/builders.js';

const program = defaultProgram();
const UNTIL = '2026-03-30T00:00:00.000Z';

function row(accountId: string, scores: readonly number[]) {
  const builder = anAccount(accountId).withProfile({ timeZone: 'Asia/Tokyo', contractStart: '2026-01-05' });
  scores.forEach((_, i) => builder.withContact(`${accountId}-c${i}`, { role: i === 0 ? 'owner' : 'member' }));
  builder.withContact(`${accountId}-quiet`, { role: 'member' });
  scores.forEach((score, i) =>
    builder.withEvents(
      surveyAnswered(accountId, `${accountId}-c${i}`, {
        survey: 'nps',
        score,
        answeredAt: '2026-03-01T00:00:00Z',
        ...(score <= 6 ? { comment: 'secret words' } : {}),
      }),
    ),
  );
  const r = reportAccountOf(builder.state(program), program, UNTIL);
  if (r === null) throw new Error('no row');
  return r;
}

describe('voice figures', () => {
  it('counts promoters, passives and detractors, and gives NPS with its interval and the response rate', () => {
    // 10 answers: 5 promoters, 3 passives, 2 detractors of 12 seats (two accounts, a quiet member each).
    const rows = [row('acc-a', [10, 9, 9, 8, 3]), row('acc-b', [10, 9, 7, 7, 0])];
    const nps = surveyFigure('nps', rows);
    expect(nps).toMatchObject({ responses: 10, seats: 12, promoters: 5, passives: 3, detractors: 2, score: 30 });
    expect(nps.lower).toBeLessThan(30);
    expect(nps.upper).toBeGreaterThan(30);
    expect(nps.responseRate.estimate).toBeCloseTo(10 / 12, 3);
    expect(nps.responseRate.lower).toBeLessThan(10 / 12);
    expect(surveyFigure('csat', rows)).toMatchObject({ responses: 0, score: null });
  });

  it('lists the detractors not yet followed up, saying a comment was left but never what it says', () => {
    const figures = voiceFigures([row('acc-a', [10, 3])], [program.id], { [program.id]: 'x' }, UNTIL);
    expect(figures.openDetractors).toEqual([
      {
        accountId: 'acc-a',
        accountName: 'Acme Manufacturing',
        contactId: 'acc-a-c1',
        survey: 'nps',
        score: 3,
        at: '2026-03-01T00:00:00.000Z',
        commented: true,
      },
    ]);
    expect(JSON.stringify(figures)).not.toContain('secret words');
  });

  it('counts ticket openings per account per week over the last 12 weeks, and the tickets open', () => {
    const state = anAccount('acc-t')
      .withProfile({ timeZone: 'Asia/Tokyo', contractStart: '2026-01-05' })
      .withEvents(
        ticketOpened('acc-t', 't-1', '2026-03-25T00:00:00Z', { priority: 'high' }),
        ticketOpened('acc-t', 't-2', '2026-03-26T00:00:00Z'),
        ticketClosed('acc-t', 't-2', '2026-03-27T00:00:00Z'),
        ticketOpened('acc-t', 't-3', '2026-03-10T00:00:00Z'),
      )
      .state(program);
    const r = reportAccountOf(state, program, UNTIL);
    const figures = voiceFigures(r === null ? [] : [r], [program.id], {}, UNTIL);
    expect(figures.tickets.weeks).toHaveLength(12);
    expect(figures.tickets.perAccount.slice(-3)).toEqual([1, 0, 2]);
    expect(figures.tickets.open).toBe(2);
  });
});
