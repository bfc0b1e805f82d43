// `import { Teichaku } from 'teichaku/infra'`: the construct, its props and the stack `cdk deploy`
// puts up in this repository, for a company's own CDK app.
export {
  Teichaku,
  DEFAULT_EVENT_SOURCE,
  type TeichakuProps,
  type ConfigurationSetOptions,
  type SenderIdentityOptions,
} from './teichaku.js';
export type { DeliverabilityProps, GuardrailProps, ReputationAlarmProps } from './deliverability-props.js';
export type { WeeklyReportOptions } from './weekly-report.js';
export { TeichakuStack, StackContext, stackContextOf } from './stack.js';
export { DEFAULT_CONTENT_FILE } from './settings.js';
export type { HandlerFunction } from './handler-function.js';
export { buildContentForSynth, StaleContentError, type SynthContent } from './content-build.js';
