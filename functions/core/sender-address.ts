// Who an email comes from. By default the program's sender for the contact's locale, at that
// locale's verified address. When the account names its CS owner, the email comes in the owner's name
// from the owner's mailbox name at the same verified domain (DKIM and DMARC still align), and replies
// go to the owner; without an owner they go to the locale's `replyTo` from sender.yaml. Every From address must be on an identity the deployment knows: SES would refuse
// any other, so a stray address fails here, naming the locale, not in SES.

import { fromAddress } from './email/from-address.js';
import { TeichakuError } from './errors.js';
import type { CsOwner, Locale } from './events.js';

export interface SenderAddress {
  readonly from: string;
  readonly replyTo?: string;
}

/** A From address on no identity the deployment knows (a sender.yaml or construct mismatch). */
export class UnknownSenderIdentityError extends TeichakuError {
  readonly code = 'UNKNOWN_SENDER_IDENTITY';
  override readonly name = 'UnknownSenderIdentityError';
  constructor(readonly locale: Locale) {
    super(
      `the From address for locale ${locale} is on no SES identity this deployment knows; add its domain to the construct's senderIdentities or fix sender.yaml`,
    );
  }
}

export interface SenderAddressOptions {
  /** The bare From address per locale. */
  readonly addressFor: (locale: Locale) => string;
  /** The display name per locale (the program's sender). */
  readonly nameFor: (locale: Locale) => string;
  /** Verified identities: domains (`mail.example.com`) or addresses. */
  readonly identities: readonly string[];
  /** Where replies go per locale when the account has no CS owner (sender.yaml's `replyTo`); absent: none. */
  readonly replyToFor?: (locale: Locale) => string | undefined;
}

// A dot-atom local part of plain ASCII: anything else (quotes, non-ASCII) is not worth the risk in a From.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** Whether `address` is on one of `identities` (its domain, or the address itself). */
export function isKnownIdentity(address: string, identities: readonly string[]): boolean {
  const lower = address.toLowerCase();
  return identities.some((id) => {
    const identity = id.toLowerCase();
    return identity.includes('@') ? identity === lower : identity === domainOf(lower);
  });
}

export function createSenderAddresses(
  options: SenderAddressOptions,
): (locale: Locale, owner?: CsOwner) => SenderAddress {
  return (locale, owner) => {
    const address = options.addressFor(locale);
    if (!isKnownIdentity(address, options.identities)) throw new UnknownSenderIdentityError(locale);
    if (owner === undefined) {
      const replyTo = options.replyToFor?.(locale);
      return { from: fromAddress(options.nameFor(locale), address), ...(replyTo === undefined ? {} : { replyTo }) };
    }
    const local = owner.email.slice(0, owner.email.lastIndexOf('@'));
    const personal = `${local}@${domainOf(address)}`;
    // The owner's own mailbox name only where the whole domain is verified; else the program's address.
    const ownerAddress =
      LOCAL_PART.test(local) && isKnownIdentity(personal, options.identities) && personal.length <= 254
        ? personal
        : address;
    return { from: fromAddress(owner.name, ownerAddress), replyTo: owner.email };
  };
}
