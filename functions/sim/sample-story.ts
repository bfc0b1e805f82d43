// The story of one sample account, drawn once from its seed: when it sets up, which actions it takes
// up and when, and the turns of its story (a usage drop, a new person in charge). Each persona is a
// handful of numbers; the engine has to find these stories in the events, as it would in real data.
import type { Program } from '../core/program.js';
import type { Random } from './random.js';
import type { SampleAccount } from './sample-accounts.js';
import type { Persona, SampleWorld } from './sample-config.js';

export interface PersonaTraits {
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

export const TRAITS: Readonly<Record<Persona, PersonaTraits>> = {
  steady: { setupDays: [1, 5], speed: 0.7, activity: 1, advanced: 0.7, milestoneShare: 1 },
  slow: { setupDays: [4, 12], speed: 1.8, activity: 0.75, advanced: 0.3, milestoneShare: 1 },
  stalled: { setupDays: [2, 8], speed: 1, activity: 0.8, advanced: 0.15, milestoneShare: 0.5 },
  // Few advanced features: these accounts are still in adoption when their story turns.
  'usage-drop': { setupDays: [1, 7], speed: 0.9, activity: 1, advanced: 0.15, milestoneShare: 1 },
  'new-owner': { setupDays: [1, 7], speed: 0.9, activity: 1, advanced: 0.2, milestoneShare: 1 },
  'never-onboarded': { setupDays: null, speed: 1, activity: 0.25, advanced: 0, milestoneShare: 0 },
};

export const ROLE_ACTIVITY = { owner: 0.75, admin: 0.6, member: 0.45 } as const;
/** New people in charge do not know the product yet: their first weeks are quiet. */
export const HANDOVER_DAYS = 28;

export interface ActionHabit {
  readonly action: string;
  /** Day (from contract start) the account takes the action up. */
  readonly fromDay: number;
  /** Chance per active day that someone does it. */
  readonly perDay: number;
}

export interface Story {
  /** Local hour in which most of the account's people write their daily report. */
  readonly reportHour: number;
  readonly setupDay: number | null;
  readonly habits: readonly ActionHabit[];
  readonly onboardingActions: readonly string[];
  readonly dropDay: number | null;
  readonly handoverDay: number | null;
}

export function drawStory(account: SampleAccount, program: Program, world: SampleWorld, random: Random): Story {
  const traits = TRAITS[account.persona];
  const setupDay = traits.setupDays === null ? null : random.int(traits.setupDays[0], traits.setupDays[1]);
  const onboardingActions = [
    ...new Set(
      program.milestones.filter((m) => m.phase === 'onboarding').flatMap((m) => m.requires.map((r) => r.action)),
    ),
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
        takeUp({
          action: r.action,
          fromDay: setupDay + Math.round(m.dueDay * traits.speed * random.between(0.15, 0.75)),
          perDay,
        });
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
