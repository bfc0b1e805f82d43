// What a sample person's browser (or their company's link scanner) does with a survey email: the
// links are read from the email's HTML as it was sent; a link to the survey page is opened with a GET,
// and a person then sends the page's form with a POST, as the unsubscribe function's `/survey` route
// takes them (functions/handlers/unsubscribe.ts). The page is served by the survey use case itself.
import type { SurveyPage, SurveyRequest } from '../app/survey.js';
import type { SurveyAnswers } from '../core/ports.js';

/** One link of an email: where it goes and the text shown on it. */
export interface EmailLink {
  readonly href: string;
  readonly text: string;
}

/** The survey page, as served at `at` (the use case's clock), its answers going to `answers`. */
export type SurveyWeb = (request: SurveyRequest, at: string, answers: SurveyAnswers) => Promise<SurveyPage>;

const ANCHOR = /<a\b[^>]*?\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi;
const SURVEY_PATH = /\/survey\/?$/;

function unescapeHtml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The links of an email's HTML, in order, with their text (tags dropped); links without a target left out. */
export function emailLinks(html: string): EmailLink[] {
  const links: EmailLink[] = [];
  for (const m of html.matchAll(ANCHOR)) {
    const href = unescapeHtml(m[1] ?? '').trim();
    if (href === '') continue;
    links.push({ href, text: unescapeHtml((m[2] ?? '').replace(/<[^>]*>/g, '')).trim() });
  }
  return links;
}

/** The survey page's token of a link, or null when the link goes anywhere else. */
function surveyToken(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  return SURVEY_PATH.test(url.pathname) ? url.searchParams.get('t') : null;
}

/** A scanner's pass: a GET of every survey link of the email. Returns how many pages it fetched. */
export async function fetchEveryLink(
  links: readonly EmailLink[],
  at: string,
  web: SurveyWeb,
  answers: SurveyAnswers,
): Promise<number> {
  let fetched = 0;
  for (const link of links) {
    const token = surveyToken(link.href);
    if (token === null) continue;
    await web({ method: 'GET', token }, at, answers);
    fetched += 1;
  }
  return fetched;
}

/** What became of a person's answer: sent, no link with that score, or a page that refused it. */
export type AnswerOutcome = 'answered' | 'no-link' | 'refused';

/**
 * A person presses the score in the email (a GET of its link), then Send on the page: a POST to the
 * form's action, with the comment typed in the page's comment box.
 */
export async function answerByLink(
  links: readonly EmailLink[],
  choice: { readonly score: number; readonly comment?: string; readonly at: string },
  web: SurveyWeb,
  answers: SurveyAnswers,
): Promise<AnswerOutcome> {
  const link = links.find((l) => l.text === String(choice.score) && surveyToken(l.href) !== null);
  if (link === undefined) return 'no-link';
  const page = await web({ method: 'GET', token: surveyToken(link.href) as string }, choice.at, answers);
  const form = /<form\b[^>]*\bmethod="post"[^>]*\baction="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(page.html);
  if (page.status !== 200 || form === null) return 'refused';
  const action = new URL(unescapeHtml(form[1] ?? ''), link.href);
  const field = /<textarea\b[^>]*\bname="([^"]+)"/i.exec(form[2] ?? '')?.[1];
  const body = new URLSearchParams();
  if (field !== undefined && choice.comment !== undefined) body.set(field, choice.comment);
  const sent = await web(
    { method: 'POST', token: action.searchParams.get('t') ?? body.get('t') ?? '', form: body },
    choice.at,
    answers,
  );
  return sent.status === 200 ? 'answered' : 'refused';
}
