// In-memory Mailer: keeps every email it is handed and answers with a deterministic message id, so
// two replays of the same input give the same ids.
import type { Mailer, OutgoingEmail } from '../../core/ports.js';

export interface SentEmail {
  readonly messageId: string;
  readonly email: OutgoingEmail;
}

export interface MemoryMailerOptions {
  /** Keep each email (default). A long replay turns this off: it records what it needs itself. */
  readonly keepEmails?: boolean;
}

export class MemoryMailer implements Mailer {
  private readonly sent: SentEmail[] = [];
  private count = 0;

  constructor(private readonly options: MemoryMailerOptions = {}) {}

  async send(email: OutgoingEmail): Promise<{ readonly messageId: string }> {
    this.count += 1;
    const messageId = `memory-${String(this.count).padStart(8, '0')}`;
    if (this.options.keepEmails !== false) this.sent.push({ messageId, email });
    return { messageId };
  }

  /** Emails sent, kept or not. */
  get sentCount(): number {
    return this.count;
  }

  all(): readonly SentEmail[] {
    return this.sent;
  }
}
