// The handlers of the metered week, built as functions/handlers/wiring.ts builds them in Lambda, with
// the configuration's defaults, but on the bench's clients: DynamoDB through the metered local table,
// SQS, EventBridge and SES answered at the client. Keep this in step with wiring.ts: the cost rows
// count what these handlers do. Two differences, stated: the unsubscribe secret is a constant (the
// real one is read once per container), and sends are not paced (pacing waits, it calls nothing).
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { createRenderer } from '../functions/adapters/content-file.js';
import { createDynamoComplianceLog } from '../functions/adapters/dynamodb-compliance-log.js';
import { createDynamoDecisionTrail } from '../functions/adapters/dynamodb-decision-trail.js';
import { createDynamoTouchLedger } from '../functions/adapters/dynamodb-ledger.js';
import { createDynamoSendingGuard } from '../functions/adapters/dynamodb-sending-guard.js';
import { createEventBridgePublisher } from '../functions/adapters/eventbridge-publisher.js';
import { createSesMailer } from '../functions/adapters/ses-mailer.js';
import { createSesSendQuota } from '../functions/adapters/ses-send-quota.js';
import { createSqsSendDeferrer } from '../functions/adapters/sqs-send-deferrer.js';
import { createSqsSendQueue } from '../functions/adapters/sqs-send-queue.js';
import { createSurveyTokens } from '../functions/adapters/survey-token.js';
import { createUnsubscribeTokens } from '../functions/adapters/unsubscribe-token.js';
import { createStoreSuppressionRecorder } from '../functions/app/account-suppression.js';
import { createPlanAccounts } from '../functions/app/plan-accounts.js';
import { createSendGate } from '../functions/app/send-gate.js';
import type { Content } from '../functions/core/email/content.js';
import { fromAddress } from '../functions/core/email/from-address.js';
import { createSenderAddresses } from '../functions/core/sender-address.js';
import { handlerConfig } from '../functions/handlers/config.js';
import { createEngagementHandler } from '../functions/handlers/engagement.js';
import { createIngestHandler } from '../functions/handlers/ingest.js';
import type { HandlerLogger } from '../functions/handlers/logger.js';
import type { HandlerMetrics } from '../functions/handlers/metrics.js';
import { createSenderHandler } from '../functions/handlers/sender.js';
import type { BenchTable } from './local-table.js';

export interface WeekClients {
  readonly table: BenchTable;
  readonly sqs: SQSClient;
  readonly events: EventBridgeClient;
  readonly ses: SESv2Client;
}

const FROM_ADDRESS = 'customer-success@example.com';
const SEND_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/teichaku-bench-send';
// The sender's config requires it; the bench's sender is wired without a dead-letter queue.
const DEAD_LETTER_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/teichaku-bench-send-dlq';

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export function weekHandlers(
  clients: WeekClients,
  content: Content,
  eventSource: string,
  clock: () => string,
  logger: HandlerLogger,
  metrics: HandlerMetrics,
) {
  const { table, sqs, events, ses } = clients;
  const senderAddresses = Object.values(content.sender).map((s) => s.fromAddress ?? FROM_ADDRESS);
  const env = {
    TABLE_NAME: table.name,
    EVENT_BUS_NAME: 'teichaku-bench',
    EVENT_SOURCE: eventSource,
    SEND_QUEUE_URL,
    DEAD_LETTER_QUEUE_URL,
    FROM_ADDRESS,
    CONFIGURATION_SET_NAME: 'teichaku-bench',
    SEND_RATE_PER_SECOND: '14',
    UNSUBSCRIBE_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:teichaku-bench',
    UNSUBSCRIBE_BASE_URL: 'https://unsubscribe.example.com/u',
    SENDER_IDENTITIES: [...new Set([FROM_ADDRESS, ...senderAddresses].map(domainOf))].join(','),
  };
  const senderConfig = handlerConfig('sender', env);
  const engagementConfig = handlerConfig('engagement', env);
  const publisher = createEventBridgePublisher(events, { eventBusName: env.EVENT_BUS_NAME });
  const ledger = createDynamoTouchLedger(table.client, { tableName: table.name });
  const guard = createDynamoSendingGuard(table.client, { tableName: table.name });
  const gate = createSendGate({
    guard,
    quota: createSesSendQuota(ses),
    senders: senderConfig.SENDER_CONCURRENCY,
    warmUp: senderConfig.WARM_UP_DAILY_CAPS,
    ratePerSecond: senderConfig.SEND_RATE_PER_SECOND,
  });
  return {
    ingest: createIngestHandler({
      store: table.store,
      publisher,
      program: content.programs,
      eventSource,
      logger,
      metrics,
    }),
    plan: createPlanAccounts({
      store: table.store,
      trail: createDynamoDecisionTrail(table.client, { tableName: table.name }),
      queue: createSqsSendQueue(sqs, { queueUrl: SEND_QUEUE_URL }),
      publisher,
      program: content.programs,
      catalogs: content.catalogs,
      clock,
      logger,
    }),
    send: createSenderHandler({
      store: table.store,
      ledger,
      mailer: createSesMailer(ses, {
        configurationSetName: senderConfig.CONFIGURATION_SET_NAME,
        limiter: { take: async () => undefined },
      }),
      gate,
      deferrer: createSqsSendDeferrer(sqs, { queueUrl: SEND_QUEUE_URL }),
      senderFor: createSenderAddresses({
        addressFor: (locale) => content.sender[locale].fromAddress ?? FROM_ADDRESS,
        nameFor: (locale) => content.sender[locale].name,
        identities: senderConfig.SENDER_IDENTITIES,
      }),
      publisher,
      renderer: createRenderer(content),
      programs: content.programs,
      tokens: createUnsubscribeTokens(async () => 'teichaku-bench-unsubscribe-secret'),
      surveyTokens: createSurveyTokens(async () => 'teichaku-bench-unsubscribe-secret'),
      fromFor: (locale) => fromAddress(content.sender[locale].name, FROM_ADDRESS),
      unsubscribeBaseUrl: senderConfig.UNSUBSCRIBE_BASE_URL,
      clock,
      logger,
      metrics,
      sends: guard,
    }),
    engage: createEngagementHandler({
      ledger,
      suppressions: createStoreSuppressionRecorder(table.store),
      logger,
      guard: { store: guard, thresholds: engagementConfig.GUARDRAIL_THRESHOLDS, publisher, clock, metrics },
      compliance: createDynamoComplianceLog(table.client, { tableName: table.name }),
    }),
  };
}
