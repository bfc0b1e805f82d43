// What a replay writes down while the handlers run: each email as it leaves the mailer (with the
// planned touch it came from) and every signal. Decorators around the ports, so the handlers run
// unchanged and the same record comes out of the memory and the local SES mailers.
import type { PlannedTouch } from '../core/decisions.js';
import type { Locale } from '../core/events.js';
import type { Mailer, SendQueue, SignalPublisher } from '../core/ports.js';
import type { TouchKind } from '../core/program.js';
import type { Signal } from '../core/signals.js';
import { decodeTagValue, TAG_NAMES } from '../core/touch-tags.js';
import type { DeliveredTouch } from './event-source.js';
import { emailLinks } from './sample-browser.js';

/** One line of touches.jsonl. */
export interface SentEmailRecord {
  readonly sentAt: string;
  readonly accountId: string;
  readonly contactId: string;
  readonly email: string;
  readonly kind: TouchKind;
  readonly locale: Locale;
  readonly subject: string;
  readonly messageId: string;
}

/** One email as the mailbox shows it: its text, and the HTML for the first email of each template. */
export interface MailboxEntry {
  readonly record: SentEmailRecord;
  readonly text: string;
  /** Null after the first email of its template: the rest differ only in filled slots. */
  readonly html: string | null;
}

/** Emails the mailbox keeps; a longer replay lists the rest only in touches.jsonl. */
export const MAILBOX_LIMIT = 10_000;

export class ReplayRecorder {
  private readonly planned = new Map<string, PlannedTouch>();
  private readonly templatesShown = new Set<string>();
  private sent: SentEmailRecord[] = [];
  private delivered: DeliveredTouch[] = [];
  private readonly mailbox: MailboxEntry[] = [];
  private sentCount = 0;
  private signals: Signal[] = [];
  /** Sent emails whose planned touch the recorder never saw (should stay 0). */
  unmatched = 0;

  constructor(private readonly clock: () => string) {}

  queue(inner: SendQueue): SendQueue {
    return {
      enqueue: async (touches) => {
        for (const t of touches) this.planned.set(keyOf(t.accountId, t.touchId), t);
        await inner.enqueue(touches);
      },
    };
  }

  mailer(inner: Mailer): Mailer {
    return {
      send: async (email) => {
        const { messageId } = await inner.send(email);
        const accountId = decodeTagValue(email.tags[TAG_NAMES.account] ?? '');
        const key = keyOf(accountId, decodeTagValue(email.tags[TAG_NAMES.touch] ?? ''));
        const touch = this.planned.get(key);
        if (touch === undefined) {
          this.unmatched += 1;
          return { messageId };
        }
        this.planned.delete(key);
        const record: SentEmailRecord = {
          sentAt: this.clock(),
          accountId,
          contactId: touch.contactId,
          email: email.to,
          kind: touch.kind,
          locale: touch.locale,
          subject: email.subject,
          messageId,
        };
        this.sent.push(record);
        // A survey email's links, for the people who answer it (the other kinds are answered by their content).
        this.delivered.push({
          at: record.sentAt,
          touch,
          ...(touch.kind === 'survey' ? { links: emailLinks(email.html) } : {}),
        });
        this.sentCount += 1;
        if (this.mailbox.length >= MAILBOX_LIMIT) return { messageId };
        const firstOfTemplate = !this.templatesShown.has(touch.template);
        this.templatesShown.add(touch.template);
        this.mailbox.push({ record, text: email.text, html: firstOfTemplate ? email.html : null });
        return { messageId };
      },
    };
  }

  publisher(inner: SignalPublisher | null): SignalPublisher {
    return {
      publish: async (signals, account) => {
        this.signals.push(...signals);
        if (inner !== null) await (account === undefined ? inner.publish(signals) : inner.publish(signals, account));
      },
    };
  }

  /**
   * Takes what was recorded since the last call, in an order that does not depend on how the
   * handlers interleaved accounts (so memory and local runs write identical files).
   */
  takeSent(): SentEmailRecord[] {
    const out = this.sent;
    this.sent = [];
    return out.sort(
      (a, b) =>
        cmp(a.sentAt, b.sentAt) ||
        cmp(a.accountId, b.accountId) ||
        cmp(a.contactId, b.contactId) ||
        cmp(a.kind, b.kind),
    );
  }

  /** The touches behind the emails sent since the last call, in the order of takeSent. */
  takeDelivered(): DeliveredTouch[] {
    const out = this.delivered;
    this.delivered = [];
    return out.sort(
      (a, b) =>
        cmp(a.at, b.at) ||
        cmp(a.touch.accountId, b.touch.accountId) ||
        cmp(a.touch.contactId, b.touch.contactId) ||
        cmp(a.touch.kind, b.touch.kind),
    );
  }

  /** The mailbox's emails (at most MAILBOX_LIMIT, the first sent) and how many were sent in all. */
  mailboxEntries(): { readonly entries: readonly MailboxEntry[]; readonly total: number } {
    return { entries: this.mailbox, total: this.sentCount };
  }

  takeSignals(): Signal[] {
    const out = this.signals;
    this.signals = [];
    const keyed = out.map((s) => ({ s, key: JSON.stringify(s) }));
    keyed.sort(
      (a, b) =>
        cmp(a.s.at, b.s.at) || cmp(a.s.accountId, b.s.accountId) || cmp(a.s.type, b.s.type) || cmp(a.key, b.key),
    );
    return keyed.map((k) => k.s);
  }
}

function keyOf(accountId: string, touchId: string): string {
  return `${accountId}\u0000${touchId}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
