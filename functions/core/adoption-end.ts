// When adoption ends by the calendar. Its own module because both the cadence and the phase change
// need it, and the cadence needs the phase change: here it keeps them from importing each other.
import type { Cadence } from './program.js';
import { addMonths } from './time.js';

/** When adoption ends by the calendar (it may end earlier, when the account is expansion-ready). */
export function adoptionEndAt(onboardingCompletedAt: string, cadence: Cadence): string {
  return addMonths(onboardingCompletedAt, cadence.adoptionMonths);
}
