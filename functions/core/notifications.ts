// Notifications: the signals a person should read, in words, shaped for where the CS team works
// (Slack's chat.postMessage, a Teams workflow webhook). Pure: the publisher adds the result to the
// signal's detail, and EventBridge rules only pick the parts out (input transformers cannot turn a
// list of reason codes into a sentence, nor look an owner up in a mapping).
import { z } from 'zod';
import { Email } from './events.js';
import type { HoldoutGroup } from './holdout.js';
import { NotificationLocale, PHRASEBOOKS, wordsOf } from './notification-words.js';
import { type Play, playOf } from './program.js';
import type { Programs } from './programs.js';
import type { Signal, SignalType } from './signals.js';
import { HANDLED_SIGNAL_TYPES } from './signals.js';
import type { AccountState, Phase } from './state.js';

/** What a person needs to know of the account a signal is about; added to the signal's detail. */
export interface SignalAccount {
  /** Null while the product has not sent the account's profile. */
  readonly name: string | null;
  readonly csOwner?: { readonly name: string; readonly email: string };
  /** The account's record id in the CRM (`crmId` of `Account Upserted`). */
  readonly crmId?: string;
  readonly program: string;
  /** The holdout group, once the account is enrolled. */
  readonly group: HoldoutGroup | null;
  readonly phase: Phase;
  /** 0–100, once assessed. */
  readonly healthScore: number | null;
}

export function signalAccountOf(state: AccountState): SignalAccount {
  const profile = state.profile;
  return {
    name: profile?.name ?? null,
    ...(profile?.csOwner === undefined
      ? {}
      : { csOwner: { name: profile.csOwner.name, email: profile.csOwner.email } }),
    ...(profile?.crmId === undefined ? {} : { crmId: profile.crmId }),
    program: state.programId,
    group: state.enrollment?.group ?? null,
    phase: state.phase,
    healthScore: state.health?.score ?? null,
  };
}

const SlackUserId = z
  .string()
  .regex(/^[UW][A-Z0-9]{2,20}$/, 'must be a Slack member id (U… or W…, capital letters and digits)');

/**
 * How notifications name people and link records. `crmRecordUrl` holds `{crmId}` where the record id
 * goes: `https://app.hubspot.com/contacts/<portal>/record/0-2/{crmId}` or
 * `https://<domain>.lightning.force.com/lightning/r/Account/{crmId}/view`.
 */
export const NotificationSettings = z.strictObject({
  /** CS owner email → Slack member id: the owner is mentioned instead of named. */
  csOwnerSlackIds: z.record(Email, SlackUserId).default({}),
  crmRecordUrl: z
    .url({ protocol: /^https$/, message: 'must be an https URL' })
    .max(500, 'must be at most 500 characters')
    .refine((url) => url.includes('%7BcrmId%7D') || url.includes('{crmId}'), 'must contain {crmId}')
    .optional(),
  /** The CS team's language for every notification's words: `ja`, or `en` when absent. */
  notificationLocale: NotificationLocale.optional(),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

export const NO_NOTIFICATION_SETTINGS: NotificationSettings = { csOwnerSlackIds: {} };

interface SlackText {
  readonly type: 'mrkdwn' | 'plain_text';
  readonly text: string;
}
export type SlackBlock =
  | { readonly type: 'header'; readonly text: SlackText }
  | { readonly type: 'section'; readonly text?: SlackText; readonly fields?: readonly SlackText[] }
  | { readonly type: 'context'; readonly elements: readonly SlackText[] };

/** The body a Teams workflow ("When a Teams webhook request is received") posts as an Adaptive Card. */
export interface TeamsMessage {
  readonly type: 'message';
  readonly attachments: readonly [
    {
      readonly contentType: 'application/vnd.microsoft.card.adaptive';
      readonly contentUrl: null;
      readonly content: {
        readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
        readonly type: 'AdaptiveCard';
        readonly version: '1.4';
        readonly body: readonly Record<string, unknown>[];
        readonly actions?: readonly Record<string, unknown>[];
      };
    },
  ];
}

export interface Notification {
  readonly title: string;
  /** Why the CS team hears of it, in words. */
  readonly reason: string;
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  /** The account in the CRM, when its id and `crmRecordUrl` are known. */
  readonly link: string | null;
  /** What a person should do, from the account's program's plays; null when none applies. */
  readonly play: string | null;
  /** Slack's `text` (mrkdwn; the notification's fallback and what a phone shows). */
  readonly text: string;
  readonly slackBlocks: readonly SlackBlock[];
  readonly teams: TeamsMessage;
}

/** The signal types a person is told of. */
export const NOTIFIED_SIGNAL_TYPES = [
  'Account At Risk',
  'Key Contact Changed',
  'Phase Changed',
  'Sending Paused',
  'Renewal Approaching',
  'Detractor',
  'Support Surge',
  'Account Recovered',
] as const satisfies readonly SignalType[];

/** Slack mrkdwn treats &, < and > as control characters: a name must not open a link or a mention. */
function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function linkOf(account: SignalAccount | null, settings: NotificationSettings): string | null {
  if (account?.crmId === undefined || settings.crmRecordUrl === undefined) return null;
  const id = encodeURIComponent(account.crmId);
  return settings.crmRecordUrl.replaceAll('%7BcrmId%7D', id).replaceAll('{crmId}', id);
}

function ownerOf(
  account: SignalAccount | null,
  settings: NotificationSettings,
): { readonly plain: string; readonly slack: string } | null {
  const owner = account?.csOwner;
  if (owner === undefined) return null;
  const slackId = settings.csOwnerSlackIds[owner.email] ?? settings.csOwnerSlackIds[owner.email.toLowerCase()];
  return { plain: owner.name, slack: slackId === undefined ? slackEscape(owner.name) : `<@${slackId}>` };
}

/** The play of the account's program for this signal (its own plays, else the defaults). */
function playFor(signal: Signal, account: SignalAccount | null, programs: Programs | undefined): Play | null {
  const program = programs?.find((p) => p.id === account?.program);
  const type = HANDLED_SIGNAL_TYPES.find((t) => t === signal.type);
  return program === undefined || type === undefined ? null : playOf(program, type);
}

/**
 * The message for a signal, or null when no person needs to read it. With the programs, it says the
 * play of the account's program too.
 */
export function notificationOf(
  signal: Signal,
  account: SignalAccount | null,
  settings: NotificationSettings = NO_NOTIFICATION_SETTINGS,
  programs?: Programs,
): Notification | null {
  const locale = settings.notificationLocale ?? 'en';
  const words = wordsOf(signal, locale);
  if (words === null) return null;
  const book = PHRASEBOOKS[locale];
  const labels = book.labels;
  const about = signal.accountId === '' ? book.allAccounts : (account?.name ?? signal.accountId);
  const title = book.heading(words.title, about);
  const owner = ownerOf(account, settings);
  const link = linkOf(account, settings);
  const facts = [
    ...(signal.accountId === '' ? [] : [{ label: labels.accountId, value: signal.accountId }]),
    ...(account === null
      ? []
      : [
          {
            label: labels.health,
            value: account.healthScore === null ? labels.notAssessed : `${account.healthScore}/100`,
          },
          { label: labels.phase, value: book.phase(account.phase) },
          { label: labels.program, value: account.program },
        ]),
  ];
  const slackFacts = [
    ...facts.map((f) => `*${f.label}*: ${slackEscape(f.value)}`),
    ...(owner === null ? [] : [`*${labels.csOwner}*: ${owner.slack}`]),
  ];
  const found = playFor(signal, account, programs);
  const play = found === null ? null : book.play(found);
  const slackLink = link === null ? '' : ` <${link}|${labels.openInCrm}>`;
  const text = `*${slackEscape(title)}*: ${slackEscape(words.reason)}${owner === null ? '' : ` ${owner.slack}`}${slackLink}`;
  const slackBlocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: slackEscape(words.reason) } },
    { type: 'section', fields: slackFacts.map((f) => ({ type: 'mrkdwn', text: f })) },
    ...(play === null ? [] : [{ type: 'section', text: { type: 'mrkdwn', text: slackEscape(play) } } as const]),
    ...(link === null
      ? []
      : [{ type: 'context', elements: [{ type: 'mrkdwn', text: `<${link}|${labels.openAccountInCrm}>` }] } as const]),
  ];
  const allFacts = [...facts, ...(owner === null ? [] : [{ label: labels.csOwner, value: owner.plain }])];
  return {
    title,
    reason: words.reason,
    facts: allFacts,
    link,
    play,
    text,
    slackBlocks,
    teams: teamsMessage(title, words.reason, allFacts, link, labels.openInCrm, play),
  };
}

function teamsMessage(
  title: string,
  reason: string,
  facts: Notification['facts'],
  link: string | null,
  openInCrm: string,
  play: string | null,
): TeamsMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', size: 'Medium', weight: 'Bolder', text: title, wrap: true },
            { type: 'TextBlock', text: reason, wrap: true },
            { type: 'FactSet', facts: facts.map((f) => ({ title: f.label, value: f.value })) },
            ...(play === null ? [] : [{ type: 'TextBlock', text: play, wrap: true }]),
          ],
          ...(link === null ? {} : { actions: [{ type: 'Action.OpenUrl', title: openInCrm, url: link }] }),
        },
      },
    ],
  };
}
