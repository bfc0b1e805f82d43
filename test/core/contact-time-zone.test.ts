// A contact's own time zone: their send window, business days and the times their email shows.
import { describe, expect, it } from 'vitest';
import type { Catalogs } from '../../functions/core/catalogs.js';
import { parseProductEvent } from '../../functions/core/events.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import { isInsideWindow } from '../../functions/core/send-window.js';
import type { ContactState } from '../../functions/core/state.js';
import { anAccount, contactUpserted, defaultProgram, featureTipCatalogs } from '../fixtures/builders.js';

const program = defaultProgram();
const TIPS: Catalogs = featureTipCatalogs(program);
// Onboarding completes Monday 2026-01-19 09:00 JST, so cadence slot 0 is Monday 2026-01-26 09:00 JST (00:00 UTC).
const SLOT_0 = '2026-01-26T00:00:00.000Z';
// 09:00 in London that Monday.
const LONDON_OPENS = '2026-01-26T09:00:00.000Z';

function account() {
  return anAccount('acc-1')
    .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja' })
    .withContact('c-tokyo', { role: 'owner' })
    .withContact('c-london', { role: 'admin', locale: 'en', timeZone: 'Europe/London' })
    .onboardedOn('2026-01-19')
    .state(program);
}

describe('a contact in another time zone than the account', () => {
  it("keeps the contact's zone from Contact Upserted, and drops it when an upsert gives none", () => {
    const state = account();
    expect((state.contacts['c-london'] as ContactState).timeZone).toBe('Europe/London');
    expect((state.contacts['c-tokyo'] as ContactState).timeZone).toBeUndefined();
  });

  it('rejects a zone outside the committed list, naming the field', () => {
    const event = contactUpserted('acc-1', 'c-x', { timeZone: 'Europe/London' });
    const raw = {
      id: event.id,
      source: event.source,
      time: event.time,
      'detail-type': 'Contact Upserted',
      detail: { ...event.detail, timeZone: 'Mars/Olympus_Mons' },
    };
    const parsed = parseProductEvent(raw);
    expect(parsed.kind).toBe('rejected');
    expect(parsed.kind === 'rejected' ? parsed.problems.map((p) => p.path) : []).toEqual(['detail.timeZone']);
    expect(parseProductEvent({ ...raw, detail: { ...raw.detail, timeZone: 'Europe/London' } }).kind).toBe('ok');
  });

  it('writes to each contact inside their own send window, and takes the step up again for the one who waited', () => {
    const first = planTouches(account(), SLOT_0, program, TIPS);
    expect(first.touches.map((t) => t.contactId)).toEqual(['c-tokyo']);
    const london = first.decisions.find((d) => d.contactId === 'c-london');
    expect(london?.outcome === 'skipped' ? london.reason : null).toEqual({
      code: 'outside-window',
      nextWindowAt: LONDON_OPENS,
    });
    expect(first.state.cadence).toMatchObject({ step: 0, retryAt: LONDON_OPENS, waiting: ['c-london'] });
    expect(first.state.cadence.nextDueAt).toBe(LONDON_OPENS);

    const second = planTouches(first.state, LONDON_OPENS, program, TIPS);
    // No milestone is past its due day yet (a nudge waits for the day after it): the first tip.
    expect(second.touches.map((t) => [t.contactId, t.template])).toEqual([['c-london', 'feature-tip/en']]);
    expect(isInsideWindow(LONDON_OPENS, 'Europe/London', program.sendWindow)).toBe(true);
    expect(second.decisions.map((d) => d.contactId)).toEqual(['c-london']);
    expect(second.state.cadence.step).toBeGreaterThan(0);
    expect(second.state.cadence.waiting).toBeUndefined();
    expect(second.state.cadence.retryAt).toBeNull();
  });

  it('plans for the whole account at once when every contact follows the account zone', () => {
    const state = anAccount('acc-1')
      .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja' })
      .withContact('c-1', { role: 'owner' })
      .withContact('c-2')
      .onboardedOn('2026-01-19')
      .state(program);
    const early = planTouches(state, '2026-01-25T23:00:00.000Z', program, TIPS);
    expect(early.state.cadence.waiting).toBeUndefined();
    expect(planTouches(state, SLOT_0, program, TIPS).touches).toHaveLength(2);
  });
});
