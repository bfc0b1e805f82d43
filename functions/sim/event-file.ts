// Reads a replay's input: one EventBridge event per line. Each line is checked against the event
// contract up front, so a bad line is reported with its line number and reason and the rest replays.
// Valid lines are kept as their text: it is exactly the SQS message body the ingest handler receives.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { TeichakuError } from '../core/errors.js';
import { accountIdOf, parseProductEvent, rejectFutureInstants } from '../core/events.js';

export interface ReplayEvent {
  readonly line: number;
  readonly eventId: string;
  readonly accountId: string;
  readonly source: string;
  readonly timeMs: number;
  readonly body: string;
}

export interface RejectedLine {
  readonly line: number;
  readonly eventId: string | null;
  readonly reason: string;
}

export interface EventFile {
  /** In time order; events of the same instant in file order. */
  readonly events: readonly ReplayEvent[];
  readonly rejected: readonly RejectedLine[];
  /** Non-blank lines read. */
  readonly lines: number;
}

export class EventFileError extends TeichakuError {
  readonly code = 'EVENT_FILE';
  override readonly name = 'EventFileError';
}

/** JSON.parse's message quotes the input, which may hold an address: keep only where it failed. */
function jsonProblem(error: unknown): string {
  const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
  return position === undefined ? 'not valid JSON' : `not valid JSON (at character ${Number(position) + 1})`;
}

export async function readEventFile(path: string): Promise<EventFile> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new EventFileError(`events file ${path} is not a file`);
  } catch (error) {
    if (error instanceof EventFileError) throw error;
    throw new EventFileError(`events file ${path} cannot be read (does it exist?)`);
  }
  const events: ReplayEvent[] = [];
  const rejected: RejectedLine[] = [];
  let line = 0;
  let lines = 0;
  const reader = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const raw of reader) {
    line += 1;
    const text = raw.trim();
    if (text === '') continue;
    lines += 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      rejected.push({ line, eventId: null, reason: jsonProblem(error) });
      continue;
    }
    const parsed = parseProductEvent(value);
    // The replay ingests each event at its own time: an instant of it dated further ahead is refused
    // here with its reason, as the ingest handler on the replay's clock would refuse it.
    const refused = parsed.kind === 'rejected' ? parsed : rejectFutureInstants(parsed.event, parsed.event.time);
    if (refused !== null) {
      rejected.push({ line, eventId: refused.eventId, reason: refused.reason });
      continue;
    }
    if (parsed.kind === 'rejected') continue;
    const { event } = parsed;
    events.push({
      line,
      eventId: event.id,
      accountId: accountIdOf(event),
      source: event.source,
      timeMs: Date.parse(event.time),
      body: text,
    });
  }
  events.sort((a, b) => a.timeMs - b.timeMs || a.line - b.line);
  return { events, rejected, lines };
}
