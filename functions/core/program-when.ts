// Which accounts a program is for: a rule over the account's profile (plan, industry, employee
// range, locale). Every condition given must hold; a list holds when the profile's value is one of
// it. The default program has no rule; programs are tried in file order and the first match wins.
import { z } from 'zod';
import { LIMITS, Locale, Text } from './events.js';
import type { AccountProfile } from './state.js';

const Employees = z.number().int().min(1).max(LIMITS.employees);

export const EmployeeRange = z
  .strictObject({
    /** At least this many employees (inclusive). */
    min: Employees.optional(),
    /** At most this many employees (inclusive). */
    max: Employees.optional(),
  })
  .refine((r) => r.min !== undefined || r.max !== undefined, 'give min, max or both')
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min must not be above max');
export type EmployeeRange = z.infer<typeof EmployeeRange>;

const Values = z.array(Text(64)).min(1, 'list at least one value');

export const ProgramWhen = z
  .strictObject({
    plan: Values.optional(),
    industry: Values.optional(),
    employees: EmployeeRange.optional(),
    locale: z.array(Locale).min(1, 'list at least one locale').optional(),
  })
  .refine(
    (w) => w.plan !== undefined || w.industry !== undefined || w.employees !== undefined || w.locale !== undefined,
    'a rule needs at least one of plan, industry, employees, locale (the default program has no `when`)',
  );
export type ProgramWhen = z.infer<typeof ProgramWhen>;

export type SegmentFacts = Pick<AccountProfile, 'plan' | 'industry' | 'employees' | 'locale'>;

/** Whether the profile meets every condition of the rule; no rule (the default) meets every profile. */
export function matchesWhen(when: ProgramWhen | undefined, profile: SegmentFacts): boolean {
  if (when === undefined) return true;
  if (when.plan !== undefined && !when.plan.includes(profile.plan)) return false;
  if (when.industry !== undefined && !when.industry.includes(profile.industry)) return false;
  if (when.locale !== undefined && !when.locale.includes(profile.locale)) return false;
  const range = when.employees;
  if (range !== undefined) {
    if (range.min !== undefined && profile.employees < range.min) return false;
    if (range.max !== undefined && profile.employees > range.max) return false;
  }
  return true;
}
