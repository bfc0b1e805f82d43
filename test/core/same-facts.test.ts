import { describe, expect, it } from 'vitest';
import { sameFacts } from '../../functions/core/same-facts.js';
import type { AccountState } from '../../functions/core/state.js';
import { anAccount } from '../fixtures/builders.js';

const state: AccountState = anAccount('acc-1')
  .withProfile()
  .withContact('c-1', { role: 'owner' })
  .withUsage('c-1', 'login', '2026-01-06T01:00:00Z')
  .state();

describe('sameFacts', () => {
  it('ignores the version, which the store moves on every write', () => {
    expect(sameFacts(state, { ...state, version: state.version + 4 })).toBe(true);
  });

  it('sees a change deep inside a rebuilt part', () => {
    const contact = state.contacts['c-1'];
    if (contact === undefined) throw new Error('fixture: no c-1');
    const touched = {
      ...state,
      contacts: {
        ...state.contacts,
        'c-1': {
          ...contact,
          touches: [{ touchId: 't', kind: 'feature-tip' as const, subject: 'x', at: '2026-01-07T00:00:00.000Z' }],
        },
      },
    };
    expect(sameFacts(state, touched)).toBe(false);
    expect(sameFacts(state, { ...state, activeDays: { ...state.activeDays, '2026-01-07': ['c-1'] } })).toBe(false);
  });

  it('takes a rebuilt copy with the same content as the same', () => {
    expect(sameFacts(state, JSON.parse(JSON.stringify(state)) as AccountState)).toBe(true);
  });

  it('takes a field set to undefined as no field, as the stored item does', () => {
    expect(sameFacts(state, { ...state, pendingUsage: undefined } as AccountState)).toBe(true);
    expect(sameFacts({ ...state, pendingUsage: undefined } as AccountState, state)).toBe(true);
    expect(sameFacts(state, { ...state, pendingUsage: [] })).toBe(false);
  });
});
