// Send the daily digests: read every account once, fold each into its part of the digests (its state
// is dropped at once), build one digest per CS owner with something to say, and email each to its
// owner only, from the team's address. One owner's failed send does not stop the others: it is logged
// (by its position, never the address) and counted, and the run fails at the end so the scheduler's
// retry and alarm see it.
import { type AccountDigestPart, accountDigestPart, buildDigests, type OwnerDigest } from '../core/digest.js';
import { type DigestEmail, digestEmail } from '../core/digest-email.js';
import { TeichakuError } from '../core/errors.js';
import type { Locale } from '../core/events.js';
import type { Logger, Mailer } from '../core/ports.js';
import type { Program } from '../core/program.js';
import type { Programs } from '../core/programs.js';
import type { AccountState } from '../core/state.js';

export interface SendDigestsDeps {
  /** One program, or every program in rule order (the default last). */
  readonly program: Program | Programs;
  /** Reads every account state once, handing each to `onState`. */
  readonly readStates: (onState: (state: AccountState) => void) => Promise<unknown>;
  readonly mailer: Mailer;
  /** The team's From address (a verified SES identity). */
  readonly fromAddress: string;
  /** The digests' language (the plays' `do` in it). */
  readonly locale: Locale;
  readonly maxItems?: number;
  readonly clock: () => string;
  readonly logger: Logger;
  /** Called with each digest after it was sent (the local run writes them to files). */
  readonly keep?: (digest: OwnerDigest, email: DigestEmail) => Promise<void>;
}

export interface DigestsSent {
  readonly at: string;
  readonly accounts: number;
  readonly owners: number;
  readonly sent: number;
  readonly failed: number;
}

/** Some digests could not be sent; the others were. */
export class DigestsFailedError extends TeichakuError {
  override readonly name = 'DigestsFailedError';
  readonly code = 'DIGESTS_FAILED';
  constructor(readonly outcome: DigestsSent) {
    super(`${outcome.failed} of ${outcome.owners} daily digests could not be sent; see the log for their errors`);
  }
}

export function createSendDigests(deps: SendDigestsDeps): () => Promise<DigestsSent> {
  return async () => {
    const now = deps.clock();
    const parts: AccountDigestPart[] = [];
    let accounts = 0;
    await deps.readStates((state) => {
      accounts += 1;
      parts.push(accountDigestPart(state, deps.program, now));
    });
    const digests = buildDigests(parts, now, {
      locale: deps.locale,
      ...(deps.maxItems === undefined ? {} : { maxItems: deps.maxItems }),
    });
    let sent = 0;
    let failed = 0;
    for (const [index, digest] of digests.entries()) {
      const email = digestEmail(digest);
      try {
        await deps.mailer.send({
          to: digest.owner.email,
          from: deps.fromAddress,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: {},
          tags: { kind: 'daily-digest' },
        });
        sent += 1;
        await deps.keep?.(digest, email);
      } catch (error) {
        failed += 1;
        deps.logger.error('daily digest not sent', {
          digest: index,
          needs: digest.needs.length + digest.moreNeeds,
          error: error instanceof Error ? error.name : 'UnknownError',
        });
      }
    }
    const outcome: DigestsSent = { at: now, accounts, owners: digests.length, sent, failed };
    deps.logger.info('daily digests', { ...outcome });
    if (failed > 0) throw new DigestsFailedError(outcome);
    return outcome;
  };
}
