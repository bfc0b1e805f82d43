// SurveyAnswers on EventBridge: each answer is one `Survey Answered` event on teichaku's bus, with the
// product's source, so the ingest rule takes it like an answer the product sends itself (an in-app
// NPS). The function's role may put only that detail-type with that source (infra/grants.ts).
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { TeichakuError } from '../core/errors.js';
import type { SurveyAnswered } from '../core/events.js';
import type { SurveyAnswers } from '../core/ports.js';

export const SURVEY_ANSWERED = 'Survey Answered';

export class SurveyAnswerNotRecordedError extends TeichakuError {
  readonly code = 'SURVEY_ANSWER_NOT_RECORDED';
  override readonly name = 'SurveyAnswerNotRecordedError';
}

export interface EventBridgeSurveyAnswersOptions {
  readonly eventBusName: string;
  /** The product's event source, the one the ingest rule matches. */
  readonly source: string;
}

export function createEventBridgeSurveyAnswers(
  client: EventBridgeClient,
  options: EventBridgeSurveyAnswersOptions,
): SurveyAnswers {
  return {
    async record(answer: SurveyAnswered) {
      const out = await client.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: options.eventBusName,
              Source: options.source,
              DetailType: SURVEY_ANSWERED,
              Time: new Date(answer.answeredAt),
              Detail: JSON.stringify(answer),
            },
          ],
        }),
      );
      // One entry: a failed count means it was not put. The person's page then fails, and they may send again.
      if ((out.FailedEntryCount ?? 0) > 0) {
        const code = out.Entries?.[0]?.ErrorCode ?? 'no error code';
        throw new SurveyAnswerNotRecordedError(
          `EventBridge refused the Survey Answered event of survey ${answer.surveyId ?? '(none)'} (${code}); check the bus name and the function's events:PutEvents permission`,
        );
      }
    },
  };
}
