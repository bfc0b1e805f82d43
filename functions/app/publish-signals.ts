// Signals are published after what caused them is stored: an account saved, a touch sent, sending
// paused. Failing then would not undo the cause, only fail (and repeat) work that took effect, so a
// signal the bus refused is lost, and the log line (and its alarm) says which.
import type { SignalAccount } from '../core/notifications.js';
import type { LogAttributes, Logger, SignalPublisher } from '../core/ports.js';
import type { Signal } from '../core/signals.js';
import { errorAttributes } from './log-attributes.js';

/** Publishes the signals (with the account they are about, when given); on failure logs `signals not published` with `context` and returns false. */
export async function publishOrLog(
  publisher: SignalPublisher,
  logger: Logger,
  signals: readonly Signal[],
  context: LogAttributes = {},
  account?: SignalAccount,
): Promise<boolean> {
  if (signals.length === 0) return true;
  try {
    await (account === undefined ? publisher.publish(signals) : publisher.publish(signals, account));
    return true;
  } catch (error) {
    logger.error('signals not published', {
      ...context,
      signals: signals.length,
      types: signals.map((s) => s.type),
      ...errorAttributes(error),
    });
    return false;
  }
}
