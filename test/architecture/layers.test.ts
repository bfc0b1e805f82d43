// The layers' import direction is held here, not by memory: core ← app ← handlers, cli, sim; adapters → core.
// Core imports nothing of the others; app knows the ports, not the adapters, handlers or Lambda.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CORE_ALLOWED_PACKAGES = new Set(['zod', '@holiday-jp/holiday_jp']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push((m[1] ?? m[2]) as string);
  }
  return found;
}

/** Imports that exist at run time: `import type` and `export type` are erased by the compiler. */
function runtimeImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(import|export)(\s+type)?\b[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
    if (m[2] === undefined) found.push(m[3] as string);
  }
  return found;
}

describe('layers', () => {
  const coreFiles = sourceFiles(join(ROOT, 'functions/core'));

  it('keeps the core free of I/O, AWS and other layers', () => {
    const offenders: string[] = [];
    for (const file of coreFiles) {
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (!target.startsWith(join(ROOT, 'functions/core'))) offenders.push(`${relative(ROOT, file)} → ${spec}`);
        } else if (!CORE_ALLOWED_PACKAGES.has(spec)) {
          offenders.push(`${relative(ROOT, file)} → ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps the clock out of the core', () => {
    const readers = coreFiles.filter((f) => /Date\.now\(\)|new Date\(\)|process\.env/.test(readFileSync(f, 'utf8')));
    expect(readers.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('never lets adapters import handlers or the cli', () => {
    const offenders = sourceFiles(join(ROOT, 'functions/adapters')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => /\/(handlers|cli)\//.test(resolve(dirname(file), spec)) && spec.startsWith('.'))
        .map((spec) => `${relative(ROOT, file)} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  const layerOf = (path: string): string | null => /\/functions\/([a-z]+)\//.exec(path)?.[1] ?? null;
  /** Relative imports that leave `layer` for a layer not in `allowed`. */
  function crossings(layer: string, allowed: readonly string[]): string[] {
    return sourceFiles(join(ROOT, 'functions', layer)).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .filter((spec) => {
          const target = layerOf(resolve(dirname(file), spec));
          return target !== null && target !== layer && !allowed.includes(target);
        })
        .map((spec) => `${relative(ROOT, file)} → ${spec}`),
    );
  }

  // Publishing the report computes its figures and page with functions/report (CONTRIBUTING: the use
  // cases may import the core and the report); no other use case needs it.
  const APP_REPORT_EDGE = /^functions\/app\/publish-report\.ts → \.\.\/report\//;

  it('lets the use cases import only the core', () => {
    expect(crossings('app', ['core']).filter((c) => !APP_REPORT_EDGE.test(c))).toEqual([]);
  });

  it('keeps Lambda, SQS and AWS SDK types out of the use cases', () => {
    const offenders = sourceFiles(join(ROOT, 'functions/app')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => !spec.startsWith('.') && !CORE_ALLOWED_PACKAGES.has(spec))
        .map((spec) => `${relative(ROOT, file)} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('never lets adapters import the use cases, handlers, cli or simulator', () => {
    expect(crossings('adapters', ['core'])).toEqual([]);
  });

  // Engagement has no use case module yet: the simulator still runs its handler (which takes no SQS
  // records). Nothing else of the handlers, and nothing of the cli.
  const SIM_HANDLERS_LEFT = /\/handlers\/engagement\.js$/;

  it('keeps the simulator off the handlers and the cli', () => {
    expect(crossings('sim', ['core', 'app', 'adapters', 'build', 'report', 'handlers'])).toEqual([]);
    const handlerImports = crossings('sim', ['core', 'app', 'adapters', 'build', 'report']).filter(
      (c) => !SIM_HANDLERS_LEFT.test(c),
    );
    expect(handlerImports).toEqual([]);
  });

  it("keeps the cli off the simulator's content loading and the handlers' internals", () => {
    const offenders = crossings('cli', ['core', 'app', 'adapters', 'build', 'report', 'sim', 'handlers']).concat(
      crossings('cli', ['core', 'app', 'adapters', 'build', 'report', 'sim']).filter((c) =>
        /\/handlers\/(concurrency|ingest-failures)\.js$/.test(c),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('has no run-time import cycles in the core', () => {
    const graph = new Map(
      coreFiles.map((file) => [
        file,
        runtimeImportsOf(file)
          .filter((s) => s.startsWith('.'))
          .map((s) => resolve(dirname(file), s).replace(/\.js$/, '.ts')),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(ROOT, f)).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of coreFiles) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
