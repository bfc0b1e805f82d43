// Turns sending through the configuration set off and on. SES v1 calls this
// UpdateConfigurationSetSendingEnabled; SES v2 (the SDK used here) PutConfigurationSetSendingOptions
// with `SendingEnabled`, and IAM the action `ses:PutConfigurationSetSendingOptions`. Off, SES refuses
// every email sent with the set: the last line of defence when SES's own reputation metrics cross
// their alarms.
import { PutConfigurationSetSendingOptionsCommand, type SESv2Client } from '@aws-sdk/client-sesv2';

import type { ConfigurationSetSwitch } from '../core/ports.js';

export type { ConfigurationSetSwitch };

export function createConfigurationSetSwitch(
  client: SESv2Client,
  configurationSetName: string,
): ConfigurationSetSwitch {
  return {
    async setSendingEnabled(enabled) {
      await client.send(
        new PutConfigurationSetSendingOptionsCommand({
          ConfigurationSetName: configurationSetName,
          SendingEnabled: enabled,
        }),
      );
    },
  };
}
