import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import { complianceEntryId, entriesFromEvents } from '../../functions/core/compliance-record.js';
import { type Consent, type ProductEvent, parseProductEvent } from '../../functions/core/events.js';
import { type ContactState, emptyAccountState } from '../../functions/core/state.js';
import { accountUpserted, contactRemoved, contactUpserted, defaultProgram } from '../fixtures/builders.js';
import { envelopeOf } from '../handlers/helpers.js';

const program = defaultProgram();
const consent = (basis: Consent['basis'], at: string, source = 'signup-form'): Consent => ({ basis, at, source });

function contactAfter(events: readonly ProductEvent[]): ContactState {
  return applyEvents(emptyAccountState('acc-1', program.id), events, program).state.contacts['c-1'] as ContactState;
}

describe('the consent and CS owner fields of the event contract', () => {
  it('accepts a contact with a basis and an account with a CS owner, and every event without them', () => {
    const withConsent = contactUpserted('acc-1', 'c-1', {
      consent: consent('written', '2026-01-10T10:00:00+09:00', 'card exchange at the kickoff'),
    });
    const parsed = parseProductEvent(envelopeOf(withConsent));
    expect(parsed.kind).toBe('ok');
    if (parsed.kind === 'ok' && parsed.event.detailType === 'Contact Upserted')
      expect(parsed.event.detail.consent?.at).toBe('2026-01-10T01:00:00.000Z');
    const owner = accountUpserted('acc-1', { csOwner: { name: '山田 太郎', email: 'taro@vendor.example.com' } });
    expect(parseProductEvent(envelopeOf(owner)).kind).toBe('ok');
    expect(parseProductEvent(envelopeOf(contactUpserted('acc-1', 'c-2'))).kind).toBe('ok');
  });

  it('rejects an unknown basis naming the field, and an owner address that is not one without echoing it', () => {
    const bad = envelopeOf(contactUpserted('acc-1', 'c-1'));
    (bad.detail as Record<string, unknown>).consent = { basis: 'implied', at: '2026-01-10T00:00:00Z', source: 'x' };
    const parsed = parseProductEvent(bad);
    expect(parsed.kind === 'rejected' && parsed.reason).toMatch(/detail\.consent\.basis/);
    const owner = envelopeOf(accountUpserted('acc-1'));
    (owner.detail as Record<string, unknown>).csOwner = { name: 'Taro', email: 'not-an-address-secret' };
    const refused = parseProductEvent(owner);
    expect(refused.kind === 'rejected' && refused.reason).toMatch(/detail\.csOwner\.email/);
    expect(refused.kind === 'rejected' && refused.reason).not.toContain('not-an-address-secret');
  });
});

describe('a contact’s basis in account state', () => {
  it('keeps the latest stated basis, and a later upsert without one leaves it', () => {
    const events = [
      contactUpserted(
        'acc-1',
        'c-1',
        { consent: consent('opt-in', '2026-01-10T00:00:00.000Z') },
        { at: '2026-01-10T00:00:00Z' },
      ),
      contactUpserted('acc-1', 'c-1', { name: 'Renamed' }, { at: '2026-01-12T00:00:00Z' }),
    ];
    expect(contactAfter(events).consent).toMatchObject({ basis: 'opt-in', source: 'signup-form' });
    const changed = [
      ...events,
      contactUpserted(
        'acc-1',
        'c-1',
        { consent: consent('business-relationship', '2026-01-15T00:00:00.000Z', 'contract') },
        { at: '2026-01-15T00:00:00Z' },
      ),
    ];
    expect(contactAfter(changed).consent?.basis).toBe('business-relationship');
  });

  it('keeps the basis when the contact is removed (its record is owed after the person leaves)', () => {
    const events = [
      contactUpserted('acc-1', 'c-1', { consent: consent('opt-in', '2026-01-10T00:00:00.000Z') }),
      contactRemoved('acc-1', 'c-1', { at: '2026-02-01T00:00:00Z' }),
    ];
    const contact = contactAfter(events);
    expect(contact.removed).toBe(true);
    expect(contact.email).toBeNull();
    expect(contact.consent?.basis).toBe('opt-in');
  });

  it('gives the same basis for any order and any split of the same upserts', () => {
    const upsertArb = fc.record({
      day: fc.integer({ min: 1, max: 28 }),
      stated: fc.option(
        fc.record({
          basis: fc.constantFrom('opt-in', 'business-relationship', 'written', 'published' as const),
          day: fc.integer({ min: 1, max: 28 }),
        }),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(
        fc.array(upsertArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 5 }),
        fc.nat(),
        (upserts, split, seed) => {
          const events = upserts.map((u, i) =>
            contactUpserted(
              'acc-1',
              'c-1',
              {
                name: `n${i}`,
                ...(u.stated
                  ? {
                      consent: consent(
                        u.stated.basis,
                        `2026-01-${String(u.stated.day).padStart(2, '0')}T00:00:00.000Z`,
                        `s${i}`,
                      ),
                    }
                  : {}),
              },
              { at: `2026-01-${String(u.day).padStart(2, '0')}T00:00:00Z`, id: `e-${i}` },
            ),
          );
          const shuffled = [...events].sort(
            (a, b) => ((a.id.charCodeAt(2) * 31 + seed) % 7) - ((b.id.charCodeAt(2) * 31 + seed) % 7),
          );
          const whole = contactAfter(events).consent;
          const first = applyEvents(emptyAccountState('acc-1', program.id), shuffled.slice(0, split), program).state;
          const inTwo = applyEvents(first, shuffled.slice(split), program).state.contacts['c-1']?.consent;
          expect(inTwo).toEqual(whole);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('compliance entries from product events', () => {
  it('records each stated basis and each removal, once per fact', () => {
    const stated = contactUpserted(
      'acc-1',
      'c-1',
      { consent: consent('opt-in', '2026-01-10T00:00:00.000Z') },
      { at: '2026-01-10T00:00:00Z' },
    );
    const restated = contactUpserted(
      'acc-1',
      'c-1',
      { consent: consent('opt-in', '2026-01-10T00:00:00.000Z'), name: 'Renamed' },
      { at: '2026-01-11T00:00:00Z' },
    );
    const removed = contactRemoved('acc-1', 'c-1', { at: '2026-02-01T00:00:00Z' });
    const entries = entriesFromEvents([stated, restated, contactUpserted('acc-1', 'c-2'), removed]);
    expect(entries.map((e) => e.kind)).toEqual(['basis', 'basis', 'removed']);
    // The same basis stated again is the same fact: one id.
    expect(complianceEntryId(entries[0]!)).toBe(complianceEntryId(entries[1]!));
    expect(complianceEntryId(entries[0]!)).not.toContain('signup-form');
    expect(entries[2]).toMatchObject({ kind: 'removed', at: '2026-02-01T00:00:00.000Z', channel: 'product-event' });
  });
});
