// Where the CS team reads the signals: Slack and a Microsoft Teams workflow webhook, each through
// EventBridge API destinations (a Connection holding the secret, an ApiDestination with a rate
// limit, one rule per route with an input transformer, retries and a dead-letter queue). The
// publisher already put the words in the signal's detail (`notification`, core/notifications.ts),
// so a transformer only picks parts out; no function of ours runs on the way.
import { Duration, Fn, type RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import {
  ApiDestination,
  Authorization,
  Connection,
  EventField,
  HttpMethod,
  type IEventBus,
  Rule,
  RuleTargetInput,
} from 'aws-cdk-lib/aws-events';
import { ApiDestination as ApiDestinationTarget } from 'aws-cdk-lib/aws-events-targets';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SIGNAL_SOURCE } from '../functions/adapters/eventbridge-publisher.js';
import { NOTIFIED_SIGNAL_TYPES, NotificationSettings } from '../functions/core/notifications.js';
import { acknowledgeRuleTargetDeadLetterQueue } from './acknowledgements.js';
import {
  type CrmDestinationsProps,
  type CrmTarget,
  checkedCrmDestinations,
  hubSpotTarget,
  salesforceTarget,
} from './crm-destinations.js';
import { deadLetterQueue } from './queues.js';

export type NotifiedSignalType = (typeof NOTIFIED_SIGNAL_TYPES)[number];

/** Which notifications go to one place: by signal type and by the account's program. */
export interface NotificationRoute {
  /**
   * The signal types of this route.
   * @default - every notified type: Account At Risk, Key Contact Changed, Phase Changed (to expansion-ready), Sending Paused
   */
  readonly signalTypes?: readonly NotifiedSignalType[];
  /**
   * Program ids whose accounts' notifications go here. `Sending Paused` is about no account, so a
   * route with programs never gets it.
   * @default - every program
   */
  readonly programs?: readonly string[];
}

export interface SlackRoute extends NotificationRoute {
  /** The channel id (`C…`) the bot posts in; the bot must be a member of it. */
  readonly channel: string;
}

export interface SlackDestinationProps {
  /** A secret holding the bot token (`xoxb-…`) as plain text; only its ARN is in the template. */
  readonly botTokenSecret: ISecret;
  readonly routes: readonly SlackRoute[];
  /**
   * Requests per second to chat.postMessage (Slack allows about one message per second per channel).
   * @default 1
   */
  readonly rateLimitPerSecond?: number;
}

export interface TeamsDestinationProps {
  /**
   * A secret holding the workflow's webhook URL (Teams "When a Teams webhook request is received") as
   * plain text. The URL is the credential: only a dynamic reference to it is in the template.
   */
  readonly webhookUrlSecret: ISecret;
  /** @default - every notified signal type of every program */
  readonly routes?: readonly NotificationRoute[];
  /** @default 1 */
  readonly rateLimitPerSecond?: number;
}

export interface DestinationsProps extends CrmDestinationsProps {
  readonly slack?: SlackDestinationProps;
  readonly teams?: TeamsDestinationProps;
  /**
   * CS owner email → Slack member id (`U…`): the owner is mentioned in Slack instead of named.
   * @default - owners are named
   */
  readonly csOwnerSlackIds?: Readonly<Record<string, string>>;
  /**
   * The address of an account's CRM record with `{crmId}` for its id (`crmId` of `Account Upserted`):
   * notifications link to it.
   * @default - no link
   */
  readonly crmRecordUrl?: string;
  /**
   * The language of the notifications' words (titles, reasons, labels, dates and amounts): the CS
   * team's, not the customers'.
   * @default 'en'
   */
  readonly locale?: 'ja' | 'en';
}

/** Retries of a delivery EventBridge could not make (5xx, 429, a timeout), within `MAX_EVENT_AGE`. */
export const DESTINATION_RETRY_ATTEMPTS = 20;
export const MAX_EVENT_AGE = Duration.hours(6);
const SLACK_POST_MESSAGE = 'https://slack.com/api/chat.postMessage';
const SLACK_CHANNEL = /^[CGD][A-Z0-9]{2,20}$/;

export interface DestinationsPartProps {
  readonly eventBus: IEventBus;
  readonly removalPolicy: RemovalPolicy;
}

/** Checks the props before anything is made; each error names the prop. */
export function checkedDestinations(props: DestinationsProps | undefined): void {
  if (props === undefined) return;
  checkedCrmDestinations(props);
  const slack = props.slack;
  if (slack !== undefined) {
    if (slack.routes.length === 0) throw new Error('destinations.slack.routes: give at least one route (a channel)');
    slack.routes.forEach((route, i) => {
      if (!SLACK_CHANNEL.test(route.channel))
        throw new Error(`destinations.slack.routes[${i}].channel: must be a Slack channel id such as C0123ABCD`);
      checkedRoute(route, `destinations.slack.routes[${i}]`);
    });
    checkedRate(slack.rateLimitPerSecond, 'destinations.slack.rateLimitPerSecond');
  }
  const teams = props.teams;
  if (teams !== undefined) {
    (teams.routes ?? []).forEach((route, i) => checkedRoute(route, `destinations.teams.routes[${i}]`));
    checkedRate(teams.rateLimitPerSecond, 'destinations.teams.rateLimitPerSecond');
  }
}

function checkedRoute(route: NotificationRoute, where: string): void {
  if (route.signalTypes !== undefined && route.signalTypes.length === 0)
    throw new Error(`${where}.signalTypes: leave it out for every type, or name at least one`);
  for (const type of route.signalTypes ?? [])
    if (!(NOTIFIED_SIGNAL_TYPES as readonly string[]).includes(type))
      throw new Error(`${where}.signalTypes: ${type} is not one of ${NOTIFIED_SIGNAL_TYPES.join(', ')}`);
  if (route.programs !== undefined && route.programs.length === 0)
    throw new Error(`${where}.programs: leave it out for every program, or name at least one`);
}

function checkedRate(rate: number | undefined, where: string): void {
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 1 && rate <= 300))
    throw new Error(`${where}: must be a whole number of requests per second from 1 to 300`);
}

/** The event pattern of one route: teichaku's signals of its types that carry a notification. */
export function routePattern(route: NotificationRoute) {
  return {
    source: [SIGNAL_SOURCE],
    detailType: [...(route.signalTypes ?? NOTIFIED_SIGNAL_TYPES)],
    detail: {
      notification: { title: [{ exists: true }] },
      ...(route.programs === undefined ? {} : { account: { program: [...route.programs] } }),
    },
  };
}

export class Destinations {
  readonly slackConnection?: Connection;
  readonly slackDestination?: ApiDestination;
  readonly slackRules: readonly Rule[] = [];
  readonly teamsConnection?: Connection;
  readonly teamsDestination?: ApiDestination;
  readonly teamsRules: readonly Rule[] = [];
  /** The HubSpot company updates (crm-destinations.ts), when `hubspot` is given. */
  readonly hubspot?: CrmTarget;
  /** The Salesforce Account updates, when `salesforce` is given. */
  readonly salesforce?: CrmTarget;
  /** Deliveries that failed every retry, one queue per destination (`slack`, `teams`, `hubspot`, `salesforce`). */
  readonly deadLetterQueues: Readonly<Record<string, Queue>>;

  constructor(scope: Construct, props: DestinationsProps, part: DestinationsPartProps) {
    const queues: Record<string, Queue> = {};
    if (props.slack !== undefined) {
      const slack = props.slack;
      const queue = destinationDeadLetterQueue(scope, 'SlackDeadLetterQueue', part.removalPolicy);
      queues.slack = queue;
      // Slack wants `Authorization: Bearer xoxb-…`; the Connection keeps the header value in a secret
      // of its own, built at deploy time from a dynamic reference to the user's secret.
      this.slackConnection = new Connection(scope, 'SlackConnection', {
        description: 'teichaku: Slack bot token for chat.postMessage',
        authorization: Authorization.apiKey(
          'Authorization',
          SecretValue.unsafePlainText(Fn.join('', ['Bearer ', slack.botTokenSecret.secretValue.unsafeUnwrap()])),
        ),
      });
      this.slackDestination = new ApiDestination(scope, 'SlackDestination', {
        description: 'teichaku: notifications to Slack',
        connection: this.slackConnection,
        endpoint: SLACK_POST_MESSAGE,
        httpMethod: HttpMethod.POST,
        rateLimitPerSecond: slack.rateLimitPerSecond ?? 1,
      });
      const destination = this.slackDestination;
      this.slackRules = slack.routes.map(
        (route, i) =>
          new Rule(scope, `SlackRoute${i}`, {
            description: `teichaku: notifications to Slack channel ${route.channel}`,
            eventBus: part.eventBus,
            eventPattern: routePattern(route),
            targets: [
              new ApiDestinationTarget(destination, {
                event: RuleTargetInput.fromObject({
                  channel: route.channel,
                  text: EventField.fromPath('$.detail.notification.text'),
                  blocks: EventField.fromPath('$.detail.notification.slackBlocks'),
                }),
                deadLetterQueue: queue,
                retryAttempts: DESTINATION_RETRY_ATTEMPTS,
                maxEventAge: MAX_EVENT_AGE,
              }),
            ],
          }),
      );
    }
    if (props.teams !== undefined) {
      const teams = props.teams;
      const queue = destinationDeadLetterQueue(scope, 'TeamsDeadLetterQueue', part.removalPolicy);
      queues.teams = queue;
      // A Connection is mandatory, but the workflow webhook takes no credential of its own (its URL
      // is signed): an API-key header naming the sender, which the webhook ignores, satisfies it.
      this.teamsConnection = new Connection(scope, 'TeamsConnection', {
        description: 'teichaku: Teams workflow webhook (no credential; the URL is signed)',
        authorization: Authorization.apiKey('X-Teichaku-Sender', SecretValue.unsafePlainText('teichaku')),
      });
      this.teamsDestination = new ApiDestination(scope, 'TeamsDestination', {
        description: 'teichaku: notifications to a Teams workflow',
        connection: this.teamsConnection,
        endpoint: teams.webhookUrlSecret.secretValue.unsafeUnwrap(),
        httpMethod: HttpMethod.POST,
        rateLimitPerSecond: teams.rateLimitPerSecond ?? 1,
      });
      const destination = this.teamsDestination;
      this.teamsRules = (teams.routes ?? [{}]).map(
        (route, i) =>
          new Rule(scope, `TeamsRoute${i}`, {
            description: 'teichaku: notifications to a Teams workflow',
            eventBus: part.eventBus,
            eventPattern: routePattern(route),
            targets: [
              new ApiDestinationTarget(destination, {
                event: RuleTargetInput.fromEventPath('$.detail.notification.teams'),
                deadLetterQueue: queue,
                retryAttempts: DESTINATION_RETRY_ATTEMPTS,
                maxEventAge: MAX_EVENT_AGE,
              }),
            ],
          }),
      );
    }
    const crmParts = (queue: Queue) => ({
      eventBus: part.eventBus,
      queue,
      retryAttempts: DESTINATION_RETRY_ATTEMPTS,
      maxEventAge: MAX_EVENT_AGE,
    });
    if (props.hubspot !== undefined) {
      queues.hubspot = destinationDeadLetterQueue(scope, 'HubSpotDeadLetterQueue', part.removalPolicy);
      this.hubspot = hubSpotTarget(scope, props.hubspot, crmParts(queues.hubspot));
    }
    if (props.salesforce !== undefined) {
      queues.salesforce = destinationDeadLetterQueue(scope, 'SalesforceDeadLetterQueue', part.removalPolicy);
      this.salesforce = salesforceTarget(scope, props.salesforce, crmParts(queues.salesforce));
    }
    this.deadLetterQueues = queues;
  }
}

/** A destination's dead-letter queue: the rule target's, which cdk-nag does not recognise as one. */
function destinationDeadLetterQueue(scope: Construct, id: string, removalPolicy: RemovalPolicy): Queue {
  const queue = deadLetterQueue(scope, id, removalPolicy);
  acknowledgeRuleTargetDeadLetterQueue(queue);
  return queue;
}

/** The `destinations` prop each notification setting comes from, for the error message. */
const PROP_OF_SETTING: Readonly<Record<string, string>> = {
  csOwnerSlackIds: 'csOwnerSlackIds',
  crmRecordUrl: 'crmRecordUrl',
  notificationLocale: 'locale',
};

/** The notification settings the publishing functions read (NOTIFICATION_SETTINGS). */
export function notificationSettingsOf(props: DestinationsProps | undefined): string {
  const settings = {
    csOwnerSlackIds: props?.csOwnerSlackIds ?? {},
    ...(props?.crmRecordUrl === undefined ? {} : { crmRecordUrl: props.crmRecordUrl }),
    // Left out when not given, so a deployment that does not choose keeps its environment as it was.
    ...(props?.locale === undefined ? {} : { notificationLocale: props.locale }),
  };
  const parsed = NotificationSettings.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = PROP_OF_SETTING[String(issue?.path[0])] ?? 'csOwnerSlackIds';
    const key = issue?.path[1] === undefined ? '' : ` (entry ${String(issue.path[1]).length} characters long)`;
    throw new Error(`destinations.${field}${key}: ${issue?.message ?? 'invalid'}`);
  }
  const json = JSON.stringify(settings);
  // Lambda's whole environment is at most 4 KB; this leaves the rest of the variables room.
  if (json.length > 2048)
    throw new Error(
      `destinations.csOwnerSlackIds: ${json.length} characters of settings, at most 2048 fit a function's environment`,
    );
  return json;
}
