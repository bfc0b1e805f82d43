// The sample world as a closed loop for the replay: every account's life is drawn a local day at a
// time, just before that day starts on the virtual clock, and the emails teichaku sends come back to
// the people they were sent to. Events are handed out in the order a file of them would be read
// (time, then the order they were drawn), and each is passed to `onEvent` as it is drawn, so the
// events file written alongside replays to the same emails with `teichaku simulate`.
//
// A survey email is answered the way a person does it: the score's link is read from the email as sent,
// its page opened (a GET), then its form sent (a POST), through the survey use case the unsubscribe
// function serves; the `Survey Answered` it puts on the bus comes back here as an event, and goes to
// ingest (and the events file) like any other. Link scanners fetch every survey link first.

import type { SurveyAnswers } from '../core/ports.js';
import type { Program } from '../core/program.js';
import { asPrograms, type Programs, programForProfile } from '../core/programs.js';
import type { Signal } from '../core/signals.js';
import { toIso } from '../core/time.js';
import type { ReplayEvent } from './event-file.js';
import type { DeliveredTouch, EventSource } from './event-source.js';
import { drawAccount } from './sample-accounts.js';
import { answerByLink, type EmailLink, fetchEveryLink, type SurveyWeb } from './sample-browser.js';
import type { SampleWorld } from './sample-config.js';
import { csTeamAcknowledgements } from './sample-cs-team.js';
import { SampleAccountLife, type SurveyVisit } from './sample-life.js';
import { answerEvent } from './sample-survey.js';
import type { SampleEvent } from './sample-usage.js';
import { sampleWindow } from './sample-world.js';

export interface SampleLoop extends EventSource {
  /** Events drawn so far. */
  readonly drawn: () => number;
  visit(endMs: number, web: SurveyWeb): Promise<void>;
  /** What the people did with the survey emails so far. */
  readonly surveys: () => SurveyFigures;
}

export interface SurveyFigures {
  /** Survey emails delivered. */
  readonly received: number;
  /** Answers sent from the survey page. */
  readonly answered: number;
  /** Answers the page did not take (no link with the score, a refused token or comment): should stay 0. */
  readonly unanswered: number;
  /** Survey pages link scanners fetched (each a GET that records nothing). */
  readonly scannerFetches: number;
}

interface PendingVisit {
  readonly visit: SurveyVisit;
  readonly links: readonly EmailLink[];
  /** Order of planning, for visits at the same instant. */
  readonly n: number;
}

export function sampleLoop(
  world: SampleWorld,
  program: Program | Programs,
  onEvent: (event: SampleEvent) => void = () => undefined,
): SampleLoop {
  const { until } = sampleWindow(world);
  const programs = asPrograms(program);
  const lives = new Map<string, SampleAccountLife>();
  for (let n = 1; n <= world.accounts; n++) {
    const account = drawAccount(world, n);
    lives.set(
      account.accountId,
      new SampleAccountLife(account, programForProfile(programs, account.profile), world, until, world.effects),
    );
  }
  // Lives by the start of their next day: a handful of distinct starts (one per time zone) each day.
  let waiting = [...lives.values()].filter((l) => !l.done);
  let pending: ReplayEvent[] = [];
  let line = 0;
  let visits: PendingVisit[] = [];
  let planned = 0;
  const figures = { received: 0, answered: 0, unanswered: 0, scannerFetches: 0 };

  // The ingest handler parses each body against the event contract, as it would a file's lines.
  const toReplayEvent = (event: SampleEvent): ReplayEvent => {
    line += 1;
    return {
      line,
      eventId: event.id,
      accountId: String(event.detail.accountId),
      source: event.source,
      timeMs: Date.parse(event.time),
      body: JSON.stringify(event),
    };
  };

  return {
    accountIds: [...lives.keys()].sort(),
    drawn: () => line,
    surveys: () => ({ ...figures }),
    take(endMs) {
      const stillWaiting: SampleAccountLife[] = [];
      for (const life of waiting) {
        while (!life.done && life.nextDayStartMs() < endMs) {
          for (const event of life.nextDay()) {
            onEvent(event);
            pending.push(toReplayEvent(event));
          }
        }
        if (!life.done) stillWaiting.push(life);
      }
      waiting = stillWaiting;
      pending.sort((a, b) => a.timeMs - b.timeMs || a.line - b.line);
      const cut = pending.findIndex((e) => e.timeMs >= endMs);
      const out = cut === -1 ? pending : pending.slice(0, cut);
      pending = cut === -1 ? [] : pending.slice(cut);
      return out;
    },
    deliver(touches: readonly DeliveredTouch[]) {
      for (const { at, touch, links } of touches) {
        const life = lives.get(touch.accountId);
        if (life === undefined) continue;
        if (touch.kind === 'survey') figures.received += 1;
        const made = life.receive({ at, contactId: touch.contactId, content: touch.content, touchId: touch.touchId });
        for (const visit of made) visits.push({ visit, links: links ?? [], n: planned++ });
      }
      visits.sort((a, b) => a.visit.atMs - b.visit.atMs || a.n - b.n);
    },
    async visit(endMs: number, web: SurveyWeb) {
      // The page's answers go on the bus, which brings them to ingest: here, the events still to hand out.
      const bus: SurveyAnswers = {
        record: async (answer) => {
          const event = answerEvent(world.source, answer);
          onEvent(event);
          pending.push(toReplayEvent(event));
        },
      };
      const cut = visits.findIndex((v) => v.visit.atMs >= endMs);
      const due = cut === -1 ? visits : visits.slice(0, cut);
      visits = cut === -1 ? [] : visits.slice(cut);
      for (const { visit, links } of due) {
        const at = toIso(visit.atMs);
        if (visit.kind === 'scan') {
          figures.scannerFetches += await fetchEveryLink(links, at, web, bus);
          continue;
        }
        const { score, comment } = visit.answer;
        const outcome = await answerByLink(
          links,
          { score, at, ...(comment === undefined ? {} : { comment }) },
          web,
          bus,
        );
        if (outcome === 'answered') figures.answered += 1;
        else figures.unanswered += 1;
      }
    },
    signalled(signals: readonly Signal[]) {
      for (const event of csTeamAcknowledgements(world, signals, until)) {
        onEvent(event);
        pending.push(toReplayEvent(event));
      }
    },
    left: () => pending.length,
  };
}
