// The CRM record kept in sync from the planner: published first, recorded after; a publish that
// fails leaves the state as it was, so the next planning publishes the change again.
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { syncCrmRecord } from '../../functions/app/sync-crm-record.js';
import type { CrmRecordChange } from '../../functions/core/crm-record.js';
import type { CrmRecordPublisher, Logger } from '../../functions/core/ports.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const AT = '2026-03-02T01:00:00.000Z';
const program = defaultProgram();

function logger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, debug: () => undefined, info: () => undefined, warn: () => undefined, error: (m) => errors.push(m) };
}

function publisher(failures = 0): CrmRecordPublisher & { published: CrmRecordChange[] } {
  let left = failures;
  const published: CrmRecordChange[] = [];
  return {
    published,
    async publish(change) {
      if (left > 0) {
        left--;
        throw new Error('bus refused');
      }
      published.push(change);
    },
  };
}

async function seeded(crmId?: string) {
  const store = new MemoryAccountStore();
  const saved = await store.save(
    anAccount('acc-1')
      .withProfile(crmId === undefined ? {} : { crmId })
      .onboardedOn('2026-01-19')
      .state(),
  );
  return { store, saved };
}

describe('syncCrmRecord', () => {
  it('publishes the change, then records it: the same state publishes nothing more', async () => {
    const { store, saved } = await seeded('987');
    const crm = publisher();
    expect(await syncCrmRecord({ store, crm, logger: logger() }, saved, program, AT)).toBe('published');
    expect(crm.published.map((c) => c.crmId)).toEqual(['987']);
    const after = await store.load('acc-1');
    expect(after?.crmSynced).toEqual({ crmId: '987', fields: crm.published[0]?.fields, at: AT });
    expect(await syncCrmRecord({ store, crm, logger: logger() }, after ?? saved, program, AT)).toBe('unchanged');
    expect(crm.published).toHaveLength(1);
  });

  it('leaves the state as it was when the publish fails, and publishes at the next planning', async () => {
    const { store, saved } = await seeded('987');
    const crm = publisher(1);
    const log = logger();
    expect(await syncCrmRecord({ store, crm, logger: log }, saved, program, AT)).toBe('not-published');
    expect(log.errors).toEqual(['CRM change not published']);
    const after = await store.load('acc-1');
    expect(after?.crmSynced).toBeUndefined();
    expect(after?.version).toBe(saved.version);
    expect(await syncCrmRecord({ store, crm, logger: log }, after ?? saved, program, AT)).toBe('published');
    expect((await store.load('acc-1'))?.crmSynced?.crmId).toBe('987');
  });

  it('publishes nothing and writes nothing for an account without a crmId', async () => {
    const { store, saved } = await seeded();
    const crm = publisher();
    expect(await syncCrmRecord({ store, crm, logger: logger() }, saved, program, AT)).toBe('unchanged');
    expect(crm.published).toHaveLength(0);
    expect((await store.load('acc-1'))?.version).toBe(saved.version);
  });
});
