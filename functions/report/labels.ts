// Every word of the KPI report, in Japanese and English. The page switches between them in place;
// the type makes a key missing in one language a compile error.

import type { TouchModel } from '../core/events.js';
import type { FeatureStage, TouchKind } from '../core/program.js';
import type { Phase } from '../core/state.js';

export interface ReportLabels {
  readonly title: string;
  readonly subtitle: string;
  readonly window: string;
  readonly program: string;
  readonly language: string;
  readonly tiles: {
    readonly accounts: string;
    readonly onboarded: string;
    readonly touches: string;
    readonly milestones: string;
    readonly value: string;
    readonly medianTtv: string;
    readonly reonboardings: string;
    readonly atRisk: string;
  };
  readonly charts: {
    readonly touchesPerWeek: string;
    readonly riskOverTime: string;
    readonly milestones: string;
    readonly timeToValue: string;
    readonly usage: string;
    readonly featuresOverTime: string;
    readonly perFeature: string;
  };
  readonly notes: {
    readonly touchesPerWeek: string;
    readonly riskOverTime: string;
    readonly milestones: string;
    readonly timeToValue: string;
    readonly usage: string;
    readonly featuresOverTime: string;
    readonly perFeature: string;
    readonly accounts: string;
    readonly noSnapshots: string;
  };
  readonly series: {
    readonly atRisk: string;
    readonly usageDrop: string;
    readonly reonboardings: string;
    readonly onTime: string;
    readonly late: string;
    readonly accounts: string;
    readonly dauMau: string;
    readonly activeDays: string;
    readonly usingFeature: string;
  };
  readonly axis: { readonly week: string; readonly days: string; readonly share: string; readonly count: string };
  readonly milestoneTable: {
    readonly milestone: string;
    readonly rate: string;
    readonly onTime: string;
    readonly medianDays: string;
    readonly eligible: string;
    readonly program: string;
  };
  readonly accountsTable: {
    readonly title: string;
    readonly account: string;
    readonly industry: string;
    readonly employees: string;
    readonly touchModel: string;
    readonly phase: string;
    readonly score: string;
    readonly risk: string;
    readonly dauMau: string;
    readonly activeDays: string;
    readonly milestones: string;
    readonly touches: string;
    readonly shown: string;
    readonly atRisk: string;
    readonly usageDrop: string;
  };
  readonly kinds: Readonly<Record<TouchKind, string>>;
  readonly phases: Readonly<Record<Phase, string>>;
  readonly stages: Readonly<Record<FeatureStage, string>>;
  readonly touchModels: Readonly<Record<TouchModel, string>>;
  readonly daysUnit: string;
  readonly beyond: string;
}

export const LABELS: Readonly<Record<'ja' | 'en', ReportLabels>> = {
  en: {
    title: 'Adoption KPIs',
    subtitle: 'What teichaku saw and sent, account by account',
    window: 'Period',
    program: 'Program',
    language: 'Language',
    tiles: {
      accounts: 'Accounts',
      onboarded: 'Onboarding completed',
      touches: 'Emails sent',
      milestones: 'Milestones reached',
      value: 'Reached value',
      medianTtv: 'Median time to value',
      reonboardings: 'Re-onboardings',
      atRisk: 'At risk now',
    },
    charts: {
      touchesPerWeek: 'Emails per week, by kind',
      riskOverTime: 'Accounts at risk and re-onboardings',
      milestones: 'Milestone completion',
      timeToValue: 'Time to value',
      usage: 'DAU/MAU and sign-in frequency',
      featuresOverTime: 'Feature usage by stage',
      perFeature: 'Accounts using each feature',
    },
    notes: {
      touchesPerWeek: 'Every automated email, by the week it was sent.',
      riskOverTime:
        'Accounts in adoption flagged at risk (low health or a usage drop) at the end of each week; re-onboarding emails sent to new people in charge.',
      milestones:
        'Share of accounts that reached each milestone, among those whose due day has passed or that reached it early. The table gives the median days from the milestone\u2019s start.',
      timeToValue: 'Days from onboarding completion to the value milestone, for the accounts that got there.',
      usage:
        'Mean DAU/MAU (daily active people over people active in the last 30 days) and mean active days per 30 days, over accounts with any activity.',
      featuresOverTime: 'Mean share of each stage\u2019s features in use, over onboarded accounts.',
      perFeature: 'Share of onboarded accounts that have used each feature.',
      accounts: 'Health as of the end of the period, lowest first.',
      noSnapshots: 'No weekly readings in this report.',
    },
    series: {
      atRisk: 'At risk',
      usageDrop: 'Usage drop',
      reonboardings: 'Re-onboarding emails',
      onTime: 'On time',
      late: 'Late',
      accounts: 'Accounts',
      dauMau: 'DAU/MAU',
      activeDays: 'Active days / 30',
      usingFeature: 'Accounts using it',
    },
    axis: { week: 'Week of', days: 'Days', share: 'Share', count: 'Count' },
    milestoneTable: {
      milestone: 'Milestone',
      rate: 'Reached',
      onTime: 'On time',
      medianDays: 'Median days',
      eligible: 'Accounts',
      program: 'Program {id}',
    },
    accountsTable: {
      title: 'Accounts by health',
      account: 'Account',
      industry: 'Industry',
      employees: 'Employees',
      touchModel: 'Touch',
      phase: 'Phase',
      score: 'Health',
      risk: 'Risk',
      dauMau: 'DAU/MAU',
      activeDays: 'Active days / 30',
      milestones: 'Milestones',
      touches: 'Emails',
      shown: 'Showing {shown} of {total} accounts.',
      atRisk: 'at risk',
      usageDrop: 'usage drop',
    },
    kinds: {
      're-onboarding': 'Re-onboarding',
      're-engagement': 'Re-engagement',
      'milestone-nudge': 'Milestone nudge',
      'feature-tip': 'Feature tip',
      survey: 'Survey',
      'webinar-invite': 'Webinar invite',
      'success-story': 'Success story',
    },
    phases: {
      onboarding: 'Onboarding',
      adoption: 'Adoption',
      'expansion-ready': 'Expansion-ready',
      ended: 'Adoption ended',
    },
    stages: { basic: 'Basic', advanced: 'Advanced', new: 'New' },
    touchModels: { tech: 'Tech', low: 'Low', high: 'High' },
    daysUnit: 'days',
    beyond: 'or more',
  },
  ja: {
    title: '定着 KPI レポート',
    subtitle: 'teichaku が見たこと・送ったこと（アカウント別）',
    window: '期間',
    program: 'プログラム',
    language: '言語',
    tiles: {
      accounts: 'アカウント数',
      onboarded: '導入完了率',
      touches: '送信メール数',
      milestones: '達成マイルストーン数',
      value: '価値実感に到達',
      medianTtv: 'TTV 中央値',
      reonboardings: '再オンボーディング',
      atRisk: '現在のリスク',
    },
    charts: {
      touchesPerWeek: '週ごとの送信メール（種類別）',
      riskOverTime: 'リスクのあるアカウントと再オンボーディング',
      milestones: 'マイルストーン達成率',
      timeToValue: '価値実感までの日数（TTV）',
      usage: 'DAU/MAU とログイン頻度',
      featuresOverTime: '段階別の機能利用率',
      perFeature: '機能ごとの利用アカウント',
    },
    notes: {
      touchesPerWeek: '自動送信したメールを、送信した週ごとに数えています。',
      riskOverTime:
        '各週末の時点で、定着期のうちリスクあり（ヘルス低下または利用減少）と判定されたアカウント数と、新しい担当者へ送った再オンボーディングメール数です。',
      milestones:
        '期日を過ぎた（または期日前に達成した）アカウントのうち、各マイルストーンを達成した割合です。表は起点からの達成日数の中央値です。',
      timeToValue: '導入完了から価値実感のマイルストーンに到達するまでの日数（到達したアカウント）。',
      usage:
        '直近30日に利用のあったアカウントの平均 DAU/MAU（日次アクティブ人数 ÷ 30日間のアクティブ人数）と、30日あたりの平均利用日数です。',
      featuresOverTime: '導入完了アカウントで、各段階の機能のうち利用中の割合の平均です。',
      perFeature: '導入完了アカウントのうち、その機能を使ったことがある割合です。',
      accounts: '期間末時点のヘルススコアが低い順です。',
      noSnapshots: 'このレポートには週次の計測がありません。',
    },
    series: {
      atRisk: 'リスクあり',
      usageDrop: '利用減少',
      reonboardings: '再オンボーディングメール',
      onTime: '期日内',
      late: '期日後',
      accounts: 'アカウント',
      dauMau: 'DAU/MAU',
      activeDays: '30日あたり利用日数',
      usingFeature: '利用アカウント',
    },
    axis: { week: '週の開始日', days: '日数', share: '割合', count: '件数' },
    milestoneTable: {
      milestone: 'マイルストーン',
      rate: '達成率',
      onTime: '期日内',
      medianDays: '日数（中央値）',
      eligible: '対象数',
      program: 'プログラム {id}',
    },
    accountsTable: {
      title: 'ヘルス別アカウント一覧',
      account: 'アカウント',
      industry: '業種',
      employees: '従業員数',
      touchModel: 'タッチ',
      phase: 'フェーズ',
      score: 'ヘルス',
      risk: 'リスク',
      dauMau: 'DAU/MAU',
      activeDays: '30日の利用日数',
      milestones: 'マイルストーン',
      touches: 'メール',
      shown: '{total} 件中 {shown} 件を表示しています。',
      atRisk: 'リスクあり',
      usageDrop: '利用減少',
    },
    kinds: {
      're-onboarding': '再オンボーディング',
      're-engagement': '再活性化',
      'milestone-nudge': 'マイルストーンの後押し',
      'feature-tip': '機能の活用ヒント',
      survey: 'アンケート',
      'webinar-invite': 'ウェビナー案内',
      'success-story': '成功事例',
    },
    phases: { onboarding: '導入期', adoption: '定着期', 'expansion-ready': '拡大準備完了', ended: '定着期終了' },
    stages: { basic: '基本', advanced: '応用', new: '新機能' },
    touchModels: { tech: 'テック', low: 'ロー', high: 'ハイ' },
    daysUnit: '日',
    beyond: '以上',
  },
};
