// `teichaku explain --from-run`: one account's story from a replay's output folder, in the account's
// language and time zone, as text or JSON; an account or person that is not there exits 1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AccountStory } from '../../functions/cli/explain-story.js';
import { main } from '../../functions/cli/main.js';
import { programForProfile } from '../../functions/core/programs.js';
import { runSimulation } from '../../functions/sim/run-simulation.js';
import { loadSampleWorld } from '../../functions/sim/sample-config.js';
import { generateSample, type Sample, writeEventsFile } from '../../functions/sim/sample-world.js';
import { defaultProgram, shippedPrograms } from '../fixtures/builders.js';

const WORLD = resolve(import.meta.dirname, '../../templates/sample/world.yaml');
const PROGRAM = resolve(import.meta.dirname, '../../templates/program.yaml');

let dir: string;
let out: string;
let sample: Sample;

async function teichaku(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await main(['node', 'teichaku', ...args]), stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

const explain = (...args: string[]) => teichaku('explain', '--from-run', out, '--program', PROGRAM, ...args);

beforeAll(async () => {
  const world = { ...(await loadSampleWorld(WORLD)), accounts: 10, months: 3 };
  sample = generateSample(world, defaultProgram());
  dir = mkdtempSync(join(tmpdir(), 'teichaku-explain-'));
  out = join(dir, 'out');
  await writeEventsFile(join(dir, 'events.jsonl'), sample.events);
  await runSimulation({
    eventsFile: join(dir, 'events.jsonl'),
    until: sample.until,
    outDir: out,
    programFile: PROGRAM,
    services: 'memory',
  });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function storyOf(accountId: string, ...more: string[]): Promise<AccountStory> {
  const run = await explain('--account', accountId, '--json', ...more);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as AccountStory;
}

describe('teichaku explain --from-run', () => {
  it('tells a Japanese account’s story in Japanese, with times in its own time zone', async () => {
    const ja = sample.accounts.find(
      (a) => a.profile.locale === 'ja' && a.profile.timeZone === 'Asia/Tokyo',
    ) as Sample['accounts'][number];
    const story = await storyOf(ja.profile.accountId);
    const sent = story.timeline.find((e) => e.type === 'decision' && e.decision.outcome === 'sent');
    expect(sent).toBeDefined();
    const run = await explain('--account', ja.profile.accountId);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('マイルストーン');
    expect(run.stdout).toContain('判定・メール・シグナル');
    // The sent decision's instant, shown as Tokyo wall-clock time.
    const tokyo = new Intl.DateTimeFormat('ja-JP', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(sent?.at ?? ''));
    expect(run.stdout).toContain(`${tokyo}  `);
  });

  it('says why each skipped decision sent nothing, in words, and what each sent one passed over', async () => {
    const stories: AccountStory[] = [];
    // One at a time: each run captures process.stdout.
    for (const a of sample.accounts) stories.push(await storyOf(a.profile.accountId));
    const skipped = stories.flatMap((s) =>
      s.timeline.flatMap((e) =>
        e.type === 'decision' && e.decision.outcome === 'skipped' ? [{ s, d: e.decision }] : [],
      ),
    );
    expect(skipped.length).toBeGreaterThan(0);
    const { s, d } = skipped[0] as (typeof skipped)[number];
    const text = (await explain('--account', s.account.accountId)).stdout;
    const line = text
      .split('\n')
      .find((l) => l.includes(`${d.contactId}  `) && l.includes(`: ${d.outcome === 'skipped' ? d.reason : ''} — `));
    expect(line).toBeDefined();
    expect((line ?? '').split(' — ')[1]?.length).toBeGreaterThan(10);
    expect(text).toMatch(/(passed over|見送った候補): [a-z-]+ — [a-z-]+: \S/);
  });

  it('keeps to one person with --contact, account-wide signals included', async () => {
    const account = sample.accounts[0] as Sample['accounts'][number];
    const all = await storyOf(account.profile.accountId);
    const person = all.contacts[0]?.contactId as string;
    const story = await storyOf(account.profile.accountId, '--contact', person);
    const decisions = story.timeline.flatMap((e) => (e.type === 'decision' ? [e.decision] : []));
    expect(decisions.length).toBeGreaterThan(0);
    expect(new Set(decisions.map((d) => d.contactId))).toEqual(new Set([person]));
    expect(story.contacts.map((c) => c.contactId)).toEqual([person]);
    expect(story.timeline.some((e) => e.type === 'signal')).toBe(true);
  });

  it('shows milestones with due and reached dates, and health as it changed', async () => {
    const account = sample.accounts[0] as Sample['accounts'][number];
    const story = await storyOf(account.profile.accountId);
    // The account's own program: the shipped file has one per segment.
    expect(story.milestones.length).toBe(programForProfile(shippedPrograms(), account.profile).milestones.length);
    expect(story.milestones.some((m) => m.dueAt !== null && m.reachedAt !== null)).toBe(true);
    expect(story.health.length).toBeGreaterThan(0);
    story.health.forEach((p, i) => {
      const before = story.health[i - 1];
      if (before !== undefined)
        expect(`${p.score}|${p.atRisk}|${p.usageDrop}|${p.phase}`).not.toBe(
          `${before.score}|${before.atRisk}|${before.usageDrop}|${before.phase}`,
        );
    });
  });

  it('exits 1 with a clear message for an account or a person that is not there', async () => {
    const account = await explain('--account', 'acc-nobody');
    expect(account.code).toBe(1);
    expect(account.stderr).toContain('account acc-nobody is not in');
    const id = (sample.accounts[0] as Sample['accounts'][number]).profile.accountId;
    const person = await explain('--account', id, '--contact', 'someone-else');
    expect(person.code).toBe(1);
    expect(person.stderr).toContain(`contact someone-else is not a contact of account ${id}`);
  });

  it('asks for one source, and names a folder that is not a replay output', async () => {
    const none = await teichaku('explain', '--account', 'acc-1');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/--from-run or --table must be given/);
    const wrong = await teichaku('explain', '--account', 'acc-1', '--from-run', dir);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(
      /accounts\.jsonl is missing: --from-run takes the --out folder of `teichaku simulate`/,
    );
  });
});
