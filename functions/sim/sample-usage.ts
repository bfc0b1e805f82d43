// How one sample account behaves, day by day: who uses the product, which actions they have taken
// up, and the turns of its story (late setup, a usage drop, a new person in charge). Each persona is
// a handful of numbers; the engine has to find these stories in the events, as it would in real data.
import { isJapaneseHoliday, observesJapaneseHolidays } from '../core/holidays.js';
import type { Program } from '../core/program.js';
import { addCalendarDays, daysBetween, toIso, toMs, zonedTime } from '../core/time.js';
import { createRandom, type Random } from './random.js';
import type { Persona, SampleWorld } from './sample-config.js';
import type { SampleAccount, SampleContact } from './sample-accounts.js';

/** One EventBridge event as the product would put it on the bus. */
export interface SampleEvent {
  readonly id: string;
  readonly source: string;
  readonly 'detail-type': string;
  readonly time: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

interface PersonaTraits {
  /** Days from contract start to the basic setup; null: never. */
  readonly setupDays: readonly [number, number] | null;
  /** Multiplies milestone due days to get when the account takes up their actions. */
  readonly speed: number;
  /** Activity multiplier for everybody. */
  readonly activity: number;
  /** Chance of taking up each advanced or new feature. */
  readonly advanced: number;
  /** Only this share of adoption milestones (earliest first) is ever worked on. */
  readonly milestoneShare: number;
}

const TRAITS: Readonly<Record<Persona, PersonaTraits>> = {
  steady: { setupDays: [1, 5], speed: 0.7, activity: 1, advanced: 0.7, milestoneShare: 1 },
  slow: { setupDays: [4, 12], speed: 1.8, activity: 0.75, advanced: 0.3, milestoneShare: 1 },
  stalled: { setupDays: [2, 8], speed: 1, activity: 0.8, advanced: 0.15, milestoneShare: 0.5 },
  // Few advanced features: these accounts are still in adoption when their story turns.
  'usage-drop': { setupDays: [1, 7], speed: 0.9, activity: 1, advanced: 0.15, milestoneShare: 1 },
  'new-owner': { setupDays: [1, 7], speed: 0.9, activity: 1, advanced: 0.2, milestoneShare: 1 },
  'never-onboarded': { setupDays: null, speed: 1, activity: 0.25, advanced: 0, milestoneShare: 0 },
};

const ROLE_ACTIVITY = { owner: 0.75, admin: 0.6, member: 0.45 } as const;
/** New people in charge do not know the product yet: their first weeks are quiet. */
const HANDOVER_DAYS = 28;

interface ActionHabit {
  readonly action: string;
  /** Day (from contract start) the account takes the action up. */
  readonly fromDay: number;
  /** Chance per active day that someone does it. */
  readonly perDay: number;
}

interface Story {
  /** Local hour in which most of the account's people write their daily report. */
  readonly reportHour: number;
  readonly setupDay: number | null;
  readonly habits: readonly ActionHabit[];
  readonly onboardingActions: readonly string[];
  readonly dropDay: number | null;
  readonly handoverDay: number | null;
}

function drawStory(account: SampleAccount, program: Program, world: SampleWorld, random: Random): Story {
  const traits = TRAITS[account.persona];
  const setupDay = traits.setupDays === null ? null : random.int(traits.setupDays[0], traits.setupDays[1]);
  const onboardingActions = [
    ...new Set(program.milestones.filter((m) => m.phase === 'onboarding').flatMap((m) => m.requires.map((r) => r.action))),
  ].filter((a) => a !== world.sessionAction);
  const habits = new Map<string, ActionHabit>();
  const takeUp = (habit: ActionHabit) => {
    const known = habits.get(habit.action);
    if (known === undefined || known.fromDay > habit.fromDay) habits.set(habit.action, habit);
  };
  if (setupDay !== null) {
    const adoption = program.milestones.filter((m) => m.phase === 'adoption').sort((a, b) => a.dueDay - b.dueDay);
    const worked = Math.ceil(adoption.length * traits.milestoneShare);
    adoption.slice(0, worked).forEach((m) => {
      for (const r of m.requires) {
        if (r.action === world.sessionAction) continue;
        // Actions needed on several days are daily habits (daily reports); one-off ones are rarer.
        const perDay = r.days > 1 ? 0.8 : 0.25;
        takeUp({ action: r.action, fromDay: setupDay + Math.round(m.dueDay * traits.speed * random.between(0.15, 0.75)), perDay });
      }
    });
    for (const f of program.features) {
      if (f.stage === 'basic' || habits.has(f.action)) continue;
      const chance = f.stage === 'new' ? traits.advanced / 2 : traits.advanced;
      if (!random.chance(chance)) continue;
      const from = f.stage === 'new' ? random.int(60, 160) : random.int(20, 140);
      takeUp({ action: f.action, fromDay: setupDay + Math.round(from * Math.max(1, traits.speed)), perDay: 0.3 });
    }
    for (const f of program.features) {
      if (f.stage === 'basic' && !habits.has(f.action) && traits.milestoneShare === 1) {
        takeUp({ action: f.action, fromDay: setupDay + random.int(3, 30), perDay: 0.3 });
      }
    }
  }
  return {
    reportHour: random.int(16, 17),
    setupDay,
    habits: [...habits.values()].sort((a, b) => (a.action < b.action ? -1 : 1)),
    onboardingActions,
    dropDay: account.persona === 'usage-drop' && setupDay !== null ? setupDay + random.int(35, 90) : null,
    handoverDay: account.persona === 'new-owner' && setupDay !== null ? setupDay + random.int(35, 90) : null,
  };
}

function isDayOff(date: string, timeZone: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6 || (observesJapaneseHolidays(timeZone) && isJapaneseHoliday(date));
}

/** Every event of one account from its contract start until `until` (exclusive), in time order. */
export function accountEvents(account: SampleAccount, program: Program, world: SampleWorld, until: string): SampleEvent[] {
  const random = createRandom(account.seed);
  const story = drawStory(account, program, world, random);
  const { accountId, timeZone, contractStart } = account.profile;
  const events: SampleEvent[] = [];
  const untilMs = toMs(until);
  const emit = (detailType: string, timeMs: number, detail: Record<string, unknown>) => {
    if (timeMs >= untilMs) return;
    events.push({ id: `evt-${accountId}-${String(events.length + 1).padStart(6, '0')}`, source: world.source, 'detail-type': detailType, time: toIso(timeMs), detail });
  };
  const upsert = (c: SampleContact, atMs: number) =>
    emit('Contact Upserted', atMs, { accountId, contactId: c.contactId, email: c.email, name: c.name, role: c.role, locale: c.locale });

  const startMs = toMs(zonedTime(contractStart, 9, timeZone));
  emit('Account Upserted', startMs, { ...account.profile });
  account.contacts.forEach((c, i) => upsert(c, startMs + (i + 1) * 60_000));

  let people: SampleContact[] = [...account.contacts];
  const days = daysBetween(contractStart, until.slice(0, 10)) + 1;
  for (let day = 0; day < days; day++) {
    const date = addCalendarDays(contractStart, day);
    const midnightMs = toMs(zonedTime(date, 0, timeZone));
    if (day === story.handoverDay && account.successor !== null) {
      const [owner, ...rest] = people;
      if (owner !== undefined) emit('Contact Removed', midnightMs + 8 * 3_600_000, { accountId, contactId: owner.contactId });
      upsert(account.successor, midnightMs + 8 * 3_600_000 + 60_000);
      people = [account.successor, ...rest];
    }
    const onboarded = story.setupDay !== null && day >= story.setupDay;
    const dayOff = isDayOff(date, timeZone);
    let activity = TRAITS[account.persona].activity * (dayOff ? 0.05 : 1);
    const dropped = story.dropDay !== null && day >= story.dropDay;
    if (dropped) activity *= 0.3;
    const inHandover = story.handoverDay !== null && day >= story.handoverDay && day < story.handoverDay + HANDOVER_DAYS;

    const active: { contact: SampleContact; sessionMs: number }[] = [];
    for (const c of people) {
      // Before the setup only the people running the project log in.
      if (!onboarded && c.role === 'member') continue;
      let p = ROLE_ACTIVITY[c.role] * activity;
      if (inHandover) p *= c === account.successor ? 0.35 : 0.7;
      if (!random.chance(p)) continue;
      // A daily-report product is mostly opened at the end of the working day, when the report is
      // written; a session lasts under a quarter of an hour.
      const minute = random.chance(0.85) ? random.int(story.reportHour * 60, story.reportHour * 60 + 44) : random.int(9 * 60, 17 * 60 + 44);
      const sessionMs = midnightMs + minute * 60_000;
      active.push({ contact: c, sessionMs });
      emit('Usage Recorded', sessionMs, usage(accountId, c, world.sessionAction, sessionMs, random));
    }
    const owner = people[0];
    if (day === story.setupDay && owner !== undefined) {
      const setupMs = midnightMs + random.int(10 * 60, 16 * 60) * 60_000;
      for (const action of story.onboardingActions) emit('Usage Recorded', setupMs, usage(accountId, owner, action, setupMs, random));
      if (account.explicitOnboarding) emit('Onboarding Completed', setupMs + 30 * 60_000, { accountId, completedAt: toIso(setupMs + 30 * 60_000) });
    }
    if (active.length === 0) continue;
    for (const habit of story.habits) {
      if (day < habit.fromDay || !random.chance(dropped ? habit.perDay / 2 : habit.perDay)) continue;
      // The new person in charge has not learnt the advanced habits yet.
      const who = random.pick(active);
      if (inHandover && who.contact === account.successor) continue;
      const atMs = who.sessionMs + random.int(1, 14) * 60_000;
      emit('Usage Recorded', atMs, usage(accountId, who.contact, habit.action, atMs, random));
    }
  }
  return events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : 1));
}

function usage(accountId: string, c: SampleContact, action: string, atMs: number, random: Random): Record<string, unknown> {
  return { accountId, contactId: c.contactId, action, occurredAt: toIso(atMs), count: random.int(1, 4), durationSec: random.int(30, 1800) };
}
