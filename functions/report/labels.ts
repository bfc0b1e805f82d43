// Every word of the KPI report, in Japanese and English. The page switches between them in place;
// the type makes a key missing in one language a compile error.

import type { ContractEndReason, TouchModel } from '../core/events.js';
import type { FeatureStage, TouchKind } from '../core/program.js';
import type { Phase } from '../core/state.js';
import type { TtvBand } from './renewal-figures.js';

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
    readonly falseAlarms: string;
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
  readonly renewal: RenewalLabels;
  readonly voice: VoiceLabels;
}

/** The customer's-voice card's words (voice-section.ts). */
export interface VoiceLabels {
  readonly title: string;
  readonly note: string;
  readonly empty: string;
  readonly scores: string;
  readonly scoresNote: string;
  readonly group: string;
  readonly survey: string;
  readonly surveys: { readonly nps: string; readonly csat: string };
  readonly all: string;
  readonly score: string;
  readonly answerScore: string;
  readonly split: string;
  readonly promoters: string;
  readonly passives: string;
  readonly detractors: string;
  readonly responses: string;
  readonly answers: string;
  readonly responseRate: string;
  readonly outcome: string;
  readonly byValue: string;
  readonly byValueNote: string;
  readonly valueReached: string;
  readonly valueNotReached: string;
  readonly overlap: string;
  readonly reachedHigher: string;
  readonly reachedLower: string;
  readonly tooFew: string;
  readonly tickets: string;
  readonly ticketsNote: string;
  readonly week: string;
  readonly perAccount: string;
  readonly openTickets: string;
  readonly openDetractors: string;
  readonly openDetractorsNote: string;
  readonly noDetractors: string;
  readonly account: string;
  readonly answered: string;
  readonly daysOpen: string;
  readonly commented: string;
  readonly yes: string;
  readonly no: string;
  readonly shown: string;
}

/** The renewal card's words (renewal-section.ts). */
export interface RenewalLabels {
  readonly title: string;
  readonly note: string;
  readonly due: string;
  readonly renewed: string;
  readonly ended: string;
  readonly lapsed: string;
  readonly rate: string;
  readonly byCohort: string;
  readonly cohort: string;
  readonly byProgram: string;
  readonly program: string;
  readonly byValue: string;
  readonly valueReached: string;
  readonly valueNotReached: string;
  readonly byTimeToValue: string;
  readonly band: string;
  readonly bands: Readonly<Record<TtvBand, string>>;
  readonly grr: string;
  readonly grrNote: string;
  readonly currency: string;
  readonly startArr: string;
  readonly keptArr: string;
  readonly endedByReason: string;
  readonly reason: string;
  readonly count: string;
  readonly reasons: Readonly<Record<ContractEndReason | 'unstated', string>>;
  readonly activation: string;
  readonly activationNote: string;
  readonly eligible: string;
  readonly activated: string;
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
      falseAlarms: 'Early at-risk alarms whose account reached value (first 14 days)',
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
      'value-review': 'Value review',
      'monthly-summary': 'Monthly summary',
      celebration: 'Celebration',
    },
    phases: {
      onboarding: 'Onboarding',
      adoption: 'Adoption',
      'expansion-ready': 'Expansion-ready',
      retention: 'Retention',
      renewal: 'Renewal',
      ended: 'Adoption ended',
    },
    stages: { basic: 'Basic', advanced: 'Advanced', new: 'New' },
    touchModels: { tech: 'Tech', low: 'Low', high: 'High' },
    daysUnit: 'days',
    beyond: 'or more',
    renewal: {
      title: 'Renewal',
      note: 'Contracts whose renewal came up in the period: renewed, ended, or lapsed (the renewal date passed with no word, counted as not renewed). Ended accounts are out of the live counts above but in every figure here.',
      due: 'Due',
      renewed: 'Renewed',
      ended: 'Ended',
      lapsed: 'Lapsed',
      rate: 'Renewal rate',
      byCohort: 'By contract-start month',
      cohort: 'Month',
      byProgram: 'By program',
      program: 'Program',
      byValue: 'By adoption outcome',
      valueReached: 'Value milestone reached by the renewal',
      valueNotReached: 'Value milestone not reached',
      byTimeToValue: 'By time to value',
      band: 'Days from onboarding to value',
      bands: { '0-30': '0–30', '31-60': '31–60', '61-90': '61–90', '91+': '91 or more', 'not-reached': 'Not reached' },
      grr: 'Gross revenue retention',
      grrNote:
        'Per currency, never summed across: the yearly value kept (each renewal counted at most at its old value) over the yearly value due.',
      currency: 'Currency',
      startArr: 'Yearly value due',
      keptArr: 'Kept',
      endedByReason: 'Ended contracts by reason',
      reason: 'Reason',
      count: 'Contracts',
      reasons: {
        price: 'Price',
        'product-fit': 'Product fit',
        budget: 'Budget',
        merged: 'Merged or acquired',
        closed: 'Company closed',
        competitor: 'Moved to a competitor',
        other: 'Other',
        unstated: 'Not stated',
      },
      activation: 'Activation in the first 30 days',
      activationNote:
        'Accounts whose contract started in the period at least 30 days before its end, and those that reached their program\u2019s first adoption milestone within 30 days of contract start.',
      eligible: 'Accounts',
      activated: 'Activated',
    },
    voice: {
      title: 'The customer\u2019s voice',
      note: 'Survey answers (NPS and CSAT, each person\u2019s latest), support tickets, and the detractors nobody has followed up yet. Comments are never shown here: only whether one was left.',
      empty: 'No survey answers yet.',
      scores: 'NPS and CSAT by program and phase',
      scoresNote:
        'NPS: % promoters (9\u201310) \u2212 % detractors (0\u20136); CSAT: % satisfied (4\u20135). With their 95 % intervals. The bar splits the answers into promoters, passives and detractors (for CSAT: satisfied, neutral, dissatisfied). Response rate: answers over the seats asked, with its 95 % interval. Phase: the account\u2019s phase now.',
      group: 'Program / phase',
      survey: 'Survey',
      surveys: { nps: 'NPS', csat: 'CSAT' },
      all: 'All phases',
      score: 'Score (95 % interval)',
      answerScore: 'Score',
      split: 'Promoters / passives / detractors',
      promoters: 'Promoters',
      passives: 'Passives',
      detractors: 'Detractors',
      responses: 'Answers / seats',
      answers: 'Answers',
      outcome: 'Adoption outcome',
      responseRate: 'Response rate (95 % interval)',
      byValue: 'NPS by adoption outcome',
      byValueNote:
        'The people of accounts that reached their value milestone by the end of the period, against the others.',
      valueReached: 'Value milestone reached',
      valueNotReached: 'Not reached',
      overlap: 'The intervals overlap: no verdict on whether reaching value goes with a higher NPS.',
      reachedHigher: 'The accounts that reached value score higher, and the intervals do not overlap.',
      reachedLower: 'The accounts that reached value score lower, and the intervals do not overlap.',
      tooFew: 'Too few answers on one side for an interval: no verdict.',
      tickets: 'Support tickets per account per week',
      ticketsNote: 'Tickets opened each week (weeks starting on the date shown, UTC), over the accounts in the report.',
      week: 'Week of',
      perAccount: 'Tickets per account',
      openTickets: 'Tickets open at the end',
      openDetractors: 'Detractors not yet followed up',
      openDetractorsNote:
        'Each detractor answer nobody has resolved yet, the latest first. The comment stays in the product and the CRM: here only whether there is one.',
      noDetractors: 'Every detractor has been followed up.',
      account: 'Account',
      answered: 'Answered',
      daysOpen: 'Days open',
      commented: 'Commented',
      yes: 'yes',
      no: 'no',
      shown: 'Shown, the latest first / all:',
    },
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
      falseAlarms: '価値実感に到達したアカウントへの早期リスク警報（最初の14日）',
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
      'value-review': '価値レビュー',
      'monthly-summary': '月次サマリー',
      celebration: 'お祝い',
    },
    phases: {
      onboarding: '導入期',
      adoption: '定着期',
      'expansion-ready': '拡大準備完了',
      retention: '継続利用期',
      renewal: '契約更新期',
      ended: '定着期終了',
    },
    stages: { basic: '基本', advanced: '応用', new: '新機能' },
    touchModels: { tech: 'テック', low: 'ロー', high: 'ハイ' },
    daysUnit: '日',
    beyond: '以上',
    renewal: {
      title: '契約更新',
      note: '期間内に更新期日を迎えた契約：更新、解約、または期日を過ぎても連絡がない（未更新として数える）。解約したアカウントは上の「現在」の数からは外れますが、ここではすべての数字に入ります。',
      due: '期日を迎えた契約',
      renewed: '更新',
      ended: '解約',
      lapsed: '期日経過・連絡なし',
      rate: '更新率',
      byCohort: '契約開始月ごと',
      cohort: '月',
      byProgram: 'プログラムごと',
      program: 'プログラム',
      byValue: '活用の成果ごと',
      valueReached: '更新までに価値のマイルストーンに到達',
      valueNotReached: '価値のマイルストーンに未到達',
      byTimeToValue: '価値到達までの日数ごと',
      band: '導入完了から価値到達までの日数',
      bands: { '0-30': '0〜30', '31-60': '31〜60', '61-90': '61〜90', '91+': '91以上', 'not-reached': '未到達' },
      grr: 'グロス収益維持率（GRR）',
      grrNote:
        '通貨ごとに計算し、通貨をまたいで合算しません。期日を迎えた年間契約額のうち維持された額（更新後の額は更新前の額を上限とする）の割合。',
      currency: '通貨',
      startArr: '期日を迎えた年間契約額',
      keptArr: '維持された額',
      endedByReason: '解約理由ごとの件数',
      reason: '理由',
      count: '件数',
      reasons: {
        price: '価格',
        'product-fit': '製品が合わない',
        budget: '予算',
        merged: '合併・買収',
        closed: '廃業',
        competitor: '他社製品へ移行',
        other: 'その他',
        unstated: '理由の記載なし',
      },
      activation: '最初の30日での活性化',
      activationNote:
        '期間内に契約を開始し、期間末までに30日が経過したアカウントのうち、契約開始から30日以内にプログラムの最初の活用マイルストーンに到達した割合。',
      eligible: 'アカウント数',
      activated: '活性化',
    },
    voice: {
      title: '顧客の声',
      note: 'アンケートの回答（NPS と CSAT、各人の最新の回答）、サポートチケット、まだ誰もフォローしていない批判者。コメントの本文はここには表示せず、コメントがあるかどうかだけを示します。',
      empty: 'まだアンケートの回答はありません。',
      scores: 'プログラム・フェーズ別の NPS と CSAT',
      scoresNote:
        'NPS：推奨者（9〜10）の割合 − 批判者（0〜6）の割合。CSAT：満足（4〜5）の割合。いずれも95%信頼区間つき。棒グラフは回答を推奨者・中立者・批判者（CSAT では満足・どちらでもない・不満）に分けたものです。回答率：依頼した席数に対する回答数（95%信頼区間つき）。フェーズはアカウントの現在のフェーズです。',
      group: 'プログラム／フェーズ',
      survey: '調査',
      surveys: { nps: 'NPS', csat: 'CSAT' },
      all: '全フェーズ',
      score: 'スコア（95%信頼区間）',
      answerScore: 'スコア',
      split: '推奨者／中立者／批判者',
      promoters: '推奨者',
      passives: '中立者',
      detractors: '批判者',
      responses: '回答数／席数',
      answers: '回答数',
      outcome: '導入の成果',
      responseRate: '回答率（95%信頼区間）',
      byValue: '導入の成果別の NPS',
      byValueNote: '期間末までに価値実感のマイルストーンに到達したアカウントの人と、それ以外の人の比較です。',
      valueReached: '価値実感に到達',
      valueNotReached: '未到達',
      overlap: '信頼区間が重なっています。価値実感への到達と NPS の高さの関係は判断できません。',
      reachedHigher: '価値実感に到達したアカウントのほうがスコアが高く、信頼区間は重なっていません。',
      reachedLower: '価値実感に到達したアカウントのほうがスコアが低く、信頼区間は重なっていません。',
      tooFew: '片方の回答が少なく信頼区間が出せないため、判断できません。',
      tickets: '1 アカウントあたりの週ごとのサポートチケット',
      ticketsNote: '各週に起票されたチケット数をレポート対象のアカウント数で割った値です（週の開始日、UTC）。',
      week: '週の開始日',
      perAccount: '1 アカウントあたり',
      openTickets: '期間末に未解決のチケット',
      openDetractors: 'まだフォローしていない批判者',
      openDetractorsNote:
        'まだ誰も対応を完了していない批判者の回答を新しい順に示します。コメントの本文はプロダクトと CRM にあり、ここではコメントの有無だけを示します。',
      noDetractors: 'すべての批判者にフォローが済んでいます。',
      account: 'アカウント',
      answered: '回答日',
      daysOpen: '経過日数',
      commented: 'コメント',
      yes: 'あり',
      no: 'なし',
      shown: '表示（新しい順）／全件：',
    },
  },
};
