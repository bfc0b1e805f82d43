// Deterministic touch ids: the same planned touch always gets the same id, so a replayed plan claims
// the touch the first plan already claimed and the sender never sends it twice.
import type { TouchKind } from './program.js';

export interface TouchIdParts {
  readonly accountId: string;
  readonly contactId: string;
  readonly kind: TouchKind;
  /** What the touch is about (milestone, feature, webinar, story id...). */
  readonly subject: string;
  /** What made it due: the cadence step (`step-3`) or the event trigger. */
  readonly trigger: string;
}

// Four 32-bit lanes with distinct odd multipliers, each lane also folding in its neighbour at the end,
// give a 128-bit digest: no realistic number of touches collides. Not cryptographic, and need not be:
// the inputs are our own ids, never attacker-chosen secrets.
const SEEDS = [0x811c9dc5, 0x01000193, 0x9e3779b1, 0x85ebca6b] as const;
const PRIMES = [0x01000193, 0x5bd1e995, 0xcc9e2d51, 0x1b873593] as const;

function mix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function digest128(text: string): string {
  const lanes = [...SEEDS] as number[];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    for (let l = 0; l < 4; l++) lanes[l] = Math.imul((lanes[l] as number) ^ c, PRIMES[l] as number);
  }
  const out = lanes.map((h, l) => mix((h ^ Math.imul(lanes[(l + 1) % 4] as number, 31) ^ text.length) >>> 0));
  return out.map((h) => h.toString(16).padStart(8, '0')).join('');
}

/**
 * `<kind>.<32 hex digits>`: short (fits an SQS deduplication id and a DynamoDB sort key with room),
 * made only of characters safe in both, and readable enough to see the kind in a log line.
 * Parts are joined with `|`, which ids cannot contain, so no two part lists share a digest input.
 */
export function touchIdFor(parts: TouchIdParts): string {
  const input = [parts.accountId, parts.contactId, parts.kind, parts.subject, parts.trigger].join('|');
  return `${parts.kind}.${digest128(input)}`;
}
