// Keeps the latest build of a templates folder for the preview: rebuilds on every save (debounced),
// never throws, and tells listeners when a new build is ready.
import { type FSWatcher, watch } from 'chokidar';
import { type BuildCache, type BuildReport, buildReport } from '../build/build-content.js';
import type { BuildProblem } from '../build/problems.js';

export interface PreviewBuild {
  /** Increases with every finished build; the page reloads when it sees a newer one. */
  readonly version: number;
  readonly report: BuildReport | null;
  /** A crash of the build itself (not a content problem), shown in place of everything. */
  readonly failure: BuildProblem | null;
  readonly builtAt: string;
  readonly durationMs: number;
}

export interface TemplateWatch {
  current(): PreviewBuild;
  /** Called after each rebuild. Returns a function that removes the listener. */
  onBuilt(listener: (build: PreviewBuild) => void): () => void;
  /** Rebuilds now (also what a file change triggers). */
  rebuild(): Promise<PreviewBuild>;
  close(): Promise<void>;
}

/** Saves come in bursts (editor writes, renames, swap files): wait this long for the burst to end. */
const DEBOUNCE_MS = 60;

export async function watchTemplates(dir: string): Promise<TemplateWatch> {
  let build: PreviewBuild = {
    version: 0,
    report: null,
    failure: null,
    builtAt: new Date().toISOString(),
    durationMs: 0,
  };
  const listeners = new Set<(b: PreviewBuild) => void>();
  let running: Promise<PreviewBuild> | null = null;
  let again = false;
  const cache: BuildCache = new Map();

  const runOnce = async (): Promise<PreviewBuild> => {
    const started = performance.now();
    let report: BuildReport | null = null;
    let failure: BuildProblem | null = null;
    try {
      report = await buildReport(dir, new Date(), cache);
    } catch (error) {
      failure = { file: dir, message: `the build stopped: ${error instanceof Error ? error.message : String(error)}` };
    }
    build = {
      version: build.version + 1,
      report,
      failure,
      builtAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
    };
    for (const listener of listeners) listener(build);
    return build;
  };

  // One build at a time; a save during a build queues exactly one more, so the last save always wins.
  const rebuild = (): Promise<PreviewBuild> => {
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      let result = await runOnce();
      while (again) {
        again = false;
        result = await runOnce();
      }
      running = null;
      return result;
    })();
    return running;
  };

  await rebuild();
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dir, {
    ignoreInitial: true,
    ignored: (path) => /(^|[/\\])\.[^/\\]+$|~$|\.swp$|\.tmp$/.test(path),
  });
  watcher.on('all', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), DEBOUNCE_MS);
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    current: () => build,
    onBuilt: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rebuild,
    close: async () => {
      clearTimeout(timer);
      listeners.clear();
      await watcher.close();
      if (running !== null) await running;
    },
  };
}
