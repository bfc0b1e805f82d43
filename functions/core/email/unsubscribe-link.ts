// The one-click unsubscribe every email carries (RFC 8058): the link with its signed token, and the
// headers mailbox providers act on.

export function unsubscribeUrl(baseUrl: string, token: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('t', token);
  return url.toString();
}

/** The id of the unsubscribe page's survey choice: the survey email's own link lands on it. */
export const SURVEY_CHOICE_ANCHOR = 'surveys';

/**
 * The survey email's "stop surveys" link: the same page as the unsubscribe link, at its survey choice.
 * The anchor never reaches the server, so the page and what a POST records stay the same.
 */
export function surveyOptOutUrl(unsubscribeUrl: string): string {
  return `${unsubscribeUrl}#${SURVEY_CHOICE_ANCHOR}`;
}

export function unsubscribeHeaders(url: string): Readonly<Record<string, string>> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
