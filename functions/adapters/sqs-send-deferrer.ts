// SendDeferrer on SQS: the job goes back on the send queue with a delivery delay. SQS delays at most
// 15 minutes, so a job that must wait longer (a pause, a spent quota) comes back, finds it must
// still wait, and is put back again: it is never failed, so it never reaches the dead-letter queue.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { PlannedTouch } from '../core/decisions.js';
import { MAX_DEFER_SEC, type SendDeferrer } from '../core/ports.js';

/** SQS's longest delivery delay. */
export const MAX_DELAY_SEC = MAX_DEFER_SEC;

export function createSqsSendDeferrer(client: SQSClient, options: { readonly queueUrl: string }): SendDeferrer {
  return {
    async defer(touch, delaySec) {
      await client.send(
        new SendMessageCommand({
          QueueUrl: options.queueUrl,
          MessageBody: JSON.stringify(touch),
          DelaySeconds: Math.max(0, Math.min(MAX_DELAY_SEC, Math.ceil(delaySec))),
        }),
      );
    },
  };
}

export type { PlannedTouch };
