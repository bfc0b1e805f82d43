// What the handlers need of a logger: structured lines with ids. Powertools' Logger fits it in AWS;
// tests pass a recorder. Attributes carry ids and counts only, never an email address, a name or a
// whole incoming event.
import { Logger } from '@aws-lambda-powertools/logger';

export type LogAttributes = Readonly<Record<string, string | number | boolean | null | undefined | readonly string[]>>;

export interface HandlerLogger {
  debug(message: string, attributes?: LogAttributes): void;
  info(message: string, attributes?: LogAttributes): void;
  warn(message: string, attributes?: LogAttributes): void;
  error(message: string, attributes?: LogAttributes): void;
}

export function createLogger(serviceName: string): HandlerLogger {
  const logger = new Logger({ serviceName });
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, attributes?: LogAttributes) =>
    attributes === undefined ? logger[level](message) : logger[level](message, { ...attributes });
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

// Anything shaped like an address: SES, for one, quotes the failing identity in its error messages.
const EMAIL_LIKE = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+/g;

/** Masks whatever looks like an email address. */
export function scrubEmails(text: string): string {
  return text.replace(EMAIL_LIKE, '<email>');
}

/**
 * An error as log attributes: its class and message. Our errors' messages name ids and fields, never
 * values; an SDK's may quote an address, so messages are scrubbed. The stack and the cause (which may
 * hold a whole SDK response) stay out of the log.
 */
export function errorAttributes(error: unknown): { errorName: string; errorMessage: string } {
  if (error instanceof Error) return { errorName: error.name, errorMessage: scrubEmails(error.message.slice(0, 500)) };
  return { errorName: typeof error, errorMessage: 'non-Error thrown' };
}

/** What an error that escapes a handler becomes: the same class name and a scrubbed message, nothing else. */
export class ScrubbedHandlerError extends Error {
  constructor(name: string, message: string) {
    super(message);
    // The original's name, so the runtime's `errorType` and the Errors metric's logs still say what failed.
    this.name = name;
  }
}

/**
 * An error fit for the Lambda runtime's own log line: a new error with the original's name and its
 * message scrubbed as errorAttributes does, without the original's stack, cause or properties (an SDK
 * error carries the whole response). Names of people never appear in our messages; an SDK's may quote
 * an address, which is masked.
 */
export function scrubbedError(error: unknown): ScrubbedHandlerError {
  const { errorName, errorMessage } = errorAttributes(error);
  return new ScrubbedHandlerError(errorName, errorMessage);
}
