// The values of the figure emails (value review, monthly summary) and of the celebration: the
// figures the touch carries, formatted, and each bar as a whole percent for a table cell's width.
import type { Locale } from '../events.js';
import type { FeatureStage } from '../program.js';
import type { UsageFigures } from '../usage-figures.js';
import type { ContentIndex } from './content-index.js';
import { formatDate, formatNumber } from './format.js';
import { noMilestonesNote } from './labels.js';

/** A share as a whole percent from 0 to 100 (0 when there is nothing to measure against). */
export function barPercent(value: number, of: number): number {
  if (of <= 0 || value <= 0) return 0;
  return Math.min(100, Math.round((value * 100) / of));
}

/** A change, signed: `+3`, `-1`, `±0`. */
export function signedChange(change: number, locale: Locale): string {
  if (change === 0) return '±0';
  return `${change > 0 ? '+' : '-'}${formatNumber(Math.abs(change), locale)}`;
}

function bar(prefix: string, value: number, of: number): Record<string, string> {
  const filled = barPercent(value, of);
  return { [`${prefix}Bar`]: String(filled), [`${prefix}Rest`]: String(100 - filled) };
}

const STAGE_PREFIX: Readonly<Record<FeatureStage, string>> = { basic: 'basic', advanced: 'advanced', new: 'new' };

/** Every figure variable (see FigureVariables in variables.ts). */
export function figureVariables(
  figures: UsageFigures,
  index: ContentIndex,
  timeZone: string,
  locale: Locale,
): Record<string, string> {
  const values: Record<string, string> = {
    periodStart: formatDate(figures.from, timeZone, locale),
    periodEnd: formatDate(figures.to, timeZone, locale),
    peopleAtStart: formatNumber(figures.peopleAtStart, locale),
    peopleNow: formatNumber(figures.peopleNow, locale),
    peopleTrend: signedChange(figures.peopleNow - figures.peopleAtStart, locale),
    activePeople: formatNumber(figures.activePeople30, locale),
    ...bar('peopleAtStart', figures.peopleAtStart, figures.peopleKnown),
    ...bar('peopleNow', figures.peopleNow, figures.peopleKnown),
  };
  // A stage the figures lack (none of its features in the program) reads as none of none.
  for (const prefix of Object.values(STAGE_PREFIX)) {
    values[`${prefix}Features`] = '0 / 0';
    values[`${prefix}FeaturesAtStart`] = '0 / 0';
    Object.assign(values, bar(prefix, 0, 0));
  }
  for (const stage of figures.features) {
    const prefix = STAGE_PREFIX[stage.stage];
    values[`${prefix}Features`] = `${formatNumber(stage.usedNow, locale)} / ${formatNumber(stage.total, locale)}`;
    values[`${prefix}FeaturesAtStart`] =
      `${formatNumber(stage.usedAtStart, locale)} / ${formatNumber(stage.total, locale)}`;
    Object.assign(values, bar(prefix, stage.usedNow, stage.total));
  }
  const reached = figures.milestones.map((m) => {
    const title = index.milestones.get(m.id)?.title[locale] ?? m.id;
    const date = formatDate(m.reachedAt, timeZone, locale);
    return locale === 'ja' ? `${title}（${date}）` : `${title} (${date})`;
  });
  values.milestonesReached =
    reached.length === 0 ? noMilestonesNote(locale) : reached.join(locale === 'ja' ? '、' : ', ');
  return values;
}
