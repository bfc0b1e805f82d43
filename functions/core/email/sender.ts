// Who the emails come from, per locale, as CS ops keep it in templates/sender.yaml. Every footer shows
// the sender, a postal address and a contact: Japan's Act on Specified Electronic Mail requires them.
import { z } from 'zod';
import { Email, Text } from '../events.js';

const HttpsUrl = z.url({ protocol: /^https$/, message: 'must be an https URL' });

export const SenderDetails = z.strictObject({
  /**
   * The From address for this locale (a brand or a country may have its own verified domain); it
   * must be on an identity the deployment knows. Defaults to the deployment's `fromAddress`.
   */
  fromAddress: Email.optional(),
  /** The product the customer uses, as the emails name it. */
  productName: Text(100),
  /** The sender as shown in the footer (and, by the mailer, as the From display name). */
  name: Text(200),
  /** The legal name of the company sending. */
  company: Text(200),
  postalAddress: Text(300),
  /** Where a recipient can write to a person. */
  contactEmail: Email,
  /**
   * Where replies go when the account has no CS owner (the owner receives them when there is one).
   * Required by the build as soon as a template of the locale asks the reader to reply.
   */
  replyTo: Email.optional(),
  /** Optional phone line, with hours if useful, e.g. `03-1234-5678（平日 10:00〜18:00）`. */
  contactPhone: Text(100).optional(),
  /** Sign-in page of the product: the call to action of re-engagement and re-onboarding mail. */
  appUrl: HttpsUrl,
  /** Help centre home. */
  helpUrl: HttpsUrl,
  /** A getting-started guide for someone new to the product (re-onboarding). */
  guideUrl: HttpsUrl,
});
export type SenderDetails = z.infer<typeof SenderDetails>;

export const Sender = z.strictObject({ ja: SenderDetails, en: SenderDetails });
export type Sender = z.infer<typeof Sender>;
