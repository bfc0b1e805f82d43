// The pages of a survey link, served by the unsubscribe function at `/survey`: the answer page (the
// score chosen in the email, an optional comment, one Send button), the thanks page, and the neutral
// refusal the unsubscribe pages use, the same whatever was wrong with the link.
import { escapeHtmlNumeric } from '../core/email/escape.js';
import { type Locale, SURVEY_COMMENT_MAX } from '../core/events.js';
import type { SurveyType } from '../core/program.js';
import { SURVEY_SCALES } from '../core/survey-scale.js';
import { page } from './unsubscribe-page.js';

/** The comment's form field. */
export const COMMENT_FIELD = 'comment';

const TEXT = {
  ja: {
    title: 'アンケートへのご回答',
    chosen: '選んだ点数',
    of: (max: number) => `（${max}点満点）`,
    nps: 'おすすめする可能性',
    csat: '満足度',
    comment: `よろしければ、その理由をお聞かせください（任意、${SURVEY_COMMENT_MAX}文字まで）。`,
    send: '送信',
    note: '「送信」を押すまで、回答は届きません。点数を変えるには、メールに戻って別の数字を選んでください。',
    refusedComment: `コメントに使えない文字（制御文字や見えない文字）が含まれているか、${SURVEY_COMMENT_MAX}文字を超えています。直してからもう一度送信してください。`,
    doneTitle: 'ご回答ありがとうございました',
    doneBody:
      'いただいたご意見は、担当者がすべて拝見します。回答を変えたいときは、メールの数字からもう一度お送りください。',
  },
  en: {
    title: 'Your answer',
    chosen: 'Your score',
    of: (max: number) => ` (out of ${max})`,
    nps: 'How likely you are to recommend us',
    csat: 'How satisfied you are',
    comment: `Would you like to tell us why? (optional, up to ${SURVEY_COMMENT_MAX} characters)`,
    send: 'Send',
    note: 'Nothing is sent until you press Send. To change the score, go back to the email and choose another number.',
    refusedComment: `The comment holds characters we cannot accept (control or invisible characters) or is longer than ${SURVEY_COMMENT_MAX} characters. Please correct it and send again.`,
    doneTitle: 'Thank you for your answer',
    doneBody:
      'Every answer is read by the people who look after your account. To change yours, choose a number in the email again.',
  },
} as const;

export interface AnswerPageInput {
  readonly locale: Locale;
  readonly token: string;
  readonly survey: SurveyType;
  readonly score: number;
  /** The comment sent back with the reason it was refused, shown again so nothing typed is lost. */
  readonly refusedComment?: string;
}

export function answerPage(input: AnswerPageInput): string {
  const t = TEXT[input.locale];
  const action = `?t=${encodeURIComponent(input.token)}`;
  const refused = input.refusedComment !== undefined;
  const body = [
    `<p>${escapeHtmlNumeric(t[input.survey])}</p>`,
    `<p>${escapeHtmlNumeric(t.chosen)}: <strong style="font-size:1.6rem">${input.score}</strong>${escapeHtmlNumeric(t.of(SURVEY_SCALES[input.survey].max))}</p>`,
    `<form method="post" action="${action}">`,
    `<label for="${COMMENT_FIELD}">${escapeHtmlNumeric(t.comment)}</label>`,
    refused ? `<p role="alert" style="color:#b91c1c">${escapeHtmlNumeric(t.refusedComment)}</p>` : '',
    // maxlength counts UTF-16 units as the server does (JavaScript's length): the same limit on both sides.
    `<textarea id="${COMMENT_FIELD}" name="${COMMENT_FIELD}" rows="5" maxlength="${SURVEY_COMMENT_MAX}" style="width:100%;box-sizing:border-box;font:inherit;margin:.5rem 0 1rem">${refused ? escapeHtmlNumeric(input.refusedComment ?? '') : ''}</textarea>`,
    `<button type="submit">${escapeHtmlNumeric(t.send)}</button>`,
    '</form>',
    `<p style="color:#52606d;font-size:.9rem">${escapeHtmlNumeric(t.note)}</p>`,
  ].join('');
  return page(input.locale, t.title, body);
}

export function thanksPage(locale: Locale): string {
  const t = TEXT[locale];
  return page(locale, t.doneTitle, `<p>${escapeHtmlNumeric(t.doneBody)}</p>`);
}
