// The notification destinations: Slack and Teams through API destinations, each with its Connection,
// rate limit, rules per route, retries and a dead-letter queue; no secret value in the template.
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { afterAll, describe, expect, it } from 'vitest';
import { NotificationSettings } from '../../functions/core/notifications.js';
import { buildTeichaku, removeTemporaryDirs, synthTeichaku } from './fixtures/synth.js';
import { environmentOf, resourcesOf } from './fixtures/template-queries.js';

afterAll(removeTemporaryDirs);

const SLACK_TOKEN_ARN = 'arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:teichaku/slack-bot-AbCdEf';
const TEAMS_URL_ARN = 'arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:teichaku/teams-webhook-GhIjKl';

describe('notification destinations', () => {
  const { template, stack, teichaku } = synthTeichaku(
    (s) => ({
      destinations: {
        slack: {
          botTokenSecret: Secret.fromSecretCompleteArn(s, 'SlackToken', SLACK_TOKEN_ARN),
          routes: [
            { channel: 'C0RISK0001', signalTypes: ['Account At Risk', 'Key Contact Changed'] },
            { channel: 'C0ENTPRS01', programs: ['enterprise'] },
          ],
          rateLimitPerSecond: 2,
        },
        teams: { webhookUrlSecret: Secret.fromSecretCompleteArn(s, 'TeamsUrl', TEAMS_URL_ARN) },
        csOwnerSlackIds: { 'aiko@example.com': 'U0AIKO0001' },
        crmRecordUrl: 'https://app.hubspot.com/contacts/4242/record/0-2/{crmId}',
        locale: 'ja',
      },
    }),
    { nag: true },
  );
  const resolved = (token: unknown) => stack.resolve(token);
  const rules = resourcesOf(template, 'AWS::Events::Rule').map(([, r]) => r.Properties ?? {});
  const targetOf = (rule: Record<string, unknown>) =>
    (rule.Targets as { Arn: unknown; InputTransformer?: { InputTemplate: string; InputPathsMap: object } }[])[0];
  const apiTargets = rules.filter((r) => JSON.stringify(targetOf(r)?.Arn ?? '').includes('Destination'));

  it('keeps the Slack bot token in a Connection with a Bearer header, from the user’s secret by reference', () => {
    const connections = resourcesOf(template, 'AWS::Events::Connection').map(([, r]) => r.Properties ?? {});
    expect(connections).toHaveLength(2);
    const slack = connections.find((c) => String(c.Description).includes('Slack'));
    const auth = slack?.AuthParameters as { ApiKeyAuthParameters: { ApiKeyName: string; ApiKeyValue: unknown } };
    expect(slack?.AuthorizationType).toBe('API_KEY');
    expect(auth.ApiKeyAuthParameters.ApiKeyName).toBe('Authorization');
    const value = JSON.stringify(auth.ApiKeyAuthParameters.ApiKeyValue);
    expect(value).toContain('Bearer ');
    expect(value).toContain(`{{resolve:secretsmanager:${SLACK_TOKEN_ARN}:SecretString:::}}`);
  });

  it('posts to chat.postMessage at the configured rate, and to the Teams workflow URL by reference', () => {
    const destinations = resourcesOf(template, 'AWS::Events::ApiDestination').map(([, r]) => r.Properties ?? {});
    expect(destinations).toHaveLength(2);
    const slack = destinations.find((d) => d.InvocationEndpoint === 'https://slack.com/api/chat.postMessage');
    expect(slack?.HttpMethod).toBe('POST');
    expect(slack?.InvocationRateLimitPerSecond).toBe(2);
    const teams = destinations.find((d) => d !== slack);
    expect(teams?.InvocationRateLimitPerSecond).toBe(1);
    expect(JSON.stringify(teams?.InvocationEndpoint)).toContain(`{{resolve:secretsmanager:${TEAMS_URL_ARN}`);
  });

  it('routes each Slack route’s signal types and programs to its channel, shaped as {channel, text, blocks}', () => {
    const slackRules = rules.filter((r) => String(r.Description).includes('Slack channel'));
    expect(slackRules).toHaveLength(2);
    const risk = slackRules.find((r) => String(r.Description).includes('C0RISK0001'));
    expect(risk?.EventPattern).toEqual({
      source: ['teichaku'],
      'detail-type': ['Account At Risk', 'Key Contact Changed'],
      detail: { notification: { title: [{ exists: true }] } },
    });
    const input = targetOf(risk ?? {})?.InputTransformer;
    expect(input?.InputPathsMap).toEqual({
      'detail-notification-text': '$.detail.notification.text',
      'detail-notification-slackBlocks': '$.detail.notification.slackBlocks',
    });
    expect(JSON.parse(input?.InputTemplate.replace(/<([^>]+)>/g, '"$1"') ?? '')).toEqual({
      channel: 'C0RISK0001',
      text: 'detail-notification-text',
      blocks: 'detail-notification-slackBlocks',
    });
    const enterprise = slackRules.find((r) => String(r.Description).includes('C0ENTPRS01'));
    expect(enterprise?.EventPattern).toMatchObject({
      'detail-type': [
        'Account At Risk',
        'Key Contact Changed',
        'Phase Changed',
        'Sending Paused',
        'Renewal Approaching',
        'Detractor',
        'Support Surge',
        'Account Recovered',
      ],
      detail: { account: { program: ['enterprise'] } },
    });
  });

  it('sends the Teams card as the whole body', () => {
    const teams = rules.find((r) => String(r.Description).includes('Teams'));
    const target = targetOf(teams ?? {}) as unknown as { InputPath?: string; InputTransformer?: unknown };
    expect(target.InputPath).toBe('$.detail.notification.teams');
    expect(target.InputTransformer).toBeUndefined();
  });

  it('retries each delivery and keeps what failed in the destination’s dead-letter queue, with an alarm', () => {
    expect(apiTargets).toHaveLength(3);
    const slackQueue = resolved(teichaku.destinations?.deadLetterQueues.slack?.queueArn);
    const teamsQueue = resolved(teichaku.destinations?.deadLetterQueues.teams?.queueArn);
    for (const rule of apiTargets) {
      const target = targetOf(rule) as unknown as {
        RetryPolicy: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
        DeadLetterConfig: { Arn: unknown };
      };
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 6 * 3600 });
      expect([slackQueue, teamsQueue]).toContainEqual(target.DeadLetterConfig.Arn);
    }
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) =>
      String(a.Properties?.AlarmDescription),
    );
    expect(alarms.filter((d) => /the (slack|teams) dead-letter queue/.test(d))).toHaveLength(2);
  });

  it('holds no secret value: only references to the user’s secrets', () => {
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/xox[bp]-/);
    expect(json).not.toContain('webhook.office.com');
    expect(json).not.toContain('logic.azure.com');
  });

  it('gives every function that publishes a notified signal the owners’ Slack ids, the CRM address and the language', () => {
    for (const name of ['ingest', 'planner', 'engagement', 'guardrail']) {
      const settings = NotificationSettings.parse(
        JSON.parse(String(environmentOf(template, name).NOTIFICATION_SETTINGS)),
      );
      expect(settings).toEqual({
        csOwnerSlackIds: { 'aiko@example.com': 'U0AIKO0001' },
        crmRecordUrl: 'https://app.hubspot.com/contacts/4242/record/0-2/{crmId}',
        notificationLocale: 'ja',
      });
    }
  });
});

describe('destination props', () => {
  const slack = (routes: object[]) => (s: Parameters<typeof Secret.fromSecretCompleteArn>[0]) => ({
    destinations: {
      slack: {
        botTokenSecret: Secret.fromSecretCompleteArn(s, 'SlackToken', SLACK_TOKEN_ARN),
        routes: routes as never,
      },
    },
  });

  it.each([
    [[], /destinations\.slack\.routes: give at least one route/],
    [[{ channel: '#cs-alerts' }], /routes\[0\]\.channel: must be a Slack channel id/],
    [[{ channel: 'C0RISK0001', signalTypes: ['Touch Sent'] }], /routes\[0\]\.signalTypes: Touch Sent is not one of/],
    [[{ channel: 'C0RISK0001', programs: [] }], /routes\[0\]\.programs: leave it out/],
  ])('refuses Slack routes %j, naming the prop', (routes, message) => {
    expect(() => buildTeichaku(slack(routes))).toThrow(message);
  });

  it('refuses a Slack id that is no member id and a CRM address without {crmId}', () => {
    expect(() => buildTeichaku({ destinations: { csOwnerSlackIds: { 'aiko@example.com': '@aiko' } } })).toThrow(
      /destinations\.csOwnerSlackIds.*Slack member id/,
    );
    expect(() => buildTeichaku({ destinations: { crmRecordUrl: 'https://crm.example.com/accounts' } })).toThrow(
      /destinations\.crmRecordUrl: must contain \{crmId\}/,
    );
  });

  it('refuses a notification language other than ja or en, naming the prop', () => {
    expect(() => buildTeichaku({ destinations: { locale: 'fr' as never } })).toThrow(
      /destinations\.locale: must be ja or en/,
    );
  });

  it('makes no destination and an empty mapping without the prop', () => {
    const { template, teichaku } = synthTeichaku();
    expect(teichaku.destinations).toBeUndefined();
    expect(resourcesOf(template, 'AWS::Events::Connection')).toHaveLength(0);
    expect(JSON.parse(String(environmentOf(template, 'ingest').NOTIFICATION_SETTINGS))).toEqual({
      csOwnerSlackIds: {},
    });
  });
});
