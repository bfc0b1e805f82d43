// The CRM record updates: HubSpot and Salesforce through API destinations, each with its Connection
// (a private app token by reference, OAuth client credentials), a PATCH endpoint whose `*` is the
// record id, a rule on `CRM Record Changed` that picks the CRM's body, retries and a dead-letter
// queue with an alarm; no secret value in the template; cdk-nag clean.
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTeichaku, removeTemporaryDirs, synthTeichaku } from './fixtures/synth.js';
import { resourcesOf } from './fixtures/template-queries.js';

afterAll(removeTemporaryDirs);

const HUBSPOT_TOKEN_ARN = 'arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:teichaku/hubspot-token-AbCdEf';
const SF_SECRET_ARN = 'arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:teichaku/salesforce-app-GhIjKl';
const INSTANCE = 'https://example-org.my.salesforce.com';

type Target = {
  Arn: unknown;
  InputPath?: string;
  HttpParameters?: { PathParameterValues?: string[] };
  RetryPolicy: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
  DeadLetterConfig: { Arn: unknown };
};

describe('CRM destinations', () => {
  const { template, stack, teichaku } = synthTeichaku(
    (s) => ({
      destinations: {
        hubspot: { tokenSecret: Secret.fromSecretCompleteArn(s, 'HubSpotToken', HUBSPOT_TOKEN_ARN) },
        salesforce: {
          instanceUrl: INSTANCE,
          clientId: '3MVG9example.Key_01',
          clientSecret: Secret.fromSecretCompleteArn(s, 'SalesforceSecret', SF_SECRET_ARN),
          rateLimitPerSecond: 3,
        },
      },
    }),
    { nag: true },
  );
  const resolved = (token: unknown) => stack.resolve(token);
  const connections = resourcesOf(template, 'AWS::Events::Connection').map(([, r]) => r.Properties ?? {});
  const destinations = resourcesOf(template, 'AWS::Events::ApiDestination').map(([, r]) => r.Properties ?? {});
  const rules = resourcesOf(template, 'AWS::Events::Rule').map(([, r]) => r.Properties ?? {});
  const crmRules = rules.filter((r) => String(r.Description).includes('CRM Record Changed'));
  const targetOf = (rule: Record<string, unknown>) => (rule.Targets as Target[])[0] as Target;

  it('sends the HubSpot private app token as a Bearer header, from the user’s secret by reference', () => {
    const hubspot = connections.find((c) => String(c.Description).includes('HubSpot'));
    const auth = hubspot?.AuthParameters as { ApiKeyAuthParameters: { ApiKeyName: string; ApiKeyValue: unknown } };
    expect(hubspot?.AuthorizationType).toBe('API_KEY');
    expect(auth.ApiKeyAuthParameters.ApiKeyName).toBe('Authorization');
    const value = JSON.stringify(auth.ApiKeyAuthParameters.ApiKeyValue);
    expect(value).toContain('Bearer ');
    expect(value).toContain(`{{resolve:secretsmanager:${HUBSPOT_TOKEN_ARN}:SecretString:::}}`);
  });

  it('gets Salesforce tokens by OAuth client credentials from the org’s token endpoint', () => {
    const salesforce = connections.find((c) => String(c.Description).includes('Salesforce'));
    expect(salesforce?.AuthorizationType).toBe('OAUTH_CLIENT_CREDENTIALS');
    const oauth = (salesforce?.AuthParameters as { OAuthParameters: Record<string, unknown> }).OAuthParameters;
    expect(oauth.AuthorizationEndpoint).toBe(`${INSTANCE}/services/oauth2/token`);
    expect(oauth.HttpMethod).toBe('POST');
    const client = oauth.ClientParameters as { ClientID: string; ClientSecret: unknown };
    expect(client.ClientID).toBe('3MVG9example.Key_01');
    expect(JSON.stringify(client.ClientSecret)).toContain(`{{resolve:secretsmanager:${SF_SECRET_ARN}`);
    expect(JSON.stringify(oauth.OAuthHttpParameters)).toContain('client_credentials');
  });

  it('PATCHes the company and the Account at the configured rates, the record id in the endpoint’s *', () => {
    const hubspot = destinations.find((d) => String(d.InvocationEndpoint).includes('hubapi'));
    expect(hubspot?.InvocationEndpoint).toBe('https://api.hubapi.com/crm/v3/objects/companies/*');
    expect(hubspot?.HttpMethod).toBe('PATCH');
    expect(hubspot?.InvocationRateLimitPerSecond).toBe(5);
    const salesforce = destinations.find((d) => String(d.InvocationEndpoint).startsWith(INSTANCE));
    expect(salesforce?.InvocationEndpoint).toBe(`${INSTANCE}/services/data/v60.0/sobjects/Account/*`);
    expect(salesforce?.HttpMethod).toBe('PATCH');
    expect(salesforce?.InvocationRateLimitPerSecond).toBe(3);
  });

  it('routes CRM Record Changed with a crmId to each, the body picked by input path', () => {
    expect(crmRules).toHaveLength(2);
    for (const rule of crmRules)
      expect(rule.EventPattern).toEqual({
        source: ['teichaku'],
        'detail-type': ['CRM Record Changed'],
        detail: { crmId: [{ exists: true }] },
      });
    const paths = crmRules.map((r) => targetOf(r).InputPath).sort();
    expect(paths).toEqual(['$.detail.hubspot', '$.detail.salesforce']);
    for (const rule of crmRules) expect(targetOf(rule).HttpParameters?.PathParameterValues).toEqual(['$.detail.crmId']);
  });

  it('retries each update and keeps what failed in the CRM’s dead-letter queue, with an alarm', () => {
    const queues = teichaku.destinations?.deadLetterQueues ?? {};
    expect(Object.keys(queues).sort()).toEqual(['hubspot', 'salesforce']);
    const arns = [resolved(queues.hubspot?.queueArn), resolved(queues.salesforce?.queueArn)];
    for (const rule of crmRules) {
      const target = targetOf(rule);
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 6 * 3600 });
      expect(arns).toContainEqual(target.DeadLetterConfig.Arn);
    }
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) =>
      String(a.Properties?.AlarmDescription),
    );
    expect(alarms.filter((d) => /the (hubspot|salesforce) dead-letter queue/.test(d))).toHaveLength(2);
  });

  it('holds no secret value and makes no Slack or Teams resource', () => {
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/pat-(na|eu)\d?-/);
    expect(connections).toHaveLength(2);
    expect(teichaku.destinations?.slackDestination).toBeUndefined();
  });
});

describe('CRM destination props', () => {
  const salesforce = (over: object) => (s: Parameters<typeof Secret.fromSecretCompleteArn>[0]) => ({
    destinations: {
      salesforce: {
        instanceUrl: INSTANCE,
        clientId: 'key',
        clientSecret: Secret.fromSecretCompleteArn(s, 'SalesforceSecret', SF_SECRET_ARN),
        ...over,
      },
    },
  });

  it.each([
    [
      { instanceUrl: 'http://example-org.my.salesforce.com' },
      /destinations\.salesforce\.instanceUrl: must be the https/,
    ],
    [{ instanceUrl: `${INSTANCE}/` }, /destinations\.salesforce\.instanceUrl/],
    [{ instanceUrl: 'https://crm.example.com' }, /destinations\.salesforce\.instanceUrl/],
    [{ clientId: 'key with spaces' }, /destinations\.salesforce\.clientId/],
    [{ apiVersion: '60' }, /destinations\.salesforce\.apiVersion: must be a REST API version/],
    [{ rateLimitPerSecond: 0 }, /destinations\.salesforce\.rateLimitPerSecond: must be a whole number/],
  ])('refuses Salesforce props %j, naming the prop', (over, message) => {
    expect(() => buildTeichaku(salesforce(over))).toThrow(message);
  });

  it('refuses a HubSpot rate that is not a whole number', () => {
    expect(() =>
      buildTeichaku((s) => ({
        destinations: {
          hubspot: {
            tokenSecret: Secret.fromSecretCompleteArn(s, 'HubSpotToken', HUBSPOT_TOKEN_ARN),
            rateLimitPerSecond: 2.5,
          },
        },
      })),
    ).toThrow(/destinations\.hubspot\.rateLimitPerSecond: must be a whole number/);
  });
});
