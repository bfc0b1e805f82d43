// The ports a replay runs on: in memory (fast, the default), or the real DynamoDB and SES adapters
// against local DynamoDB and local SES started for the run. Only the store, the ledger and the mailer
// differ; the send queue and the signal bus are in memory in both modes (the queue is not what a
// replay is about, and signals are written to signals.jsonl).

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { type AccountCompliance, complianceFromMemory, complianceFromTable } from '../adapters/compliance-export.js';
import { createDynamoComplianceLog } from '../adapters/dynamodb-compliance-log.js';
import { createDynamoDecisionTrail } from '../adapters/dynamodb-decision-trail.js';
import { createDynamoTouchLedger } from '../adapters/dynamodb-ledger.js';
import { saveReadings } from '../adapters/dynamodb-readings.js';
import { createDynamoSendingGuard } from '../adapters/dynamodb-sending-guard.js';
import { createDynamoAccountStore } from '../adapters/dynamodb-store.js';
import {
  createComplianceTable,
  createTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalServices,
  localDynamoClient,
  startLocalServices,
} from '../adapters/local/local-services.js';
import { MemoryAccountStore } from '../adapters/memory/account-store.js';
import { MemoryComplianceLog } from '../adapters/memory/compliance-log.js';
import { MemoryDecisionTrail } from '../adapters/memory/decision-trail.js';
import { MemoryMailer } from '../adapters/memory/mailer.js';
import { MemorySendingGuard } from '../adapters/memory/sending-guard.js';
import { MemoryTouchLedger } from '../adapters/memory/touch-ledger.js';
import { createSesMailer } from '../adapters/ses-mailer.js';
import { localComplianceTableName } from '../adapters/table-schema.js';
import { forEachLimited } from '../app/concurrency.js';
import type {
  AccountStore,
  ComplianceLog,
  DecisionTrail,
  DueShardIndex,
  Mailer,
  SendingGuardStore,
  TouchLedger,
} from '../core/ports.js';
import type { AccountState } from '../core/state.js';
import type { UsageSnapshot } from '../report/usage-snapshot.js';

export const SERVICE_MODES = ['memory', 'local'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

export interface ReplayPorts {
  readonly mode: ServiceMode;
  readonly store: AccountStore;
  /** The store's due index shard by shard, for the planner's fan-out. */
  readonly due: DueShardIndex;
  readonly ledger: TouchLedger;
  readonly mailer: Mailer;
  /** Where the planner's decision trail goes (the table in local mode, for `teichaku explain --table`). */
  readonly trail: DecisionTrail;
  /** Keeps the replay's weekly readings where AWS's weekly report job keeps them (the table in local mode). */
  saveReadings(readings: readonly UsageSnapshot[]): Promise<void>;
  /** The local services' addresses (local mode), while they run. */
  readonly endpoints: { readonly dynamo: string; readonly ses: string } | null;
  /** The states of these accounts, those that exist, in the order given. */
  loadAll(accountIds: readonly string[]): Promise<AccountState[]>;
  /** The sending guard and the compliance record, where the handlers keep them (memory, or the table). */
  readonly guard: SendingGuardStore;
  readonly compliance: ComplianceLog;
  /** One account's compliance record and promotional emails, for compliance.jsonl. */
  complianceOf(accountId: string): Promise<AccountCompliance>;
  stop(): Promise<void>;
}

export const LOCAL_TABLE_NAME = 'teichaku-local';

/**
 * Due-index shards of a replay, in both modes: one. A replay holds a few thousand accounts at most,
 * and every shard costs the hourly run one more Query; with one shard a run is one work item, so the
 * planners queue the touches in the order the single planner did and the sample's outputs stay byte
 * for byte (the mailer numbers messages in sending order). The fan-out over many shards is held by
 * test/app/plan-fan-out.test.ts and test/integration/planner-fan-out.test.ts instead.
 */
export const REPLAY_DUE_SHARDS = 1;

async function loadAllFrom(store: AccountStore, ids: readonly string[], concurrency: number): Promise<AccountState[]> {
  const states: (AccountState | null)[] = ids.map(() => null);
  const indexed = ids.map((id, i) => [id, i] as const);
  await forEachLimited(indexed, concurrency, async ([id, i]) => {
    states[i] = await store.load(id);
  });
  return states.filter((s): s is AccountState => s !== null);
}

export function memoryPorts(): ReplayPorts {
  const store = new MemoryAccountStore({ dueShards: REPLAY_DUE_SHARDS });
  const ledger = new MemoryTouchLedger();
  const compliance = new MemoryComplianceLog();
  return {
    mode: 'memory',
    store,
    due: store,
    ledger,
    guard: new MemorySendingGuard({
      touchExists: async (accountId, touchId) => ledger.get(accountId, touchId) !== null,
    }),
    compliance,
    complianceOf: async (accountId) => complianceFromMemory(compliance, ledger, accountId, await store.load(accountId)),
    mailer: new MemoryMailer({ keepEmails: false }),
    trail: new MemoryDecisionTrail(),
    saveReadings: async () => undefined,
    endpoints: null,
    loadAll: (ids) => loadAllFrom(store, ids, 1),
    stop: async () => undefined,
  };
}

/** Starts local DynamoDB and local SES (loopback only), creates the table, and wires the real adapters. */
export async function localPorts(options: { readonly tableName?: string } = {}): Promise<ReplayPorts> {
  const services: LocalServices = await startLocalServices();
  let dynamo: DynamoDBClient | undefined;
  let ses: SESv2Client | undefined;
  try {
    const tableName = options.tableName ?? LOCAL_TABLE_NAME;
    // The replay's client gets no middleware of its own: its commands' stacks are resolved once.
    dynamo = localDynamoClient(services.dynamoEndpoint, { cacheMiddleware: true });
    await createTable(dynamo, tableName);
    // The compliance record in a table of its own, as deployed (append-only by IAM there).
    const complianceTableName = localComplianceTableName(tableName);
    await createComplianceTable(dynamo, complianceTableName);
    ses = new SESv2Client({ endpoint: services.sesEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const store = createDynamoAccountStore(dynamo, { tableName, dueShards: REPLAY_DUE_SHARDS });
    const dynamoClient = dynamo;
    const sesClient = ses;
    return {
      mode: 'local',
      store,
      due: store,
      ledger: createDynamoTouchLedger(dynamo, { tableName }),
      guard: createDynamoSendingGuard(dynamo, { tableName }),
      compliance: createDynamoComplianceLog(dynamo, { tableName: complianceTableName }),
      complianceOf: (accountId) => complianceFromTable(dynamoClient, tableName, accountId, complianceTableName),
      // No rate limit: local SES has no quota, and the replay's clock is not the wall clock.
      mailer: createSesMailer(ses, {
        configurationSetName: 'teichaku-replay',
        limiter: { take: async () => undefined },
      }),
      trail: createDynamoDecisionTrail(dynamo, { tableName }),
      saveReadings: (readings) => saveReadings(dynamoClient, tableName, readings),
      endpoints: { dynamo: services.dynamoEndpoint, ses: services.sesEndpoint },
      loadAll: (ids) => loadAllFrom(store, ids, 16),
      stop: async () => {
        dynamoClient.destroy();
        sesClient.destroy();
        await services.stop();
      },
    };
  } catch (error) {
    dynamo?.destroy();
    ses?.destroy();
    await services.stop();
    throw error;
  }
}

export function openPorts(mode: ServiceMode): Promise<ReplayPorts> {
  return mode === 'memory' ? Promise.resolve(memoryPorts()) : localPorts();
}
