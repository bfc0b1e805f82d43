import { describe, expect, it } from 'vitest';
import type { Catalogs, SuccessStory, Webinar } from '../../functions/core/catalogs.js';
import { type ChoiceInput, chooseContent, currentStage } from '../../functions/core/content-choice.js';
import type { PassedOver } from '../../functions/core/decisions.js';
import type { Locale } from '../../functions/core/events.js';
import type { FeatureStage, TouchKind } from '../../functions/core/program.js';
import type { AccountState, ContactState, HealthAssessment, TouchRecord } from '../../functions/core/state.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

// Surveys are chosen in test/core/survey-due.test.ts; here they are never due, so the other kinds show.
const program = {
  ...defaultProgram(),
  surveys: { nps: { adoptionDay: 700, beforeRenewalDays: 45 }, csat: { afterMilestone: null }, minDaysBetween: 90 },
};
const NOW = '2026-03-02T01:00:00.000Z'; // six weeks into adoption: every adoption milestone is overdue
const ADOPTION_MILESTONES = program.milestones.filter((m) => m.phase === 'adoption').map((m) => m.id);

const tip = (feature: string) => ({
  feature,
  title: { ja: 't', en: 't' },
  tip: { ja: 't', en: 't' },
  link: 'https://help.example.com/t',
});
const webinar = (id: string, startsAt: string, stage: FeatureStage, locale: Locale = 'ja'): Webinar => ({
  id,
  title: id,
  startsAt,
  durationMin: 60,
  stage,
  locale,
  registrationUrl: 'https://events.example.com/r',
});
const story = (id: string, industry: string, employees: number, locale: Locale = 'ja'): SuccessStory => ({
  id,
  company: id,
  industry,
  employees,
  locale,
  title: id,
  summary: id,
  link: 'https://stories.example.com/s',
});

const ALL_TIPS: Catalogs = { features: program.features.map((f) => tip(f.id)), webinars: [], stories: [] };

function health(usageDrop = false): HealthAssessment {
  return { at: NOW, score: 50, atRisk: usageDrop, usageDrop, dauMau: 0.2, activeDays30: 6, previousActiveDays30: 14 };
}

/** Less than BASIC_RETIP_AFTER_DAYS before NOW. */
const RECENT = '2026-02-20T01:00:00.000Z';
const sent = (kind: TouchKind, subject: string, at = '2026-02-01T01:00:00.000Z'): TouchRecord => ({
  touchId: `${kind}:${subject}`,
  kind,
  subject,
  at,
});

interface Situation {
  readonly role?: 'owner' | 'admin' | 'member';
  readonly contact?: Partial<ContactState>;
  readonly usageDrop?: boolean;
  readonly milestonesReached?: boolean;
  readonly featuresUsed?: readonly string[] | 'all';
  readonly catalogs?: Partial<Catalogs>;
  readonly account?: (s: AccountState) => AccountState;
}

function situation(s: Situation = {}): ChoiceInput {
  let state = anAccount('acc-1')
    .withProfile({ industry: 'manufacturing', employees: 120, locale: 'ja' })
    .withContact('c-1', { role: s.role ?? 'owner' })
    .onboardedOn('2026-01-19')
    .state(program);
  const used = s.featuresUsed === 'all' ? program.features.map((f) => f.id) : (s.featuresUsed ?? []);
  const actionsFirstSeen = Object.fromEntries(
    program.features.filter((f) => used.includes(f.id)).map((f) => [f.action, '2026-01-20T00:00:00.000Z']),
  );
  const milestones = s.milestonesReached
    ? Object.fromEntries(ADOPTION_MILESTONES.map((id) => [id, '2026-01-25T00:00:00.000Z']))
    : {};
  state = { ...state, actionsFirstSeen, milestones };
  // The person used what the account used (the account's figures are the sum of its people's).
  const personal = used.length === 0 ? {} : { featuresFirstUsed: actionsFirstSeen };
  const contact: ContactState = { ...(state.contacts['c-1'] as ContactState), ...personal, ...s.contact };
  state = { ...state, contacts: { ...state.contacts, 'c-1': contact } };
  state = s.account ? s.account(state) : state;
  return {
    state,
    contact: state.contacts['c-1'] as ContactState,
    locale: contact.locale ?? 'ja',
    now: NOW,
    program,
    catalogs: { ...ALL_TIPS, ...s.catalogs },
    health: health(s.usageDrop),
  };
}

const reasonOf = (passedOver: readonly PassedOver[], kind: TouchKind) =>
  passedOver.find((p) => p.kind === kind)?.reason;
const chosenKind = (input: ChoiceInput) => chooseContent(input).chosen?.content.kind ?? null;

describe('priority', () => {
  const everything: Situation = {
    contact: { reonboarding: 'pending' },
    usageDrop: true,
    catalogs: {
      webinars: [webinar('w-1', '2026-03-10T06:00:00.000Z', 'basic')],
      stories: [story('s-1', 'manufacturing', 100)],
    },
  };
  it.each<[string, Situation, TouchKind | null]>([
    ['re-onboarding comes before everything else', everything, 're-onboarding'],
    ['re-engagement comes next, on a usage drop', { ...everything, contact: {} }, 're-engagement'],
    ['then the nudge for an overdue milestone', { ...everything, contact: {}, usageDrop: false }, 'milestone-nudge'],
    [
      'then the tip for the next feature',
      { ...everything, contact: {}, usageDrop: false, milestonesReached: true },
      'feature-tip',
    ],
    [
      'then a webinar invite',
      {
        ...everything,
        usageDrop: false,
        milestonesReached: true,
        featuresUsed: ['dashboard', 'daily-report', 'basic-report', 'team'],
        contact: { touches: program.features.map((f) => sent('feature-tip', f.id)) },
        catalogs: { ...everything.catalogs, webinars: [webinar('w-1', '2026-03-10T06:00:00.000Z', 'advanced')] },
      },
      'webinar-invite',
    ],
    [
      'then a success story',
      { ...everything, contact: {}, usageDrop: false, milestonesReached: true, featuresUsed: 'all' },
      'success-story',
    ],
    ['and nothing when nothing applies', { milestonesReached: true, featuresUsed: 'all' }, null],
  ])('%s', (_name, s, expected) => {
    expect(chosenKind(situation(s))).toBe(expected);
  });

  it('records every kind passed over: the eligible ones as lower priority, the others with their reason', () => {
    const { chosen, passedOver } = chooseContent(
      situation({ contact: {}, usageDrop: false, milestonesReached: true, featuresUsed: 'all' }),
    );
    expect(chosen).toBeNull();
    expect(passedOver).toEqual([
      { kind: 're-onboarding', reason: 'not-applicable' },
      { kind: 're-engagement', reason: 'no-usage-drop' },
      { kind: 'celebration', reason: 'no-new-milestone' },
      { kind: 'value-review', reason: 'no-renewal-date' },
      { kind: 'milestone-nudge', reason: 'no-overdue-milestone' },
      { kind: 'survey', reason: 'no-survey-due' },
      { kind: 'feature-tip', reason: 'all-features-used' },
      { kind: 'webinar-invite', reason: 'no-upcoming-webinar' },
      { kind: 'success-story', reason: 'no-matching-story' },
      { kind: 'monthly-summary', reason: 'not-opted-in' },
    ]);
    const top = chooseContent(situation(everything));
    expect(top.passedOver.map((p) => p.reason)).toEqual([
      'lower-priority',
      'no-new-milestone',
      'no-renewal-date',
      'lower-priority',
      'no-survey-due',
      'lower-priority',
      'lower-priority',
      'lower-priority',
      'not-opted-in',
    ]);
  });
});

describe('re-engagement', () => {
  it('goes to key contacts only', () => {
    const choice = chooseContent(situation({ role: 'member', usageDrop: true }));
    expect(choice.chosen?.content.kind).not.toBe('re-engagement');
    expect(reasonOf(choice.passedOver, 're-engagement')).toBe('not-key-contact');
    expect(chosenKind(situation({ role: 'admin', usageDrop: true }))).toBe('re-engagement');
  });

  it('quotes the active days the drop was judged on, and names the measure', () => {
    expect(chooseContent(situation({ usageDrop: true })).chosen?.content).toEqual({
      kind: 're-engagement',
      activeDays30: 6,
      previousActiveDays30: 14,
      measure: 'active-days',
    });
  });

  it.each([
    ['29 days ago', '2026-02-01T01:00:00.000Z', 'already-sent'],
    ['31 days ago', '2026-01-30T01:00:00.000Z', undefined],
  ])('after one %s the next is %s', (_name, at, reason) => {
    const choice = chooseContent(
      situation({ usageDrop: true, contact: { touches: [sent('re-engagement', 'usage-drop', at)] } }),
    );
    expect(reasonOf(choice.passedOver, 're-engagement')).toBe(reason);
  });
});

describe('milestone nudge', () => {
  it('nudges the milestone due first', () => {
    expect(chooseContent(situation()).chosen?.content).toEqual({
      kind: 'milestone-nudge',
      milestoneId: 'dashboard-understood',
      dueAt: '2026-01-26T00:00:00.000Z',
    });
  });

  it('nudges each milestone at most once per contact, then moves to the next one due', () => {
    const choice = chooseContent(
      situation({ contact: { touches: [sent('milestone-nudge', 'dashboard-understood')] } }),
    );
    expect(choice.chosen?.content).toMatchObject({ milestoneId: 'daily-report-week' });
  });

  it('passes when every overdue milestone was already nudged', () => {
    const touches = ADOPTION_MILESTONES.map((id) => sent('milestone-nudge', id));
    expect(reasonOf(chooseContent(situation({ contact: { touches } })).passedOver, 'milestone-nudge')).toBe(
      'already-sent',
    );
  });

  it('does not nudge a milestone before its due day', () => {
    const early = { ...situation(), now: '2026-01-25T23:59:00.000Z' };
    expect(reasonOf(chooseContent(early).passedOver, 'milestone-nudge')).toBe('no-overdue-milestone');
  });

  it('leaves members out: milestones are the key contacts’ to drive', () => {
    expect(reasonOf(chooseContent(situation({ role: 'member' })).passedOver, 'milestone-nudge')).toBe(
      'not-key-contact',
    );
  });
});

describe('feature tip', () => {
  const quiet: Situation = { milestonesReached: true };
  it.each<[string, Situation, string]>([
    ['starts with the first basic feature', quiet, 'dashboard'],
    ['skips features already in use', { ...quiet, featuresUsed: ['dashboard', 'daily-report'] }, 'basic-report'],
    [
      'moves to advanced features once the basic ones are used',
      { ...quiet, featuresUsed: ['dashboard', 'daily-report', 'basic-report', 'team'] },
      'scheduled-report',
    ],
    [
      'never tips the same feature twice to a contact within four weeks',
      { ...quiet, contact: { touches: [sent('feature-tip', 'dashboard', RECENT)] } },
      'daily-report',
    ],
    [
      'skips a feature whose tip copy the catalog lacks',
      { ...quiet, catalogs: { features: [tip('basic-report')] } },
      'basic-report',
    ],
  ])('%s', (_name, s, featureId) => {
    expect(chooseContent(situation(s)).chosen?.content).toEqual({
      kind: 'feature-tip',
      featureId,
      colleaguesUsingFeature: 0,
    });
  });

  it.each<[string, Situation, string]>([
    ['all features are used', { featuresUsed: 'all' }, 'all-features-used'],
    [
      'every unused feature was tipped',
      {
        featuresUsed: program.features.slice(1).map((f) => f.id),
        contact: { touches: [sent('feature-tip', 'dashboard', RECENT)] },
      },
      'already-sent',
    ],
    ['no unused feature has tip copy', { catalogs: { features: [] } }, 'no-tip-copy'],
  ])('passes when %s', (_name, s, reason) => {
    expect(reasonOf(chooseContent(situation(s)).passedOver, 'feature-tip')).toBe(reason);
  });
});

describe('webinar invite', () => {
  // Every basic feature used: the account's stage is `advanced`.
  const advancedStage: Situation = {
    milestonesReached: true,
    featuresUsed: ['dashboard', 'daily-report', 'basic-report', 'team'],
    catalogs: { features: [] },
  };
  const withWebinars = (webinars: Webinar[], extra: Situation = {}) =>
    situation({ ...advancedStage, ...extra, catalogs: { ...advancedStage.catalogs, webinars } });

  it('knows the account stage from its next unused feature, and `new` once all are used', () => {
    expect(currentStage(situation(advancedStage).state, program, NOW)).toBe('advanced');
    expect(currentStage(situation({ featuresUsed: 'all' }).state, program, NOW)).toBe('new');
  });

  it.each<[string, Webinar[], Situation, string | null]>([
    [
      'invites to the soonest upcoming webinar of the stage',
      [
        webinar('w-late', '2026-04-01T06:00:00.000Z', 'advanced'),
        webinar('w-soon', '2026-03-05T06:00:00.000Z', 'advanced'),
      ],
      {},
      'w-soon',
    ],
    ['leaves out webinars of another stage', [webinar('w-basic', '2026-03-05T06:00:00.000Z', 'basic')], {}, null],
    [
      'leaves out webinars in another locale',
      [webinar('w-en', '2026-03-05T06:00:00.000Z', 'advanced', 'en')],
      {},
      null,
    ],
    [
      'follows the contact’s own locale over the account’s',
      [webinar('w-en', '2026-03-05T06:00:00.000Z', 'advanced', 'en')],
      { contact: { locale: 'en' } },
      'w-en',
    ],
    ['leaves out webinars already started', [webinar('w-past', '2026-03-02T00:30:00.000Z', 'advanced')], {}, null],
    [
      'leaves out webinars more than 45 days ahead',
      [webinar('w-far', '2026-04-17T01:00:01.000Z', 'advanced')],
      {},
      null,
    ],
    [
      'invites to a webinar exactly 45 days ahead',
      [webinar('w-edge', '2026-04-16T01:00:00.000Z', 'advanced')],
      {},
      'w-edge',
    ],
    [
      'never invites a contact twice to one webinar',
      [webinar('w-1', '2026-03-05T06:00:00.000Z', 'advanced'), webinar('w-2', '2026-03-06T06:00:00.000Z', 'advanced')],
      { contact: { touches: [sent('webinar-invite', 'w-1')] } },
      'w-2',
    ],
  ])('%s', (_name, webinars, extra, expected) => {
    const input = withWebinars(webinars, extra);
    const choice = chooseContent({ ...input, locale: input.contact.locale ?? 'ja' });
    expect(choice.chosen?.content.kind === 'webinar-invite' ? choice.chosen.content.webinarId : null).toBe(expected);
  });

  it('says why no webinar was chosen', () => {
    const none = chooseContent(withWebinars([]));
    expect(reasonOf(none.passedOver, 'webinar-invite')).toBe('no-upcoming-webinar');
    const twice = chooseContent(
      withWebinars([webinar('w-1', '2026-03-05T06:00:00.000Z', 'advanced')], {
        contact: { touches: [sent('webinar-invite', 'w-1')] },
      }),
    );
    expect(reasonOf(twice.passedOver, 'webinar-invite')).toBe('already-sent');
  });
});

describe('success story', () => {
  const storyTime: Situation = { milestonesReached: true, featuresUsed: 'all' };
  const pick = (stories: SuccessStory[], extra: Situation = {}) => {
    const choice = chooseContent(situation({ ...storyTime, ...extra, catalogs: { stories } }));
    return choice.chosen?.content.kind === 'success-story'
      ? choice.chosen.content.storyId
      : reasonOf(choice.passedOver, 'success-story');
  };

  it.each<[string, SuccessStory[], string]>([
    [
      'prefers the same industry over a closer size',
      [story('s-retail', 'retail', 120), story('s-maker', 'Manufacturing', 5000)],
      's-maker',
    ],
    [
      'then the nearest size on a log scale (60 is nearer 120 than 300 is)',
      [story('s-300', 'retail', 300), story('s-60', 'retail', 60)],
      's-60',
    ],
    ['breaks a tie by id', [story('s-b', 'retail', 240), story('s-a', 'retail', 60)], 's-a'],
    ['only tells stories in the contact’s locale', [story('s-en', 'manufacturing', 120, 'en')], 'no-matching-story'],
  ])('%s', (_name, stories, expected) => {
    expect(pick(stories)).toBe(expected);
  });

  it('never tells the account the same story twice, whoever heard it first', () => {
    const stories = [story('s-1', 'manufacturing', 120), story('s-2', 'manufacturing', 1000)];
    const heardByColleague = (s: AccountState): AccountState => ({
      ...s,
      contacts: {
        ...s.contacts,
        'c-0': { ...(s.contacts['c-1'] as ContactState), contactId: 'c-0', touches: [sent('success-story', 's-1')] },
      },
    });
    expect(pick(stories, { account: heardByColleague })).toBe('s-2');
    expect(pick([story('s-1', 'manufacturing', 120)], { account: heardByColleague })).toBe('already-sent');
  });
});

describe('feature tip by the person’s own usage and role', () => {
  const quiet: Situation = { milestonesReached: true };
  const tipOf = (s: Situation) => {
    const content = chooseContent(situation(s)).chosen?.content;
    return content?.kind === 'feature-tip' ? content : null;
  };
  /** The person active on `days` of the last 30 days (regular from 4, power from 12). */
  const activeOn =
    (days: number) =>
    (state: AccountState): AccountState => {
      const activeDays = Object.fromEntries(
        Array.from({ length: days }, (_, i) => [`2026-02-${String(27 - i).padStart(2, '0')}`, ['c-1']]),
      );
      return { ...state, activeDays };
    };
  const basics = ['dashboard', 'daily-report', 'basic-report'];

  it('tips a feature the account uses to a person who has not used it yet', () => {
    const colleague = (state: AccountState): AccountState => ({
      ...state,
      actionsFirstSeen: { 'dashboard.view': '2026-01-20T00:00:00.000Z' },
      contacts: {
        ...state.contacts,
        'c-2': {
          ...(state.contacts['c-1'] as ContactState),
          contactId: 'c-2',
          featuresFirstUsed: { 'dashboard.view': '2026-01-20T00:00:00.000Z' },
        },
        'c-3': {
          ...(state.contacts['c-1'] as ContactState),
          contactId: 'c-3',
          featuresFirstUsed: { 'dashboard.view': '2026-01-21T00:00:00.000Z' },
        },
      },
    });
    expect(tipOf({ ...quiet, account: colleague })).toEqual({
      kind: 'feature-tip',
      featureId: 'dashboard',
      colleaguesUsingFeature: 2,
    });
  });

  it('never tips a feature the person’s role cannot use: a member is not asked to invite the team', () => {
    const member: Situation = { ...quiet, role: 'member', featuresUsed: basics, account: activeOn(8) };
    expect(tipOf(member)?.featureId).toBe('scheduled-report');
    expect(tipOf({ ...member, role: 'owner' })?.featureId).toBe('team');
  });

  it('keeps a person with light usage on the basics: one basic tip again after four weeks, nothing advanced before', () => {
    const tipped = basics.map((f) => sent('feature-tip', f, '2026-01-25T01:00:00.000Z'));
    const light: Situation = { ...quiet, role: 'member', contact: { touches: tipped } };
    expect(tipOf(light)?.featureId).toBe('dashboard');
    // A second time only: then the light person waits rather than hearing it a third time.
    const twice = [...tipped, sent('feature-tip', 'dashboard', '2026-02-24T01:00:00.000Z')];
    expect(tipOf({ ...light, contact: { touches: twice } })?.featureId).toBe('daily-report');
    const allTwice = [...tipped, ...basics.map((f) => sent('feature-tip', f, RECENT))];
    expect(
      reasonOf(chooseContent(situation({ ...light, contact: { touches: allTwice } })).passedOver, 'feature-tip'),
    ).toBe('already-sent');
    // A regular user moves on to the advanced features instead.
    expect(tipOf({ ...light, account: activeOn(6) })?.featureId).toBe('scheduled-report');
  });

  it('sends each kind only to the roles of its audience in the program', () => {
    const narrow = { ...program, audience: { 'feature-tip': ['owner' as const] } };
    const input = { ...situation({ ...quiet, role: 'admin' }), program: narrow };
    expect(reasonOf(chooseContent(input).passedOver, 'feature-tip')).toBe('not-in-audience');
    const wide = {
      ...program,
      audience: { 'milestone-nudge': ['owner' as const, 'admin' as const, 'member' as const] },
    };
    expect(chooseContent({ ...situation({ role: 'member' }), program: wide }).chosen?.content.kind).toBe(
      'milestone-nudge',
    );
  });
});
