// The links of a survey email: the unsubscribe function's URL at the path `/survey`, with each score's
// signed token as `t` (served by functions/handlers/unsubscribe.ts).

/** The survey page's URL under the unsubscribe function's base URL, with the token. */
export function surveyUrl(unsubscribeBaseUrl: string, token: string): string {
  const url = new URL(unsubscribeBaseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/survey`;
  url.search = '';
  url.searchParams.set('t', token);
  return url.toString();
}
