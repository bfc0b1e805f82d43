// The account's CRM record kept up to date: each `CRM Record Changed` the planner publishes
// (functions/core/crm-record.ts) is PATCHed to the HubSpot company or the Salesforce account named by
// its `crmId`, through EventBridge API destinations. The detail already holds each CRM's request
// body, so the rule only picks it out (an input path) and the record id goes into the endpoint's `*`
// as a path parameter: no function of ours runs on the way.
import { type Duration, Fn, SecretValue } from 'aws-cdk-lib';
import {
  ApiDestination,
  Authorization,
  Connection,
  HttpMethod,
  HttpParameter,
  type IEventBus,
  Rule,
  RuleTargetInput,
} from 'aws-cdk-lib/aws-events';
import { ApiDestination as ApiDestinationTarget } from 'aws-cdk-lib/aws-events-targets';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SIGNAL_SOURCE } from '../functions/adapters/eventbridge-publisher.js';
import { CRM_RECORD_CHANGED } from '../functions/core/crm-record.js';

export interface HubSpotDestinationProps {
  /**
   * A secret holding a HubSpot private app's access token (`pat-…`, scope
   * `crm.objects.companies.write`) as plain text; only a dynamic reference to it is in the template.
   */
  readonly tokenSecret: ISecret;
  /**
   * Record updates per second (HubSpot allows a private app about 100 requests per 10 seconds).
   * @default 5
   */
  readonly rateLimitPerSecond?: number;
}

export interface SalesforceDestinationProps {
  /** The org's My Domain address, `https://<domain>.my.salesforce.com`, with no path. */
  readonly instanceUrl: string;
  /** The connected app's consumer key (client id). */
  readonly clientId: string;
  /** A secret holding the connected app's consumer secret as plain text. */
  readonly clientSecret: ISecret;
  /** @default 5 */
  readonly rateLimitPerSecond?: number;
  /** The REST API version. @default 'v60.0' */
  readonly apiVersion?: string;
}

export interface CrmDestinationsProps {
  readonly hubspot?: HubSpotDestinationProps;
  readonly salesforce?: SalesforceDestinationProps;
}

export const DEFAULT_CRM_RATE_PER_SECOND = 5;
export const DEFAULT_SALESFORCE_API_VERSION = 'v60.0';
export const HUBSPOT_COMPANIES = 'https://api.hubapi.com/crm/v3/objects/companies/*';
const INSTANCE_URL = /^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*\.(salesforce\.com|force\.com)$/i;
const API_VERSION = /^v\d{2,3}\.\d$/;

/** Checks the CRM props before anything is made; each error names the prop. */
export function checkedCrmDestinations(props: CrmDestinationsProps): void {
  if (props.hubspot !== undefined) checkedCrmRate(props.hubspot.rateLimitPerSecond, 'destinations.hubspot');
  const salesforce = props.salesforce;
  if (salesforce === undefined) return;
  if (!INSTANCE_URL.test(salesforce.instanceUrl))
    throw new Error(
      'destinations.salesforce.instanceUrl: must be the https address of the org (https://<domain>.my.salesforce.com), with no path or trailing slash',
    );
  if (!/^[A-Za-z0-9._]{1,255}$/.test(salesforce.clientId))
    throw new Error(
      "destinations.salesforce.clientId: must be the connected app's consumer key (letters, digits, . and _)",
    );
  if (salesforce.apiVersion !== undefined && !API_VERSION.test(salesforce.apiVersion))
    throw new Error("destinations.salesforce.apiVersion: must be a REST API version such as 'v60.0'");
  checkedCrmRate(salesforce.rateLimitPerSecond, 'destinations.salesforce');
}

function checkedCrmRate(rate: number | undefined, where: string): void {
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 1 && rate <= 300))
    throw new Error(`${where}.rateLimitPerSecond: must be a whole number of requests per second from 1 to 300`);
}

/** The rule's pattern: teichaku's CRM changes (each carries a `crmId`, or it is not published). */
export function crmRecordPattern() {
  return { source: [SIGNAL_SOURCE], detailType: [CRM_RECORD_CHANGED], detail: { crmId: [{ exists: true }] } };
}

export interface CrmTarget {
  readonly connection: Connection;
  readonly destination: ApiDestination;
  readonly rule: Rule;
}

interface CrmTargetParts {
  readonly eventBus: IEventBus;
  /** The destination's dead-letter queue, made by the caller (destinations.ts). */
  readonly queue: Queue;
  readonly retryAttempts: number;
  readonly maxEventAge: Duration;
}

/** HubSpot: a Bearer header from the private app token, PATCH to the company, `$.detail.hubspot` as body. */
export function hubSpotTarget(scope: Construct, props: HubSpotDestinationProps, parts: CrmTargetParts): CrmTarget {
  const connection = new Connection(scope, 'HubSpotConnection', {
    description: 'teichaku: HubSpot private app token for company updates',
    authorization: Authorization.apiKey(
      'Authorization',
      SecretValue.unsafePlainText(Fn.join('', ['Bearer ', props.tokenSecret.secretValue.unsafeUnwrap()])),
    ),
  });
  return crmTarget(scope, 'HubSpot', connection, {
    endpoint: HUBSPOT_COMPANIES,
    rateLimitPerSecond: props.rateLimitPerSecond ?? DEFAULT_CRM_RATE_PER_SECOND,
    body: '$.detail.hubspot',
    parts,
  });
}

/** Salesforce: OAuth client credentials against the org's token endpoint, PATCH to the Account, `$.detail.salesforce`. */
export function salesforceTarget(
  scope: Construct,
  props: SalesforceDestinationProps,
  parts: CrmTargetParts,
): CrmTarget {
  const connection = new Connection(scope, 'SalesforceConnection', {
    description: 'teichaku: Salesforce connected app (client credentials) for Account updates',
    authorization: Authorization.oauth({
      authorizationEndpoint: `${props.instanceUrl}/services/oauth2/token`,
      httpMethod: HttpMethod.POST,
      clientId: props.clientId,
      clientSecret: props.clientSecret.secretValue,
      bodyParameters: { grant_type: HttpParameter.fromString('client_credentials') },
    }),
  });
  const version = props.apiVersion ?? DEFAULT_SALESFORCE_API_VERSION;
  return crmTarget(scope, 'Salesforce', connection, {
    endpoint: `${props.instanceUrl}/services/data/${version}/sobjects/Account/*`,
    rateLimitPerSecond: props.rateLimitPerSecond ?? DEFAULT_CRM_RATE_PER_SECOND,
    body: '$.detail.salesforce',
    parts,
  });
}

function crmTarget(
  scope: Construct,
  name: 'HubSpot' | 'Salesforce',
  connection: Connection,
  options: { endpoint: string; rateLimitPerSecond: number; body: string; parts: CrmTargetParts },
): CrmTarget {
  const destination = new ApiDestination(scope, `${name}Destination`, {
    description: `teichaku: account records in ${name}`,
    connection,
    endpoint: options.endpoint,
    httpMethod: HttpMethod.PATCH,
    rateLimitPerSecond: options.rateLimitPerSecond,
  });
  const rule = new Rule(scope, `${name}RecordRule`, {
    description: `teichaku: CRM Record Changed to ${name}`,
    eventBus: options.parts.eventBus,
    eventPattern: crmRecordPattern(),
    targets: [
      new ApiDestinationTarget(destination, {
        event: RuleTargetInput.fromEventPath(options.body),
        // The endpoint's `*`: the record id.
        pathParameterValues: ['$.detail.crmId'],
        deadLetterQueue: options.parts.queue,
        retryAttempts: options.parts.retryAttempts,
        maxEventAge: options.parts.maxEventAge,
      }),
    ],
  });
  return { connection, destination, rule };
}
