// The local run's digests: read from a run's accounts.jsonl at its end, written per owner to
// digests/<owner>.html and .txt (nothing sent without a local SES).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digestFileName, sendSampleDigests } from '../../functions/cli/sample-digests.js';
import type { AccountState } from '../../functions/core/state.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const program = defaultProgram();
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function atRisk(id: string, owner: { name: string; email: string }): AccountState {
  return anAccount(id)
    .withProfile({ name: `Company ${id}`, csOwner: owner })
    .withContact('c-owner', { role: 'owner' })
    .onboardedOn('2026-01-19')
    .patched((s) => ({
      ...s,
      health: {
        at: '2026-03-01T00:00:00.000Z',
        score: 30,
        atRisk: true,
        usageDrop: false,
        dauMau: 0,
        activeDays30: 0,
        previousActiveDays30: 0,
      },
      signalCases: { 'Account At Risk': { raisedAt: '2026-03-01T10:00:00.000Z', raised: 1 } },
    }))
    .state(program);
}

describe('the sample run’s digests', () => {
  it('writes each owner’s digest of the run’s last day as HTML and text', async () => {
    const out = mkdtempSync(join(tmpdir(), 'teichaku-digests-'));
    dirs.push(out);
    const states = [
      atRisk('acc-1', { name: 'Sato', email: 'Hanako.Sato@cs.example.com' }),
      atRisk('acc-2', { name: 'Kim', email: 'alex.kim@cs.example.com' }),
    ];
    writeFileSync(join(out, 'accounts.jsonl'), states.map((state) => `${JSON.stringify({ state })}\n`).join(''));
    const outcome = await sendSampleDigests({
      outDir: out,
      programs: program,
      at: '2026-03-02T00:00:00.000Z',
      sesEndpoint: null,
      locale: 'en',
    });
    expect(outcome).toMatchObject({ accounts: 2, owners: 2, sent: 2, failed: 0 });
    expect(readdirSync(join(out, 'digests')).sort()).toEqual([
      'alex.kim@cs.example.com.html',
      'alex.kim@cs.example.com.txt',
      'hanako.sato@cs.example.com.html',
      'hanako.sato@cs.example.com.txt',
    ]);
    const text = readFileSync(join(out, 'digests', 'hanako.sato@cs.example.com.txt'), 'utf8');
    expect(text).toContain('Company acc-1');
    expect(text).not.toContain('Company acc-2');
  });

  it('names a file by the address in lower case, other characters replaced', () => {
    expect(digestFileName('A.B+x/y@Example.COM')).toBe('a.b_x_y@example.com');
  });
});
