// When the survey kind asks a person for their view (program `surveys`): NPS once the account is
// `nps.adoptionDay` days into adoption, NPS again `nps.beforeRenewalDays` before each renewal date
// (only when the contract states one), CSAT once the `csat.afterMilestone` milestone is reached.
// Each is asked once (its subject names it); a person gets at most one survey per `minDaysBetween`
// days, and none once they refused the survey topic.
import { contractOf } from './contract.js';
import type { PassOverCode } from './decisions.js';
import { localDayStart } from './milestones.js';
import { type Program, type SurveyType, surveysOf } from './program.js';
import type { AccountState, ContactState } from './state.js';
import { DAY_MS, toMs } from './time.js';

/** A CSAT asks about a moment: it goes within this many days of the milestone, or not at all. */
export const CSAT_WITHIN_DAYS = 30;

/** A survey due for the person: its type, and the subject that keeps it to once. */
export interface DueSurvey {
  readonly survey: SurveyType;
  readonly subject: string;
}

type SurveyReason = Extract<PassOverCode, 'no-survey-due' | 'already-sent' | 'survey-too-recent' | 'opted-out-topic'>;

/** The surveys whose moment has come at `now`, the one asked about the nearest moment first. */
function candidates(state: AccountState, program: Program, now: string): DueSurvey[] {
  const settings = surveysOf(program);
  const nowMs = toMs(now);
  const out: DueSurvey[] = [];
  const csatMilestone = settings.csat.afterMilestone;
  const reachedAt = csatMilestone === null ? undefined : state.milestones[csatMilestone];
  if (reachedAt !== undefined && reachedAt <= now && nowMs - toMs(reachedAt) <= CSAT_WITHIN_DAYS * DAY_MS)
    out.push({ survey: 'csat', subject: `csat-${csatMilestone}` });
  const renewalDate = contractOf(state)?.renewalDate ?? null;
  if (renewalDate !== null) {
    const renewalAt = toMs(localDayStart(renewalDate, state.profile?.timeZone ?? 'UTC'));
    if (nowMs < renewalAt && renewalAt - nowMs <= settings.nps.beforeRenewalDays * DAY_MS)
      out.push({ survey: 'nps', subject: `nps-renewal-${renewalDate}` });
  }
  const adoptionFrom = state.onboardingCompletedAt;
  if (adoptionFrom !== null && nowMs >= toMs(adoptionFrom) + settings.nps.adoptionDay * DAY_MS)
    out.push({ survey: 'nps', subject: 'nps-adoption' });
  return out;
}

/**
 * The survey the person may be sent at `now`, or why none: nothing due, every due one already
 * asked, a survey within `minDaysBetween` days, or the survey topic refused.
 */
export function dueSurvey(
  state: AccountState,
  contact: ContactState,
  program: Program,
  now: string,
): DueSurvey | { readonly reason: SurveyReason } {
  const due = candidates(state, program, now);
  if (due.length === 0) return { reason: 'no-survey-due' };
  const asked = new Set(contact.touches.filter((t) => t.kind === 'survey').map((t) => t.subject));
  const next = due.find((d) => !asked.has(d.subject));
  if (next === undefined) return { reason: 'already-sent' };
  const since = toMs(now) - surveysOf(program).minDaysBetween * DAY_MS;
  if (contact.touches.some((t) => t.kind === 'survey' && toMs(t.at) > since)) return { reason: 'survey-too-recent' };
  if (contact.topicOptOuts?.survey !== undefined) return { reason: 'opted-out-topic' };
  return next;
}
