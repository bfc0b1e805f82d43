// SendQuotaSource on SES v2 GetAccount: the account's 24-hour quota, its maximum rate, and what it
// sent in the last 24 hours (every sender of the account, not only teichaku).
import { GetAccountCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { TeichakuError } from '../core/errors.js';
import type { SendQuotaSource } from '../core/ports.js';

/** GetAccount answered without a quota: SES v2 always sends one, so the account or the call is not what we think. */
export class QuotaUnreadableError extends TeichakuError {
  readonly code = 'QUOTA_UNREADABLE';
  override readonly name = 'QuotaUnreadableError';
  constructor() {
    super('SES GetAccount returned no SendQuota; check the region and that the role may call ses:GetAccount');
  }
}

export function createSesSendQuota(client: SESv2Client): SendQuotaSource {
  return {
    async read() {
      const out = await client.send(new GetAccountCommand({}));
      const q = out.SendQuota;
      if (q === undefined || q.Max24HourSend === undefined || q.MaxSendRate === undefined)
        throw new QuotaUnreadableError();
      return { max24HourSend: q.Max24HourSend, maxSendRate: q.MaxSendRate, sentLast24Hours: q.SentLast24Hours ?? 0 };
    },
  };
}
