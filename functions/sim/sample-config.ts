// The sample world's settings (templates/sample/world.yaml), parsed at the boundary.
import { z } from 'zod';
import { type BuildProblem, formatProblem } from '../build/problems.js';
import { loadYaml } from '../build/yaml-file.js';
import { TeichakuError } from '../core/errors.js';
import { CalendarDate, CsOwner, Locale, TimeZone, TouchModel } from '../core/events.js';
import { NotificationLocale } from '../core/notification-words.js';
import { SampleFeedback } from './mailbox-feedback.js';

export const PERSONAS = ['steady', 'slow', 'stalled', 'usage-drop', 'new-owner', 'never-onboarded'] as const;
export type Persona = (typeof PERSONAS)[number];

const Weight = z.number().min(0);
const Range = z
  .tuple([z.number().int().min(1), z.number().int().min(1)])
  .refine(([a, b]) => a <= b, 'must be [min, max] with min ≤ max');

export const SampleSize = z.strictObject({
  employees: Range,
  contacts: Range,
  plan: z.string().min(1).max(64),
  weight: Weight,
});
export type SampleSize = z.infer<typeof SampleSize>;

/** How the simulated people answer teichaku's emails (see sample-life.ts); all 0: they ignore them. */
export const SampleEffects = z.strictObject({
  /** Chance a feature tip gets its feature used within `withinDays` days. */
  featureTip: z.number().min(0).max(1).default(0),
  /** Chance a milestone nudge gets the milestone's actions taken within `withinDays` days. */
  milestoneNudge: z.number().min(0).max(1).default(0),
  /** Chance re-onboarding ends a new person in charge's quiet weeks within `withinDays` days. */
  reonboarding: z.number().min(0).max(1).default(0),
  withinDays: z.number().int().min(1).max(30).default(7),
});
export type SampleEffects = z.infer<typeof SampleEffects>;

/**
 * The sample's contracts: a yearly term from contract start, or, for a share of accounts, a first
 * term co-termed with an agreement they signed 6–11 months before (so it comes up within a
 * six-month run); a yearly value per employee in the locale's currency; and the chance to renew,
 * which depends on whether the account reached its program's value milestone by the renewal date.
 */
export const SampleContracts = z.strictObject({
  /** Share of accounts whose first term started 6–11 months before their contract start. */
  earlierTerm: z.number().min(0).max(1).default(0.5),
  /** Yearly value per employee: JPY for `ja` accounts, USD for `en` ones. */
  arrPerEmployee: z.strictObject({ JPY: z.number().min(0).max(1_000_000), USD: z.number().min(0).max(10_000) }),
  /** Chance to renew when the value milestone was reached by the renewal date, and when not. */
  renewal: z.strictObject({ valueReached: z.number().min(0).max(1), valueNotReached: z.number().min(0).max(1) }),
});
export type SampleContracts = z.infer<typeof SampleContracts>;

export const DEFAULT_SAMPLE_CONTRACTS: SampleContracts = {
  earlierTerm: 0.5,
  arrPerEmployee: { JPY: 6000, USD: 50 },
  renewal: { valueReached: 0.9, valueNotReached: 0.6 },
};

/**
 * The sample's CS team: it acknowledges each `Account At Risk` this many hours after it is raised
 * (as `teichaku ack` does), so the run shows what acknowledgement holds back. Absent: nobody does.
 */
export const SampleCsTeam = z.strictObject({
  acknowledgeAfterHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  by: z.string().min(1).max(100).default('sample-csm'),
  /** The CS owners the sample's accounts are shared among (`csOwner` on `Account Upserted`); none: no owners. */
  owners: z.array(CsOwner).max(50).default([]),
  /** The language of the notifications the local run posts to its Slack and Teams stand-ins. */
  notificationLocale: NotificationLocale.default('en'),
});
export type SampleCsTeam = z.infer<typeof SampleCsTeam>;

export const SampleWorld = z.strictObject({
  seed: z.number().int().min(0).max(0xffffffff),
  accounts: z.number().int().min(1).max(1_000_000),
  startDate: CalendarDate,
  months: z.number().int().min(1).max(36),
  signupWeeks: z.number().int().min(1).max(52).default(8),
  source: z.string().min(1).max(256),
  sessionAction: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be an action name such as login'),
  locales: z.partialRecord(Locale, Weight),
  timeZones: z.strictObject({ ja: z.array(TimeZone).min(1), en: z.array(TimeZone).min(1) }),
  touchModels: z.partialRecord(TouchModel, Weight),
  industries: z.array(z.string().min(1).max(64)).min(1),
  sizes: z.array(SampleSize).min(1),
  personas: z.partialRecord(z.enum(PERSONAS), Weight),
  explicitOnboardingEvent: z.number().min(0).max(1).default(0.5),
  /** How mailbox providers answer the emails: a week of rising complaints, and when a person resumes. */
  deliverability: SampleFeedback.optional(),
  csTeam: SampleCsTeam.optional(),
  effects: SampleEffects.default({ featureTip: 0, milestoneNudge: 0, reonboarding: 0, withinDays: 7 }),
  contracts: SampleContracts.default(DEFAULT_SAMPLE_CONTRACTS),
});
export type SampleWorld = z.infer<typeof SampleWorld>;

/** A sample world file that failed its checks; the message lists `file:line: problem` for each. */
export class SampleWorldError extends TeichakuError {
  readonly code = 'SAMPLE_WORLD';
  override readonly name = 'SampleWorldError';
  constructor(readonly problems: readonly BuildProblem[]) {
    super(`sample world is not valid:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
}

/** Reads and checks a sample world file (the same YAML loader as the build: problems carry file:line). */
export async function loadSampleWorld(path: string): Promise<SampleWorld> {
  const loaded = await loadYaml(path, SampleWorld);
  if (!loaded.ok) throw new SampleWorldError(loaded.problems);
  return loaded.yaml.value;
}
