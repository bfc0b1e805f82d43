// Checks across files: every catalog entry points at something the program has, every feature of the
// program has tip copy, and no id is used twice.
import type { FeatureTip, SuccessStory, Webinar } from '../core/catalogs.js';
import type { BuildProblem } from './problems.js';
import type { ProgramFile } from './program-file.js';
import type { YamlFile } from './yaml-file.js';

export interface CatalogFiles {
  /** Every program of program.yaml: a tip may serve any of them, and each of their features needs one. */
  readonly program: ProgramFile;
  readonly features: YamlFile<FeatureTip[]>;
  readonly webinars: YamlFile<Webinar[]>;
  readonly stories: YamlFile<SuccessStory[]>;
}

function duplicates<T>(yaml: YamlFile<T[]>, idOf: (entry: T) => string, field: string): BuildProblem[] {
  const first = new Map<string, number>();
  return yaml.value.flatMap((entry, i) => {
    const id = idOf(entry);
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, i);
      return [];
    }
    return [
      {
        file: yaml.file,
        line: yaml.lineOf([i, field]),
        message: `[${i}].${field}: "${id}" is already used by entry [${earlier}] (line ${yaml.lineOf([earlier, field])})`,
      },
    ];
  });
}

export function checkCatalogs(files: CatalogFiles): BuildProblem[] {
  const { program, features, webinars, stories } = files;
  const featureIds = new Set(program.programs.flatMap((p) => p.features.map((f) => f.id)));
  const tipped = new Set(features.value.map((t) => t.feature));
  const problems: BuildProblem[] = [
    ...duplicates(features, (t) => t.feature, 'feature'),
    ...duplicates(webinars, (w) => w.id, 'id'),
    ...duplicates(stories, (s) => s.id, 'id'),
  ];
  features.value.forEach((tip, i) => {
    if (!featureIds.has(tip.feature)) {
      problems.push({
        file: features.file,
        line: features.lineOf([i, 'feature']),
        message: `[${i}].feature: "${tip.feature}" is not a feature of program.yaml (features: ${[...featureIds].join(', ')})`,
      });
    }
  });
  // Once per feature id: programs that share a feature share its tip.
  const reported = new Set<string>();
  program.programs.forEach((p, index) => {
    p.features.forEach((feature, i) => {
      if (tipped.has(feature.id) || reported.has(feature.id)) return;
      reported.add(feature.id);
      problems.push({
        file: program.file,
        line: program.lineOf(index, ['features', i, 'id']),
        message: `${program.where(index, ['features', i])}: "${feature.id}" has no tip in catalogs/features.yaml; every feature needs tip copy in ja and en`,
      });
    });
  });
  return problems;
}
