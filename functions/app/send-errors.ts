// How sending one touch can end other than sent, when SQS (or whoever plays it) must act on it.
import { TeichakuError } from '../core/errors.js';

/** Another invocation holds a fresh claim on the touch: SQS delivers this copy again later, when its outcome is known. */
export class SendInFlightError extends TeichakuError {
  override readonly name = 'SendInFlightError';
  readonly code = 'SEND_IN_FLIGHT';
  constructor(readonly touchId: string) {
    super(
      `touch ${touchId} is being sent by another invocation; this copy of the job comes back once that one has finished`,
    );
  }
}

/** The job could not be sent now but nothing left: SQS delivers it again later. */
export class SendDeferredError extends TeichakuError {
  override readonly name = 'SendDeferredError';
  readonly code = 'SEND_DEFERRED';
  constructor(
    readonly touchId: string,
    options: ErrorOptions,
  ) {
    super(
      `touch ${touchId} deferred: SES refused it before accepting (throttled or sending paused); the claim was released for a later try`,
      options,
    );
  }
}

/** The job can never be sent as it is: retrying changes nothing, a fix and a redrive do. Nothing of it is claimed. */
export class SendJobRejectedError extends TeichakuError {
  override readonly name = 'SendJobRejectedError';
  readonly code = 'SEND_JOB_REJECTED';
  constructor(
    readonly touchId: string | null,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(reason, options);
  }
}
