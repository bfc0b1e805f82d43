// The few HTML pages of the unsubscribe function: confirm, done, and one neutral refusal that is the
// same whatever was wrong, so a probe learns nothing about which contacts exist. The HTTP headers
// they are served with are the handler's (functions/handlers/unsubscribe.ts).
import { escapeHtmlNumeric } from '../core/email/escape.js';
import { SURVEY_CHOICE_ANCHOR } from '../core/email/unsubscribe-link.js';
import type { Locale } from '../core/events.js';
import type { OptOutScope } from '../core/opt-out.js';

export type PageKind = 'confirm' | 'done' | 'refused';

const TEXT = {
  ja: {
    confirmTitle: '配信停止の確認',
    confirmBody: '活用支援メールの配信を停止します。よろしければ下のボタンを押してください。',
    button: '配信を停止する',
    doneTitle: '配信を停止しました',
    doneBody: '活用支援メールは今後お送りしません。ご利用ありがとうございます。',
    choiceBody: '停止するメールをお選びください。',
    topicBody:
      'ウェビナーのご案内と導入事例のご紹介だけを停止します。製品の使い方に関するご案内は引き続きお送りします。',
    topicButton: 'ウェビナーと導入事例のご案内のみ停止する',
    allBody: '自動でお送りしているメールをすべて停止します。',
    allButton: '自動配信メールをすべて停止する',
    topicDoneTitle: 'ご案内メールを停止しました',
    topicDoneBody:
      'ウェビナーのご案内と導入事例のご紹介は今後お送りしません。製品の使い方に関するご案内は引き続きお送りします。',
    surveyBody: 'アンケート（満足度・推奨度のご質問）だけを停止します。その他のメールは引き続きお送りします。',
    surveyButton: 'アンケートのみ停止する',
    surveyDoneTitle: 'アンケートを停止しました',
    surveyDoneBody: 'アンケートのメールは今後お送りしません。その他のメールは引き続きお送りします。',
  },
  en: {
    confirmTitle: 'Confirm unsubscribe',
    confirmBody: 'You are about to stop receiving our product adoption emails. Press the button below to confirm.',
    button: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    doneBody: 'We will not send you any more product adoption emails. Thank you for using our product.',
    choiceBody: 'Choose which emails to stop.',
    topicBody:
      'Stop only webinar invitations and customer success stories. You will still get tips on using the product.',
    topicButton: 'Stop only webinars and success stories',
    allBody: 'Stop every automated email we send you.',
    allButton: 'Stop all automated email',
    topicDoneTitle: 'Webinar and story emails stopped',
    topicDoneBody:
      'We will not send you webinar invitations or customer success stories any more. You will still get tips on using the product.',
    surveyBody:
      'Stop only surveys (the short emails that ask how you rate the product). You will still get our other emails.',
    surveyButton: 'Stop only surveys',
    surveyDoneTitle: 'Surveys stopped',
    surveyDoneBody: 'We will not send you any more surveys. You will still get our other emails.',
  },
} as const;

// Both languages: the refusal must not depend on anything the token says.
const REFUSED = {
  title: 'このリンクは使用できません / This link cannot be used',
  body: [
    'リンクが無効か、有効期限が切れています。最新のメールのリンクからもう一度お試しください。',
    'The link is invalid or has expired. Please use the link in a more recent email.',
  ],
};

/** One page of the function: its title and body (already escaped), styled alike, never indexed. */
export function page(lang: string, title: string, body: string): string {
  return [
    '<!doctype html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtmlNumeric(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#222}button{font-size:1rem;padding:.6rem 1.4rem;border:0;border-radius:4px;background:#1f5fbf;color:#fff;cursor:pointer}</style>',
    `</head><body><h1>${escapeHtmlNumeric(title)}</h1>${body}</body></html>`,
  ].join('\n');
}

// The pages name no product: the unsubscribe function is deployed without the content artifact, and
// needs nothing from it to do its one job.
/** A hidden field marks the page's own forms (pages of earlier releases also sent the one-click body from one). */
export const PAGE_FIELD = { name: 'via', value: 'page' } as const;
/** The form field of the topic choice: its values stop promotional email only, or surveys only. */
export const SCOPE_FIELD = { name: 'scope', promotional: 'promotional', survey: 'survey' } as const;

export function confirmPage(locale: Locale, token: string, options: { readonly offerTopics?: boolean } = {}): string {
  const t = TEXT[locale];
  const action = `?t=${encodeURIComponent(token)}`;
  const via = `<input type="hidden" name="${PAGE_FIELD.name}" value="${PAGE_FIELD.value}">`;
  // Not the RFC 8058 body: the record tells a person's choice on this page from a mail client's one-click.
  const all = (label: string) =>
    [
      `<form method="post" action="${action}">`,
      via,
      `<button type="submit">${escapeHtmlNumeric(label)}</button>`,
      '</form>',
    ].join('');
  if (options.offerTopics !== true)
    return page(locale, t.confirmTitle, `<p>${escapeHtmlNumeric(t.confirmBody)}</p>${all(t.button)}`);
  const topicForm = (scope: string, label: string) =>
    [
      `<form method="post" action="${action}">`,
      `<input type="hidden" name="${SCOPE_FIELD.name}" value="${scope}">`,
      via,
      `<button type="submit">${escapeHtmlNumeric(label)}</button>`,
      '</form>',
    ].join('');
  // The survey choice is offered on every page, not only to a survey email's readers: the token is the
  // same in every email of the contact (and in its List-Unsubscribe header), so the page cannot tell
  // which email it came from. The survey email's own link lands on this choice by its anchor.
  const survey = `<div id="${SURVEY_CHOICE_ANCHOR}"><p>${escapeHtmlNumeric(t.surveyBody)}</p>${topicForm(SCOPE_FIELD.survey, t.surveyButton)}</div>`;
  return page(
    locale,
    t.confirmTitle,
    `<p>${escapeHtmlNumeric(t.choiceBody)}</p><p>${escapeHtmlNumeric(t.allBody)}</p>${all(t.allButton)}<p>${escapeHtmlNumeric(t.topicBody)}</p>${topicForm(SCOPE_FIELD.promotional, t.topicButton)}${survey}`,
  );
}

/** The page after the opt-out, in the contact's language: what stopped, and what still comes. */
export function donePage(locale: Locale, scope: OptOutScope = 'all'): string {
  const t = TEXT[locale];
  switch (scope) {
    case 'promotional':
      return page(locale, t.topicDoneTitle, `<p>${escapeHtmlNumeric(t.topicDoneBody)}</p>`);
    case 'survey':
      return page(locale, t.surveyDoneTitle, `<p>${escapeHtmlNumeric(t.surveyDoneBody)}</p>`);
    case 'all':
      return page(locale, t.doneTitle, `<p>${escapeHtmlNumeric(t.doneBody)}</p>`);
    default: {
      const never: never = scope;
      return never;
    }
  }
}

export function refusedPage(): string {
  return page('ja', REFUSED.title, REFUSED.body.map((p) => `<p>${escapeHtmlNumeric(p)}</p>`).join(''));
}
