// Daily digest λ (off unless the construct's `dailyDigest` prop is set): a scheduled run of the
// send-digests use case (functions/app/send-digests.ts) over one bounded-rate Scan of the table and
// SES, from the team's address, without the configuration set of customer mail.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { scanTable } from '../adapters/dynamodb-table-scan.js';
import { createTokenBucket } from '../adapters/rate-limiter.js';
import { createSesMailer } from '../adapters/ses-mailer.js';
import { readTableItem } from '../adapters/table-items.js';
import { createSendDigests, type DigestsSent, type SendDigestsDeps } from '../app/send-digests.js';
import { digestConfig } from './config.js';
import { createLogger } from './logger.js';
import { contentAt, lambdaEntry } from './wiring.js';

export { DIGEST_ENV, digestConfig } from './config.js';

/** Digests sent per second: a few hundred owners at most, well under any SES quota. */
const DIGEST_SEND_RATE = 5;

export function createDigestHandler(deps: SendDigestsDeps): (event?: unknown) => Promise<DigestsSent> {
  const sendDigests = createSendDigests(deps);
  return () => sendDigests();
}

/** The deps from the environment; the clients may be handed in (the integration test's local ones). */
export function digestDepsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  dynamo = new DynamoDBClient({}),
  ses = new SESv2Client({}),
): SendDigestsDeps {
  const config = digestConfig(env);
  return {
    program: contentAt(config.CONTENT_FILE).programs,
    readStates: (onState) =>
      // Every item is read once; only the account items are kept, and only as their digest parts.
      scanTable(
        dynamo,
        { tableName: config.TABLE_NAME, maxReadUnitsPerSecond: config.DIGEST_MAX_READ_UNITS },
        (raw) => {
          const item = readTableItem(raw);
          if (item.kind === 'account') onState(item.state);
        },
      ),
    mailer: createSesMailer(ses, { limiter: createTokenBucket({ ratePerSecond: DIGEST_SEND_RATE }) }),
    fromAddress: config.DIGEST_FROM_ADDRESS,
    locale: config.DIGEST_LOCALE,
    clock: () => new Date().toISOString(),
    logger: createLogger(config.POWERTOOLS_SERVICE_NAME),
  };
}

export const handler = lambdaEntry(() => createDigestHandler(digestDepsFromEnv()));
