import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountUpserted } from '../../functions/core/events.js';
import {
  NOTIFIED_SIGNAL_TYPES,
  NotificationSettings,
  notificationOf,
  type SignalAccount,
  signalAccountOf,
} from '../../functions/core/notifications.js';
import { GuardrailThresholds } from '../../functions/core/sending-rates.js';
import type { Signal } from '../../functions/core/signals.js';
import { anAccount } from '../fixtures/builders.js';

const AT = '2026-03-02T01:00:00.000Z';
const acme: SignalAccount = {
  name: 'Acme <Tokyo> & Co',
  csOwner: { name: 'Aiko Sato', email: 'aiko@example.com' },
  crmId: '9876543210',
  program: 'standard',
  group: 'treatment',
  phase: 'adoption',
  healthScore: 38,
};
const settings = NotificationSettings.parse({
  csOwnerSlackIds: { 'aiko@example.com': 'U0AIKO0001' },
  crmRecordUrl: 'https://app.hubspot.com/contacts/4242/record/0-2/{crmId}',
});
const atRisk: Signal = {
  type: 'Account At Risk',
  accountId: 'acc-1',
  at: AT,
  score: 38,
  reasons: ['usage-drop', 'low-health'],
};

describe('notifications', () => {
  it('says why an account is at risk, with its health, owner mention and CRM link', () => {
    const n = notificationOf(atRisk, acme, settings);
    expect(n?.title).toBe('Account at risk: Acme <Tokyo> & Co');
    expect(n?.reason).toBe(
      'Usage dropped against the previous 30 days; the health score is under the program threshold.',
    );
    expect(n?.link).toBe('https://app.hubspot.com/contacts/4242/record/0-2/9876543210');
    expect(n?.facts).toContainEqual({ label: 'Health', value: '38/100' });
    expect(n?.facts).toContainEqual({ label: 'CS owner', value: 'Aiko Sato' });
    expect(n?.text).toContain('<@U0AIKO0001>');
    expect(n?.text).toContain('<https://app.hubspot.com/contacts/4242/record/0-2/9876543210|Open in CRM>');
  });

  it('escapes the account name in Slack so it cannot open a link or a mention', () => {
    const n = notificationOf(atRisk, acme, settings);
    expect(n?.text).toContain('Acme &lt;Tokyo&gt; &amp; Co');
    expect(n?.slackBlocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: n?.title } });
  });

  it('names the owner when no Slack id is mapped, and links nothing without a CRM id', () => {
    const { crmId: _, ...withoutCrm } = acme;
    const n = notificationOf(atRisk, withoutCrm, NotificationSettings.parse({}));
    expect(n?.link).toBeNull();
    expect(n?.text).toContain('Aiko Sato');
    expect(n?.text).not.toContain('<@');
    expect(n?.teams.attachments[0].content.actions).toBeUndefined();
  });

  it('puts the same words in the Teams card, with the CRM link as its action', () => {
    const n = notificationOf(atRisk, acme, settings);
    const card = n?.teams.attachments[0].content;
    expect(n?.teams.type).toBe('message');
    expect(card?.body[0]).toMatchObject({ type: 'TextBlock', text: 'Account at risk: Acme <Tokyo> & Co' });
    expect(card?.body[1]).toMatchObject({ text: n?.reason });
    expect(card?.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Open in CRM',
        url: 'https://app.hubspot.com/contacts/4242/record/0-2/9876543210',
      },
    ]);
  });

  it.each<[string, Signal, string | null]>([
    [
      'a last owner who left',
      { type: 'Key Contact Changed', accountId: 'acc-1', at: AT, change: 'last-owner-left', contactId: 'c-1' },
      'The account has no owner any more: its last owner left.',
    ],
    [
      'a new owner',
      { type: 'Key Contact Changed', accountId: 'acc-1', at: AT, change: 'owner-added', contactId: 'c-2' },
      'A new owner appeared after onboarding; they get re-onboarding email.',
    ],
    [
      'expansion-ready',
      { type: 'Phase Changed', accountId: 'acc-1', at: AT, from: 'adoption', to: 'expansion-ready' },
      'The account moved from adoption to expansion-ready.',
    ],
    [
      'another phase change',
      { type: 'Phase Changed', accountId: 'acc-1', at: AT, from: 'onboarding', to: 'adoption' },
      null,
    ],
    [
      'a milestone',
      { type: 'Milestone Reached', accountId: 'acc-1', at: AT, milestoneId: 'first-report', reachedAt: AT },
      null,
    ],
  ])('words %s', (_, signal, reason) => {
    expect(notificationOf(signal, acme, settings)?.reason ?? null).toBe(reason);
  });

  it('tells of a sending pause with the rate that stopped it, for all accounts', () => {
    const n = notificationOf(
      {
        type: 'Sending Paused',
        accountId: '',
        at: AT,
        pause: {
          pausedAt: AT,
          cause: {
            kind: 'rates',
            breach: { metric: 'complaint', window: 'hours', rate: 0.0042, threshold: 0.003, sends: 2400, count: 10 },
            windows: [],
            thresholds: GuardrailThresholds.parse({ windowHours: 24 }),
          },
        },
      },
      null,
    );
    expect(n?.title).toBe('Automated email paused: all accounts');
    expect(n?.reason).toBe(
      'Sending stopped: the complaint rate over the last 24 hours was 0.42% (threshold 0.30%, 10 of 2400 emails); a person must resume sending.',
    );
    expect(n?.facts).toEqual([]);
  });

  it('falls back to the account id when the profile is not known', () => {
    expect(notificationOf(atRisk, { ...acme, name: null })?.title).toBe('Account at risk: acc-1');
    expect(notificationOf(atRisk, null)?.facts).toEqual([{ label: 'Account id', value: 'acc-1' }]);
  });

  it('notifies exactly the listed types', () => {
    const types = new Set<string>(NOTIFIED_SIGNAL_TYPES);
    expect(types).toEqual(
      new Set([
        'Account At Risk',
        'Key Contact Changed',
        'Phase Changed',
        'Sending Paused',
        'Renewal Approaching',
        'Detractor',
        'Support Surge',
        'Account Recovered',
      ]),
    );
  });

  it('says in words what the renewal, detractor, surge and recovery signals mean', () => {
    const at = '2026-08-02T00:00:00.000Z';
    const renewal = notificationOf(
      {
        type: 'Renewal Approaching',
        accountId: 'acc-1',
        at,
        renewalDate: '2026-10-01',
        daysToRenewal: 60,
        termStartedAt: '2025-10-01T00:00:00.000Z',
        score: 72,
        atRisk: false,
        activePeople: 4,
        milestonesReached: 5,
        arr: 1200000,
        currency: 'JPY',
      },
      acme,
    );
    expect(renewal?.reason).toBe(
      'The contract renews on 2026-10-01 (in 60 days), worth 1200000 JPY a year; 4 people active in the last 30 days, 5 milestones reached.',
    );
    const detractor = notificationOf(
      { type: 'Detractor', accountId: 'acc-1', at, contactId: 'c-1', survey: 'nps', score: 3, channel: 'email' },
      acme,
    );
    expect(detractor?.reason).toBe(
      'A person answered NPS with 3; no comment. Promotional email to the account is held until this is resolved.',
    );
    const surge = notificationOf(
      { type: 'Support Surge', accountId: 'acc-1', at, lastWeek: 6, weeklyMean: 1.25 },
      acme,
    );
    expect(surge?.reason).toBe('6 support tickets opened in the last 7 days, against 1.3 a week before.');
    const recovered = notificationOf(
      { type: 'Account Recovered', accountId: 'acc-1', at, score: 70, atRiskSince: '2026-07-01T00:00:00.000Z' },
      acme,
    );
    expect(recovered?.reason).toBe(
      'Health is back at 70 with no usage drop, after the account was flagged at risk on 2026-07-01.',
    );
  });

  it('keeps any owner name inside Slack’s text as text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (name) => {
        const n = notificationOf(atRisk, { ...acme, name, csOwner: { name, email: 'x@example.com' } }, settings);
        // Only our own link and the mapped mention may open with `<`.
        const opened = (n?.text ?? '').match(/<[^>]*>/g) ?? [];
        expect(opened.every((tag) => tag.startsWith('<https://app.hubspot.com/'))).toBe(true);
      }),
    );
  });
});

describe('the account of a signal', () => {
  it('takes the name, owner, CRM id, program, phase and health from the state', () => {
    const state = anAccount('acc-7')
      .withProfile({
        name: 'Kumo Logistics',
        csOwner: { name: 'Ren Ito', email: 'ren@example.com' },
        crmId: '0015g00000XyZab',
      })
      .state();
    expect(signalAccountOf(state)).toEqual({
      name: 'Kumo Logistics',
      csOwner: { name: 'Ren Ito', email: 'ren@example.com' },
      crmId: '0015g00000XyZab',
      program: state.programId,
      group: null,
      phase: 'onboarding',
      healthScore: null,
    });
  });

  it('accepts a crmId of up to 64 id characters on Account Upserted and refuses a longer one', () => {
    const base = {
      accountId: 'acc-1',
      name: 'Acme',
      plan: 'pro',
      industry: 'retail',
      employees: 40,
      timeZone: 'Asia/Tokyo',
      locale: 'ja',
      contractStart: '2026-01-05',
      touchModel: 'tech',
    };
    expect(AccountUpserted.safeParse({ ...base, crmId: 'a'.repeat(64) }).success).toBe(true);
    const long = AccountUpserted.safeParse({ ...base, crmId: 'a'.repeat(65) });
    expect(long.error?.issues[0]).toMatchObject({ path: ['crmId'], message: 'must be at most 64 characters' });
    expect(AccountUpserted.safeParse({ ...base, crmId: 'a\u202eb' }).success).toBe(false);
  });
});
