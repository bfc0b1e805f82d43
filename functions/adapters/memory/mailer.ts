// In-memory Mailer: keeps every email it is handed and answers with a deterministic message id, so
// two replays of the same input give the same ids.
import type { Mailer, OutgoingEmail } from '../../core/ports.js';

export interface SentEmail {
  readonly messageId: string;
  readonly email: OutgoingEmail;
}

export class MemoryMailer implements Mailer {
  private readonly sent: SentEmail[] = [];

  async send(email: OutgoingEmail): Promise<{ readonly messageId: string }> {
    const messageId = `memory-${String(this.sent.length + 1).padStart(8, '0')}`;
    this.sent.push({ messageId, email });
    return { messageId };
  }

  all(): readonly SentEmail[] {
    return this.sent;
  }
}
