// `import { Teichaku } from 'teichaku/infra'`: the construct, its props and the stack `cdk deploy`
// puts up in this repository, for a company's own CDK app.

export { buildContentForSynth, StaleContentError, type SynthContent } from './content-build.js';
export type { DailyDigestOptions } from './daily-digest.js';
export type { DeliverabilityProps, GuardrailProps, ReputationAlarmProps } from './deliverability-props.js';
export type { HandlerFunction } from './handler-function.js';
export { DEFAULT_CONTENT_FILE } from './settings.js';
export { StackContext, stackContextOf, TeichakuStack } from './stack.js';
export {
  type ConfigurationSetOptions,
  DEFAULT_EVENT_SOURCE,
  type SenderIdentityOptions,
  Teichaku,
  type TeichakuProps,
} from './teichaku.js';
export type { WeeklyReportOptions } from './weekly-report.js';
