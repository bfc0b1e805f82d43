// The daily digest on hand-built states: each owner sees only their own accounts, ranked as the queue
// ranks them, with what changed in the last 24 hours, bounded; and its email leaves customer text out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountDigestPart, buildDigests, DIGEST_MAX_ITEMS, digestsOf } from '../../functions/core/digest.js';
import { digestEmail } from '../../functions/core/digest-email.js';
import type { AccountState, HealthAssessment } from '../../functions/core/state.js';
import { workQueue } from '../../functions/core/work-queue.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const program = defaultProgram();
const NOW = '2026-03-02T00:00:00.000Z';
const SATO = { name: 'Sato Hanako', email: 'sato@example.com' };
const LEE = { name: 'Lee Min', email: 'lee@example.com' };

function health(score: number, atRisk: boolean): HealthAssessment {
  return { at: NOW, score, atRisk, usageDrop: false, dauMau: 0, activeDays30: 0, previousActiveDays30: 0 };
}

function account(
  id: string,
  options: {
    owner?: { name: string; email: string };
    score?: number;
    arr?: number;
    raisedAt?: string;
    patch?: (s: AccountState) => AccountState;
  },
): AccountState {
  return anAccount(id)
    .withProfile({
      name: `Company ${id}`,
      timeZone: 'Asia/Tokyo',
      locale: 'ja',
      ...(options.owner === undefined ? {} : { csOwner: options.owner }),
      ...(options.arr === undefined ? {} : { arr: options.arr, currency: 'JPY' }),
    })
    .withContact('c-owner', { role: 'owner' })
    .onboardedOn('2026-01-19')
    .patched((s) => {
      const atRisk: AccountState =
        options.score === undefined
          ? s
          : {
              ...s,
              health: health(options.score, true),
              signalCases: {
                'Account At Risk': { raisedAt: options.raisedAt ?? '2026-02-23T00:00:00.000Z', raised: 1 },
              },
            };
      return options.patch === undefined ? atRisk : options.patch(atRisk);
    })
    .state(program);
}

describe('the daily digest', () => {
  it('gives each owner their own accounts only, matching the address whatever its case', () => {
    const states = [
      account('acc-1', { owner: SATO, score: 20 }),
      account('acc-2', { owner: { ...SATO, email: 'SATO@Example.com' }, score: 30 }),
      account('acc-3', { owner: LEE, score: 10 }),
      account('acc-4', { score: 5 }),
    ];
    const digests = digestsOf(states, program, NOW, { locale: 'en' });
    expect(digests.map((d) => [d.owner.email.toLowerCase(), d.accounts])).toEqual([
      ['lee@example.com', 1],
      ['sato@example.com', 2],
    ]);
    const sato = digests.find((d) => d.owner.email.toLowerCase() === 'sato@example.com');
    expect(sato?.needs.map((n) => n.accountId).sort()).toEqual(['acc-1', 'acc-2']);
    const lee = digests.find((d) => d.owner.email === LEE.email);
    expect(lee?.needs.map((n) => n.accountId)).toEqual(['acc-3']);
  });

  it('ranks the needs as the whole queue ranks them, values compared across every account', () => {
    const states = [
      account('acc-a', { owner: SATO, score: 40, arr: 1_000_000 }),
      account('acc-b', { owner: SATO, score: 10 }),
      account('acc-c', { owner: SATO, score: 40, arr: 500_000 }),
      account('acc-big', { score: 40, arr: 10_000_000 }),
    ];
    const [sato] = digestsOf(states, program, NOW, { locale: 'ja' });
    const queue = workQueue(states, program, NOW).filter((i) => i.csOwner !== null);
    expect(sato?.needs.map((n) => [n.accountId, n.score])).toEqual(queue.map((i) => [i.accountId, i.score]));
    // The value part is against the largest arr of the whole queue (acc-big, no owner), not Sato's.
    expect(sato?.needs.find((n) => n.accountId === 'acc-a')?.score).toBeLessThan(40 * 0.6 + 25 * 1);
  });

  it('says the play in the digest language, the days open and the due date', () => {
    const states = [account('acc-1', { owner: SATO, score: 20, raisedAt: '2026-02-27T06:00:00.000Z' })];
    const [ja] = digestsOf(states, program, NOW, { locale: 'ja' });
    const [en] = digestsOf(states, program, NOW, { locale: 'en' });
    const play = program.plays?.signals['Account At Risk'];
    expect(ja?.needs[0]).toMatchObject({ daysOpen: 2, dueBy: '2026-03-01', play: play?.do.ja });
    expect(en?.needs[0]?.play).toBe(play?.do.en);
  });

  it('tells what changed in the last 24 hours from the times the state records, and nothing older', () => {
    const state = account('acc-1', {
      owner: SATO,
      score: 20,
      raisedAt: '2026-03-01T09:00:00.000Z',
      patch: (s) => ({
        ...s,
        phase: 'renewal',
        phaseChangedAt: '2026-03-01T03:00:00.000Z',
        profile: s.profile === null ? null : { ...s.profile, renewalDate: '2026-04-30' },
        signalCases: {
          ...s.signalCases,
          'Onboarding Stalled': {
            raisedAt: '2026-02-20T00:00:00.000Z',
            resolved: { at: '2026-03-01T12:00:00.000Z', eventId: 'e-2', by: 'sato' },
            acknowledged: { at: '2026-02-28T23:59:59.000Z', eventId: 'e-1', by: 'sato' },
          },
        },
      }),
    });
    const [digest] = digestsOf([state], program, NOW, { locale: 'en' });
    expect(digest?.changes.map((c) => [c.kind, c.at])).toEqual([
      ['resolved', '2026-03-01T12:00:00.000Z'],
      ['opened', '2026-03-01T09:00:00.000Z'],
      ['renewal-window', '2026-03-01T03:00:00.000Z'],
    ]);
    expect(digest?.changes.find((c) => c.kind === 'renewal-window')?.renewalDate).toBe('2026-04-30');
  });

  it('tells a recovery and a plain phase change', () => {
    const state = account('acc-1', {
      owner: SATO,
      patch: (s) => ({
        ...s,
        phase: 'expansion-ready',
        phaseChangedAt: '2026-03-01T20:00:00.000Z',
        signalCases: {
          'Account At Risk': { raisedAt: '2026-02-10T00:00:00.000Z', recoveredAt: '2026-03-01T10:00:00.000Z' },
        },
      }),
    });
    const [digest] = digestsOf([state], program, NOW, { locale: 'en' });
    expect(digest?.changes.map((c) => [c.kind, c.phase])).toEqual(
      expect.arrayContaining([
        ['phase-changed', 'expansion-ready'],
        ['recovered', null],
      ]),
    );
  });

  it('sends no digest to an owner with nothing needing them and nothing changed', () => {
    const quiet = account('acc-quiet', { owner: LEE });
    const busy = account('acc-busy', { owner: SATO, score: 20 });
    expect(digestsOf([quiet, busy], program, NOW, { locale: 'ja' }).map((d) => d.owner.email)).toEqual([SATO.email]);
  });

  it('lists at most the bound and counts the rest', () => {
    const states = Array.from({ length: DIGEST_MAX_ITEMS + 7 }, (_, i) =>
      account(`acc-${String(i).padStart(3, '0')}`, {
        owner: SATO,
        score: 20 + (i % 50),
        raisedAt: '2026-03-01T12:00:00.000Z',
      }),
    );
    const [digest] = digestsOf(states, program, NOW, { locale: 'en' });
    expect(digest?.needs).toHaveLength(DIGEST_MAX_ITEMS);
    expect(digest?.moreNeeds).toBe(7);
    expect(digest?.changes).toHaveLength(DIGEST_MAX_ITEMS);
    expect(digest?.moreChanges).toBe(7);
    expect(digestEmail(digest as NonNullable<typeof digest>).text).toContain('and 7 more');
  });

  it('gives the same digests whatever order the accounts are read in', () => {
    const states = [
      account('acc-1', { owner: SATO, score: 20 }),
      account('acc-2', { owner: { name: 'Sato H.', email: 'Sato@example.com' }, score: 60, arr: 100 }),
      account('acc-3', { owner: LEE, score: 30, raisedAt: '2026-03-01T12:00:00.000Z' }),
      account('acc-4', { score: 5, arr: 400 }),
    ];
    const parts = states.map((s) => accountDigestPart(s, program, NOW));
    const expected = buildDigests(parts, NOW, { locale: 'ja' });
    fc.assert(
      fc.property(fc.shuffledSubarray(parts, { minLength: parts.length, maxLength: parts.length }), (shuffled) => {
        expect(buildDigests(shuffled, NOW, { locale: 'ja' })).toEqual(expected);
      }),
    );
  });
});

describe('the digest email', () => {
  const detractor = account('acc-1', {
    owner: { name: 'Sato <b>', email: SATO.email },
    patch: (s) => ({
      ...s,
      contacts: {
        ...s.contacts,
        'c-owner': {
          ...(s.contacts['c-owner'] as NonNullable<AccountState['contacts'][string]>),
          surveys: {
            nps: {
              score: 2,
              at: '2026-03-01T08:00:00.000Z',
              eventId: 'e-9',
              channel: 'email',
              comment: 'SECRET words',
            },
          },
        },
      },
    }),
  });

  it('says "commented" for a detractor and never quotes the comment, in both languages', () => {
    for (const locale of ['ja', 'en'] as const) {
      const [digest] = digestsOf([detractor], program, NOW, { locale });
      expect(digest?.needs[0]).toMatchObject({ reason: { kind: 'signal', signalType: 'Detractor' }, commented: true });
      const email = digestEmail(digest as NonNullable<typeof digest>);
      for (const part of [email.subject, email.html, email.text]) expect(part).not.toContain('SECRET');
      expect(email.text).toContain(locale === 'ja' ? 'コメントあり' : 'commented');
    }
  });

  it('escapes names in the HTML and says why the owner gets it', () => {
    const [digest] = digestsOf([detractor], program, NOW, { locale: 'en' });
    const email = digestEmail(digest as NonNullable<typeof digest>);
    expect(email.html).toContain('Sato &lt;b&gt;');
    expect(email.html).not.toContain('Sato <b>');
    expect(email.text).toContain('because you are the CS owner of 1 account.');
    expect(email.subject).toBe('teichaku digest for 2026-03-02: 1 needs you');
  });
});
