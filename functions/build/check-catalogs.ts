// Checks across files: every catalog entry points at something the program has, every feature of the
// program has tip copy, and no id is used twice.
import type { FeatureTip, SuccessStory, Webinar } from '../core/catalogs.js';
import type { Program } from '../core/program.js';
import type { BuildProblem } from './problems.js';
import type { YamlFile } from './yaml-file.js';

export interface CatalogFiles {
  readonly program: YamlFile<Program>;
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
    return [{ file: yaml.file, line: yaml.lineOf([i, field]), message: `[${i}].${field}: "${id}" is already used by entry [${earlier}] (line ${yaml.lineOf([earlier, field])})` }];
  });
}

export function checkCatalogs(files: CatalogFiles): BuildProblem[] {
  const { program, features, webinars, stories } = files;
  const featureIds = new Set(program.value.features.map((f) => f.id));
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
  program.value.features.forEach((feature, i) => {
    if (!tipped.has(feature.id)) {
      problems.push({
        file: program.file,
        line: program.lineOf(['features', i, 'id']),
        message: `features[${i}]: "${feature.id}" has no tip in catalogs/features.yaml; every feature needs tip copy in ja and en`,
      });
    }
  });
  return problems;
}
