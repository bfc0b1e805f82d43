// The core's public API: what handlers, adapters and the CLI import. Pure: no I/O, time is an argument.
export * from './events.js';
export * from './program.js';
export * from './catalogs.js';
export * from './state.js';
export * from './decisions.js';
export * from './signals.js';
export type { ApplyResult, IgnoredReason, PlanResult } from './engine.js';
export * from './time.js';
export { applyEvents, activeDayRetention, MAX_TRACKED_ACTIONS } from './apply-events.js';
export { assessAccount, featureUse } from './assess.js';
export { accountTimeZone, milestoneDueAt, milestoneReachedDay, reachedMilestones } from './milestones.js';
export { planTouches, TOUCH_HISTORY_LIMIT } from './plan-touches.js';
export { adoptionEndAt, cadenceSlotAt, deriveNextDueAt, nextStepAfter } from './cadence.js';
export { checkSendWindow, isInsideWindow, nextWindowStart, type WindowCheck } from './send-window.js';
export { isJapaneseHoliday } from './holidays.js';
export { touchIdFor, type TouchIdParts } from './touch-id.js';
export { capLiftsAt, capUntil } from './frequency-cap.js';
export { chooseContent, currentStage, localeOf, unusedFeatures } from './content-choice.js';
