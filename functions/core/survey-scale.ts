// The scores each survey type asks for: NPS 0 to 10, CSAT 1 to 5.
import type { SurveyType } from './program.js';

export const SURVEY_SCALES: Readonly<Record<SurveyType, { readonly min: number; readonly max: number }>> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
};

/** Every score of the survey type, lowest first. */
export function surveyScores(survey: SurveyType): readonly number[] {
  const { min, max } = SURVEY_SCALES[survey];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/** Whether `score` is a whole score on the survey type's scale. */
export function isSurveyScore(survey: SurveyType, score: number): boolean {
  const { min, max } = SURVEY_SCALES[survey];
  return Number.isInteger(score) && score >= min && score <= max;
}
