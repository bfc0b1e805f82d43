// Words the emails show for enumerated values, per locale.
import type { ContactRole, Locale } from '../events.js';
import type { FeatureStage } from '../program.js';

const ROLE_LABELS: Readonly<Record<Locale, Readonly<Record<ContactRole, string>>>> = {
  ja: { owner: 'ご契約責任者', admin: '管理者', member: 'メンバー' },
  // English labels carry their article: templates say "as {{ contactRole }}".
  en: { owner: 'the account owner', admin: 'an administrator', member: 'a team member' },
};

const STAGE_LABELS: Readonly<Record<Locale, Readonly<Record<FeatureStage, string>>>> = {
  ja: { basic: '基本機能', advanced: '応用機能', new: '新機能' },
  en: { basic: 'Basics', advanced: 'Advanced', new: 'New' },
};

export function roleLabel(role: ContactRole, locale: Locale): string {
  return ROLE_LABELS[locale][role];
}

export function stageLabel(stage: FeatureStage, locale: Locale): string {
  return STAGE_LABELS[locale][stage];
}

/**
 * One sentence on the colleagues who already use the feature, or nothing when none do (the
 * templates have no conditions: an empty value leaves no trace). The count comes formatted.
 */
export function colleaguesNote(count: number, formatted: string, accountName: string, locale: Locale): string {
  if (count <= 0) return '';
  if (locale === 'ja') return `${accountName}では、すでに${formatted}名の方が使っています。`;
  return count === 1
    ? `One person at ${accountName} already uses it.`
    : `${formatted} people at ${accountName} already use it.`;
}
