// SQS records as Lambda receives them, for handing the replay's messages to the real handlers.
import type { SQSEvent, SQSRecord } from 'aws-lambda';

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:teichaku-replay';

export function sqsRecord(messageId: string, body: string, sentAtMs: number): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(sentAtMs),
      SenderId: 'teichaku-replay',
      ApproximateFirstReceiveTimestamp: String(sentAtMs),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: 'us-east-1',
  };
}

export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
