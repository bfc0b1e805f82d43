// The one base of teichaku's errors. `code` is stable (logs, metrics and alarms may match on it);
// the message may be reworded. A message says what was wrong, where, and what to do, and never
// echoes an email address or a name.

export abstract class TeichakuError extends Error {
  /** Stable, SCREAMING_SNAKE_CASE, unique per failure. */
  abstract readonly code: string;
}

/** markSent for a touch that was never claimed: the sender must claim before it sends. */
export class TouchNotClaimedError extends TeichakuError {
  override readonly name = 'TouchNotClaimedError';
  readonly code = 'TOUCH_NOT_CLAIMED';
  constructor(
    readonly accountId: string,
    readonly touchId: string,
  ) {
    super(`touch ${touchId} of account ${accountId} was never claimed; claim it before marking it sent`);
  }
}

/**
 * The account store refuses this account's state whatever the retry: the item is over its size
 * limit, or what it holds cannot be read. Events that lead there are dead-lettered, not retried.
 */
export abstract class AccountStateRefusedError extends TeichakuError {}
