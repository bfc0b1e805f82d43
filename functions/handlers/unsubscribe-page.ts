// The few HTML pages of the unsubscribe function: confirm, done, and one neutral refusal that is the
// same whatever was wrong, so a probe learns nothing about which contacts exist.
import type { Locale } from '../core/events.js';

export type PageKind = 'confirm' | 'done' | 'refused';

const TEXT = {
  ja: {
    confirmTitle: '配信停止の確認',
    confirmBody: '活用支援メールの配信を停止します。よろしければ下のボタンを押してください。',
    button: '配信を停止する',
    doneTitle: '配信を停止しました',
    doneBody: '活用支援メールは今後お送りしません。ご利用ありがとうございます。',
  },
  en: {
    confirmTitle: 'Confirm unsubscribe',
    confirmBody: 'You are about to stop receiving our product adoption emails. Press the button below to confirm.',
    button: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    doneBody: 'We will not send you any more product adoption emails. Thank you for using our product.',
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

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(lang: string, title: string, body: string): string {
  return [
    '<!doctype html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#222}button{font-size:1rem;padding:.6rem 1.4rem;border:0;border-radius:4px;background:#1f5fbf;color:#fff;cursor:pointer}</style>',
    `</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
  ].join('\n');
}

// The pages name no product: the unsubscribe function is deployed without the content artifact, and
// needs nothing from it to do its one job.
export function confirmPage(locale: Locale, token: string): string {
  const t = TEXT[locale];
  // The form posts the RFC 8058 body to the same URL, so a person and a mail client take one path.
  const form = [
    `<form method="post" action="?t=${encodeURIComponent(token)}">`,
    '<input type="hidden" name="List-Unsubscribe" value="One-Click">',
    `<button type="submit">${escapeHtml(t.button)}</button>`,
    '</form>',
  ].join('');
  return page(locale, t.confirmTitle, `<p>${escapeHtml(t.confirmBody)}</p>${form}`);
}

export function donePage(locale: Locale): string {
  const t = TEXT[locale];
  return page(locale, t.doneTitle, `<p>${escapeHtml(t.doneBody)}</p>`);
}

export function refusedPage(): string {
  return page('ja', REFUSED.title, REFUSED.body.map((p) => `<p>${escapeHtml(p)}</p>`).join(''));
}

/** Headers for every page: never cached (a token is in the URL), never framed, never sniffed, no referrer. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
