// The in-memory worlds of the use-case tests, shared with the tests of the handlers that run the
// same use cases: each returns the dependencies to hand in and what records the effects.

import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryComplianceLog } from '../../functions/adapters/memory/compliance-log.js';
import { MemorySendingGuard } from '../../functions/adapters/memory/sending-guard.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { createStoreSuppressionRecorder } from '../../functions/app/account-suppression.js';
import type { GuardSendingDeps } from '../../functions/app/guard-sending.js';
import type { PublishReportDeps, ReportPublished } from '../../functions/app/publish-report.js';
import { createStoreTopicOptOutRecorder } from '../../functions/app/topic-opt-out.js';
import type { UnsubscribeDeps } from '../../functions/app/unsubscribe.js';
import type { ComplianceLog } from '../../functions/core/ports.js';
import { loadReportAssets } from '../../functions/report/render-html.js';
import { tableFold } from '../../functions/report/table-report.js';
import type { UsageSnapshot } from '../../functions/report/usage-snapshot.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';
import { countingMetrics } from '../handlers/deliverability-world.js';
import { fixedClock, recordingLogger } from '../handlers/helpers.js';

/** The sending guard with its configuration set switch and signals recorded, at a fixed `now`. */
export function guardWorld(now: string) {
  const guard = new MemorySendingGuard();
  const switches: boolean[] = [];
  const publisher = new MemorySignalPublisher();
  const metrics = countingMetrics();
  const logger = recordingLogger();
  const deps: GuardSendingDeps = {
    control: {
      guard,
      publisher,
      configurationSet: { setSendingEnabled: async (enabled) => void switches.push(enabled) },
    },
    clock: fixedClock(now),
    logger,
    metrics,
  };
  return { deps, guard, switches, publisher, metrics, logger };
}

/** Two onboarded accounts and one sent touch in the table; the bucket, the readings and the events recorded. */
export function reportWorld(now: string) {
  const accounts = ['acc-1', 'acc-2'].map((id) =>
    anAccount(id)
      .withProfile({ timeZone: 'Asia/Tokyo' })
      .withContact('c-1', { role: 'owner' })
      .withUsage('c-1', 'login', '2026-05-20T01:00:00Z')
      .onboardedOn('2026-03-02')
      .state(),
  );
  const puts: { key: string; body: string; contentType: string }[] = [];
  const announced: ReportPublished[] = [];
  const readings: UsageSnapshot[] = [];
  let reads = 0;
  const program = defaultProgram();
  const deps: PublishReportDeps = {
    program,
    read: async (window) => {
      reads += 1;
      const fold = tableFold({ program, window });
      for (const state of accounts) fold.add({ kind: 'account', state });
      fold.add({
        kind: 'touch',
        touch: {
          accountId: 'acc-1',
          touchId: 't-1',
          contactId: 'c-1',
          kind: 'feature-tip',
          template: 'feature-tip/ja',
          content: {},
          status: 'sent',
          claimedAt: '2026-05-25T00:00:00.000Z',
          sentAt: '2026-05-25T00:00:00.000Z',
          statusAt: {},
        },
      });
      return fold.contents();
    },
    saveReading: async (r) => void readings.push(r),
    bucket: {
      name: 'reports-bucket',
      put: async (key, body, contentType) => void puts.push({ key, body, contentType }),
    },
    announce: async (d) => void announced.push(d),
    assets: loadReportAssets,
    clock: fixedClock(now),
    logger: recordingLogger(),
  };
  return { deps, puts, announced, readings, reads: () => reads };
}

const tokens = createUnsubscribeTokens(async () => 'u'.repeat(40));

/** Contact c-1 of acc-1 (in Japanese) with a valid unsubscribe token; `setNow` moves the clock. */
export async function unsubscribeWorld(options: { readonly compliance?: ComplianceLog; readonly now: string }) {
  const store = new MemoryAccountStore();
  await store.save(
    anAccount('acc-1')
      .withProfile({ locale: 'ja' })
      .withContact('c-1', { email: 'mio@customer.example.jp', name: 'Mio Ito' })
      .state(),
  );
  const log = new MemoryComplianceLog();
  let now = options.now;
  const deps: UnsubscribeDeps = {
    tokens,
    store,
    suppressions: createStoreSuppressionRecorder(store),
    topics: createStoreTopicOptOutRecorder(store),
    compliance: options.compliance ?? log,
    clock: () => now,
    logger: recordingLogger(),
  };
  const token = await tokens.sign('acc-1', 'c-1', '2027-01-01T00:00:00.000Z');
  const setNow = (at: string) => {
    now = at;
  };
  return { deps, store, log, token, setNow, contact: async () => (await store.load('acc-1'))?.contacts['c-1'] };
}
