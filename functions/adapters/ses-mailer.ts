// Mailer on SES v2 SendEmail (simple content: subject, HTML and text parts, extra headers), under a
// token-bucket rate and with backoff on throttling. SES errors become the port's MailerFailure
// (core/mailer-failure.ts), carried by named errors: refused before acceptance (throttled, paused),
// rejected for good (rejected, unsafe), or unknown (an email may have left, never send it again).
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { MailerFailureError } from '../core/mailer-failure.js';
import type { Mailer, OutgoingEmail } from '../core/ports.js';
import { type BackoffOptions, retryWithBackoff, withBackoffDefaults } from './backoff.js';
import type { RateLimiter } from './rate-limiter.js';

/** SES kept throttling after every retry. Nothing was sent: the job may run again later. */
export class SendThrottledError extends MailerFailureError {
  override readonly name = 'SendThrottledError';
  constructor(attempts: number, options?: ErrorOptions) {
    super(
      { kind: 'throttled', attempts },
      `SES throttled SendEmail ${attempts} times in a row; lower SEND_RATE_PER_SECOND or raise the SES quota`,
      options,
    );
  }
}

/** The SES account cannot send at all right now (paused, suspended, identity or configuration set missing). Nothing was sent. */
export class SendingPausedError extends MailerFailureError {
  override readonly name = 'SendingPausedError';
  constructor(
    readonly sesError: string,
    options?: ErrorOptions,
  ) {
    super(
      { kind: 'paused', providerError: sesError },
      `SES refused to send (${sesError}): check the account's sending status, the from identity and the configuration set`,
      options,
    );
  }
}

/** SES rejected this one message; sending it again would be rejected again. */
export class EmailRejectedError extends MailerFailureError {
  override readonly name = 'EmailRejectedError';
  constructor(
    readonly sesError: string,
    options?: ErrorOptions,
  ) {
    super(
      { kind: 'rejected', providerError: sesError },
      `SES rejected the message (${sesError}); it will not be retried`,
      options,
    );
  }
}

/** SES failed on its side: it may or may not have accepted the message. */
export class SendOutcomeUnknownError extends MailerFailureError {
  override readonly name = 'SendOutcomeUnknownError';
  constructor(attempts: number, options?: ErrorOptions) {
    super(
      { kind: 'unknown-outcome', attempts },
      `SES answered attempt ${attempts} with a server error; whether the message left is unknown, so it must not be sent again`,
      options,
    );
  }
}

/** The email itself is unsafe to hand to SES (a header or subject with a line break, a bad tag). A bug upstream. */
export class UnsafeEmailError extends MailerFailureError {
  override readonly name = 'UnsafeEmailError';
  constructor(what: string) {
    super({ kind: 'unsafe', what }, `refusing to send: ${what}`);
  }
}

export interface SesMailerOptions {
  /** The configuration set of customer mail (its events, its pause); the daily digest, internal mail, has none. */
  readonly configurationSetName?: string;
  readonly limiter: RateLimiter;
  readonly backoff?: Partial<BackoffOptions>;
}

const THROTTLING = new Set(['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException', 'Throttling']);
const PAUSED = new Set([
  'AccountSuspendedException',
  'SendingPausedException',
  'MailFromDomainNotVerifiedException',
  'NotFoundException',
]);
const REJECTED = new Set(['MessageRejected', 'BadRequestException']);
// SES tags allow ASCII letters, digits, _ - . @ (and names the same), up to 256 characters.
const TAG = /^[A-Za-z0-9_\-.@]{1,256}$/;
const LINE_BREAK = /[\r\n\u2028\u2029]/;

function sesErrorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

function isServerError(error: unknown): boolean {
  const meta = (error as { $metadata?: { httpStatusCode?: number }; $fault?: string } | null) ?? {};
  return meta.$fault === 'server' || (meta.$metadata?.httpStatusCode ?? 0) >= 500;
}

// Only throttling is retried: SES refuses a throttled call before taking the message. A server error
// (5xx) may come after SES accepted it, so a retry could send the email twice; it is reported as an
// unknown outcome instead and the touch is never sent again.
function isRetryable(error: unknown): boolean {
  return THROTTLING.has(sesErrorName(error));
}

function checkSafe(email: OutgoingEmail): void {
  if (LINE_BREAK.test(email.subject)) throw new UnsafeEmailError('the subject contains a line break');
  for (const [name, value] of Object.entries(email.headers)) {
    if (!/^[A-Za-z0-9-]{1,100}$/.test(name))
      throw new UnsafeEmailError(`header name ${JSON.stringify(name.slice(0, 40))} is not a plain token`);
    if (LINE_BREAK.test(value)) throw new UnsafeEmailError(`header ${name} contains a line break`);
  }
  for (const [name, value] of Object.entries(email.tags)) {
    if (!TAG.test(name) || !TAG.test(value))
      throw new UnsafeEmailError(`tag ${JSON.stringify(name.slice(0, 40))} has characters SES does not allow`);
  }
}

export function createSesMailer(client: SESv2Client, options: SesMailerOptions): Mailer {
  const backoff = withBackoffDefaults(options.backoff);
  return {
    async send(email) {
      checkSafe(email);
      const command = new SendEmailCommand({
        FromEmailAddress: email.from,
        Destination: { ToAddresses: [email.to] },
        ...(email.replyTo === undefined ? {} : { ReplyToAddresses: [email.replyTo] }),
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
            Headers: Object.entries(email.headers).map(([Name, Value]) => ({ Name, Value })),
          },
        },
        ...(options.configurationSetName === undefined ? {} : { ConfigurationSetName: options.configurationSetName }),
        EmailTags: Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })),
      });
      let attempts = 0;
      try {
        const out = await retryWithBackoff(
          async () => {
            attempts++;
            await options.limiter.take();
            return client.send(command);
          },
          isRetryable,
          backoff,
        );
        if (out.MessageId === undefined) throw new SendOutcomeUnknownError(attempts);
        return { messageId: out.MessageId };
      } catch (error) {
        throw classify(error, attempts);
      }
    },
  };
}

function classify(error: unknown, attempts: number): unknown {
  if (error instanceof SendOutcomeUnknownError) return error;
  const name = sesErrorName(error);
  if (THROTTLING.has(name)) return new SendThrottledError(attempts, { cause: error });
  if (PAUSED.has(name)) return new SendingPausedError(name, { cause: error });
  if (REJECTED.has(name)) return new EmailRejectedError(name, { cause: error });
  if (isServerError(error)) return new SendOutcomeUnknownError(attempts, { cause: error });
  return error;
}
