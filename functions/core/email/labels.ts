// Words the emails show for enumerated values, per locale.
import type { ContactRole, Locale } from '../events.js';
import type { FeatureStage, SurveyType } from '../program.js';

const ROLE_LABELS: Readonly<Record<Locale, Readonly<Record<ContactRole, string>>>> = {
  ja: { owner: 'ご契約責任者', admin: '管理者', member: 'メンバー' },
  // English labels carry their article: templates say "as {{ contactRole }}".
  en: { owner: 'the account owner', admin: 'an administrator', member: 'a team member' },
};

const STAGE_LABELS: Readonly<Record<Locale, Readonly<Record<FeatureStage, string>>>> = {
  ja: { basic: '基本機能', advanced: '応用機能', new: '新機能' },
  en: { basic: 'Basics', advanced: 'Advanced', new: 'New' },
};

/** What a re-engagement email counts, and the unit after each figure. */
const DROP_MEASURE_LABELS: Readonly<
  Record<
    Locale,
    Readonly<Record<'active-days' | 'person-days' | 'actions', { readonly measure: string; readonly unit: string }>>
  >
> = {
  ja: {
    'active-days': { measure: 'ご利用日数', unit: '日' },
    'person-days': { measure: '延べご利用人日（1人が1日ご利用で1人日）', unit: '人日' },
    actions: { measure: 'ご利用の操作数', unit: '回' },
  },
  en: {
    'active-days': { measure: 'Days with activity', unit: 'days' },
    'person-days': {
      measure: 'Person-days of activity (one person active on one day counts one)',
      unit: 'person-days',
    },
    actions: { measure: 'Actions taken in the product', unit: 'actions' },
  },
};

export function dropMeasureLabel(
  measure: 'active-days' | 'person-days' | 'actions',
  locale: Locale,
): { readonly measure: string; readonly unit: string } {
  return DROP_MEASURE_LABELS[locale][measure];
}

/** The sentence offering a webinar's recording, for a reader who cannot join live. */
export function recordingNote(url: string, locale: Locale): string {
  return locale === 'ja'
    ? `ライブでのご参加が難しい場合は、録画をご覧いただけます：${url}`
    : `Can't join live? The recording will be here: ${url}`;
}

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

/** The line that stands for the milestones of a period in which none was reached. */
export function noMilestonesNote(locale: Locale): string {
  return locale === 'ja'
    ? 'この期間に達成したマイルストーンはまだありません。'
    : 'No milestone reached in this period yet.';
}

/** One sentence naming the next goal, or saying every milestone is reached. */
export function nextGoalNote(title: string | null, locale: Locale): string {
  if (title === null) {
    return locale === 'ja'
      ? 'これで、すべてのマイルストーンを達成されました。'
      : 'That was the last milestone: every one is reached.';
  }
  return locale === 'ja' ? `次の目標：${title}` : `Next: ${title}`;
}

const SURVEY_WORDS: Readonly<
  Record<
    Locale,
    Readonly<Record<SurveyType, { readonly question: string; readonly low: string; readonly high: string }>>
  >
> = {
  ja: {
    nps: {
      question: '{product}を同僚やお知り合いにすすめる可能性は、どのくらいありますか？',
      low: '0 = まったくすすめない',
      high: '10 = ぜひすすめたい',
    },
    csat: {
      question: 'ここまでの{product}のご利用に、どのくらい満足されていますか？',
      low: '1 = とても不満',
      high: '5 = とても満足',
    },
  },
  en: {
    nps: {
      question: 'How likely are you to recommend {product} to a colleague or friend?',
      low: '0 = not at all likely',
      high: '10 = extremely likely',
    },
    csat: {
      question: 'How satisfied are you with {product} so far?',
      low: '1 = very dissatisfied',
      high: '5 = very satisfied',
    },
  },
};

/** The survey's question (naming the product) and what its lowest and highest scores mean. */
export function surveyWords(
  survey: SurveyType,
  productName: string,
  locale: Locale,
): { readonly question: string; readonly low: string; readonly high: string } {
  const words = SURVEY_WORDS[locale][survey];
  return { ...words, question: words.question.replace('{product}', productName) };
}
