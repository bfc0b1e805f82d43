// The construct's props for deliverability and compliance: when sending pauses itself, SES's own
// reputation alarms, the quota's warm-up, every verified identity, and how long the compliance record
// outlives a contact. Each with its default and the reason for it.
import type { SenderIdentityOptions } from './email.js';

export interface GuardrailProps {
  /**
   * Pause automated sending at this bounce rate or above (0.04 = 4 %). SES reviews an account at
   * 5 % and may pause it at 10 %: pausing ourselves first keeps the company's other mail flowing.
   * @default 0.04
   */
  readonly bounceRate?: number;
  /**
   * Pause at this complaint rate or above (0.0008 = 0.08 %). SES reviews at 0.1 %; Gmail wants
   * under 0.1 % and never 0.3 %.
   * @default 0.0008
   */
  readonly complaintRate?: number;
  /**
   * The time window of the rates, in hours.
   * @default 24
   */
  readonly windowHours?: number;
  /**
   * The volume window: the rates over this many most recent sends (a small sender's day is too few).
   * @default 2500
   */
  readonly lastSends?: number;
  /**
   * A window with fewer sends is reported but never pauses anything.
   * @default 500
   */
  readonly minSends?: number;
}

export interface ReputationAlarmProps {
  /**
   * Alarm (and turn the configuration set off) when SES's `Reputation.BounceRate` for the set
   * reaches this (0.05 = 5 %, where SES puts an account under review).
   * @default 0.05
   */
  readonly bounceRate?: number;
  /**
   * The same for `Reputation.ComplaintRate` (0.001 = 0.1 %).
   * @default 0.001
   */
  readonly complaintRate?: number;
}

export interface DeliverabilityProps {
  /** When teichaku pauses its own sending, from the SES events it sees. */
  readonly guardrails?: GuardrailProps;
  /**
   * CloudWatch alarms on the configuration set's SES reputation metrics that turn the set off.
   * `false` leaves them out (then nothing but our own rates pauses sending).
   * @default - alarms at 5 % bounces and 0.1 % complaints
   */
  readonly reputationAlarms?: ReputationAlarmProps | false;
  /**
   * A warm-up schedule for a new sending domain: the most emails per rolling 24 hours on each day
   * since the first send (`[50, 100, 200, 400, 800]`); after its last day only the SES quota holds.
   * @default - no warm-up
   */
  readonly warmUpDailyCaps?: readonly number[];
  /**
   * More verified identities mail may come from (a domain per locale or brand). Every From address
   * in the program's sender.yaml must be on one of these or on `senderIdentity`; synth fails otherwise.
   * @default - none
   */
  readonly additionalSenderIdentities?: readonly (SenderIdentityOptions & { readonly name: string })[];
  /**
   * Days a removed contact's compliance record (its bases and opt-outs) is kept. The Act on Specified
   * Electronic Mail asks for the record of a basis to be kept one month after the last email relying
   * on it, one year where an order was issued: the default covers both.
   * @default 365
   */
  readonly complianceRetentionDays?: number;
  /**
   * The `source` of `Sending Resume Requested` events on the event bus (the event way to resume).
   * @default 'teichaku.ops'
   */
  readonly resumeEventSource?: string;
}
