// A survey link of an email: the token names the person, the survey touch and the score chosen. A GET
// shows the answer page and records nothing (link scanners open every link of an email); a POST, the
// person's press of Send, records the answer through the SurveyAnswers port (in AWS a `Survey
// Answered` event on the teichaku bus, channel `email`, `surveyId` the touch id). A later POST for the
// same survey sends a later answer, which replaces the earlier one where answers are stored. A bad,
// expired or forged token gets the unsubscribe function's neutral refusal, whatever the reason.
import { type Locale, SurveyAnswered } from '../core/events.js';
import type { AccountStore, Logger, SurveyAnswers, SurveyTokenVerifier } from '../core/ports.js';
import type { AccountState } from '../core/state.js';
import { answerPage, COMMENT_FIELD, thanksPage } from './survey-page.js';
import { refusedPage } from './unsubscribe-page.js';

export interface SurveyDeps {
  readonly tokens: SurveyTokenVerifier;
  readonly answers: SurveyAnswers;
  /** Read only, for the person's locale. */
  readonly store: Pick<AccountStore, 'load'>;
  readonly clock: () => string;
  readonly logger: Logger;
}

export type SurveyRequest =
  | { readonly method: 'GET'; readonly token: string }
  | { readonly method: 'POST'; readonly token: string; readonly form: URLSearchParams };

/** The page to answer with: 400 for a refused token or comment, else 200. */
export interface SurveyPage {
  readonly status: 200 | 400;
  readonly html: string;
}

function localeOf(state: AccountState | null, contactId: string): Locale {
  return state?.contacts[contactId]?.locale ?? state?.profile?.locale ?? 'en';
}

/** The comment as typed, its line breaks and tabs joined with a space (the field is one line); absent when blank. */
function commentOf(form: URLSearchParams): string | undefined {
  const raw = form.get(COMMENT_FIELD);
  if (raw === null) return undefined;
  const joined = raw.replace(/\r\n|[\r\n\t]/g, ' ').trim();
  return joined === '' ? undefined : joined;
}

export function createSurvey(deps: SurveyDeps): (request: SurveyRequest) => Promise<SurveyPage> {
  const { tokens, answers, store, logger } = deps;
  return async (request) => {
    const now = deps.clock();
    const check = await tokens.verifySurvey(request.token, now);
    if (check.kind === 'refused') {
      logger.warn('survey token refused', { reason: check.reason, method: request.method });
      return { status: 400, html: refusedPage() };
    }
    const { accountId, contactId, touchId, survey, score } = check.claim;
    const locale = localeOf(await store.load(accountId), contactId);
    const shown = { locale, token: request.token, survey, score };
    if (request.method === 'GET') return { status: 200, html: answerPage(shown) };
    const comment = commentOf(request.form);
    const answer = SurveyAnswered.safeParse({
      accountId,
      contactId,
      survey,
      score,
      ...(comment === undefined ? {} : { comment }),
      answeredAt: now,
      channel: 'email',
      surveyId: touchId,
    });
    if (!answer.success) {
      // Only the comment can be wrong (the rest comes from the signed token); never logged, it is the customer's.
      logger.warn('survey comment refused', {
        accountId,
        touchId,
        fields: answer.error.issues.map((i) => i.path.join('.')),
      });
      return { status: 400, html: answerPage({ ...shown, refusedComment: comment ?? '' }) };
    }
    await answers.record(answer.data);
    logger.info('survey answered', {
      accountId,
      touchId,
      survey,
      withComment: comment !== undefined,
      keyId: check.keyId,
    });
    return { status: 200, html: thanksPage(locale) };
  };
}
