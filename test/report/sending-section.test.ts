import { describe, expect, it } from 'vitest';
import { sendingSection } from '../../functions/report/sending-section.js';

describe('the report’s sending card', () => {
  it('lists each pause with why, when it resumed, by whom and why, in both languages', () => {
    const html = sendingSection({
      pauses: [
        {
          pausedAt: '2027-02-09T17:00:00.000Z',
          why: 'complaint rate 0.12 % (1 of 831 sends)',
          resumedAt: '2027-02-11T17:00:00.000Z',
          resumedBy: 'ops <sato>',
          reason: 'list removed & checked',
        },
      ],
      deferrals: 40,
      deferredJobs: 21,
      waiting: 0,
      complaints: 3,
    });
    expect(html).toContain('Sending paused and resumed');
    expect(html).toContain('配信の一時停止と再開');
    expect(html).toContain(
      '<td>2027-02-09 17:00 UTC</td><td>complaint rate 0.12 % (1 of 831 sends)</td><td>2027-02-11 17:00 UTC</td>',
    );
    // What a person typed is escaped.
    expect(html).toContain('ops &#60;sato&#62;');
    expect(html).toContain('list removed &#38; checked');
    expect(html).toContain('Send jobs that waited while paused: 21');
  });

  it('says sending never paused, and is absent when the run knows nothing of sending', () => {
    expect(sendingSection({ pauses: [], deferrals: 0, deferredJobs: 0, waiting: 0, complaints: 0 })).toContain(
      'Sending never paused',
    );
    expect(sendingSection(undefined)).toBe('');
  });
});
