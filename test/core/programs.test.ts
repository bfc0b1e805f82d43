import { describe, expect, it } from 'vitest';
import { Program } from '../../functions/core/program.js';
import { unreachableBy } from '../../functions/core/program-reach.js';
import { matchesWhen, type ProgramWhen } from '../../functions/core/program-when.js';
import {
  accountProgram,
  ProgramsFile,
  parsePrograms,
  programForProfile,
  programHash,
  SingleProgramFile,
} from '../../functions/core/programs.js';
import { DEFAULT_PROFILE, defaultProgram, shippedPrograms } from '../fixtures/builders.js';

const base = defaultProgram();
/** A program like the default under another id and rule. */
function variant(
  id: string,
  when?: ProgramWhen,
  change: Partial<Record<keyof Program, unknown>> = {},
): Record<string, unknown> {
  const { when: _w, holdout: _h, ...rest } = base;
  return { ...rest, id, ...(when === undefined ? {} : { when }), ...change };
}
const issuesOf = (raw: unknown) => {
  const parsed = ProgramsFile.safeParse(raw);
  // Paths inside the list: `1.when` is programs[1].when.
  return parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: i.path.slice(1).join('.'), message: i.message }));
};

describe('choosing a program by profile', () => {
  const programs = parsePrograms({
    programs: [
      variant('enterprise', { plan: ['enterprise'] }),
      variant('small-ja', { locale: ['ja'], employees: { max: 49 } }),
      variant('default'),
    ],
  });

  it.each([
    ['an enterprise plan', { plan: 'enterprise', employees: 20 }, 'enterprise'],
    ['a small Japanese company', { plan: 'starter', employees: 49, locale: 'ja' as const }, 'small-ja'],
    ['a Japanese company one employee too large', { plan: 'starter', employees: 50, locale: 'ja' as const }, 'default'],
    ['a small English company', { plan: 'starter', employees: 10, locale: 'en' as const }, 'default'],
  ])('gives %s the first program whose rule it meets', (_case, facts, expected) => {
    expect(programForProfile(programs, { ...DEFAULT_PROFILE, ...facts }).id).toBe(expected);
  });

  it('gives an account with no profile yet the default program', () => {
    expect(programForProfile(programs, null).id).toBe('default');
  });

  it('keeps an enrolled account on its program whatever its profile says now', () => {
    const enrollment = {
      at: '2026-01-19T00:00:00.000Z',
      programHash: 'x',
      group: 'treatment' as const,
      holdoutPercent: 10,
    };
    const state = { programId: 'small-ja', profile: { ...DEFAULT_PROFILE, plan: 'enterprise' }, enrollment };
    expect(accountProgram(state, programs).id).toBe('small-ja');
    expect(accountProgram({ ...state, enrollment: undefined }, programs).id).toBe('enterprise');
  });

  it('lets an enrolled account whose program was removed follow its profile', () => {
    const enrollment = {
      at: '2026-01-19T00:00:00.000Z',
      programHash: 'x',
      group: 'treatment' as const,
      holdoutPercent: 10,
    };
    expect(
      accountProgram({ programId: 'gone', profile: { ...DEFAULT_PROFILE, plan: 'enterprise' }, enrollment }, programs)
        .id,
    ).toBe('enterprise');
  });

  it('treats every condition of a rule as required and each list as any of', () => {
    const when: ProgramWhen = {
      plan: ['a', 'b'],
      industry: ['retail'],
      employees: { min: 10, max: 20 },
      locale: ['en'],
    };
    const ok = { plan: 'b', industry: 'retail', employees: 10, locale: 'en' as const };
    expect(matchesWhen(when, ok)).toBe(true);
    expect(matchesWhen(when, { ...ok, employees: 21 })).toBe(false);
    expect(matchesWhen(when, { ...ok, industry: 'software' })).toBe(false);
    expect(matchesWhen(when, { ...ok, locale: 'ja' })).toBe(false);
    expect(matchesWhen(undefined, ok)).toBe(true);
  });
});

describe('checking the program list', () => {
  it('accepts the shipped programs, the default last', () => {
    const programs = shippedPrograms();
    expect(programs.length).toBeGreaterThan(1);
    expect(programs.at(-1)?.when).toBeUndefined();
    expect(programs.slice(0, -1).every((p) => p.when !== undefined)).toBe(true);
  });

  it('rejects a program listed after the default', () => {
    const issues = issuesOf({ programs: [variant('default'), variant('late', { plan: ['x'] })] });
    expect(issues).toContainEqual({
      path: '1.when',
      message: expect.stringMatching(/no account can reach program "late".*"default" \(programs\[0\]\)/),
    });
  });

  it('rejects a list without a default program', () => {
    expect(issuesOf({ programs: [variant('a', { plan: ['x'] })] })).toContainEqual({
      path: '0',
      message: expect.stringMatching(/no default program/),
    });
  });

  it('rejects a rule shadowed by one broader rule before it', () => {
    const issues = issuesOf({
      programs: [
        variant('ja', { locale: ['ja'] }),
        variant('ja-small', { locale: ['ja'], employees: { max: 49 } }),
        variant('default'),
      ],
    });
    expect(issues.map((i) => i.path)).toEqual(['1.when']);
  });

  it('rejects a rule covered only by several earlier rules together', () => {
    // Every locale is taken by the first two rules, so nothing is left for the third.
    const rules: ProgramWhen[] = [{ locale: ['ja'] }, { locale: ['en'] }, { plan: ['pro'] }];
    expect(unreachableBy([...rules, undefined])).toEqual([
      { index: 2, by: [0, 1] },
      { index: 3, by: [0, 1] },
    ]);
  });

  it('accepts overlapping rules that each keep some profile', () => {
    const rules: (ProgramWhen | undefined)[] = [
      { employees: { min: 1000 } },
      { plan: ['enterprise'] },
      { employees: { min: 500, max: 2000 } },
      undefined,
    ];
    expect(unreachableBy(rules)).toEqual([]);
  });

  it('finds an employee range split across earlier ranges', () => {
    expect(
      unreachableBy([
        { employees: { max: 99 } },
        { employees: { min: 100, max: 499 } },
        { employees: { min: 50, max: 300 } },
        undefined,
      ]),
    ).toEqual([{ index: 2, by: [0, 1] }]);
  });

  it('rejects duplicate program ids, empty rules and unknown fields in a rule', () => {
    expect(issuesOf({ programs: [variant('a', { plan: ['x'] }), variant('a')] })).toContainEqual({
      path: '1.id',
      message: expect.stringMatching(/duplicate program id/),
    });
    expect(issuesOf({ programs: [variant('a', {} as ProgramWhen), variant('b')] }).map((i) => i.path)).toContain(
      '0.when',
    );
    expect(
      issuesOf({ programs: [variant('a', { plan: ['x'], tier: ['gold'] } as ProgramWhen), variant('b')] }),
    ).toContainEqual({ path: '0.when', message: expect.stringMatching(/tier/) });
  });

  it('rejects a value milestone that is not one of the program’s milestones', () => {
    expect(
      issuesOf({ programs: [variant('a', { plan: ['x'] }, { valueMilestone: 'nope' }), variant('b')] }).map(
        (i) => i.path,
      ),
    ).toContain('0.valueMilestone');
  });

  it('rejects one milestone id with two titles, and one feature id with two stages', () => {
    const retitled = base.milestones.map((m, i) => (i === 2 ? { ...m, title: { ja: '別', en: 'Other' } } : m));
    expect(
      issuesOf({ programs: [variant('a', { plan: ['x'] }, { milestones: retitled }), variant('b')] }).map(
        (i) => i.path,
      ),
    ).toContain('1.milestones.2.title');
    const restaged = base.features.map((f, i) => (i === 0 ? { ...f, stage: 'advanced' } : f));
    expect(
      issuesOf({ programs: [variant('a', { plan: ['x'] }, { features: restaged }), variant('b')] }).map((i) => i.path),
    ).toContain('1.features.0.id');
  });

  it('reads a file holding one program as the default, and refuses a rule on it', () => {
    expect(parsePrograms(variant('solo')).map((p) => p.id)).toEqual(['solo']);
    const single = SingleProgramFile.safeParse(variant('solo', { plan: ['x'] }));
    expect(single.error?.issues.map((i) => i.path.join('.'))).toEqual(['when']);
  });
});

describe('programHash', () => {
  it('is the same for the same content and changes with any edit', () => {
    const again = Program.parse(variant('default', undefined, { holdout: base.holdout }));
    expect(programHash(again)).toBe(programHash(base));
    const edited = Program.parse({
      ...variant('default', undefined, { holdout: base.holdout }),
      cadence: { ...base.cadence, weeklyWeeks: 4 },
    });
    expect(programHash(edited)).not.toBe(programHash(base));
    expect(programHash(base)).toMatch(/^[0-9a-f]{16}$/);
  });
});
