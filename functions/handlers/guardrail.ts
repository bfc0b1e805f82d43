// Guardrail λ: EventBridge brings a CloudWatch alarm's change of state (the configuration set's SES
// reputation alarms) or a `Sending Resume Requested` event from the configured ops source. This shim
// tells which it is and hands it to the guard-sending use case (functions/app/guard-sending.ts);
// anything else is logged and dropped.
import type { EventBridgeEvent } from 'aws-lambda';
import { parseAlarmChange } from '../adapters/alarm-event.js';
import { createGuardSending, type GuardSendingDeps } from '../app/guard-sending.js';
import { RESUME_DETAIL_TYPE } from '../core/sending-guard.js';
import { guardrailDepsFromEnv, lambdaEntry } from './wiring.js';

export { ALARM_DETAIL_TYPE } from '../adapters/alarm-event.js';
export { ResumeRequest } from '../app/guard-sending.js';
export { RESUME_DETAIL_TYPE };

export interface GuardrailDeps extends GuardSendingDeps {
  /** The `source` resume events must come with. */
  readonly resumeSource: string;
}

export function createGuardrailHandler(
  deps: GuardrailDeps,
): (event: EventBridgeEvent<string, unknown>) => Promise<void> {
  const guard = createGuardSending(deps);
  return async (raw) => {
    const alarm = parseAlarmChange(raw);
    if (alarm !== null) return guard.alarmChanged(alarm);
    const source = typeof raw?.source === 'string' ? raw.source : null;
    if (source !== deps.resumeSource || raw['detail-type'] !== RESUME_DETAIL_TYPE) {
      deps.logger.warn('event ignored: neither a reputation alarm nor a resume request', {
        source,
        detailType: typeof raw?.['detail-type'] === 'string' ? raw['detail-type'] : null,
      });
      return;
    }
    return guard.resumeRequested(raw.id, raw.detail);
  };
}

export const handler = lambdaEntry(() => createGuardrailHandler(guardrailDepsFromEnv()));
