import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  SendingPausedException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createSesMailer,
  EmailRejectedError,
  SendingPausedError,
  SendOutcomeUnknownError,
  SendThrottledError,
  UnsafeEmailError,
} from '../../functions/adapters/ses-mailer.js';
import type { OutgoingEmail } from '../../functions/core/ports.js';

const ses = mockClient(SESv2Client);
const waits: number[] = [];
let takes = 0;
const mailer = createSesMailer(new SESv2Client({ region: 'us-east-1' }), {
  configurationSetName: 'teichaku-events',
  limiter: { take: async () => void takes++ },
  backoff: {
    maxAttempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 0.5,
    sleep: async (ms) => void waits.push(ms),
  },
});

const email: OutgoingEmail = {
  to: 'taro@example.com',
  from: '"Acme CS" <cs@example.com>',
  subject: 'ダッシュボードを使ってみましょう',
  html: '<p>hello</p>',
  text: 'hello',
  headers: {
    'List-Unsubscribe': '<https://u.example.com/?t=abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
  tags: { kind: 'feature-tip', account: 'acc-1', touch: 'feature-tip.00ff', contact: 'c-1' },
};

const throttled = () =>
  new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } });
const serverError = () =>
  Object.assign(new Error('We encountered an internal error'), {
    name: 'InternalServiceErrorException',
    $fault: 'server',
    $metadata: { httpStatusCode: 500 },
  });

beforeEach(() => {
  ses.reset();
  waits.length = 0;
  takes = 0;
});

describe('SES mailer', () => {
  it('sends HTML and text parts, both unsubscribe headers, the configuration set and the tags', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    expect(await mailer.send(email)).toEqual({ messageId: 'm-1' });
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: email.from,
      Destination: { ToAddresses: ['taro@example.com'] },
      ConfigurationSetName: 'teichaku-events',
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Html: { Data: '<p>hello</p>', Charset: 'UTF-8' }, Text: { Data: 'hello', Charset: 'UTF-8' } },
        },
      },
    });
    expect(input?.Content?.Simple?.Headers).toEqual([
      { Name: 'List-Unsubscribe', Value: '<https://u.example.com/?t=abc>' },
      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
    ]);
    expect(input?.EmailTags).toEqual(Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })));
    expect(input?.Destination?.CcAddresses).toBeUndefined();
    expect(input?.Destination?.BccAddresses).toBeUndefined();
  });

  it('sets ReplyToAddresses when the email names where replies go, and leaves it out otherwise', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-r' });
    await mailer.send({ ...email, replyTo: 'success@example.com' });
    await mailer.send(email);
    const [withReply, without] = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    expect(withReply?.ReplyToAddresses).toEqual(['success@example.com']);
    expect(without?.ReplyToAddresses).toBeUndefined();
  });

  it('waits for the rate limiter before every attempt', async () => {
    ses.on(SendEmailCommand).rejectsOnce(throttled()).resolves({ MessageId: 'm-2' });
    await mailer.send(email);
    expect(takes).toBe(2);
  });

  it('backs off exponentially with jitter while SES throttles, then sends', async () => {
    ses.on(SendEmailCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({ MessageId: 'm-3' });
    expect(await mailer.send(email)).toEqual({ messageId: 'm-3' });
    expect(waits).toEqual([50, 100]);
  });

  it('gives up with SendThrottledError when throttling outlasts the attempts', async () => {
    ses.on(SendEmailCommand).rejects(throttled());
    await expect(mailer.send(email)).rejects.toBeInstanceOf(SendThrottledError);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(4);
    expect(waits).toEqual([50, 100, 200]);
  });

  it('never retries a server error (SES may have accepted the message) and reports an unknown outcome', async () => {
    ses.on(SendEmailCommand).rejects(serverError());
    await expect(mailer.send(email)).rejects.toBeInstanceOf(SendOutcomeUnknownError);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('does not retry a rejected message', async () => {
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message: 'Email address is not verified: taro@example.com',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const error = await mailer.send(email).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmailRejectedError);
    expect((error as Error).message).not.toContain('@');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('reports paused sending as its own error, without retrying', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(new SendingPausedException({ message: 'paused', $metadata: { httpStatusCode: 400 } }));
    await expect(mailer.send(email)).rejects.toBeInstanceOf(SendingPausedError);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it.each([
    [
      'a header value with CR/LF',
      { ...email, headers: { 'List-Unsubscribe': '<https://u.example.com>\r\nBcc: x@example.com' } },
    ],
    ['a subject with a line break', { ...email, subject: 'hi\nBcc: x@example.com' }],
    ['a header name that is not a token', { ...email, headers: { 'Bcc: x@example.com\r\nX': 'y' } }],
    ['a tag value SES does not allow', { ...email, tags: { account: 'acc:1' } }],
  ])('refuses %s without calling SES', async (_what, unsafe) => {
    await expect(mailer.send(unsafe)).rejects.toBeInstanceOf(UnsafeEmailError);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
