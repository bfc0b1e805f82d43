// The customer's voice in the report: NPS and CSAT per program and phase (score, promoters, passives,
// detractors, response rate, with intervals), NPS against adoption (value reached or not), NPS in
// treatment against the holdout (a secondary, exploratory figure), tickets per account per week, and
// the detractors not yet followed up. Comments are customer content: the report says only whether
// one was left, never what it says.
import type { Survey } from '../core/events.js';
import type { Phase } from '../core/state.js';
import { DAY_MS, toIso, toMs } from '../core/time.js';
import { isDetractor, isPromoter } from '../core/voice.js';
import type { ReportAccount } from './report-account.js';
import { round } from './statistics.js';
import { type Estimate, wilsonInterval } from './stats/proportions.js';

/** One person's latest answer to one survey, as the report row keeps it. */
export interface ReportAnswer {
  readonly survey: Survey;
  readonly score: number;
  readonly at: string;
}

/** A detractor answer not yet followed up (no comment text: only whether there is one). */
export interface ReportDetractor {
  readonly contactId: string;
  readonly survey: Survey;
  readonly score: number;
  readonly at: string;
  readonly commented: boolean;
}

/** What the voice figures read of one account (`ReportAccount.voice`). */
export interface ReportVoice {
  /** Seats asked (people with a role, not removed): the response rate's denominator. */
  readonly seats: number;
  readonly answers: readonly ReportAnswer[];
  readonly openDetractors: readonly ReportDetractor[];
  /** Ticket openings per week, oldest first, the last week ending at the report's end (TICKET_WEEKS). */
  readonly ticketsPerWeek: readonly number[];
  readonly openTickets: number;
}

/** Weeks of ticket openings the report shows (the history the state keeps). */
export const TICKET_WEEKS = 12;

const rounded = (e: Estimate) => ({
  estimate: round(Number.isNaN(e.estimate) ? null : e.estimate),
  lower: round(e.lower),
  upper: round(e.upper),
});

export interface SurveyFigure {
  readonly responses: number;
  readonly seats: number;
  /** Responses over seats, with the 95 % Wilson interval. */
  readonly responseRate: { estimate: number | null; lower: number | null; upper: number | null };
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /**
   * NPS: % promoters − % detractors (−100…100); for CSAT the % satisfied (4–5). With its 95 %
   * interval (NPS: the normal approximation of the difference of two shares of one sample).
   */
  readonly score: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export function surveyFigure(survey: Survey, accounts: readonly ReportAccount[]): SurveyFigure {
  let seats = 0;
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const a of accounts) {
    if (a.voice === undefined) continue;
    seats += a.voice.seats;
    for (const answer of a.voice.answers) {
      if (answer.survey !== survey) continue;
      if (isPromoter(survey, answer.score)) promoters += 1;
      else if (isDetractor(survey, answer.score)) detractors += 1;
      else passives += 1;
    }
  }
  const n = promoters + passives + detractors;
  const interval = scoreInterval(survey, promoters, detractors, n);
  return {
    responses: n,
    seats,
    responseRate: rounded(wilsonInterval(n, Math.max(n, seats))),
    promoters,
    passives,
    detractors,
    ...interval,
  };
}

function scoreInterval(
  survey: Survey,
  promoters: number,
  detractors: number,
  n: number,
): { score: number | null; lower: number | null; upper: number | null } {
  if (n === 0) return { score: null, lower: null, upper: null };
  if (survey === 'csat') {
    const e = wilsonInterval(promoters, n);
    return { score: round(100 * e.estimate, 1), lower: round(100 * e.lower, 1), upper: round(100 * e.upper, 1) };
  }
  const p = promoters / n;
  const d = detractors / n;
  const nps = p - d;
  const se = Math.sqrt(Math.max(0, p + d - nps * nps) / n);
  return {
    score: round(100 * nps, 1),
    lower: round(100 * Math.max(-1, nps - 1.96 * se), 1),
    upper: round(100 * Math.min(1, nps + 1.96 * se), 1),
  };
}

export interface VoiceFigures {
  /** Per program, then per phase the account is in now, for each survey. */
  readonly byProgram: readonly {
    readonly programId: string;
    readonly nps: SurveyFigure;
    readonly csat: SurveyFigure;
    readonly byPhase: Readonly<Partial<Record<Phase, { readonly nps: SurveyFigure; readonly csat: SurveyFigure }>>>;
  }[];
  /** NPS of the people of accounts that reached their value milestone, and of the others. */
  readonly npsByValue: { readonly reached: SurveyFigure; readonly notReached: SurveyFigure };
  /** NPS in treatment and in the control group (secondary: for exploring, not a verdict). */
  readonly npsByGroup: { readonly treatment: SurveyFigure; readonly control: SurveyFigure };
  /** Ticket openings per account per week over the last TICKET_WEEKS weeks (week starts, UTC dates). */
  readonly tickets: {
    readonly weeks: readonly string[];
    readonly perAccount: readonly (number | null)[];
    readonly open: number;
  };
  /** Detractors not yet followed up, the latest first, with the account's name as its profile gives it. */
  readonly openDetractors: readonly (ReportDetractor & { readonly accountId: string; readonly accountName: string })[];
}

const both = (accounts: readonly ReportAccount[]) => ({
  nps: surveyFigure('nps', accounts),
  csat: surveyFigure('csat', accounts),
});

export function voiceFigures(
  accounts: readonly ReportAccount[],
  programIds: readonly string[],
  valueMilestones: Readonly<Record<string, string>>,
  until: string,
): VoiceFigures {
  const byProgram = programIds.map((programId) => {
    const mine = accounts.filter((a) => a.programId === programId);
    const phases = [...new Set(mine.map((a) => a.phase))].sort();
    return {
      programId,
      ...both(mine),
      byPhase: Object.fromEntries(phases.map((p) => [p, both(mine.filter((a) => a.phase === p))])),
    };
  });
  const reached = (a: ReportAccount) => {
    const at = a.milestones[valueMilestones[a.programId] ?? ''];
    return at !== undefined && at <= until;
  };
  const weeks = Array.from({ length: TICKET_WEEKS }, (_, i) =>
    toIso(toMs(until) - (TICKET_WEEKS - i) * 7 * DAY_MS).slice(0, 10),
  );
  const withVoice = accounts.filter((a) => a.voice !== undefined);
  const perAccount = weeks.map((_, i) =>
    withVoice.length === 0
      ? null
      : round(withVoice.reduce((n, a) => n + (a.voice?.ticketsPerWeek[i] ?? 0), 0) / withVoice.length),
  );
  const openDetractors = accounts
    .flatMap((a) =>
      (a.voice?.openDetractors ?? []).map((d) => ({ accountId: a.accountId, accountName: a.profile.name, ...d })),
    )
    .sort((x, y) => (x.at > y.at ? -1 : x.at < y.at ? 1 : x.accountId < y.accountId ? -1 : 1));
  return {
    byProgram,
    npsByValue: {
      reached: surveyFigure('nps', accounts.filter(reached)),
      notReached: surveyFigure(
        'nps',
        accounts.filter((a) => !reached(a)),
      ),
    },
    npsByGroup: {
      treatment: surveyFigure(
        'nps',
        accounts.filter((a) => a.enrollment?.group === 'treatment'),
      ),
      control: surveyFigure(
        'nps',
        accounts.filter((a) => a.enrollment?.group === 'control'),
      ),
    },
    tickets: { weeks, perAccount, open: withVoice.reduce((n, a) => n + (a.voice?.openTickets ?? 0), 0) },
    openDetractors,
  };
}
