// Who may speak to teichaku. By default teichaku has a bus of its own, and its resource policy names
// who may put which `source` there: the product's source (everyone in the account with IAM's
// permission, or only the named principals), the resume source (only the named principals; nobody by
// default) and teichaku's own signal source (only teichaku's functions). A Deny in a resource policy
// holds inside the account too, where an identity policy's `events:PutEvents` on "*" would otherwise do.
import { EventBus, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import { AnyPrincipal, Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SIGNAL_SOURCE } from '../functions/adapters/eventbridge-publisher.js';
import { DETAIL_TYPES } from '../functions/core/events.js';

export interface BusPolicyOptions {
  /** The product's `source`. */
  readonly productSource: string;
  /** Principal ARNs allowed the product source; empty: any principal of the account with IAM's permission. */
  readonly productPrincipals: readonly string[];
  /** The `source` of resume requests. */
  readonly resumeSource: string;
  /** Principal ARNs allowed the resume source; empty: nobody. */
  readonly resumePrincipals: readonly string[];
  /** Role ARNs of teichaku's functions: the only ones allowed the signal source. */
  readonly signalPublishers: readonly string[];
}

export function teichakuBus(scope: Construct, id: string): EventBus {
  return new EventBus(scope, id, { description: 'teichaku: product events, resume requests and teichaku signals' });
}

/** A rule on the product's bus that forwards its events to teichaku's bus; returns the role that puts them. */
export function forwardProductEvents(
  scope: Construct,
  from: IEventBus,
  to: IEventBus,
  source: string,
  deadLetterQueue: IQueue,
): Role {
  const role = new Role(scope, 'ForwardProductEventsRole', {
    // IAM takes role descriptions in Latin-1 only: a typographic apostrophe fails the deploy.
    description: "teichaku: lets the forwarding rule put the product events on teichaku's bus",
    assumedBy: new ServicePrincipal('events.amazonaws.com'),
  });
  new Rule(scope, 'ForwardProductEventsRule', {
    description: 'teichaku: the product’s events to teichaku’s own bus',
    eventBus: from,
    eventPattern: { source: [source], detailType: [...DETAIL_TYPES] },
    targets: [new EventBusTarget(to, { role, deadLetterQueue })],
  });
  return role;
}

const putEvents = (bus: EventBus, sid: string, effect: Effect, conditions: Record<string, Record<string, unknown>>) =>
  bus.addToResourcePolicy(
    new PolicyStatement({
      sid,
      effect,
      principals: [new AnyPrincipal()],
      actions: ['events:PutEvents'],
      resources: [bus.eventBusArn],
      conditions,
    }),
  );

export function restrictBus(bus: EventBus, options: BusPolicyOptions): void {
  const source = (s: string) => ({ StringEquals: { 'events:source': s } });
  for (const [name, s, principals, nobodyByDefault, outside] of [
    ['Product', options.productSource, options.productPrincipals, false, true],
    ['Resume', options.resumeSource, options.resumePrincipals, true, true],
    // Teichaku's own roles need no Allow here: their identity policies suffice inside the account.
    ['Signals', SIGNAL_SOURCE, options.signalPublishers, true, false],
  ] as const) {
    if (principals.length > 0) {
      // The Allow lets principals of other accounts in; inside the account it changes nothing.
      if (outside)
        putEvents(bus, `Allow${name}Source`, Effect.ALLOW, {
          ...source(s),
          ArnLike: { 'aws:PrincipalArn': [...principals] },
        });
      putEvents(bus, `DenyOthers${name}Source`, Effect.DENY, {
        ...source(s),
        ArnNotLike: { 'aws:PrincipalArn': [...principals] },
      });
    } else if (nobodyByDefault) {
      putEvents(bus, `Deny${name}Source`, Effect.DENY, source(s));
    }
  }
}

export interface OwnBusOptions {
  readonly productSource: string;
  readonly productPrincipals: readonly string[];
  /** Teichaku's functions that put events with the product's source (the survey page's answers). */
  readonly productPublishers?: readonly IFunction[];
  /** A bus to forward the product's events from, and where the forwarding rule's failures go. */
  readonly forwardFrom?: IEventBus;
  readonly forwardDeadLetterQueue: IQueue;
  readonly resumeSource: string;
  readonly resumePrincipals: readonly string[];
  /** Teichaku's functions that publish signals. */
  readonly signalPublishers: readonly IFunction[];
}

function roleArnOf(fn: IFunction): string {
  if (fn.role === undefined) throw new Error(`teichaku: function ${fn.node.path} has no role`);
  return fn.role.roleArn;
}

/** Forwarding (when asked) and the source policy of teichaku's own bus; returns the forwarding rule's role. */
export function guardOwnBus(scope: Construct, bus: EventBus, options: OwnBusOptions): Role | undefined {
  const forwarder =
    options.forwardFrom === undefined
      ? undefined
      : forwardProductEvents(scope, options.forwardFrom, bus, options.productSource, options.forwardDeadLetterQueue);
  restrictBus(bus, {
    productSource: options.productSource,
    // Once principals are named, the forwarding rule's role must be among them.
    productPrincipals:
      options.productPrincipals.length === 0
        ? []
        : [
            ...options.productPrincipals,
            ...(forwarder === undefined ? [] : [forwarder.roleArn]),
            ...(options.productPublishers ?? []).map(roleArnOf),
          ],
    resumeSource: options.resumeSource,
    resumePrincipals: options.resumePrincipals,
    signalPublishers: options.signalPublishers.map(roleArnOf),
  });
  return forwarder;
}
