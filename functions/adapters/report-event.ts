// `Report Published` on the event bus (source `teichaku`): where the week's report is, so a CS team's
// own rule can mail a link, post it to chat or copy it elsewhere.
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { TeichakuError } from '../core/errors.js';
import type { ReportPublished } from '../core/ports.js';
import { SIGNAL_SOURCE } from './eventbridge-publisher.js';

export const REPORT_PUBLISHED = 'Report Published';

export type { ReportPublished } from '../core/ports.js';

export class ReportEventError extends TeichakuError {
  readonly code = 'REPORT_EVENT';
  override readonly name = 'ReportEventError';
}

export async function publishReportEvent(
  client: EventBridgeClient,
  eventBusName: string,
  detail: ReportPublished,
): Promise<void> {
  const out = await client.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: eventBusName,
          Source: SIGNAL_SOURCE,
          DetailType: REPORT_PUBLISHED,
          Time: new Date(detail.at),
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
  if ((out.FailedEntryCount ?? 0) > 0) {
    throw new ReportEventError(
      `EventBridge refused the ${REPORT_PUBLISHED} event (${out.Entries?.[0]?.ErrorCode ?? 'no error code'}); check the bus name and events:PutEvents`,
    );
  }
}
