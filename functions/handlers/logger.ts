// What the handlers need of a logger: structured lines with ids. Powertools' Logger fits it in AWS;
// tests pass a recorder. Attributes carry ids and counts only, never an email address, a name or a
// whole incoming event.
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { errorAttributes } from '../app/log-attributes.js';
import { TeichakuError } from '../core/errors.js';
import type { LogAttributes, Logger } from '../core/ports.js';

export { errorAttributes, scrubEmails } from '../app/log-attributes.js';
export type { LogAttributes } from '../core/ports.js';

/** The logger port (core/ports.ts), under the name the handlers have always used. */
export type HandlerLogger = Logger;

export function createLogger(serviceName: string): HandlerLogger {
  const logger = new PowertoolsLogger({ serviceName });
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, attributes?: LogAttributes) =>
    attributes === undefined ? logger[level](message) : logger[level](message, { ...attributes });
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

/** What an error that escapes a handler becomes: the same class name and a scrubbed message, nothing else. */
export class ScrubbedHandlerError extends TeichakuError {
  readonly code = 'SCRUBBED_HANDLER';
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
