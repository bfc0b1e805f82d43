// The deliverability props checked once (guard thresholds, warm-up, retention, reputation alarms,
// the resume source), and the identities mail may come from: which ones the construct knows, and
// whether every From address of the build is on one of them.
import { readFileSync } from 'node:fs';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { DEFAULT_COMPLIANCE_RETENTION_DAYS } from '../functions/core/compliance-record.js';
import { WarmUpSchedule } from '../functions/core/send-quota.js';
import { isKnownIdentity } from '../functions/core/sender-address.js';
import { GuardrailThresholds } from '../functions/core/sending-rates.js';
import type { DeliverabilityProps, ReputationAlarmProps } from './deliverability-props.js';
import { identityNameOf, senderIdentity } from './email.js';

export const DEFAULT_RESUME_EVENT_SOURCE = 'teichaku.ops';
const DEFAULT_REPUTATION: Required<ReputationAlarmProps> = { bounceRate: 0.05, complaintRate: 0.001 };

export interface DeliverabilitySettings {
  readonly thresholds: GuardrailThresholds;
  readonly warmUp: WarmUpSchedule;
  readonly retentionDays: number;
  readonly resumeEventSource: string;
  readonly reputation: Required<ReputationAlarmProps> | null;
}

/** The props checked once, with messages naming the prop and what it expects. */
export function deliverabilitySettings(props: DeliverabilityProps): DeliverabilitySettings {
  const thresholds = GuardrailThresholds.safeParse(props.guardrails ?? {});
  if (!thresholds.success)
    throw new Error(
      `teichaku: guardrails: ${thresholds.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  const warmUp = WarmUpSchedule.safeParse(props.warmUpDailyCaps ?? []);
  if (!warmUp.success)
    throw new Error('teichaku: warmUpDailyCaps must be whole numbers of at least 1, at most 365 days of them');
  const retentionDays = props.complianceRetentionDays ?? DEFAULT_COMPLIANCE_RETENTION_DAYS;
  if (!Number.isInteger(retentionDays) || retentionDays < 30 || retentionDays > 3650) {
    throw new Error(
      `teichaku: complianceRetentionDays must be a whole number of days from 30 to 3650 (got ${retentionDays})`,
    );
  }
  const reputation = props.reputationAlarms === false ? null : { ...DEFAULT_REPUTATION, ...props.reputationAlarms };
  if (reputation !== null && [reputation.bounceRate, reputation.complaintRate].some((r) => !(r > 0 && r < 1))) {
    throw new Error('teichaku: reputationAlarms rates are fractions between 0 and 1 (0.05 = 5 %)');
  }
  return {
    thresholds: thresholds.data,
    warmUp: warmUp.data,
    retentionDays,
    resumeEventSource: props.resumeEventSource ?? DEFAULT_RESUME_EVENT_SOURCE,
    reputation,
  };
}

/** The additional identities, created or referenced; their names with the main one's are what the sender may use. */
export function additionalIdentities(scope: Construct, props: DeliverabilityProps): IEmailIdentity[] {
  return (props.additionalSenderIdentities ?? []).map((options, i) =>
    senderIdentity(scope, options.name, options, `SenderIdentity${i + 2}`),
  );
}

/** Every identity name the deployment knows (lower case). */
export function knownIdentityNames(
  fromAddress: string,
  main: { readonly name?: string },
  props: DeliverabilityProps,
): string[] {
  return [identityNameOf(fromAddress, main), ...(props.additionalSenderIdentities ?? []).map((i) => i.name)].map((n) =>
    n.toLowerCase(),
  );
}

/**
 * Every From address the build's sender.yaml names must be on a known identity: SES would refuse
 * the rest at send time, for every contact of that locale.
 */
export function checkSenderAddresses(contentFile: string, fromAddress: string, identities: readonly string[]): void {
  const content = JSON.parse(readFileSync(contentFile, 'utf8')) as {
    sender?: Record<string, { fromAddress?: string } | undefined>;
  };
  const addresses: [string, string][] = [['fromAddress', fromAddress]];
  for (const [locale, details] of Object.entries(content.sender ?? {}))
    if (details?.fromAddress !== undefined) addresses.push([`sender.yaml ${locale}.fromAddress`, details.fromAddress]);
  for (const [where, address] of addresses) {
    if (!isKnownIdentity(address, identities)) {
      throw new Error(
        `teichaku: ${where} is on no identity the construct knows (${identities.join(', ')}); add it to senderIdentity or additionalSenderIdentities`,
      );
    }
  }
}
