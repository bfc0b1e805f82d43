// Shared pieces for the handler tests: AWS event shapes, a recording logger, a fake renderer.
import type { SQSEvent } from 'aws-lambda';
import type { ProductEvent } from '../../functions/core/events.js';
import type { EmailRenderer } from '../../functions/core/ports.js';
import type { HandlerLogger, LogAttributes } from '../../functions/handlers/logger.js';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly attributes: LogAttributes;
}

/** A logger that keeps every line, so tests can assert on what was (and was not) logged. */
export function recordingLogger(): HandlerLogger & { readonly lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (message: string, attributes: LogAttributes = {}) =>
      void lines.push({ level, message, attributes });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => JSON.stringify(lines),
  };
}

/** The EventBridge envelope of a product event, as the bus rule puts it on the ingest queue. */
export function envelopeOf(event: ProductEvent): Record<string, unknown> {
  return {
    version: '0',
    id: event.id,
    'detail-type': event.detailType,
    source: event.source,
    account: '123456789012',
    time: event.time,
    region: 'ap-northeast-1',
    resources: [],
    detail: event.detail,
  };
}

export function sqsEvent(bodies: readonly (string | Record<string, unknown>)[], prefix = 'm'): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `${prefix}-${i}`,
      receiptHandle: `r-${i}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'x',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-northeast-1:123456789012:q',
      awsRegion: 'ap-northeast-1',
    })),
  };
}

/** A renderer that shows what it was given: subject names the kind, both parts carry the unsubscribe URL. */
export function fakeRenderer(): EmailRenderer & { readonly calls: number } {
  const renderer = {
    calls: 0,
    render(input: Parameters<EmailRenderer['render']>[0]) {
      renderer.calls++;
      return {
        subject: `${input.touch.kind} for ${input.account.name}`,
        html: `<p>Hello ${input.contact.name}</p><a href="${input.unsubscribeUrl}">unsubscribe</a>`,
        text: `Hello ${input.contact.name}\nunsubscribe: ${input.unsubscribeUrl}`,
      };
    },
  };
  return renderer;
}

export function fixedClock(at: string): () => string {
  return () => at;
}
