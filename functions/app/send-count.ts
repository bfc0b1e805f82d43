// The emails the provider accepted, counted for the sending guard (the sends its bounce and complaint
// rates are over), once per batch and hour. Counting when the provider answers spares an SES `Send`
// event per email (an EventBridge event and an engagement invocation), and the claim already makes
// each send happen once.
import type { Logger, SendingGuardStore } from '../core/ports.js';
import { hourOf } from '../core/sending-rates.js';
import { errorAttributes } from './log-attributes.js';

export interface SendCount {
  /** One email accepted at `at`. */
  add(at: string): void;
  /**
   * Writes what was added: one write per hour the sends fell in (usually one). A failure is logged,
   * not thrown: the emails are out, and sends left uncounted only make the guard's rates stricter;
   * so does an invocation that dies before this.
   */
  flush(): Promise<void>;
}

export function createSendCount(
  sends: Pick<SendingGuardStore, 'countSends' | 'noteFirstSend'> | undefined,
  logger: Logger,
): SendCount {
  let firstSendNoted = false;
  /** Emails accepted by the hour they left (and the first one's time), not yet written. */
  const uncounted = new Map<string, { count: number; firstAt: string }>();
  return {
    add(at) {
      const hour = hourOf(at);
      const counted = uncounted.get(hour);
      uncounted.set(hour, {
        count: (counted?.count ?? 0) + 1,
        firstAt: counted === undefined || at < counted.firstAt ? at : counted.firstAt,
      });
    },
    async flush() {
      if (sends === undefined) return;
      for (const [hour, { count, firstAt }] of uncounted) {
        uncounted.delete(hour);
        try {
          await sends.countSends(firstAt, count);
          // Once per container: the table keeps the earliest anyway.
          if (!firstSendNoted) await sends.noteFirstSend(firstAt);
          firstSendNoted = true;
        } catch (error) {
          logger.error('sends not counted for the sending guard', { hour, sends: count, ...errorAttributes(error) });
        }
      }
    },
  };
}
