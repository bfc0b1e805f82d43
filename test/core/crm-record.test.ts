// What the CRM record is given: the fields of an account with a crmId, on change only (a score
// moving by less than a point is no change), each CRM's body shaped as its API takes it.
import { describe, expect, it } from 'vitest';
import { crmFieldsOf, crmRecordChangeOf, withCrmSynced } from '../../functions/core/crm-record.js';
import type { AccountState } from '../../functions/core/state.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const AT = '2026-03-02T01:00:00.000Z';
const program = defaultProgram();

function account(crmId?: string, score = 71.6): AccountState {
  const state = anAccount('acc-1')
    .withProfile(crmId === undefined ? {} : { crmId })
    .withContact('c-1')
    .onboardedOn('2026-01-19')
    .state();
  return {
    ...state,
    health: { at: AT, score, atRisk: false, usageDrop: false, dauMau: 0.3, activeDays30: 12, previousActiveDays30: 10 },
    enrollment: { at: AT, programHash: 'h', group: 'treatment', holdoutPercent: 10 },
    contacts: {
      ...state.contacts,
      'c-1': {
        ...(state.contacts['c-1'] as AccountState['contacts'][string]),
        touches: [
          { touchId: 't1', kind: 'feature-tip', subject: 'f', at: '2026-02-02T00:00:00.000Z' },
          { touchId: 't2', kind: 'feature-tip', subject: 'g', at: '2026-02-23T00:00:00.000Z' },
        ],
      },
    },
  };
}

describe('CRM record fields', () => {
  it('gives the rounded score, phase, program, group, the latest touch and the next cadence slot', () => {
    const fields = crmFieldsOf(account('123'), program);
    expect(fields).toMatchObject({
      healthScore: 72,
      phase: 'adoption',
      program: 'default',
      group: 'treatment',
      lastTouchAt: '2026-02-23T00:00:00.000Z',
    });
    expect(fields.nextTouchAt).not.toBeNull();
  });

  it('shows no next touch for a held-out account, which gets no automated email', () => {
    const held = {
      ...account('123'),
      enrollment: { at: AT, programHash: 'h', group: 'control' as const, holdoutPercent: 10 },
    };
    expect(crmFieldsOf(held, program)).toMatchObject({ group: 'control', nextTouchAt: null });
  });

  it('publishes nothing for an account without a crmId', () => {
    expect(crmRecordChangeOf(account(), program, AT)).toBeNull();
  });

  it('shapes the HubSpot properties and the Salesforce fields of one change', () => {
    const change = crmRecordChangeOf(account('123'), program, AT);
    expect(change?.crmId).toBe('123');
    expect(change?.hubspot.properties).toMatchObject({
      teichaku_health_score: 72,
      teichaku_phase: 'adoption',
      teichaku_program: 'default',
      teichaku_group: 'treatment',
      teichaku_last_touch_at: '2026-02-23T00:00:00.000Z',
    });
    expect(change?.salesforce).toMatchObject({
      Teichaku_Health_Score__c: 72,
      Teichaku_Phase__c: 'adoption',
      Teichaku_Group__c: 'treatment',
      Teichaku_Last_Touch_At__c: '2026-02-23T00:00:00.000Z',
    });
  });

  it('clears an unknown value: an empty string for HubSpot, null for Salesforce', () => {
    const change = crmRecordChangeOf({ ...account('123'), health: null }, program, AT);
    expect(change?.hubspot.properties.teichaku_health_score).toBe('');
    expect(change?.salesforce.Teichaku_Health_Score__c).toBeNull();
  });

  it.each([
    ['the score moves by less than a point', 72.4, '123', false],
    ['the score moves by a point', 72.6, '123', true],
    ['the record id changes', 71.6, '456', true],
  ])('after a recorded change, %s: published again = %s', (_, score, crmId, again) => {
    const first = crmRecordChangeOf(account('123'), program, AT);
    if (first === null) throw new Error('expected a change');
    const synced = withCrmSynced(account('123'), first) as AccountState;
    expect(synced.crmSynced?.fields.healthScore).toBe(72);
    const next = { ...account(crmId, score), crmSynced: synced.crmSynced };
    expect(crmRecordChangeOf(next, program, AT) !== null).toBe(again);
  });

  it('records a change once: recording it again writes nothing', () => {
    const change = crmRecordChangeOf(account('123'), program, AT);
    if (change === null) throw new Error('expected a change');
    const once = withCrmSynced(account('123'), change) as AccountState;
    expect(withCrmSynced(once, change)).toBeNull();
  });
});
