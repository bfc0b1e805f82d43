import { describe, expect, it } from 'vitest';
import { ConfigError, HANDLER_ENV, handlerConfig } from '../../functions/handlers/config.js';

const FULL = {
  TABLE_NAME: 'teichaku',
  EVENT_BUS_NAME: 'product',
  EVENT_SOURCE: 'com.example.product',
  SEND_QUEUE_URL: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/send',
  FROM_ADDRESS: 'cs@example.com',
  CONFIGURATION_SET_NAME: 'teichaku',
  SEND_RATE_PER_SECOND: '14',
  UNSUBSCRIBE_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:u',
  UNSUBSCRIBE_BASE_URL: 'https://abc.lambda-url.ap-northeast-1.on.aws/',
  POWERTOOLS_SERVICE_NAME: 'teichaku',
  DEAD_LETTER_QUEUE_URL: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/send-dead-letters',
  PLANNING_QUEUE_URL: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/planning',
};

describe('handler config', () => {
  it('parses the sender environment into typed values with defaults', () => {
    const config = handlerConfig('sender', FULL);
    expect(config.SEND_RATE_PER_SECOND).toBe(14);
    expect(config.DUE_SHARDS).toBe(16);
    expect(config.CONTENT_FILE).toBe('./content.json');
  });

  it.each(
    (Object.keys(HANDLER_ENV) as (keyof typeof HANDLER_ENV)[]).filter((name) =>
      (HANDLER_ENV[name] as readonly string[]).includes('TABLE_NAME'),
    ),
  )('fails %s naming a missing variable', (name) => {
    const env: Record<string, string> = { ...FULL };
    delete env.TABLE_NAME;
    expect(() => handlerConfig(name, env)).toThrowError(/TABLE_NAME is missing/);
  });

  it('names every bad variable at once, without echoing values', () => {
    const error = (() => {
      try {
        handlerConfig('sender', {
          ...FULL,
          SEND_RATE_PER_SECOND: '-3',
          FROM_ADDRESS: 'not-an-address-secret',
          DUE_SHARDS: '0',
        });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/SEND_RATE_PER_SECOND/);
    expect(message).toMatch(/FROM_ADDRESS/);
    expect(message).toMatch(/DUE_SHARDS/);
    expect(message).not.toContain('not-an-address-secret');
  });

  it('reads the planner fan-out: the coordinator’s queue and shards per item, the planner’s accounts per item', () => {
    expect(handlerConfig('coordinator', FULL)).toMatchObject({ DUE_SHARDS: 16, PLANNER_SHARDS_PER_ITEM: 1 });
    expect(handlerConfig('planner', FULL).PLANNER_ACCOUNTS_PER_ITEM).toBe(1_000);
    expect(() => handlerConfig('coordinator', { ...FULL, PLANNING_QUEUE_URL: '' })).toThrowError(
      /PLANNING_QUEUE_URL is missing/,
    );
    expect(() => handlerConfig('planner', { ...FULL, PLANNER_ACCOUNTS_PER_ITEM: '0' })).toThrowError(
      /PLANNER_ACCOUNTS_PER_ITEM/,
    );
  });

  it('does not require what a handler does not use', () => {
    expect(() => handlerConfig('engagement', { TABLE_NAME: 't', EVENT_BUS_NAME: 'b' })).not.toThrow();
  });

  it('reads the future tolerance and the csOwner domains of ingest, with their defaults', () => {
    const defaults = handlerConfig('ingest', FULL);
    expect(defaults.FUTURE_TOLERANCE_SECONDS).toBe(86_400);
    expect(defaults.CS_OWNER_DOMAINS).toEqual([]);
    const set = handlerConfig('ingest', {
      ...FULL,
      FUTURE_TOLERANCE_SECONDS: '3600',
      CS_OWNER_DOMAINS: 'vendor.example.com, cs.vendor.example.jp',
    });
    expect(set.FUTURE_TOLERANCE_SECONDS).toBe(3600);
    expect(set.CS_OWNER_DOMAINS).toEqual(['vendor.example.com', 'cs.vendor.example.jp']);
  });

  it.each(['ingest', 'planner', 'engagement', 'guardrail'] as const)(
    'reads the notifications’ language for %s, English when not set',
    (name) => {
      expect(handlerConfig(name, FULL).NOTIFICATION_SETTINGS.notificationLocale).toBeUndefined();
      const ja = handlerConfig(name, { ...FULL, NOTIFICATION_SETTINGS: '{"notificationLocale":"ja"}' });
      expect(ja.NOTIFICATION_SETTINGS).toEqual({ csOwnerSlackIds: {}, notificationLocale: 'ja' });
    },
  );

  it('refuses a notification language other than ja or en, naming the variable and the field', () => {
    expect(() =>
      handlerConfig('planner', { ...FULL, NOTIFICATION_SETTINGS: '{"notificationLocale":"fr"}' }),
    ).toThrowError(/NOTIFICATION_SETTINGS.*notificationLocale.*must be ja or en/);
  });

  it.each([
    ['FUTURE_TOLERANCE_SECONDS', '59'],
    ['FUTURE_TOLERANCE_SECONDS', '604801'],
    ['FUTURE_TOLERANCE_SECONDS', '1.5'],
    ['CS_OWNER_DOMAINS', 'Vendor.Example.com'],
    ['CS_OWNER_DOMAINS', 'sato@vendor.example.com'],
  ])('fails ingest on %s outside what it accepts', (name, value) => {
    expect(() => handlerConfig('ingest', { ...FULL, [name]: value })).toThrowError(new RegExp(`${name} `));
  });
});
