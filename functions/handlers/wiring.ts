// Dependencies from the environment, for the seven Lambdas: clients created once per container,
// adapters around them, the content artifact read once. Each handler file is then a few lines.
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createAdaptiveLimiter } from '../adapters/adaptive-rate-limiter.js';
import { createRenderer, loadContentFile } from '../adapters/content-file.js';
import { createDynamoComplianceLog } from '../adapters/dynamodb-compliance-log.js';
import { createDynamoDecisionTrail } from '../adapters/dynamodb-decision-trail.js';
import { createDynamoTouchLedger } from '../adapters/dynamodb-ledger.js';
import { createDynamoSendingGuard } from '../adapters/dynamodb-sending-guard.js';
import { createDynamoAccountStore } from '../adapters/dynamodb-store.js';
import { createEventBridgeCrmPublisher } from '../adapters/eventbridge-crm-publisher.js';
import { createEventBridgePublisher } from '../adapters/eventbridge-publisher.js';
import { createEventBridgeSurveyAnswers } from '../adapters/eventbridge-survey-answers.js';
import { createSigningKeyLoader } from '../adapters/secrets.js';
import { createConfigurationSetSwitch } from '../adapters/ses-configuration-set.js';
import { createSesMailer } from '../adapters/ses-mailer.js';
import { createSesSendQuota } from '../adapters/ses-send-quota.js';
import { createSqsDeadLetters } from '../adapters/sqs-dead-letters.js';
import { createSqsPlanningQueue } from '../adapters/sqs-planning-queue.js';
import { createSqsSendDeferrer } from '../adapters/sqs-send-deferrer.js';
import { createSqsSendQueue } from '../adapters/sqs-send-queue.js';
import { createSurveyTokens } from '../adapters/survey-token.js';
import { createUnsubscribeTokens } from '../adapters/unsubscribe-token.js';
import { createStoreSuppressionRecorder } from '../app/account-suppression.js';
import { createSendGate } from '../app/send-gate.js';
import type { SurveyDeps } from '../app/survey.js';
import { createStoreTopicOptOutRecorder } from '../app/topic-opt-out.js';
import { fromAddress } from '../core/email/from-address.js';
import { createSenderAddresses } from '../core/sender-address.js';
import { type HandlerConfig, type HandlerName, handlerConfig } from './config.js';
import type { CoordinatorDeps } from './coordinator.js';
import type { EngagementDeps } from './engagement.js';
import type { GuardrailDeps } from './guardrail.js';
import type { IngestDeps } from './ingest.js';
import { createLogger, scrubbedError } from './logger.js';
import { createMetrics } from './metrics.js';
import type { PlannerDeps } from './planner.js';
import type { SenderDeps } from './sender.js';
import type { UnsubscribeDeps } from './unsubscribe.js';

/**
 * A Lambda entry point built once. In Lambda (AWS_LAMBDA_FUNCTION_NAME is set) it is built at import,
 * during the init phase, so a bad environment fails the cold start naming the variable; elsewhere
 * (tests importing the module for its factory) only on the first call.
 *
 * An error that escapes the handler is rethrown scrubbed (see scrubbedError): the runtime writes the
 * error it is given to the function's log, message, stack and all, past our logger's care.
 */
export function lambdaEntry<E, R>(build: () => (event: E) => Promise<R>): (event: E) => Promise<R> {
  let built = process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined ? build() : undefined;
  return async (event) => {
    try {
      return await (built ??= build())(event);
    } catch (error) {
      throw scrubbedError(error);
    }
  };
}

/** The content artifact; a relative CONTENT_FILE is taken from the bundle's own directory. */
export function contentAt(path: string, baseDir: string = dirname(fileURLToPath(import.meta.url))) {
  return loadContentFile(isAbsolute(path) ? path : resolve(baseDir, path));
}

const clock = (): string => new Date().toISOString();

function common<H extends HandlerName>(name: H) {
  const config = handlerConfig(name) as HandlerConfig<H> & HandlerConfig<'engagement'>;
  const dynamo = new DynamoDBClient({});
  const store = createDynamoAccountStore(dynamo, { tableName: config.TABLE_NAME, dueShards: config.DUE_SHARDS });
  return { config, dynamo, store, logger: createLogger(config.POWERTOOLS_SERVICE_NAME) };
}

/** The compliance record's own table in a deployment (append-only by IAM); the single table locally. */
function complianceLog(
  dynamo: DynamoDBClient,
  config: { readonly TABLE_NAME: string; readonly COMPLIANCE_TABLE_NAME?: string | undefined },
) {
  return createDynamoComplianceLog(dynamo, { tableName: config.COMPLIANCE_TABLE_NAME ?? config.TABLE_NAME });
}

export function ingestDepsFromEnv(): IngestDeps {
  const { config, dynamo, store, logger } = common('ingest');
  const content = contentAt(config.CONTENT_FILE);
  const publisher = createEventBridgePublisher(new EventBridgeClient({}), {
    eventBusName: config.EVENT_BUS_NAME,
    notifications: config.NOTIFICATION_SETTINGS,
    programs: content.programs,
  });
  return {
    store,
    publisher,
    program: content.programs,
    eventSource: config.EVENT_SOURCE,
    logger,
    metrics: createMetrics(config.POWERTOOLS_SERVICE_NAME),
    compliance: { log: complianceLog(dynamo, config), retentionDays: config.COMPLIANCE_RETENTION_DAYS },
    deadLetters: createSqsDeadLetters(new SQSClient({}), { queueUrl: config.DEAD_LETTER_QUEUE_URL }),
    clock,
    futureToleranceSec: config.FUTURE_TOLERANCE_SECONDS,
    ...(config.CS_OWNER_DOMAINS.length === 0 ? {} : { csOwnerDomains: config.CS_OWNER_DOMAINS }),
    ...(content.sources === undefined ? {} : { sources: content.sources }),
  };
}

export function coordinatorDepsFromEnv(): CoordinatorDeps {
  const config = handlerConfig('coordinator');
  return {
    work: createSqsPlanningQueue(new SQSClient({}), { queueUrl: config.PLANNING_QUEUE_URL }),
    shardCount: config.DUE_SHARDS,
    shardsPerItem: config.PLANNER_SHARDS_PER_ITEM,
    clock,
    logger: createLogger(config.POWERTOOLS_SERVICE_NAME),
  };
}

export function plannerDepsFromEnv(): PlannerDeps {
  const { config, dynamo, store, logger } = common('planner');
  const content = contentAt(config.CONTENT_FILE);
  const sqs = new SQSClient({});
  const events = new EventBridgeClient({});
  return {
    store,
    due: store,
    work: createSqsPlanningQueue(sqs, { queueUrl: config.PLANNING_QUEUE_URL }),
    accountsPerItem: config.PLANNER_ACCOUNTS_PER_ITEM,
    deadLetters: createSqsDeadLetters(sqs, { queueUrl: config.DEAD_LETTER_QUEUE_URL }),
    trail: createDynamoDecisionTrail(dynamo, { tableName: config.TABLE_NAME }),
    queue: createSqsSendQueue(sqs, { queueUrl: config.SEND_QUEUE_URL }),
    publisher: createEventBridgePublisher(events, {
      eventBusName: config.EVENT_BUS_NAME,
      notifications: config.NOTIFICATION_SETTINGS,
      programs: content.programs,
    }),
    crm: createEventBridgeCrmPublisher(events, { eventBusName: config.EVENT_BUS_NAME }),
    program: content.programs,
    catalogs: content.catalogs,
    logger,
  };
}

export function senderDepsFromEnv(): SenderDeps {
  const { config, dynamo, store, logger } = common('sender');
  const content = contentAt(config.CONTENT_FILE);
  const signingKeys = createSigningKeyLoader(new SecretsManagerClient({}), config.UNSUBSCRIBE_SECRET_ARN);
  // One attempt per SDK call: the mailer's own backoff decides what is safe to retry.
  const ses = new SESv2Client({ maxAttempts: 1 });
  const guard = createDynamoSendingGuard(dynamo, { tableName: config.TABLE_NAME });
  const gate = createSendGate({
    guard,
    // GetAccount is safe to retry: its own client, with the SDK's retries.
    quota: createSesSendQuota(new SESv2Client({})),
    senders: config.SENDER_CONCURRENCY,
    warmUp: config.WARM_UP_DAILY_CAPS,
    ratePerSecond: config.SEND_RATE_PER_SECOND,
  });
  const sqs = new SQSClient({});
  const identities =
    config.SENDER_IDENTITIES.length > 0
      ? config.SENDER_IDENTITIES
      : [config.FROM_ADDRESS.slice(config.FROM_ADDRESS.lastIndexOf('@') + 1)];
  return {
    store,
    ledger: createDynamoTouchLedger(dynamo, { tableName: config.TABLE_NAME }),
    mailer: createSesMailer(ses, {
      configurationSetName: config.CONFIGURATION_SET_NAME,
      limiter: createAdaptiveLimiter(() => gate.ratePerSecond()),
    }),
    gate,
    deferrer: createSqsSendDeferrer(sqs, { queueUrl: config.SEND_QUEUE_URL }),
    deadLetters: createSqsDeadLetters(sqs, { queueUrl: config.DEAD_LETTER_QUEUE_URL }),
    senderFor: createSenderAddresses({
      addressFor: (locale) => content.sender[locale].fromAddress ?? config.FROM_ADDRESS,
      nameFor: (locale) => content.sender[locale].name,
      replyToFor: (locale) => content.sender[locale].replyTo,
      identities,
    }),
    publisher: createEventBridgePublisher(new EventBridgeClient({}), { eventBusName: config.EVENT_BUS_NAME }),
    renderer: createRenderer(content),
    programs: content.programs,
    tokens: createUnsubscribeTokens(signingKeys),
    surveyTokens: createSurveyTokens(signingKeys),
    fromFor: (locale) => fromAddress(content.sender[locale].name, config.FROM_ADDRESS),
    unsubscribeBaseUrl: config.UNSUBSCRIBE_BASE_URL,
    clock,
    logger,
    metrics: createMetrics(config.POWERTOOLS_SERVICE_NAME),
    sends: guard,
  };
}

export function engagementDepsFromEnv(): EngagementDeps {
  const { config, dynamo, store, logger } = common('engagement');
  return {
    ledger: createDynamoTouchLedger(dynamo, { tableName: config.TABLE_NAME }),
    suppressions: createStoreSuppressionRecorder(store),
    logger,
    guard: {
      store: createDynamoSendingGuard(dynamo, { tableName: config.TABLE_NAME }),
      thresholds: config.GUARDRAIL_THRESHOLDS,
      // It publishes `Sending Paused`, which a person reads: in the team's language.
      publisher: createEventBridgePublisher(new EventBridgeClient({}), {
        eventBusName: config.EVENT_BUS_NAME,
        notifications: config.NOTIFICATION_SETTINGS,
      }),
      clock,
      metrics: createMetrics(config.POWERTOOLS_SERVICE_NAME),
    },
    compliance: complianceLog(dynamo, config),
  };
}

export function unsubscribeDepsFromEnv(): UnsubscribeDeps & { readonly survey: SurveyDeps } {
  const { config, dynamo, store, logger } = common('unsubscribe');
  const keys = createSigningKeyLoader(new SecretsManagerClient({}), config.UNSUBSCRIBE_SECRET_ARN);
  return {
    tokens: createUnsubscribeTokens(keys),
    survey: {
      tokens: createSurveyTokens(keys),
      answers: createEventBridgeSurveyAnswers(new EventBridgeClient({}), {
        eventBusName: config.EVENT_BUS_NAME,
        source: config.EVENT_SOURCE,
      }),
      store,
      clock,
      logger,
    },
    store,
    suppressions: createStoreSuppressionRecorder(store),
    clock,
    logger,
    topics: createStoreTopicOptOutRecorder(store),
    compliance: complianceLog(dynamo, config),
  };
}

export function guardrailDepsFromEnv(): GuardrailDeps {
  const config = handlerConfig('guardrail');
  const dynamo = new DynamoDBClient({});
  return {
    control: {
      guard: createDynamoSendingGuard(dynamo, { tableName: config.TABLE_NAME }),
      configurationSet: createConfigurationSetSwitch(new SESv2Client({}), config.CONFIGURATION_SET_NAME),
      publisher: createEventBridgePublisher(new EventBridgeClient({}), {
        eventBusName: config.EVENT_BUS_NAME,
        notifications: config.NOTIFICATION_SETTINGS,
      }),
    },
    resumeSource: config.RESUME_EVENT_SOURCE,
    clock,
    logger: createLogger(config.POWERTOOLS_SERVICE_NAME),
    metrics: createMetrics(config.POWERTOOLS_SERVICE_NAME),
  };
}
