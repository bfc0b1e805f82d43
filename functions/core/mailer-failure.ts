// How the mailer port fails. The adapter (SES in AWS) turns its provider's errors into one of these,
// so the send use case decides what is safe without knowing the provider:
// - throttled / paused: refused before acceptance; nothing left, so the claim is released and the job waits;
// - rejected / unsafe: this email can never go; the touch is marked failed;
// - unknown-outcome: the provider may have accepted it; the touch is never sent again.
import { TeichakuError } from './errors.js';

export type MailerFailure =
  | { readonly kind: 'throttled'; readonly attempts: number }
  /** The provider refuses to send at all (account paused, identity or configuration set missing). */
  | { readonly kind: 'paused'; readonly providerError: string }
  | { readonly kind: 'rejected'; readonly providerError: string }
  /** A header, subject or tag the provider must not be handed: a bug upstream. */
  | { readonly kind: 'unsafe'; readonly what: string }
  | { readonly kind: 'unknown-outcome'; readonly attempts: number };

/** What a Mailer throws when a send fails in one of the ways the port knows; anything else is unexpected. */
export class MailerFailureError extends TeichakuError {
  override readonly name: string = 'MailerFailureError';
  readonly code: string;
  constructor(
    readonly failure: MailerFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.code = `MAIL_${failure.kind.toUpperCase().replace('-', '_')}`;
  }
}
