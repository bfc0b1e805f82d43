import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuildProblem } from '../../functions/build/problems.js';
import { loadProgramFile } from '../../functions/build/program-file.js';
import { lineOfText, type TempTemplates, tempTemplates } from './temp-templates.js';

let t: TempTemplates;
beforeEach(() => {
  t = tempTemplates();
});
afterEach(() => t.dispose());

async function problems(): Promise<BuildProblem[]> {
  const loaded = await loadProgramFile(t.path('program.yaml'));
  expect(loaded.ok).toBe(false);
  return loaded.ok ? [] : loaded.problems;
}

function expectAt(found: readonly BuildProblem[], needle: string, pattern: RegExp): void {
  const line = lineOfText(t.read('program.yaml'), needle);
  const match = found.find((p) => p.file === t.path('program.yaml') && p.line === line && pattern.test(p.message));
  expect(match, `no problem at program.yaml:${line} matching ${pattern}; found ${JSON.stringify(found)}`).toBeDefined();
}

describe('program.yaml with several programs', () => {
  it('loads the shipped programs in order, the default last', async () => {
    const loaded = await loadProgramFile(t.path('program.yaml'));
    expect(loaded.ok && loaded.yaml.programs.map((p) => p.id)).toEqual(['enterprise', 'small-business-ja', 'default']);
  });

  it('refuses a program no account can reach, at its rule', async () => {
    t.replace(
      'program.yaml',
      'when: { locale: [ja], employees: { max: 49 } }',
      'when: { plan: [enterprise], locale: [ja] }',
    );
    expectAt(
      await problems(),
      'when: { plan: [enterprise], locale: [ja] }',
      /no account can reach program "small-business-ja".*"enterprise"/,
    );
  });

  it('refuses a file whose last program has a rule (no default)', async () => {
    t.replace('program.yaml', '  - id: default\n', '  - id: default\n    when: { plan: [standard] }\n');
    expectAt(await problems(), '- id: default', /no default program/);
  });

  it('refuses a value milestone that is not one of the program’s milestones', async () => {
    t.replace('program.yaml', 'valueMilestone: daily-report-week', 'valueMilestone: daily-report-month');
    expectAt(
      await problems(),
      'valueMilestone: daily-report-month',
      /"daily-report-month" is not one of the milestones/,
    );
  });

  it('reads the effect settings, and refuses a primary milestone that is not an adoption milestone, at its line', async () => {
    const loaded = await loadProgramFile(t.path('program.yaml'));
    expect(loaded.ok && loaded.yaml.programs[0]?.effect).toEqual({ primary: 'time-to-value', practicalPoints: 20 });
    t.replace(
      'program.yaml',
      'effect: { primary: time-to-value, practicalPoints: 20 }',
      'effect: { primary: { milestoneOnTime: first-login }, practicalPoints: 20 }',
    );
    expectAt(await problems(), 'milestoneOnTime: first-login', /"first-login" is not one of the adoption milestones/);
  });

  it('refuses an unknown field in a rule, at that key', async () => {
    t.replace('program.yaml', 'when: { plan: [enterprise] }', 'when: { plan: [enterprise], tier: [gold] }');
    expectAt(await problems(), 'tier: [gold]', /programs\[0\]\.when: unknown field "tier"/);
  });

  it('refuses a holdout above 20 percent', async () => {
    t.replace(
      'program.yaml',
      'holdout: { percent: 10, salt: enterprise-2026 }',
      'holdout: { percent: 35, salt: enterprise-2026 }',
    );
    expectAt(await problems(), 'percent: 35', /at most 20/);
  });

  it('still reads a file holding one program alone, as the default', async () => {
    t.write(
      'program.yaml',
      'id: solo\nmilestones:\n  - { id: m, title: { ja: あ, en: a }, dueDay: 7, requires: [{ action: login }] }\nfeatures:\n  - { id: f, stage: basic, action: login }\n',
    );
    const loaded = await loadProgramFile(t.path('program.yaml'));
    expect(loaded.ok && loaded.yaml.programs.map((p) => p.id)).toEqual(['solo']);
  });

  it('refuses a rule on a program alone in its file', async () => {
    t.write(
      'program.yaml',
      'id: solo\nwhen: { plan: [x] }\nmilestones:\n  - { id: m, title: { ja: あ, en: a }, dueDay: 7, requires: [{ action: login }] }\nfeatures:\n  - { id: f, stage: basic, action: login }\n',
    );
    expectAt(await problems(), 'when: { plan: [x] }', /holds the default program, which has no `when`/);
  });
});

describe('plays in program.yaml', () => {
  it('loads the playbook of each program', async () => {
    const loaded = await loadProgramFile(t.path('program.yaml'));
    const plays = loaded.ok ? loaded.yaml.programs.map((p) => p.plays?.signals['Account At Risk']?.channel) : [];
    expect(plays).toEqual(['phone', 'phone', 'phone']);
  });

  it('refuses an unknown channel, at its line', async () => {
    t.replace('program.yaml', '          channel: phone\n', '          channel: fax\n');
    expectAt(await problems(), 'channel: fax', /phone.*meeting.*email.*slack/);
  });

  it('refuses a play for a signal no person takes up, at its line', async () => {
    t.replace('program.yaml', '        Onboarding Stalled:\n', '        Touch Sent:\n');
    expectAt(await problems(), 'Touch Sent:', /Touch Sent|Invalid key|unrecognized|key/i);
  });

  it('refuses a play without a role or with a negative time limit, at its line', async () => {
    t.replace(
      'program.yaml',
      '          who: cs-ops\n          withinDays: 3\n',
      '          who: CS Ops\n          withinDays: -1\n',
    );
    const found = await problems();
    expectAt(found, 'who: CS Ops', /role name in lower case/);
    expectAt(found, 'withinDays: -1', />=0|at least|too small/i);
  });
});
