// The report's figures per person, per program: the share of seats active in the last 30 days by
// role, and how many of the people whose role can use each feature use it (not only whether the
// account does). From the accounts' report rows at the end of the window: each seat keeps the day it
// was last active and its own first use of each feature.
import type { ContactRole } from '../core/events.js';
import { roleCanUse } from '../core/person-usage.js';
import type { FeatureStage, Program } from '../core/program.js';
import { addDays } from '../core/time.js';
import type { ReportAccount, ReportPerson } from './report-account.js';

const ROLES: readonly ContactRole[] = ['owner', 'admin', 'member'];

export interface SeatFigure {
  readonly role: ContactRole;
  /** People of the role at the program's accounts (not removed). */
  readonly seats: number;
  /** Of them, active on some day of the last 30 days of the window. */
  readonly active30: number;
  /** active30 / seats, 3 decimals; null without seats. */
  readonly activeShare: number | null;
}

export interface PersonFeatureFigure {
  readonly featureId: string;
  readonly stage: FeatureStage;
  /** People whose role can use the feature. */
  readonly people: number;
  /** Of them, those who used it by the end of the window. */
  readonly using: number;
  readonly share: number | null;
}

export interface PeopleFigures {
  readonly programId: string;
  readonly seats: readonly SeatFigure[];
  readonly features: readonly PersonFeatureFigure[];
}

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

export function peopleFigures(
  programs: readonly Program[],
  accounts: readonly ReportAccount[],
  until: string,
): PeopleFigures[] {
  const since = addDays(until, -30);
  return programs.map((program) => {
    const people: ReportPerson[] = accounts.filter((a) => a.programId === program.id).flatMap((a) => a.people);
    const seats = ROLES.map((role) => {
      const ofRole = people.filter((c) => c.role === role);
      const active = ofRole.filter((c) => c.lastActiveAt !== null && c.lastActiveAt >= since && c.lastActiveAt < until);
      return { role, seats: ofRole.length, active30: active.length, activeShare: share(active.length, ofRole.length) };
    });
    const features = program.features.map((f) => {
      const able = people.filter((c) => roleCanUse(c.role, f));
      const using = able.filter((c) => {
        const first = c.featuresFirstUsed?.[f.action];
        return first !== undefined && first < until;
      });
      return {
        featureId: f.id,
        stage: f.stage,
        people: able.length,
        using: using.length,
        share: share(using.length, able.length),
      };
    });
    return { programId: program.id, seats, features };
  });
}
