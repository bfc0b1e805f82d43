// The Powertools metrics behind HandlerMetrics: one EMF line per count, written at once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetrics, METRIC_NAMESPACE } from '../../functions/handlers/metrics.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function captureStdout(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

describe('handler metrics', () => {
  it('writes each count at once as an EMF line in the Teichaku namespace, ids as metadata', () => {
    const lines = captureStdout();
    const metrics = createMetrics('teichaku-sender');
    metrics.count('UnconfirmedSends', { accountId: 'acc-1', touchId: 'feature-tip.00' });
    const emf = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => '_aws' in l);
    expect(emf).toHaveLength(1);
    const aws = emf[0]?._aws as {
      CloudWatchMetrics: { Namespace: string; Metrics: { Name: string; Unit: string }[] }[];
    };
    expect(aws.CloudWatchMetrics[0]?.Namespace).toBe(METRIC_NAMESPACE);
    expect(aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: 'UnconfirmedSends', Unit: 'Count' }]);
    expect(emf[0]).toMatchObject({
      UnconfirmedSends: 1,
      accountId: 'acc-1',
      touchId: 'feature-tip.00',
      service: 'teichaku-sender',
    });
  });

  it('keeps each count on its own line, so a crash after one loses none before it', () => {
    const lines = captureStdout();
    const metrics = createMetrics('teichaku-sender');
    metrics.count('UnconfirmedSends', { touchId: 'a' });
    metrics.count('UnconfirmedSends', { touchId: 'b' });
    const emf = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => '_aws' in l);
    expect(emf.map((l) => [l.touchId, l.UnconfirmedSends])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });
});
