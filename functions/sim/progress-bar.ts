// Progress of a replay on stderr: a bar on a terminal, a line per tenth elsewhere (CI logs, pipes).
import { SingleBar } from 'cli-progress';
import type { ReplayProgress } from './replay.js';

export interface ProgressDisplay {
  update(progress: ReplayProgress): void;
  stop(): void;
}

export function progressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: 'replaying {bar} {percentage}% | {day} | {events} events | {emails} emails',
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    });
    bar.start(100, 0, { day: '', events: 0, emails: 0 });
    return {
      update: (p) =>
        bar.update(Math.floor(p.fraction * 100), {
          day: p.at.slice(0, 10),
          events: p.eventsDelivered,
          emails: p.emailsSent,
        }),
      stop: () => bar.stop(),
    };
  }
  let shownTenth = -1;
  return {
    update: (p) => {
      const tenth = Math.floor(p.fraction * 10);
      if (tenth === shownTenth) return;
      shownTenth = tenth;
      stream.write(
        `replaying ${tenth * 10}% (${p.at.slice(0, 10)}): ${p.eventsDelivered} events, ${p.emailsSent} emails\n`,
      );
    },
    stop: () => undefined,
  };
}
