// What the CRM record of an account shows of teichaku: health score, phase, program, group, the last
// touch and the next planned one. Written to the HubSpot company or Salesforce account named by the
// account's `crmId`, on change only: the fields last published are kept in the state (`crmSynced`),
// and a change is one outbound `CRM Record Changed` event whose detail already holds each CRM's
// request body, so the rule that delivers it only picks a part out (infra/crm-destinations.ts).
import { dueCadenceSlot } from './cadence.js';
import { isContractEnded } from './contract.js';
import type { HoldoutGroup } from './holdout.js';
import { isHeldOut } from './holdout.js';
import type { Program } from './program.js';
import type { AccountState, CrmFields, Phase } from './state.js';

export type { CrmFields } from './state.js';

/** The outbound detail-type of a change (source: teichaku's signal source). */
export const CRM_RECORD_CHANGED = 'CRM Record Changed';

/** The HubSpot company properties teichaku writes (internal names; create them as custom properties). */
export interface HubSpotProperties {
  readonly teichaku_health_score: number | '';
  readonly teichaku_phase: Phase;
  readonly teichaku_program: string;
  readonly teichaku_group: HoldoutGroup | '';
  readonly teichaku_last_touch_at: string;
  readonly teichaku_next_touch_at: string;
}

/** The Salesforce Account custom fields teichaku writes (API names; create them in Setup). */
export interface SalesforceFields {
  readonly Teichaku_Health_Score__c: number | null;
  readonly Teichaku_Phase__c: Phase;
  readonly Teichaku_Program__c: string;
  readonly Teichaku_Group__c: HoldoutGroup | null;
  readonly Teichaku_Last_Touch_At__c: string | null;
  readonly Teichaku_Next_Touch_At__c: string | null;
}

/** The detail of one `CRM Record Changed` event. */
export interface CrmRecordChange {
  readonly accountId: string;
  readonly crmId: string;
  /** When the planner saw the change. */
  readonly at: string;
  readonly fields: CrmFields;
  /** The body of `PATCH /crm/v3/objects/companies/{crmId}`. */
  readonly hubspot: { readonly properties: HubSpotProperties };
  /** The body of `PATCH /services/data/vXX.X/sobjects/Account/{crmId}`. */
  readonly salesforce: SalesforceFields;
}

/**
 * The fields as of the state: the health score rounded to a whole point (so a score that moves by
 * less than one point changes nothing), the latest touch recorded for any contact, and the next
 * cadence slot when the account gets automated email at all (not held out, not high-touch, contract
 * not ended).
 */
export function crmFieldsOf(state: AccountState, program: Program): CrmFields {
  let lastTouchAt: string | null = null;
  for (const contact of Object.values(state.contacts))
    for (const touch of contact.touches) if (lastTouchAt === null || touch.at > lastTouchAt) lastTouchAt = touch.at;
  const mailed = state.profile !== null && state.profile.touchModel !== 'high' && !isHeldOut(state);
  const nextTouchAt = mailed && !isContractEnded(state) ? dueCadenceSlot(state, program) : null;
  return {
    healthScore: state.health === null ? null : Math.round(state.health.score),
    phase: state.phase,
    program: state.programId,
    group: state.enrollment?.group ?? null,
    lastTouchAt,
    nextTouchAt,
  };
}

function sameFields(a: CrmFields, b: CrmFields): boolean {
  return (
    a.healthScore === b.healthScore &&
    a.phase === b.phase &&
    a.program === b.program &&
    a.group === b.group &&
    a.lastTouchAt === b.lastTouchAt &&
    a.nextTouchAt === b.nextTouchAt
  );
}

/**
 * The change to publish, or null: the account has no `crmId`, or its record was last given these
 * very fields (for this `crmId`; a new id gets the whole record again).
 */
export function crmRecordChangeOf(state: AccountState, program: Program, at: string): CrmRecordChange | null {
  const crmId = state.profile?.crmId;
  if (crmId === undefined) return null;
  const fields = crmFieldsOf(state, program);
  const synced = state.crmSynced;
  if (synced !== undefined && synced.crmId === crmId && sameFields(synced.fields, fields)) return null;
  return {
    accountId: state.accountId,
    crmId,
    at,
    fields,
    hubspot: { properties: hubSpotPropertiesOf(fields) },
    salesforce: salesforceFieldsOf(fields),
  };
}

/**
 * HubSpot clears a property given an empty string; its datetime properties take an ISO 8601 instant
 * (or epoch milliseconds), its number properties a number.
 */
export function hubSpotPropertiesOf(fields: CrmFields): HubSpotProperties {
  return {
    teichaku_health_score: fields.healthScore ?? '',
    teichaku_phase: fields.phase,
    teichaku_program: fields.program,
    teichaku_group: fields.group ?? '',
    teichaku_last_touch_at: fields.lastTouchAt ?? '',
    teichaku_next_touch_at: fields.nextTouchAt ?? '',
  };
}

/** Salesforce clears a field given null; its DateTime fields take an ISO 8601 instant. */
export function salesforceFieldsOf(fields: CrmFields): SalesforceFields {
  return {
    Teichaku_Health_Score__c: fields.healthScore,
    Teichaku_Phase__c: fields.phase,
    Teichaku_Program__c: fields.program,
    Teichaku_Group__c: fields.group,
    Teichaku_Last_Touch_At__c: fields.lastTouchAt,
    Teichaku_Next_Touch_At__c: fields.nextTouchAt,
  };
}

/**
 * The state that records `change` as published, or null when it already does (a concurrent planner
 * recorded it first). Only called once the change is on its way: a change lost before then is
 * published again at the account's next planning, since the state still holds the old fields.
 */
export function withCrmSynced(state: AccountState, change: CrmRecordChange): AccountState | null {
  const synced = state.crmSynced;
  if (synced !== undefined && synced.crmId === change.crmId && sameFields(synced.fields, change.fields)) return null;
  return { ...state, crmSynced: { crmId: change.crmId, fields: change.fields, at: change.at } };
}
