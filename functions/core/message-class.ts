// Message classes: a `service` email helps a customer use what it already pays for; a `promotional`
// one advertises (a webinar, another company's story). Japan's Act on Specified Electronic Mail
// governs only the latter: it needs a basis per recipient and the full footer, and a recipient may
// refuse it alone while keeping the service email.
import { z } from 'zod';
import type { Program, TouchKind } from './program.js';

export const MESSAGE_CLASSES = ['service', 'promotional'] as const;
export const MessageClass = z.enum(MESSAGE_CLASSES);
export type MessageClass = z.infer<typeof MessageClass>;

/** Classes a program gets for the kinds it does not name. */
export const DEFAULT_MESSAGE_CLASSES: Readonly<Record<TouchKind, MessageClass>> = {
  're-onboarding': 'service',
  'milestone-nudge': 'service',
  'feature-tip': 'service',
  're-engagement': 'service',
  'webinar-invite': 'promotional',
  'success-story': 'promotional',
  'value-review': 'service',
  'monthly-summary': 'service',
  celebration: 'service',
  survey: 'service',
};

/** Topics a contact may opt out of on their own, keeping the rest: the promotional class, and surveys. */
export const OPT_OUT_TOPICS = ['promotional', 'survey'] as const;
export const OptOutTopic = z.enum(OPT_OUT_TOPICS);
export type OptOutTopic = z.infer<typeof OptOutTopic>;

export function messageClassOf(program: Pick<Program, 'messageClasses'>, kind: TouchKind): MessageClass {
  return program.messageClasses?.[kind] ?? DEFAULT_MESSAGE_CLASSES[kind];
}
