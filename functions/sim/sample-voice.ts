// The sample people's voice: an in-app NPS answered about 30 days into adoption, and support
// tickets (more once usage drops). Drawn from a random stream of its own, with event ids of its own,
// so the rest of the sample world draws exactly what it drew before the voice was added.
//
// - NPS: every person of an onboarded account is asked 30–34 days after the setup; each answers with
//   chance 15 % + 30 % × adoption, where adoption is the share of the program's features the account
//   has taken up by then. The score is 5 + 6 × adoption, ± 2 at random (2 lower after a usage drop),
//   within 0–10. Half the detractors (0–6) leave a comment. A person who answers a survey email in
//   the week around that day is not asked in-app, and one who answered in-app leaves a survey email
//   of the following week (sample-survey.ts draws the email answers).
// - Tickets: on each working day after the setup an account opens one with chance 1.5 % (6 % once
//   its usage dropped): low 20 %, normal 50 %, high 22 %, urgent 8 %; closed 1–10 days later.

import type { Program } from '../core/program.js';
import { toIso } from '../core/time.js';
import { createRandom, deriveSeed, type Random } from './random.js';
import type { SampleAccount, SampleContact } from './sample-accounts.js';
import type { Story } from './sample-story.js';

export const NPS_DAY_AFTER_SETUP = 30;
export const NPS_BASE_RESPONSE = 0.15;
export const NPS_RESPONSE_PER_ADOPTION = 0.3;
export const TICKET_CHANCE_PER_DAY = 0.015;
/** Days around an answer in which the same person is not asked again (in-app) or leaves the email. */
export const ANSWERED_QUIET_DAYS = 7;
export const TICKET_CHANCE_AFTER_DROP = 0.06;

/** What a detractor writes, in each language (the in-app NPS and the survey emails). */
export const COMPLAINTS = {
  ja: ['日報の集計が遅くて困っています', '設定画面がわかりにくい', '問い合わせの返事が遅い'],
  en: ['Reports take too long to load', 'The settings are hard to find', 'Support took days to answer'],
} as const;

export interface VoiceDay {
  readonly day: number;
  readonly midnightMs: number;
  readonly workday: boolean;
  readonly dropped: boolean;
  readonly people: readonly SampleContact[];
}

type Emit = (detailType: string, timeMs: number, detail: Record<string, unknown>) => void;

export class SampleVoice {
  private readonly random: Random;
  private readonly npsDay: number | null;
  private readonly closing = new Map<number, string[]>();
  private tickets = 0;
  /** The days each person answered a survey on (in-app or by email). */
  private readonly answeredDays = new Map<string, { readonly day: number; readonly channel: 'email' | 'in-app' }[]>();

  constructor(
    private readonly account: SampleAccount,
    private readonly program: Program,
    private readonly story: Story,
  ) {
    this.random = createRandom(deriveSeed(account.seed, 'voice'));
    this.npsDay = story.setupDay === null ? null : story.setupDay + NPS_DAY_AFTER_SETUP + this.random.int(0, 4);
  }

  private answeredNear(contactId: string, day: number, channel: 'email' | 'in-app'): boolean {
    return (this.answeredDays.get(contactId) ?? []).some(
      (a) => a.channel === channel && Math.abs(a.day - day) < ANSWERED_QUIET_DAYS,
    );
  }

  private noteAnswer(contactId: string, day: number, channel: 'email' | 'in-app'): void {
    this.answeredDays.set(contactId, [...(this.answeredDays.get(contactId) ?? []), { day, channel }]);
  }

  /**
   * A person answers a survey email on `day`, unless they answered in-app in the week around it;
   * kept, so the in-app NPS does not ask them that week. Whether they answered is returned.
   */
  answeredByEmail(contactId: string, day: number): boolean {
    if (this.answeredNear(contactId, day, 'in-app')) return false;
    this.noteAnswer(contactId, day, 'email');
    return true;
  }

  /** The share of the program's features the account has taken up by `day`. */
  adoptionOn(day: number): number {
    const taken = new Set(this.story.habits.filter((h) => h.fromDay <= day).map((h) => h.action));
    const features = this.program.features;
    return features.filter((f) => taken.has(f.action)).length / Math.max(1, features.length);
  }

  /** The day's voice events, through `emit`. */
  draw(today: VoiceDay, emit: Emit): void {
    const { accountId } = this.account.profile;
    const r = this.random;
    if (today.day === this.npsDay) {
      const adoption = this.adoptionOn(today.day);
      for (const person of today.people) {
        const answers = r.chance(NPS_BASE_RESPONSE + NPS_RESPONSE_PER_ADOPTION * adoption);
        const noise = r.int(-2, 2);
        const comment = r.chance(0.5) ? r.pick(COMPLAINTS[person.locale]) : null;
        if (!answers || this.answeredNear(person.contactId, today.day, 'email')) continue;
        this.noteAnswer(person.contactId, today.day, 'in-app');
        const score = Math.max(0, Math.min(10, Math.round(5 + 6 * adoption) + noise - (today.dropped ? 2 : 0)));
        const atMs = today.midnightMs + r.int(10 * 60, 17 * 60) * 60_000;
        emit('Survey Answered', atMs, {
          accountId,
          contactId: person.contactId,
          survey: 'nps',
          score,
          answeredAt: toIso(atMs),
          channel: 'in-app',
          ...(score <= 6 && comment !== null ? { comment } : {}),
        });
      }
    }
    for (const ticketId of this.closing.get(today.day) ?? []) {
      const atMs = today.midnightMs + r.int(9 * 60, 18 * 60) * 60_000;
      emit('Support Ticket Closed', atMs, { accountId, ticketId, closedAt: toIso(atMs) });
    }
    this.closing.delete(today.day);
    const setUp = this.story.setupDay !== null && today.day > this.story.setupDay;
    if (!setUp || !today.workday) return;
    if (!r.chance(today.dropped ? TICKET_CHANCE_AFTER_DROP : TICKET_CHANCE_PER_DAY)) return;
    this.tickets += 1;
    const ticketId = `tkt-${accountId}-${this.tickets}`;
    const roll = r.next();
    const priority = roll < 0.2 ? 'low' : roll < 0.7 ? 'normal' : roll < 0.92 ? 'high' : 'urgent';
    const atMs = today.midnightMs + r.int(9 * 60, 17 * 60) * 60_000;
    const who = today.people.length === 0 ? undefined : r.pick(today.people);
    emit('Support Ticket Opened', atMs, {
      accountId,
      ticketId,
      ...(who === undefined ? {} : { contactId: who.contactId }),
      priority,
      sentiment: Math.round(r.between(-1, 0.6) * 100) / 100,
      openedAt: toIso(atMs),
    });
    const closeDay = today.day + r.int(1, 10);
    this.closing.set(closeDay, [...(this.closing.get(closeDay) ?? []), ticketId]);
  }
}
