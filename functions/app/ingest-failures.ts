// Why an account's events failed to go in, and what that means for their records. Retrying helps only
// when the failure was about the moment, not the events; the rest go to the dead-letter queue at once.
//
// Deterministic (the same events fail the same way every time: dead-letter now, with the reason):
// - the engine (the pure core) threw while applying the events (EngineRejectedError);
// - the store refused the state (AccountStateRefusedError: the item is over 400 KB, or the stored
//   item cannot be read: no delivery can succeed until a person repairs it, then redrives them);
// - DynamoDB refused the request as invalid (ValidationException).
// Transient (retried by SQS through batchItemFailures, then its redrive policy dead-letters them):
// - version conflicts that outlasted updateAccount's attempts, DynamoDB throttling, 5xx and network
//   errors, and any failure not named above. A wrong guess that way costs two more deliveries; the
//   other way it would dead-letter valid events at once.
import { AccountStateRefusedError, TeichakuError } from '../core/errors.js';

/** The engine threw on these events: the same events throw again, whatever the store's state. */
export class EngineRejectedError extends TeichakuError {
  override readonly name = 'EngineRejectedError';
  readonly code = 'ENGINE_REJECTED';
  constructor(
    readonly accountId: string,
    readonly eventIds: readonly string[],
    options: { readonly cause: unknown },
  ) {
    // The cause's name only: a core error's message may quote the value it choked on.
    super(
      `account ${accountId}: the engine could not apply event(s) ${eventIds.slice(0, 5).join(', ')}${eventIds.length > 5 ? ', ...' : ''} (${causeName(options.cause)})`,
      options,
    );
  }
}

function causeName(cause: unknown): string {
  return cause instanceof Error ? cause.name : typeof cause;
}

/** Runs a pure computation over `eventIds`, turning whatever it throws into an EngineRejectedError. */
export function inEngine<T>(accountId: string, eventIds: readonly string[], compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    throw new EngineRejectedError(accountId, eventIds, { cause: error });
  }
}

export type DeterministicFailure = { readonly kind: 'deterministic'; readonly why: string };
export type IngestFailure = { readonly kind: 'transient' } | DeterministicFailure;

/** Sorts a failure of one account's write (see the top of this file); `why` names ids and rules, never a value. */
export function ingestFailureOf(error: unknown): IngestFailure {
  if (error instanceof EngineRejectedError)
    return { kind: 'deterministic', why: `the engine could not apply it (${causeName(error.cause)})` };
  if (error instanceof AccountStateRefusedError) return { kind: 'deterministic', why: error.message };
  // DynamoDB's own message may quote a key or a value: only its name is kept.
  if (error instanceof Error && error.name === 'ValidationException')
    return { kind: 'deterministic', why: 'DynamoDB refused the write as invalid (ValidationException)' };
  return { kind: 'transient' };
}

/** The dead-letter reason of one event, from its deterministic failure. */
export function rejectionReason(eventId: string, failure: DeterministicFailure): string {
  return `event ${eventId} not applied: ${failure.why}`;
}
