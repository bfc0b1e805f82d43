// How the sample people answer the survey emails teichaku sends them. Every draw hashes the survey
// touch's id (or the recipient, for the link scanner), so the memory and local replays and the fast
// loop on the core give the same answers whatever the order they handle the emails in.
//
// - Answering: with chance 10 % + 30 % × adoption (adoption: the share of the program's features the
//   account has taken up by the day the email came), 15 minutes to 3 days after it came, earlier more
//   often. Not when the person answered the in-app NPS in the week before.
// - The score: the in-app NPS's model, 5 + 6 × adoption ± 2 (2 lower after a usage drop) within
//   0–10; CSAT 3 + 2 × adoption ± 1 (1 lower after a usage drop) within 1–5.
// - A comment: half the detractors (NPS 0–6, CSAT 1–2) leave one of a short list of complaints, one
//   in five of the others a word of thanks, in the person's language.
// - Link scanners: one recipient in ten (every sample address is at a company's own domain, where
//   mail gateways scan links) has every link of the email fetched within minutes of delivery.
import { SurveyAnswered } from '../core/events.js';
import type { SurveyType } from '../core/program.js';
import { SURVEY_SCALES } from '../core/survey-scale.js';
import { toIso } from '../core/time.js';
import { isDetractor } from '../core/voice.js';
import { drawFor } from './mailbox-feedback.js';
import type { SampleEvent } from './sample-usage.js';
import { COMPLAINTS } from './sample-voice.js';

export const EMAIL_SURVEY_BASE_RESPONSE = 0.1;
export const EMAIL_SURVEY_RESPONSE_PER_ADOPTION = 0.3;
export const LINK_SCANNER_SHARE = 0.1;
/** Minutes between delivery and the scanner's fetches (at most). */
export const SCANNER_AFTER_MINUTES = 5;
const ANSWER_MIN_MINUTES = 15;
const ANSWER_MAX_MINUTES = 3 * 24 * 60;

const THANKS = {
  ja: ['毎日使っています', 'チームの報告が楽になりました'],
  en: ['We use it every day', 'Reporting got much easier for the team'],
} as const;

/** The survey email as the person got it. */
export interface SurveyEmail {
  readonly accountId: string;
  readonly contactId: string;
  readonly touchId: string;
  readonly survey: SurveyType;
  readonly locale: 'ja' | 'en';
  /** When it came (the send). */
  readonly atMs: number;
  /** The account's adoption by then (0–1) and whether its usage had dropped. */
  readonly adoption: number;
  readonly dropped: boolean;
}

/** What the person will press in the email, and when: the score's link, then Send with the comment. */
export interface PlannedAnswer {
  readonly accountId: string;
  readonly contactId: string;
  readonly touchId: string;
  readonly survey: SurveyType;
  readonly score: number;
  readonly comment?: string;
  readonly atMs: number;
}

const between = (draw: number, min: number, max: number) => min + Math.floor(draw * (max - min + 1));

/** The score the person gives, by the survey's scale. */
export function surveyScore(survey: SurveyType, adoption: number, dropped: boolean, noiseDraw: number): number {
  const { min, max } = SURVEY_SCALES[survey];
  const raw =
    survey === 'nps'
      ? Math.round(5 + 6 * adoption) + between(noiseDraw, -2, 2) - (dropped ? 2 : 0)
      : Math.round(3 + 2 * adoption) + between(noiseDraw, -1, 1) - (dropped ? 1 : 0);
  return Math.max(min, Math.min(max, raw));
}

/** Whether the person answers the email, and with what; null when they leave it. */
export function planSurveyAnswer(email: SurveyEmail): PlannedAnswer | null {
  const draw = (salt: string) => drawFor(email.touchId, salt);
  const chance = EMAIL_SURVEY_BASE_RESPONSE + EMAIL_SURVEY_RESPONSE_PER_ADOPTION * email.adoption;
  if (draw('survey-answers') >= chance) return null;
  const score = surveyScore(email.survey, email.adoption, email.dropped, draw('survey-score'));
  const detractor = isDetractor(email.survey, score);
  const list = detractor ? COMPLAINTS[email.locale] : THANKS[email.locale];
  const commented = draw('survey-comments') < (detractor ? 0.5 : 0.2);
  const comment = list[Math.floor(draw('survey-comment') * list.length)];
  const delay = between(draw('survey-delay') ** 2, ANSWER_MIN_MINUTES, ANSWER_MAX_MINUTES);
  return {
    accountId: email.accountId,
    contactId: email.contactId,
    touchId: email.touchId,
    survey: email.survey,
    score,
    ...(commented && comment !== undefined ? { comment } : {}),
    atMs: email.atMs + delay * 60_000,
  };
}

/** Whether the recipient's mail gateway fetches every link of their emails. */
export function scansLinks(accountId: string, contactId: string): boolean {
  return drawFor(`${accountId}:${contactId}`, 'link-scanner') < LINK_SCANNER_SHARE;
}

/** When the scanner fetches the links of an email delivered at `atMs`. */
export function scanAtMs(touchId: string, atMs: number): number {
  return atMs + between(drawFor(touchId, 'scan-delay'), 1, SCANNER_AFTER_MINUTES) * 60_000;
}

/** The answer as the survey page puts it on the bus (channel email, the touch as its survey). */
export function emailAnswerOf(answer: PlannedAnswer): SurveyAnswered {
  return SurveyAnswered.parse({
    accountId: answer.accountId,
    contactId: answer.contactId,
    survey: answer.survey,
    score: answer.score,
    ...(answer.comment === undefined ? {} : { comment: answer.comment }),
    answeredAt: toIso(answer.atMs),
    channel: 'email',
    surveyId: answer.touchId,
  });
}

/** The bus event of an answer, with the product's source, as the ingest rule takes it. */
export function answerEvent(source: string, answer: SurveyAnswered): SampleEvent {
  return {
    id: `evt-${answer.accountId}-answer-${answer.surveyId ?? answer.answeredAt}`,
    source,
    'detail-type': 'Survey Answered',
    time: answer.answeredAt,
    detail: { ...answer },
  };
}
