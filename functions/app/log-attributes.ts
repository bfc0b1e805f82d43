// Log attributes of an error, safe to log: ids and fields, never an address. Shared by the use cases
// and the handlers.

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
