// The decision trail's codes in words, for a CS-ops reader, in both languages. Exhaustive by type:
// a new skip or pass-over code does not compile until it is explained here (and in the README).

import type { PassOverCode, SkipCode } from '../core/decisions.js';
import type { Locale } from '../core/events.js';

export type Words = Readonly<Record<Locale, string>>;

/** Why a contact got no email at a due touch. `{until}` and `{next}` are filled with times. */
export const SKIP_WORDS: Readonly<Record<SkipCode, Words>> = {
  capped: {
    en: 'frequency cap: this person had enough emails lately; the cap lifts {until}',
    ja: '送信頻度の上限に達していたため（上限が解けるのは {until}）',
  },
  'outside-window': {
    en: 'outside the send window (business hours in the account’s time zone); tried again {next}',
    ja: '送信時間帯（アカウントのタイムゾーンの営業時間）の外だったため。{next} に再判定',
  },
  holiday: {
    en: 'a public holiday in the account’s time zone; tried again {next}',
    ja: 'アカウントのタイムゾーンで祝日だったため。{next} に再判定',
  },
  unsubscribed: { en: 'this person unsubscribed: never mailed again', ja: '配信停止済みのため（以後は送りません）' },
  bounced: {
    en: 'a previous email to this address bounced for good: never mailed again',
    ja: '以前のメールが恒久的に不達だったため（以後は送りません）',
  },
  complained: {
    en: 'this person marked an email as spam: never mailed again',
    ja: '迷惑メールとして報告されたため（以後は送りません）',
  },
  removed: { en: 'this person was removed from the account', ja: 'アカウントから削除された担当者のため' },
  'high-touch': {
    en: 'the account is high-touch: the CS team talks to it, no automated email',
    ja: 'ハイタッチのアカウントのため（CS 担当者が直接対応し、自動メールは送りません）',
  },
  holdout: {
    en: 'the account is in the control group (holdout) that measures the program: no automated email',
    ja: '効果測定のための対照群（ホールドアウト）のアカウントのため、自動メールは送りません',
  },
  'nothing-eligible': {
    en: 'no email applied to this person at this touch (see what was passed over)',
    ja: 'この時点で送るべきメールがなかったため（見送った候補を参照）',
  },
  'no-basis': {
    en: 'only promotional email was left, and there is no recorded basis (consent) to send it',
    ja: '残る候補が広告宣伝メールのみで、送信の根拠（同意）の記録がないため',
  },
  'opted-out-topic': {
    en: 'only promotional email was left, on a topic this person opted out of',
    ja: '残る候補が、本人が配信を断ったテーマの広告宣伝メールのみだったため',
  },
  'account-capped': {
    en: 'cap per company: the account had its emails for these 7 days (re-onboarding, then owners and admins, come first); the cap lifts {until}',
    ja: '会社ごとの送信上限（7日間）に達していたため（再オンボーディング、オーナー・管理者を優先。上限が解けるのは {until}）',
  },
  'contract-ended': {
    en: 'the account’s contract ended: no email of any kind until it is renewed',
    ja: 'アカウントの契約が終了したため（再契約されるまでメールは一切送りません）',
  },
  'detractor-hold': {
    en: 'only promotional email was left, and the account is on hold after a detractor survey answer; the hold lifts {until} or when the detractor is followed up',
    ja: '残る候補が広告宣伝メールのみで、批判者（低評価）の回答後の保留中だったため（保留が解けるのは {until}、またはフォローアップ完了時）',
  },
};

/** Why a candidate email was not the one sent. */
export const PASS_OVER_WORDS: Readonly<Record<PassOverCode, Words>> = {
  'lower-priority': { en: 'a more important email was chosen', ja: 'より優先度の高いメールを選んだ' },
  'already-sent': {
    en: 'already sent to this person (or, for a story, to the account)',
    ja: '送信済み（事例はアカウント内の誰かに送信済み）',
  },
  'not-applicable': { en: 'does not apply to this person', ja: 'この担当者には当てはまらない' },
  'not-key-contact': { en: 'only for owners and admins', ja: 'オーナーと管理者のみが対象' },
  'no-overdue-milestone': { en: 'no milestone is overdue', ja: '期日を過ぎたマイルストーンがない' },
  'all-features-used': {
    en: 'this person already uses every feature their role can use',
    ja: '本人が、その役割で使えるすべての機能を利用済み',
  },
  'no-upcoming-webinar': {
    en: 'no upcoming webinar in this language for the account’s stage',
    ja: 'この言語・段階に合う近日のウェビナーがない',
  },
  'no-matching-story': { en: 'no success story in this language', ja: 'この言語の導入事例がない' },
  'no-usage-drop': { en: 'usage has not dropped', ja: '利用の落ち込みがない' },
  'no-tip-copy': {
    en: 'the feature catalog has no tip for the next features',
    ja: '次の機能のヒントが機能カタログにない',
  },
  'no-basis': {
    en: 'promotional, and no recorded basis (consent) to send it',
    ja: '広告宣伝メールで、送信の根拠（同意）の記録がない',
  },
  'opted-out-topic': {
    en: 'promotional email or a survey, on a topic this person opted out of',
    ja: '本人が配信を断ったテーマ（広告宣伝メールまたはアンケート）',
  },
  'detractor-hold': {
    en: 'promotional, held while the account has a detractor not yet followed up',
    ja: '広告宣伝メールで、フォローアップ前の批判者（低評価）の回答があるため保留',
  },
  'not-in-audience': {
    en: 'the program does not send this kind to this person’s role',
    ja: 'プログラムの設定で、この役割の担当者には送らない種類',
  },
  'not-for-role': { en: 'no feature is open to this person’s role', ja: 'この役割で使える機能がない' },
  'account-capped': {
    en: 'chosen, but held back by the cap per company',
    ja: '選ばれたが、会社ごとの送信上限のため見送り',
  },
  'no-new-milestone': {
    en: 'no value or adoption milestone reached in the last 7 days',
    ja: '直近7日間に達成した価値・定着のマイルストーンがない',
  },
  'celebrated-recently': {
    en: 'this person got a celebration within the last 7 days',
    ja: '本人に直近7日以内にお祝いメールを送信済み',
  },
  'no-renewal-date': { en: 'the contract names no renewal date', ja: '契約に更新日がない' },
  'outside-review-window': {
    en: 'the renewal date is not within the value review’s days before it',
    ja: '更新日が価値レビューの送信期間内にない',
  },
  'not-opted-in': {
    en: 'the program does not send the monthly summary',
    ja: 'プログラムで月次サマリーを送る設定になっていない',
  },
  'not-monthly-touch': { en: 'not a monthly touch of the cadence', ja: '月次の配信タイミングではない' },
  'no-activity': { en: 'nobody at the account was active in the last 30 days', ja: '直近30日間に利用者がいない' },
  'no-survey-due': {
    en: 'no survey is due (not yet the adoption day, no renewal near, no CSAT milestone just reached)',
    ja: '送るアンケートがない（活用開始からの日数に満たない、更新日が近くない、CSAT のマイルストーン未達）',
  },
  'survey-too-recent': {
    en: 'a survey is due, but this person had one within the program’s minimum gap (surveys.minDaysBetween)',
    ja: 'アンケートの時期だが、プログラムで決めた間隔（surveys.minDaysBetween）内に本人へ送信済み',
  },
};

/** A code in words; a code this version does not know (a newer writer's) is shown as it is. */
export function skipWords(code: string, locale: Locale): string {
  return (SKIP_WORDS as Readonly<Record<string, Words>>)[code]?.[locale] ?? code;
}

export function passOverWords(code: string, locale: Locale): string {
  return (PASS_OVER_WORDS as Readonly<Record<string, Words>>)[code]?.[locale] ?? code;
}
