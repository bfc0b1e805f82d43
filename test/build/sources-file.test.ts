// templates/sources.yaml: built into the content when present, each problem naming the file, line and field.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport } from '../../functions/build/build-content.js';
import { lineOfText, type TempTemplates, tempTemplates } from './temp-templates.js';

let t: TempTemplates;
beforeEach(() => {
  t = tempTemplates();
});
afterEach(() => t.dispose());

describe('sources.yaml', () => {
  it('is built into the content with its defaults filled in', async () => {
    const report = await buildReport(t.dir);
    expect(report.problems).toEqual([]);
    expect(report.content?.sources?.account).toEqual({ from: 'context.groupId' });
    expect(report.content?.sources?.actions['Daily Report Created']).toBe('daily_report.create');
  }, 60_000);

  it('is optional: without it the content has no mapping', async () => {
    t.remove('sources.yaml');
    const report = await buildReport(t.dir);
    expect(report.problems).toEqual([]);
    expect(report.content?.sources).toBeUndefined();
  }, 60_000);

  it('names the file, line and field of a bad action', async () => {
    t.replace('sources.yaml', 'Signed In: login', 'Signed In: Log In');
    const report = await buildReport(t.dir);
    expect(report.content).toBeNull();
    const problem = report.problems.find((p) => p.file === t.path('sources.yaml'));
    expect(problem?.line).toBe(lineOfText(t.read('sources.yaml'), 'Signed In:'));
    expect(problem?.message).toMatch(/actions\.Signed In: must be lower-case letters/);
  }, 60_000);

  it('names an unknown key and a bad account link', async () => {
    t.replace('sources.yaml', '  from: context.groupId', '  from: properties.accountId');
    t.replace('sources.yaml', '  role: member', '  role: member\n  plan: free');
    const report = await buildReport(t.dir);
    const messages = report.problems.filter((p) => p.file === t.path('sources.yaml')).map((p) => p.message);
    expect(messages.join('\n')).toMatch(/account: must be `from: context.groupId` or `trait: <trait name>`/);
    expect(messages.join('\n')).toMatch(/plan/);
  }, 60_000);
});
