// The shipped templates, compiled once per test file as `npm run build` compiles them.
import { resolve } from 'node:path';
import { buildContent } from '../../functions/build/build-content.js';
import type { Content } from '../../functions/core/email/content.js';
import type { Tally } from '../fixtures/faults.js';
import { WORLD_START } from './world.js';

let built: Promise<Content> | undefined;

export function shippedContent(): Promise<Content> {
  built ??= buildContent(resolve(import.meta.dirname, '../../templates'), new Date(WORLD_START));
  return built;
}

/** Adds one run's fault counts to a property's total. */
export function addTally(total: Tally, run: Tally): void {
  for (const [kind, n] of Object.entries(run)) total[kind] = (total[kind] ?? 0) + n;
}

/** One line for the test log: what a property's runs went through. */
export function describeTally(title: string, runs: number, total: Tally): string {
  const kinds = Object.entries(total)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${kind}: ${n}`);
  return `${title}: ${runs} runs; faults injected: ${kinds.join(', ')}`;
}
