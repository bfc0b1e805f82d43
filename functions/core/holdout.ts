// The account-level holdout: a share of each program's accounts gets no automated email, so the
// program's effect can be measured against them. Assignment is a pure function of the salt and the
// account id, so it is the same on every run, in every order of events, on every machine:
//
//   bucket = first 32 bits of sha256(salt + ":" + accountId), mod 10000; control when bucket < percent × 100
//
// Raising the percentage only adds accounts to control (every bucket below the old line is below the
// new one). The group is fixed when the account enters adoption (see enrollment.ts).
import { z } from 'zod';
import { Text } from './events.js';
import { sha256Words } from './sha256.js';

export const DEFAULT_HOLDOUT_PERCENT = 10;
/** More than a fifth held back costs too many customers their help for too little extra precision. */
export const MAX_HOLDOUT_PERCENT = 20;
const BUCKETS = 10_000;

export const Holdout = z.strictObject({
  /** Share of the program's accounts held back, 0–20, in steps of 0.01. */
  percent: z
    .number()
    .min(0)
    .max(MAX_HOLDOUT_PERCENT, `must be at most ${MAX_HOLDOUT_PERCENT} (percent)`)
    .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-9, 'must have at most two decimals')
    .default(DEFAULT_HOLDOUT_PERCENT),
  /** Mixed into the hash: a new salt draws a new control group (for accounts entering from then on). */
  salt: Text(100).optional(),
});
export type Holdout = z.infer<typeof Holdout>;

export const HOLDOUT_GROUPS = ['treatment', 'control', 'excluded'] as const;
/** `excluded`: high-touch accounts, which are in neither group (people, not emails, help them). */
export type HoldoutGroup = (typeof HOLDOUT_GROUPS)[number];

/** The holdout a program runs: its own, or 10 % salted with the program id. */
export function holdoutOf(program: { readonly id: string; readonly holdout?: Holdout | undefined }): {
  readonly percent: number;
  readonly salt: string;
} {
  return { percent: program.holdout?.percent ?? DEFAULT_HOLDOUT_PERCENT, salt: program.holdout?.salt ?? program.id };
}

/** 0–9999: the account's place on the holdout line for this salt. */
export function holdoutBucket(salt: string, accountId: string): number {
  return (sha256Words(`${salt}:${accountId}`)[0] as number) % BUCKETS;
}

export function isControl(bucket: number, percent: number): boolean {
  return bucket < Math.round(percent * 100);
}

/** A control account: tracked like any other, mailed never. */
export function isHeldOut(state: { readonly enrollment?: { readonly group: HoldoutGroup } | undefined }): boolean {
  return state.enrollment?.group === 'control';
}
