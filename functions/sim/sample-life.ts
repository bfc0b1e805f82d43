// One sample account living its story a local day at a time, and answering the emails it gets: the
// sample world is a closed loop. A day's events are drawn when the day starts, from everything the
// account has received by then, so a touch sent today shows in the usage from tomorrow on.
//
// How an email changes what the people do is set in the world's `effects` (all 0: emails change
// nothing, and the account lives exactly its drawn story):
// - a feature tip: with chance `featureTip`, the feature is used within `withinDays` days;
// - a milestone nudge: with chance `milestoneNudge`, the milestone's actions are taken within
//   `withinDays` days (an action needed on several days becomes a near-daily habit from then);
// - re-onboarding a new person in charge: with chance `reonboarding`, their quiet weeks end
//   `withinDays` days after the email instead of running their course.
// The answers are drawn from their own random stream, so the story's own draws stay as they were.
// A survey email is answered (or its links fetched by a scanner) as sample-survey.ts draws it; the
// visits are returned for the loop to make, through the survey page in the replay.
//
// On its renewal date the account renews or ends its contract (a `Contract Renewed` for another
// year, or a `Contract Ended` with a reason), with the world's `contracts.renewal` chance for an
// account that reached its program's value milestone by then, and for one that did not: so the
// emails, by speeding adoption, move renewal too. An ended account's people stop using the product.
// The renewal draws have a stream of their own, one draw per renewal in the same order whatever the
// account did, so the same account treated and untreated differs only by its adoption.

import type { TouchContent } from '../core/decisions.js';
import { CONTRACT_END_REASONS, type ContractEndReason } from '../core/events.js';
import { isJapaneseHoliday, observesJapaneseHolidays } from '../core/holidays.js';
import { localDayStart } from '../core/milestones.js';
import { type Program, type SurveyType, valueMilestoneOf } from '../core/program.js';
import { addCalendarDays, addMonths, daysBetween, localDate, toIso, toMs, zonedTime } from '../core/time.js';
import { createRandom, deriveSeed, type Random } from './random.js';
import type { SampleAccount, SampleContact } from './sample-accounts.js';
import type { SampleEffects, SampleWorld } from './sample-config.js';
import { type ActionHabit, drawStory, HANDOVER_DAYS, ROLE_ACTIVITY, TRAITS } from './sample-story.js';
import { type PlannedAnswer, planSurveyAnswer, SCANNER_AFTER_MINUTES, scanAtMs, scansLinks } from './sample-survey.js';
import type { SampleEvent } from './sample-usage.js';
import { SampleVoice } from './sample-voice.js';

/** An email the account's people got: who, when, and what it was about. */
export interface ReceivedTouch {
  readonly at: string;
  readonly contactId: string;
  readonly content: TouchContent;
  /** The touch's id (a survey email's answer names it as its survey). */
  readonly touchId: string;
}

/** What the people do with a survey email: a scanner's fetch of every link, or a person's answer. */
export type SurveyVisit =
  | { readonly kind: 'scan'; readonly atMs: number; readonly touchId: string }
  | { readonly kind: 'answer'; readonly atMs: number; readonly answer: PlannedAnswer };

/** A use the account makes on a given day because of an email, by the person who got it. */
interface AnsweredUse {
  readonly action: string;
  readonly contactId: string;
}

/** The reasons a sample contract ends for (the others are about the company, not the product). */
const SAMPLE_END_REASONS: readonly ContractEndReason[] = CONTRACT_END_REASONS.filter((r) =>
  ['price', 'product-fit', 'budget', 'competitor'].includes(r),
);

const NO_EFFECTS: SampleEffects = { featureTip: 0, milestoneNudge: 0, reonboarding: 0, withinDays: 7 };

function isDayOff(date: string, timeZone: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6 || (observesJapaneseHolidays(timeZone) && isJapaneseHoliday(date));
}

function usage(
  accountId: string,
  c: { readonly contactId: string },
  action: string,
  atMs: number,
  random: Random,
): Record<string, unknown> {
  return {
    accountId,
    contactId: c.contactId,
    action,
    occurredAt: toIso(atMs),
    count: random.int(1, 4),
    durationSec: random.int(30, 1800),
  };
}

export class SampleAccountLife {
  private readonly random: Random;
  private readonly answers: Random;
  private readonly renewals: Random;
  /** The value milestone's requirements, and the local days each of their actions was seen on. */
  private readonly valueRequires: readonly { readonly action: string; readonly days: number }[];
  private readonly valueDays = new Map<string, Set<string>>();
  private renewalDate: string | null;
  private ended = false;
  private readonly story: ReturnType<typeof drawStory>;
  private readonly habits: ActionHabit[];
  private readonly answered = new Map<number, AnsweredUse[]>();
  private readonly untilMs: number;
  private readonly days: number;
  private handoverEnd: number | null;
  private people: SampleContact[];
  private day = 0;
  private emitted = 0;
  private nextStartMs: number | null = null;
  private readonly voice: SampleVoice;
  private voiced = 0;

  constructor(
    readonly account: SampleAccount,
    private readonly program: Program,
    private readonly world: SampleWorld,
    until: string,
    private readonly effects: SampleEffects = NO_EFFECTS,
  ) {
    this.random = createRandom(account.seed);
    this.answers = createRandom(deriveSeed(account.seed, 'answers'));
    this.renewals = createRandom(deriveSeed(account.seed, 'renewals'));
    const value = program.milestones.find((m) => m.id === valueMilestoneOf(program));
    this.valueRequires = value?.requires ?? [];
    for (const r of this.valueRequires) this.valueDays.set(r.action, new Set());
    this.renewalDate = account.profile.renewalDate ?? null;
    this.story = drawStory(account, program, world, this.random);
    this.habits = [...this.story.habits];
    this.handoverEnd = this.story.handoverDay === null ? null : this.story.handoverDay + HANDOVER_DAYS;
    this.voice = new SampleVoice(account, program, this.story);
    this.people = [...account.contacts];
    this.untilMs = toMs(until);
    this.days = daysBetween(account.profile.contractStart, until.slice(0, 10)) + 1;
  }

  get done(): boolean {
    return this.day >= this.days;
  }

  /** When the next day to draw starts (local midnight, as an instant); its events all come after. */
  nextDayStartMs(): number {
    const { contractStart, timeZone } = this.account.profile;
    this.nextStartMs ??= toMs(localDayStart(addCalendarDays(contractStart, this.day), timeZone));
    return this.nextStartMs;
  }

  /** The events of the next local day, in time order. */
  nextDay(): SampleEvent[] {
    const events: SampleEvent[] = [];
    const { accountId, timeZone, contractStart } = this.account.profile;
    const { random, story, account, world } = this;
    const emit = (detailType: string, timeMs: number, detail: Record<string, unknown>) => {
      if (timeMs >= this.untilMs) return;
      this.emitted += 1;
      events.push({
        id: `evt-${accountId}-${String(this.emitted).padStart(6, '0')}`,
        source: world.source,
        'detail-type': detailType,
        time: toIso(timeMs),
        detail,
      });
    };
    const upsert = (c: SampleContact, atMs: number) =>
      emit('Contact Upserted', atMs, {
        accountId,
        contactId: c.contactId,
        email: c.email,
        name: c.name,
        role: c.role,
        locale: c.locale,
      });

    const day = this.day;
    this.day += 1;
    this.nextStartMs = null;
    if (day === 0) {
      const startMs = toMs(zonedTime(contractStart, 9, timeZone));
      emit('Account Upserted', startMs, { ...account.profile });
      account.contacts.forEach((c, i) => upsert(c, startMs + (i + 1) * 60_000));
    }
    const date = addCalendarDays(contractStart, day);
    const midnightMs = toMs(localDayStart(date, timeZone));
    if (!this.ended && date === this.renewalDate) this.comeUpForRenewal(date, midnightMs + 10 * 3_600_000, emit);
    if (this.ended) return events;
    if (day === story.handoverDay && account.successor !== null) {
      const [owner, ...rest] = this.people;
      if (owner !== undefined)
        emit('Contact Removed', midnightMs + 8 * 3_600_000, { accountId, contactId: owner.contactId });
      upsert(account.successor, midnightMs + 8 * 3_600_000 + 60_000);
      this.people = [account.successor, ...rest];
    }
    const onboarded = story.setupDay !== null && day >= story.setupDay;
    const dayOff = isDayOff(date, timeZone);
    let activity = TRAITS[account.persona].activity * (dayOff ? 0.05 : 1);
    const dropped = story.dropDay !== null && day >= story.dropDay;
    if (dropped) activity *= 0.3;
    const inHandover =
      story.handoverDay !== null && this.handoverEnd !== null && day >= story.handoverDay && day < this.handoverEnd;

    const active: { contact: SampleContact; sessionMs: number }[] = [];
    const sessionMinute = (r: Random) =>
      r.chance(0.85) ? r.int(story.reportHour * 60, story.reportHour * 60 + 44) : r.int(9 * 60, 17 * 60 + 44);
    for (const c of this.people) {
      // Before the setup only the people running the project log in.
      if (!onboarded && c.role === 'member') continue;
      let p = ROLE_ACTIVITY[c.role] * activity;
      if (inHandover) p *= c === account.successor ? 0.35 : 0.7;
      if (!random.chance(p)) continue;
      // A daily-report product is mostly opened at the end of the working day, when the report is
      // written; a session lasts under a quarter of an hour.
      const sessionMs = midnightMs + sessionMinute(random) * 60_000;
      active.push({ contact: c, sessionMs });
      emit('Usage Recorded', sessionMs, usage(accountId, c, world.sessionAction, sessionMs, random));
    }
    const owner = this.people[0];
    if (day === story.setupDay && owner !== undefined) {
      const setupMs = midnightMs + random.int(10 * 60, 16 * 60) * 60_000;
      for (const action of story.onboardingActions)
        emit('Usage Recorded', setupMs, usage(accountId, owner, action, setupMs, random));
      if (account.explicitOnboarding)
        emit('Onboarding Completed', setupMs + 30 * 60_000, { accountId, completedAt: toIso(setupMs + 30 * 60_000) });
    }
    for (const use of this.answered.get(day) ?? []) {
      // The person the email reached opens the product for it (a session of its own if not active today).
      const atMs =
        (active.find((a) => a.contact.contactId === use.contactId)?.sessionMs ??
          midnightMs + sessionMinute(this.answers) * 60_000) +
        this.answers.int(1, 14) * 60_000;
      emit('Usage Recorded', atMs, usage(accountId, use, use.action, atMs, this.answers));
    }
    this.answered.delete(day);
    if (active.length > 0) {
      for (const habit of this.habits) {
        if (day < habit.fromDay || !random.chance(dropped ? habit.perDay / 2 : habit.perDay)) continue;
        // The new person in charge has not learnt the advanced habits yet.
        const who = random.pick(active);
        if (inHandover && who.contact === account.successor) continue;
        const atMs = who.sessionMs + random.int(1, 14) * 60_000;
        emit('Usage Recorded', atMs, usage(accountId, who.contact, habit.action, atMs, random));
      }
    }
    for (const e of events) {
      if (e['detail-type'] !== 'Usage Recorded') continue;
      this.valueDays.get(String(e.detail.action))?.add(date);
    }
    // The voice has ids of its own, so the other events keep theirs.
    this.voice.draw(
      { day, midnightMs, workday: !dayOff, dropped, people: this.people },
      (detailType, timeMs, detail) => {
        if (timeMs >= this.untilMs) return;
        this.voiced += 1;
        events.push({
          id: `evt-${accountId}-v${String(this.voiced).padStart(5, '0')}`,
          source: world.source,
          'detail-type': detailType,
          time: toIso(timeMs),
          detail,
        });
      },
    );
    return events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : 1));
  }

  /** Whether the value milestone's requirements were met on the days drawn so far. */
  private valueReached(): boolean {
    if (this.valueRequires.length === 0) return false;
    return this.valueRequires.every((r) => (this.valueDays.get(r.action)?.size ?? 0) >= r.days);
  }

  /** The renewal date came: renew for a year or end, by whether the account reached its value. */
  private comeUpForRenewal(
    date: string,
    atMs: number,
    emit: (detailType: string, timeMs: number, detail: Record<string, unknown>) => void,
  ): void {
    const { accountId, arr, currency } = this.account.profile;
    const { valueReached, valueNotReached } = this.world.contracts.renewal;
    const draw = this.renewals.next();
    const reason = this.renewals.pick(SAMPLE_END_REASONS);
    if (draw < (this.valueReached() ? valueReached : valueNotReached)) {
      this.renewalDate = addMonths(`${date}T00:00:00.000Z`, 12).slice(0, 10);
      emit('Contract Renewed', atMs, {
        accountId,
        renewedAt: toIso(atMs),
        renewalDate: this.renewalDate,
        ...(arr === undefined || currency === undefined ? {} : { arr, currency }),
      });
      return;
    }
    this.ended = true;
    emit('Contract Ended', atMs, { accountId, endedAt: toIso(atMs), reason });
  }

  /** An email reached one of the account's people; whether and how they answer it is drawn now. */
  receive(touch: ReceivedTouch): readonly SurveyVisit[] {
    const { contractStart, timeZone } = this.account.profile;
    const receivedDay = daysBetween(contractStart, localDate(touch.at, timeZone));
    if (touch.content.kind === 'survey') return this.receiveSurvey(touch, touch.content.survey, receivedDay);
    this.respond(touch, receivedDay);
    return [];
  }

  /** A survey email: the scanner's fetch (for a recipient behind one), then the person's answer, if any. */
  private receiveSurvey(touch: ReceivedTouch, survey: SurveyType, receivedDay: number): SurveyVisit[] {
    const { accountId, contractStart, timeZone } = this.account.profile;
    const atMs = toMs(touch.at);
    const visits: SurveyVisit[] = [];
    if (scansLinks(accountId, touch.contactId))
      visits.push({ kind: 'scan', atMs: scanAtMs(touch.touchId, atMs), touchId: touch.touchId });
    const person = this.people.find((p) => p.contactId === touch.contactId);
    if (person === undefined) return visits;
    const dropped = this.story.dropDay !== null && receivedDay >= this.story.dropDay;
    const answer = planSurveyAnswer({
      accountId,
      contactId: touch.contactId,
      touchId: touch.touchId,
      survey,
      locale: person.locale,
      // The person answers after the scanner has been through the links.
      atMs: atMs + SCANNER_AFTER_MINUTES * 60_000,
      adoption: this.voice.adoptionOn(receivedDay),
      dropped,
    });
    if (answer === null || answer.atMs >= this.untilMs) return visits;
    const answerDay = daysBetween(contractStart, localDate(toIso(answer.atMs), timeZone));
    if (!this.voice.answeredByEmail(touch.contactId, answerDay)) return visits;
    visits.push({ kind: 'answer', atMs: answer.atMs, answer });
    return visits;
  }

  /** How an email other than a survey moves what the people do (the world's `effects`). */
  private respond(touch: ReceivedTouch, receivedDay: number): void {
    // Answers land on a later day than the one the email came on (that day is already drawn).
    const answerDay = () => Math.max(this.day, receivedDay + this.answers.int(1, this.effects.withinDays));
    switch (touch.content.kind) {
      case 'feature-tip': {
        const feature = this.program.features.find((f) => f.id === (touch.content as { featureId: string }).featureId);
        if (feature === undefined || !this.answers.chance(this.effects.featureTip)) return;
        const day = answerDay();
        this.answer(day, { action: feature.action, contactId: touch.contactId });
        this.takeUp({ action: feature.action, fromDay: day, perDay: 0.3 });
        return;
      }
      case 'milestone-nudge': {
        const milestone = this.program.milestones.find(
          (m) => m.id === (touch.content as { milestoneId: string }).milestoneId,
        );
        if (milestone === undefined || !this.answers.chance(this.effects.milestoneNudge)) return;
        const day = answerDay();
        for (const r of milestone.requires) {
          if (r.action === this.world.sessionAction) continue;
          this.answer(day, { action: r.action, contactId: touch.contactId });
          this.takeUp({ action: r.action, fromDay: day, perDay: r.days > 1 ? 0.9 : 0.25 });
        }
        return;
      }
      case 're-onboarding': {
        if (this.handoverEnd === null || touch.contactId !== this.account.successor?.contactId) return;
        if (!this.answers.chance(this.effects.reonboarding)) return;
        this.handoverEnd = Math.min(this.handoverEnd, answerDay());
        return;
      }
      default:
        return;
    }
  }

  private answer(day: number, use: AnsweredUse): void {
    const list = this.answered.get(day) ?? [];
    list.push(use);
    this.answered.set(day, list);
  }

  /** Adds the habit, or moves an existing one earlier; kept in action order (the draws walk it in order). */
  private takeUp(habit: ActionHabit): void {
    const i = this.habits.findIndex((h) => h.action === habit.action);
    if (i >= 0) {
      const known = this.habits[i] as ActionHabit;
      if (known.fromDay > habit.fromDay) this.habits[i] = { ...known, fromDay: habit.fromDay };
      return;
    }
    this.habits.push(habit);
    this.habits.sort((a, b) => (a.action < b.action ? -1 : 1));
  }
}
