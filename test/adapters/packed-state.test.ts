import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountItem, readAccountItem } from '../../functions/adapters/account-item.js';
import {
  MAX_UNPACKED_BYTES,
  PACKED_STATE_FORMAT,
  packState,
  unpackState,
} from '../../functions/adapters/packed-state.js';
import { PACKED_STATE_DICTIONARY_V1 } from '../../functions/adapters/packed-state-dictionary.js';
import { applyEvents } from '../../functions/core/apply-events.js';
import { contractOf, isContractEnded } from '../../functions/core/contract.js';
import { personUsed } from '../../functions/core/person-usage.js';
import type { Feature } from '../../functions/core/program.js';
import type { AccountState, ContactState } from '../../functions/core/state.js';
import { openDetractors, supportOf } from '../../functions/core/voice.js';
import { defaultProgram, surveyAnswered, ticketOpened } from '../fixtures/builders.js';
import { aBusyAccount } from './busy-account.js';

function withFormat(format: number, payload: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from([format]), payload]);
}

describe('packed account state', () => {
  it('gives back exactly the JSON value it packed', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const unpacked = unpackState(packState(value));
        expect(unpacked).toEqual({ kind: 'unpacked', value: JSON.parse(JSON.stringify(value)) });
      }),
    );
  });

  it('gives back a busy account state unchanged', () => {
    const state = aBusyAccount('acc-1', 10);
    expect(unpackState(packState(state))).toEqual({ kind: 'unpacked', value: state });
  });

  it('packs a busy account into under a fifth of its JSON, and the dictionary makes it smaller than deflate alone', () => {
    const json = JSON.stringify(aBusyAccount('acc-1', 10));
    const packed = packState(JSON.parse(json));
    expect(packed.length).toBeLessThan(Buffer.byteLength(json) / 5);
    expect(packed.length - 1).toBeLessThan(deflateRawSync(json, { level: 6 }).length);
  });

  it('reads a state stored before usage per person: without the new fields it loads, and plans as nothing used', () => {
    const busy = aBusyAccount('acc-1', 10);
    expect(Object.values(busy.contacts).some((c) => c.featuresFirstUsed !== undefined)).toBe(true);
    // An item written by the version before: no per-person facts, no stalls handled.
    const contacts = Object.fromEntries(
      Object.entries(busy.contacts).map(([id, c]) => {
        const { featuresFirstUsed: _f, memberUntil: _m, keyStatedAt: _k, ...before } = c;
        return [id, before];
      }),
    );
    const { stallsHandled: _s, ...older } = { ...busy, contacts };
    const stored = accountItem(older as AccountState, 4);
    const read = readAccountItem('acc-1', stored);
    expect(read.contacts).toEqual(contacts);
    const person = read.contacts['acc-1-u1'] as ContactState;
    const dashboard = defaultProgram().features.find((f) => f.id === 'dashboard') as Feature;
    expect(personUsed(person, dashboard, '2026-04-01T00:00:00.000Z')).toBe(false);
    // And the new facts survive a round trip.
    expect(readAccountItem('acc-1', accountItem(busy, 4)).contacts).toEqual(busy.contacts);
  });

  it('keeps survey answers, tickets and the detractors’ resolve through a round trip, and reads older items without them', () => {
    const busy = aBusyAccount('acc-1', 10);
    expect(openDetractors(readAccountItem('acc-1', accountItem(busy, 4)))).toEqual([]);
    const voiced = {
      ...applyEvents(
        busy,
        [
          surveyAnswered('acc-1', 'acc-1-u1', {
            survey: 'nps',
            score: 1,
            answeredAt: '2026-04-01T00:00:00Z',
            comment: 'レポートが遅い',
          }),
          ticketOpened('acc-1', 't-1', '2026-04-01T00:00:00Z', { priority: 'urgent', sentiment: -0.8 }),
        ],
        defaultProgram(),
      ).state,
      detractorsResolvedAt: '2026-03-01T00:00:00.000Z',
    };
    const read = readAccountItem('acc-1', accountItem(voiced, 4));
    expect(read.contacts['acc-1-u1']?.surveys).toEqual(voiced.contacts['acc-1-u1']?.surveys);
    expect(read.support).toEqual(voiced.support);
    expect(read.detractorsResolvedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(openDetractors(read)).toHaveLength(1);
    expect(supportOf(read, '2026-04-01T01:00:00.000Z')).toBeCloseTo(0.6);
  });

  it('reads a state stored before the contract was kept: not ended, its term from the contract start', () => {
    const busy = aBusyAccount('acc-1', 10);
    expect(busy.contract).toBeUndefined();
    const read = readAccountItem('acc-1', accountItem(busy, 4));
    expect(isContractEnded(read)).toBe(false);
    expect(contractOf(read)).toMatchObject({ renewalDate: null, value: null, ended: null });
  });

  it('keeps the contract facts and the contract fields of the profile through a round trip', () => {
    const busy = aBusyAccount('acc-1', 10);
    const profile = {
      ...(busy.profile as NonNullable<AccountState['profile']>),
      renewalDate: '2027-01-05',
      arr: 5e5,
      currency: 'JPY',
    };
    const state: AccountState = {
      ...busy,
      profile,
      contract: {
        renewed: { at: '2026-02-01T00:00:00.000Z', eventId: 'r-1', renewalDate: '2027-02-01' },
        ended: { at: '2026-03-01T00:00:00.000Z', eventId: 'e-1', reason: 'budget' },
        endNoted: '2026-03-01T00:00:00.000Z',
      },
    };
    const read = readAccountItem('acc-1', accountItem(state, 4));
    expect(read.contract).toEqual(state.contract);
    expect(read.profile).toEqual(profile);
    expect(isContractEnded(read)).toBe(true);
  });

  it('starts with the format byte it writes', () => {
    expect(packState({ a: 1 })[0]).toBe(PACKED_STATE_FORMAT);
  });

  it('keeps the format-1 dictionary byte for byte: stored items inflate only against it', () => {
    // A failure here means the dictionary was edited: every stored item would stop inflating. Restore
    // it and add a format with the new dictionary instead.
    expect(createHash('sha256').update(PACKED_STATE_DICTIONARY_V1).digest('hex')).toBe(DICTIONARY_V1_SHA256);
  });
});

describe('unreadable packed state', () => {
  const email = 'hanako@example.com';
  const cases: readonly [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(0), /empty/],
    ['of an unknown format', withFormat(9, deflateRawSync('{}')), /format 9, this version reads format 1/],
    ['not deflate', withFormat(1, Buffer.from([0xff, 0xff, 0xff, 0xff])), /does not inflate \(Z_DATA_ERROR\)/],
    ['cut short', packState({ email, padding: 'x'.repeat(2_000) }).subarray(0, 12), /does not inflate \(Z_BUF_ERROR\)/],
    [
      'not JSON',
      withFormat(1, deflateRawSync(`{"email":"${email}"`, { dictionary: PACKED_STATE_DICTIONARY_V1 })),
      /inflates to \d+ bytes that are not JSON/,
    ],
    [
      'inflating past the limit',
      withFormat(
        1,
        deflateRawSync(Buffer.alloc(MAX_UNPACKED_BYTES + 1, 32), { dictionary: PACKED_STATE_DICTIONARY_V1 }),
      ),
      /inflates past/,
    ],
  ];
  it.each(cases)('says what is wrong when the blob is %s, without its content', (_, bytes, message) => {
    const unpacked = unpackState(bytes);
    expect(unpacked.kind).toBe('unreadable');
    const what = unpacked.kind === 'unreadable' ? unpacked.what : '';
    expect(what).toMatch(message);
    expect(what).not.toContain('hanako');
  });
});

/** SHA-256 of the format-1 dictionary as first shipped. */
const DICTIONARY_V1_SHA256 = 'b938d8b66ce9eeaf5695caa777ebe3b8de7c1f5caab82e22c8d978b23c4062c4';
