// Several programs, one per customer segment: templates/program.yaml holds either one program (the
// default) or `programs: [...]`, tried in order, the default (no `when`) last. The checks here run at
// the boundary (the build), so the engine can trust the list: ids are unique, a default is last, and
// every program is reachable by some profile.
import { z } from 'zod';
import { Program } from './program.js';
import { unreachableBy } from './program-reach.js';
import { matchesWhen, type ProgramWhen, type SegmentFacts } from './program-when.js';
import { sha256Hex } from './sha256.js';
import type { AccountState } from './state.js';

/** Every program of a deployment in rule order, the default last. One program is a list of one. */
export type Programs = readonly Program[];

export const ProgramList = z
  .array(Program)
  .min(1, 'list at least the default program')
  .superRefine((programs, ctx) => {
    const seen = new Map<string, number>();
    programs.forEach((p, i) => {
      const earlier = seen.get(p.id);
      if (earlier !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'id'],
          message: `duplicate program id "${p.id}" (also programs[${earlier}])`,
        });
      else seen.set(p.id, i);
    });
    const defaults = programs.flatMap((p, i) => (p.when === undefined ? [i] : []));
    if (defaults.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: [programs.length - 1],
        message: 'no default program: the last program must have no `when`, so every account has a program',
      });
    }
    for (const finding of unreachableBy(programs.map((p) => p.when))) {
      const names = finding.by.map((j) => `"${programs[j]?.id}" (programs[${j}])`).join(', ');
      ctx.addIssue({
        code: 'custom',
        path: [finding.index, programs[finding.index]?.when === undefined ? 'id' : 'when'],
        message: `no account can reach program "${programs[finding.index]?.id}": every profile it matches is taken first by ${names}; move it up or narrow the earlier rules`,
      });
    }
    checkSharedIds(programs, ctx);
  });

/**
 * A milestone or feature id used by several programs must mean the same thing to an email: emails
 * name milestones by their title and link, and a feature tip by its id and stage.
 */
function checkSharedIds(programs: Programs, ctx: z.RefinementCtx): void {
  const milestones = new Map<string, { at: number; shown: string }>();
  const features = new Map<string, { at: number; shown: string }>();
  programs.forEach((p, i) => {
    p.milestones.forEach((m, k) => {
      const shown = JSON.stringify([m.title, m.link ?? null]);
      const first = milestones.get(m.id);
      if (first === undefined) milestones.set(m.id, { at: i, shown });
      else if (first.shown !== shown) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'milestones', k, 'title'],
          message: `milestone "${m.id}" has another title or link in programs[${first.at}]; one id, one meaning (rename one of them)`,
        });
      }
    });
    p.features.forEach((f, k) => {
      // A tip email names the feature's stage: one id has one action and one stage.
      const shown = `${f.action} ${f.stage}`;
      const first = features.get(f.id);
      if (first === undefined) features.set(f.id, { at: i, shown });
      else if (first.shown !== shown) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'features', k, 'id'],
          message: `feature "${f.id}" has another action or stage in programs[${first.at}]; one id, one meaning (rename one of them)`,
        });
      }
    });
  });
}

/** The file form with several programs. */
export const ProgramsFile = z.strictObject({ programs: ProgramList });
export type ProgramsFile = z.infer<typeof ProgramsFile>;

/** The file form with one program: it is the default, so it has no rule. */
export const SingleProgramFile = Program.superRefine((p, ctx) => {
  if (p.when !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['when'],
      message:
        'a file with one program holds the default program, which has no `when`; list several under `programs:` to choose by profile',
    });
  }
});

/** Whether a parsed YAML document is the several-programs form (else it is one program). */
export function isProgramsDocument(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'programs' in raw;
}

/** Parses either form into the program list (for callers without line numbers; the build has its own). */
export function parsePrograms(raw: unknown): Programs {
  // The file's `teichaku` version is the build's to check (functions/build/deprecations.ts).
  const document =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'teichaku' in raw
      ? Object.fromEntries(Object.entries(raw).filter(([key]) => key !== 'teichaku'))
      : raw;
  return isProgramsDocument(document) ? ProgramsFile.parse(document).programs : [SingleProgramFile.parse(document)];
}

export function asPrograms(program: Program | Programs): Programs {
  return Array.isArray(program) ? (program as Programs) : [program as Program];
}

export function defaultProgramOf(programs: Programs): Program {
  const last = programs[programs.length - 1];
  if (last === undefined) throw new Error('programs: the list is empty (the build requires a default program)');
  return last;
}

/** The first program whose rule the profile meets; the default while the profile is unknown. */
export function programForProfile(programs: Programs, profile: SegmentFacts | null): Program {
  if (profile !== null) {
    for (const p of programs) if (matchesWhen(p.when, profile)) return p;
  }
  return defaultProgramOf(programs);
}

/**
 * The program an account follows: once enrolled (it entered adoption), the one it entered with, in
 * its current version; before that, the one its profile matches now. An enrolled account whose
 * program was removed from the file follows the one its profile matches.
 */
export function accountProgram(
  state: Pick<AccountState, 'programId' | 'profile' | 'enrollment'>,
  programs: Program | Programs,
): Program {
  const list = asPrograms(programs);
  if (state.enrollment !== undefined) {
    const own = list.find((p) => p.id === state.programId);
    if (own !== undefined) return own;
  }
  return programForProfile(list, state.profile);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const hashes = new WeakMap<Program, string>();
/** 16 hex digits of sha256 over the program's parsed content (keys sorted): one value per version. */
export function programHash(program: Program): string {
  let hash = hashes.get(program);
  if (hash === undefined) {
    hash = sha256Hex(JSON.stringify(canonical(program))).slice(0, 16);
    hashes.set(program, hash);
  }
  return hash;
}

export type { ProgramWhen };
