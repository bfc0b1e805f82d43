// Every word of the report's effect section, in Japanese and English (the page switches in place;
// the type makes a key missing in one language a compile error). `{name}` marks a filled-in value.

export interface EffectLabels {
  readonly title: string;
  readonly intro: string;
  readonly program: string;
  readonly groups: string;
  readonly shareOk: string;
  readonly shareBad: string;
  readonly mailedBad: string;
  readonly primary: string;
  /** How many secondary figures were compared, and what they are for. */
  readonly secondaryNote: string;
  readonly verdicts: {
    readonly helps: string;
    readonly hurts: string;
    readonly noEffect: string;
    readonly noEffectUpTo: string;
    readonly tooFew: string;
    readonly tooFewFor: string;
  };
  readonly columns: {
    readonly figure: string;
    readonly treatment: string;
    readonly control: string;
    readonly difference: string;
    readonly p: string;
    readonly mde: string;
    readonly verdict: string;
  };
  readonly figures: {
    readonly onTime: string;
    readonly basic: string;
    readonly advanced: string;
    readonly atRisk: string;
    readonly renewal: string;
    readonly nps: string;
    readonly restrictedMean: string;
    readonly median: string;
    readonly logRank: string;
  };
  /** The renewal figure's power: contracts due per group it takes to see the practical size. */
  readonly renewalPower: string;
  readonly renewalPowerNone: string;
  /** What the NPS figure counts, and why its interval may be narrow. */
  readonly npsNote: string;
  readonly units: { readonly points: string; readonly days: string; readonly none: string };
  readonly curve: {
    readonly title: string;
    readonly axisX: string;
    readonly axisY: string;
    readonly treatment: string;
    readonly control: string;
    readonly band: string;
  };
  readonly features: {
    readonly title: string;
    readonly banner: string;
    readonly all: string;
    readonly feature: string;
    readonly used: string;
    readonly notUsed: string;
    readonly difference: string;
    readonly lift: string;
    readonly compared: string;
    readonly tooFew: string;
    readonly empty: string;
  };
}

export const EFFECT_LABELS: Readonly<Record<'ja' | 'en', EffectLabels>> = {
  en: {
    title: 'Do the emails work? Accounts emailed against accounts held back',
    intro:
      'In each program a share of accounts (the control group, drawn at random when they enter adoption) gets no automated email. Each figure compares the accounts that got the program\u2019s emails (treatment) with the control group, one value per account, as treatment minus control with its 95 % interval. "Smallest detectable" is the difference these group sizes could detect with 80 % power at the 5 % level; when it is larger than the program\u2019s practical size, the verdict is "too few accounts to tell".',
    program: 'Program {id}',
    groups:
      'treatment {treatment} · control {control} · excluded (high touch) {excluded} · not yet in adoption {notEnrolled}',
    shareOk: 'Control share {observed} (95 % interval {lower}–{upper}); the configured share is {expected}.',
    shareBad:
      'Control share {observed} (95 % interval {lower}–{upper}) does not match the configured {expected}: assignment or exclusions are broken.',
    mailedBad: '{count} control accounts were sent email: the holdout is not being respected.',
    primary: 'Primary outcome: {figure}. Verdict: {verdict}.',
    secondaryNote:
      'The primary outcome was chosen in advance and is judged on its own 95 % interval. The other {count} figures with a p-value are secondary: their p-values are Holm-adjusted for being compared together, and they count only once the primary outcome shows an effect. Secondary findings are for exploring, not for deciding.',
    verdicts: {
      helps: 'helps',
      hurts: 'hurts',
      noEffect: 'no effect found yet',
      noEffectUpTo: 'no effect found yet \u2014 could still be up to {upTo}',
      tooFew: 'too few accounts to tell',
      tooFewFor: 'too few accounts to tell (could not detect {practical})',
    },
    columns: {
      figure: 'Figure',
      treatment: 'Treatment',
      control: 'Control',
      difference: 'Difference (95 % interval)',
      p: 'p (adjusted)',
      mde: 'Smallest detectable',
      verdict: 'Verdict',
    },
    figures: {
      onTime: 'Reached \u201c{milestone}\u201d by day {day}',
      basic: 'Share of basic features in use',
      advanced: 'Share of advanced features in use',
      atRisk: 'At risk at the end',
      renewal: 'Renewed, of contracts due after enrolment',
      nps: 'NPS of the people who answered after enrolment',
      restrictedMean: 'Mean days to value (first {tau} days)',
      median: 'Median days to value',
      logRank: 'Curves differ (log-rank)',
    },
    renewalPower:
      'Renewal: from a {baseline} renewal rate, seeing a change of {points} points takes about {size} contracts due in each group (80 % power, α = 0.05); due so far: {treatment} treatment, {control} control.',
    renewalPowerNone: 'Renewal: no contract has come up for renewal yet, so no size can be worked out.',
    npsNote:
      'NPS: each person\u2019s latest answer given after their account entered the program, as NPS points (promoters / passives / detractors in each group). People of one company may answer alike, so the interval treats each account as one cluster and is never narrower than for independent answers.',
    units: { points: 'pts', days: 'days', none: '—' },
    curve: {
      title: 'Share of accounts at value, by days since onboarding',
      axisX: 'Days since onboarding completed',
      axisY: 'At value',
      treatment: 'Treatment',
      control: 'Control',
      band: '95 % interval',
    },
    features: {
      title: 'Which features go with success',
      banner:
        'Association, not cause. Accounts that used a feature in their first 14 days of adoption against those that did not, and how often each went on to reach value (accounts at value before day 14 are left out). A feature can go with success without causing it: use this to choose which features to test first, not as proof.',
      all: 'All programs',
      feature: 'Feature',
      used: 'Used in 14 days: accounts · at value (95 % interval)',
      notUsed: 'Not used: accounts · at value (95 % interval)',
      difference: 'Difference (95 % interval)',
      lift: 'Lift (95 % interval)',
      compared: '{accounts} accounts compared.',
      tooFew: 'Fewer than 20 accounts on a side: {features}.',
      empty: 'No feature has 20 accounts on each side yet.',
    },
  },
  ja: {
    title: 'メールは効いているか：送信したアカウントと送らなかったアカウントの比較',
    intro:
      '各プログラムでは、定着期に入った時点で無作為に選んだ一部のアカウント（コントロール群）には自動メールを送りません。各指標は、メールを送ったアカウント（トリートメント群）とコントロール群をアカウント単位で比べ、差（トリートメント − コントロール）と95%信頼区間で示します。「検出可能な最小差」は、この群の大きさで検出力80%・有意水準5%で見つけられる差です。これがプログラムの実務上意味のある大きさより大きいときは「判断するにはアカウントが足りません」と表示します。',
    program: 'プログラム {id}',
    groups:
      'トリートメント {treatment}・コントロール {control}・対象外（ハイタッチ）{excluded}・定着期前 {notEnrolled}',
    shareOk: 'コントロール群の割合 {observed}（95%信頼区間 {lower}〜{upper}）。設定値は {expected} です。',
    shareBad:
      'コントロール群の割合 {observed}（95%信頼区間 {lower}〜{upper}）が設定値 {expected} と合いません。割り当てか除外の仕組みが壊れています。',
    mailedBad: 'コントロール群の {count} アカウントにメールが送られています。ホールドアウトが守られていません。',
    primary: '主要評価項目：{figure}。判定：{verdict}。',
    secondaryNote:
      '主要評価項目はあらかじめ決めたもので、その95%信頼区間だけで判定します。p 値のあるほかの {count} 個の指標は副次的な指標です。まとめて比べていることを Holm 法で補正した p 値を示し、主要評価項目に効果が見えたときにだけ判定に数えます。副次的な結果は探索のためのもので、意思決定の根拠にはしないでください。',
    verdicts: {
      helps: '効果あり',
      hurts: '逆効果',
      noEffect: 'まだ効果は見つかっていません',
      noEffectUpTo: 'まだ効果は見つかっていません（最大 {upTo} の可能性は残ります）',
      tooFew: '判断するにはアカウントが足りません',
      tooFewFor: '判断するにはアカウントが足りません（{practical} の差を検出できません）',
    },
    columns: {
      figure: '指標',
      treatment: 'トリートメント',
      control: 'コントロール',
      difference: '差（95%信頼区間）',
      p: 'p 値（補正後）',
      mde: '検出可能な最小差',
      verdict: '判定',
    },
    figures: {
      onTime: '「{milestone}」を {day} 日以内に達成',
      basic: '基本機能の利用割合',
      advanced: '応用機能の利用割合',
      atRisk: '期間末にリスクあり',
      renewal: '更新率（開始後に更新期日を迎えた契約のうち更新した割合）',
      nps: 'NPS（開始後に回答した人）',
      restrictedMean: '価値実感までの平均日数（最初の {tau} 日）',
      median: '価値実感までの日数（中央値）',
      logRank: '曲線の差（ログランク検定）',
    },
    renewalPower:
      '更新率：更新率 {baseline} から {points} ポイントの差を見るには、各群で約 {size} 件の更新期日を迎えた契約が必要です（検出力 80 %、α = 0.05）。これまでに期日を迎えた契約：介入群 {treatment} 件、対照群 {control} 件。',
    renewalPowerNone: '更新率：更新期日を迎えた契約がまだないため、必要な件数は計算できません。',
    npsNote:
      'NPS：アカウントがプログラムに入った後に各人が回答した最新のスコアを NPS ポイントで示します（各群の推奨者／中立者／批判者の人数）。人の単位で数えますが、同じ会社の人は似た回答をしがちなため、信頼区間はアカウントを一つのまとまりとして計算し、回答を独立とみなした場合より狭くはしません。',
    units: { points: 'ポイント', days: '日', none: '—' },
    curve: {
      title: '価値実感に到達したアカウントの割合（導入完了からの日数別）',
      axisX: '導入完了からの日数',
      axisY: '到達割合',
      treatment: 'トリートメント',
      control: 'コントロール',
      band: '95%信頼区間',
    },
    features: {
      title: '成功しているアカウントに共通する機能',
      banner:
        '相関であって因果ではありません。定着期の最初の14日間にその機能を使ったアカウントと使わなかったアカウントで、その後に価値実感へ到達した割合を比べています（14日目より前に到達したアカウントは除外）。成功と一緒に現れる機能が成功の原因とは限りません。どの機能から試すかを決める材料として使ってください。',
      all: 'すべてのプログラム',
      feature: '機能',
      used: '14日以内に利用：アカウント数・到達率（95%信頼区間）',
      notUsed: '未利用：アカウント数・到達率（95%信頼区間）',
      difference: '差（95%信頼区間）',
      lift: 'リフト（95%信頼区間）',
      compared: '比較したアカウント：{accounts} 件',
      tooFew: 'どちらかが20件未満の機能：{features}',
      empty: 'まだ両側に20件以上のアカウントがある機能はありません。',
    },
  },
};
