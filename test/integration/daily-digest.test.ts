// The daily digest's real path: accounts saved in the local DynamoDB, read back by the digest
// handler's own wiring (its bounded Scan of the table), and sent through the local SES: each owner
// receives one email naming their own accounts only.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDynamoAccountStore } from '../../functions/adapters/dynamodb-store.js';
import { createSendDigests } from '../../functions/app/send-digests.js';
import type { AccountState } from '../../functions/core/state.js';
import { digestDepsFromEnv } from '../../functions/handlers/digest.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';
import { useLocalAws } from './local-aws.js';

const local = useLocalAws();
const program = defaultProgram();

function atRisk(id: string, owner: { name: string; email: string }, raisedAt: string): AccountState {
  return anAccount(id)
    .withProfile({ name: `Company ${id}`, csOwner: owner })
    .withContact('c-owner', { role: 'owner' })
    .onboardedOn('2026-01-19')
    .patched((s) => ({
      ...s,
      health: {
        at: raisedAt,
        score: 25,
        atRisk: true,
        usageDrop: false,
        dauMau: 0,
        activeDays30: 0,
        previousActiveDays30: 0,
      },
      signalCases: { 'Account At Risk': { raisedAt, raised: 1 } },
    }))
    .state(program);
}

describe('the daily digest through the local DynamoDB and SES', () => {
  it('emails each owner the digest of their own accounts, read from the table', async () => {
    const { dynamo, ses, tableName, content } = local();
    await local().clearMails();
    const store = createDynamoAccountStore(dynamo, { tableName, dueShards: 4 });
    await store.save(atRisk('acc-a', { name: 'Sato', email: 'sato@example.com' }, '2026-03-01T09:00:00.000Z'));
    await store.save(atRisk('acc-b', { name: 'Sato', email: 'Sato@Example.com' }, '2026-02-20T09:00:00.000Z'));
    await store.save(atRisk('acc-c', { name: 'Lee', email: 'lee@example.com' }, '2026-02-27T09:00:00.000Z'));
    const contentFile = join(tmpdir(), `teichaku-digest-content-${process.pid}.json`);
    writeFileSync(contentFile, JSON.stringify(content));
    const deps = digestDepsFromEnv(
      {
        TABLE_NAME: tableName,
        CONTENT_FILE: contentFile,
        DIGEST_FROM_ADDRESS: 'cs-team@example.com',
        DIGEST_LOCALE: 'ja',
        DIGEST_MAX_READ_UNITS: '100',
      },
      dynamo,
      ses,
    );
    const outcome = await createSendDigests({ ...deps, clock: () => '2026-03-02T00:00:00.000Z' })();
    rmSync(contentFile, { force: true });
    expect(outcome).toMatchObject({ accounts: 3, owners: 2, sent: 2, failed: 0 });

    const mails = await local().mails();
    expect(mails.map((m) => m.destination.to).sort()).toEqual([['lee@example.com'], ['sato@example.com']]);
    const sato = mails.find((m) => m.destination.to.includes('sato@example.com'));
    expect(sato?.from).toBe('cs-team@example.com');
    expect(sato?.subject).toContain('対応が必要 2 件');
    expect(sato?.body.text).toContain('Company acc-a');
    expect(sato?.body.text).toContain('Company acc-b');
    expect(sato?.body.text).not.toContain('Company acc-c');
    // acc-a's at-risk case opened within the last 24 hours; acc-b's did not.
    expect(sato?.body.text).toMatch(/新規: 解約リスク/);
    expect(sato?.body.text?.match(/新規:/g)).toHaveLength(1);
  }, 60_000);
});
