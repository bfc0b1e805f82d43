// The KPI report's page script: draws report.json's figures with Chart.js, in Japanese or English.
// Plain browser JavaScript, inlined into report.html with Chart.js so the page works offline.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var LABELS = JSON.parse(document.getElementById('report-labels').textContent);
  var KIND_COLORS = {
    're-onboarding': '#7c3aed',
    're-engagement': '#dc2626',
    'milestone-nudge': '#ea580c',
    'feature-tip': '#0f766e',
    'webinar-invite': '#2563eb',
    'success-story': '#ca8a04',
    'value-review': '#4d7c0f',
    'monthly-summary': '#64748b',
    'celebration': '#db2777',
    survey: '#be185d',
  };
  var STAGE_COLORS = { basic: '#0f766e', advanced: '#2563eb', new: '#ca8a04' };
  var charts = [];
  var current = null;

  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;

  function el(id) { return document.getElementById(id); }
  function lookup(obj, path) { return path.split('.').reduce(function (o, k) { return o == null ? o : o[k]; }, obj); }
  function pct(v) { return v === null || v === undefined ? '—' : Math.round(v * 100) + '%'; }
  function num(v, digits) { return v === null || v === undefined ? '—' : Number(v).toFixed(digits || 0); }
  function shortDate(d) { return d.slice(5).replace('-', '/'); }
  var programList = data.programs || [data.program];
  /** A milestone's title in its own program (programs may share ids such as first-login). */
  function milestoneTitle(programId, id, lang) {
    var program = programList.find(function (p) { return p.id === programId; }) || programList[0];
    var m = program.milestones.find(function (x) { return x.id === id; });
    return m ? m.title[lang] : id;
  }
  /** Milestone figures grouped by program, in the programs' order. */
  function milestonesByProgram() {
    return programList.map(function (p) {
      return { programId: p.id, milestones: data.milestones.filter(function (m) { return (m.programId || p.id) === p.id; }) };
    }).filter(function (g) { return g.milestones.length > 0; });
  }
  function percentAxis(title) {
    return { min: 0, max: 1, title: { display: !!title, text: title }, ticks: { callback: function (v) { return Math.round(v * 100) + '%'; } } };
  }
  function add(id, config) {
    var canvas = el(id);
    if (!canvas) return;
    charts.push(new Chart(canvas, config));
  }
  function cell(row, text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }
  function header(table, names) {
    var tr = document.createElement('tr');
    names.forEach(function (n) {
      var th = document.createElement('th');
      th.textContent = n[0];
      if (n[1]) th.className = n[1];
      tr.appendChild(th);
    });
    var thead = document.createElement('thead');
    thead.appendChild(tr);
    table.appendChild(thead);
  }

  function renderTiles(L) {
    var s = data.summary;
    var ttv = data.timeToValue;
    var values = {
      accounts: String(s.accounts),
      onboarded: pct(s.onboardingCompletionRate),
      touches: String(s.touches),
      milestones: String(s.milestonesReached),
      value: s.valueReached + ' / ' + ttv.onboarded,
      medianTtv: ttv.days ? num(ttv.days.median, 0) + ' ' + L.daysUnit : '—',
      reonboardings: String(s.reonboardings),
      atRisk: String(s.atRisk),
      falseAlarms: s.earlyRisks.raised
        ? pct(s.earlyRisks.falseAlarmShare) + ' (' + s.earlyRisks.valueReached + ' / ' + s.earlyRisks.raised + ')'
        : '—',
    };
    Object.keys(values).forEach(function (k) {
      var tile = document.querySelector('[data-tile="' + k + '"]');
      tile.querySelector('.value').textContent = values[k];
      tile.querySelector('.name').textContent = L.tiles[k];
    });
  }

  function renderMilestoneTable(L, lang) {
    var table = el('milestone-table');
    table.textContent = '';
    var t = L.milestoneTable;
    header(table, [[t.milestone], [t.rate, 'num'], [t.onTime, 'num'], [t.medianDays, 'num'], [t.eligible, 'num']]);
    var groups = milestonesByProgram();
    // One tbody per program; with several programs each starts with a heading row, so a title such as
    // "First sign-in" says whose milestone it is.
    groups.forEach(function (g) { table.appendChild(programMilestoneRows(g, groups.length > 1, t, lang)); });
  }
  function programMilestoneRows(g, withHeading, t, lang) {
    var body = document.createElement('tbody');
    if (withHeading) {
      var headRow = document.createElement('tr');
      headRow.className = 'program-row';
      var th = document.createElement('th');
      th.colSpan = 5;
      th.scope = 'rowgroup';
      th.textContent = t.program.replace('{id}', g.programId);
      headRow.appendChild(th);
      body.appendChild(headRow);
    }
    g.milestones.forEach(function (m) {
      var tr = document.createElement('tr');
      cell(tr, milestoneTitle(g.programId, m.id, lang));
      cell(tr, pct(m.rate), 'num');
      cell(tr, pct(m.onTimeRate), 'num');
      cell(tr, m.daysToReach ? num(m.daysToReach.median, 1) : '—', 'num');
      cell(tr, String(m.eligible), 'num');
      body.appendChild(tr);
    });
    return body;
  }

  function renderAccounts(L) {
    var t = L.accountsTable;
    var table = el('accounts-table');
    table.textContent = '';
    header(table, [[t.account], [t.industry], [t.employees, 'num'], [t.touchModel], [t.phase], [t.score, 'num'], [t.risk], [t.dauMau, 'num'], [t.activeDays, 'num'], [t.milestones, 'num'], [t.touches, 'num']]);
    var body = document.createElement('tbody');
    data.accounts.rows.forEach(function (r) {
      var tr = document.createElement('tr');
      cell(tr, r.name + ' (' + r.accountId + ')');
      cell(tr, r.industry);
      cell(tr, String(r.employees), 'num');
      cell(tr, L.touchModels[r.touchModel]);
      cell(tr, L.phases[r.phase]);
      var score = cell(tr, '', 'num');
      var bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.width = Math.round(r.score / 2) + 'px';
      bar.style.background = r.score < 40 ? '#b42318' : r.score < 70 ? '#d97706' : '#0f766e';
      score.appendChild(bar);
      score.appendChild(document.createTextNode(String(r.score)));
      var risk = cell(tr, '');
      if (r.atRisk) { var b = document.createElement('span'); b.className = 'badge'; b.textContent = t.atRisk; risk.appendChild(b); }
      if (r.usageDrop) { var d = document.createElement('span'); d.className = 'badge drop'; d.textContent = t.usageDrop; risk.appendChild(d); }
      cell(tr, num(r.dauMau, 2), 'num');
      cell(tr, String(r.activeDays30), 'num');
      cell(tr, String(r.milestonesReached), 'num');
      cell(tr, String(r.touches), 'num');
      body.appendChild(tr);
    });
    table.appendChild(body);
    el('accounts-shown').textContent = t.shown.replace('{shown}', String(data.accounts.rows.length)).replace('{total}', String(data.accounts.total));
  }

  function renderCharts(L, lang) {
    var weeks = data.weeks.map(shortDate);
    var hasSnapshots = data.usage.activeAccounts.some(function (v) { return v > 0; }) || data.usage.inAdoption.some(function (v) { return v > 0; });
    var kinds = Object.keys(data.touchesPerWeek);
    add('chart-touches', {
      type: 'bar',
      data: { labels: weeks, datasets: kinds.map(function (k) { return { label: L.kinds[k], data: data.touchesPerWeek[k], backgroundColor: KIND_COLORS[k] }; }) },
      options: { scales: { x: { stacked: true, title: { display: true, text: L.axis.week } }, y: { stacked: true, beginAtZero: true, title: { display: true, text: L.axis.count } } } },
    });
    var riskSets = [{ type: 'bar', label: L.series.reonboardings, data: data.reonboardingsPerWeek, backgroundColor: KIND_COLORS['re-onboarding'], order: 2 }];
    if (hasSnapshots) {
      riskSets.push({ type: 'line', label: L.series.atRisk, data: data.usage.atRisk, borderColor: '#b42318', backgroundColor: '#b42318', order: 0, tension: 0.2 });
      // Accounts with a usage drop are a subset of those at risk: a filled area under the risk line.
      riskSets.push({ type: 'line', label: L.series.usageDrop, data: data.usage.usageDrop, borderColor: '#d97706', backgroundColor: 'rgba(217, 119, 6, 0.25)', fill: 'origin', pointRadius: 0, order: 1, tension: 0.2 });
    }
    add('chart-risk', { data: { labels: weeks, datasets: riskSets }, options: { scales: { x: { title: { display: true, text: L.axis.week } }, y: { beginAtZero: true, ticks: { precision: 0 } } } } });
    add('chart-milestones', {
      type: 'bar',
      data: {
        labels: data.milestones.map(function (m) { var title = milestoneTitle(m.programId, m.id, lang); return programList.length > 1 ? m.programId + ' · ' + title : title; }),
        datasets: [
          { label: L.series.onTime, data: data.milestones.map(function (m) { return m.onTimeRate; }), backgroundColor: '#0f766e' },
          { label: L.series.late, data: data.milestones.map(function (m) { return m.rate === null ? null : m.rate - m.onTimeRate; }), backgroundColor: '#99d5cf' },
        ],
      },
      options: { indexAxis: 'y', scales: { x: Object.assign(percentAxis(), { stacked: true }), y: { stacked: true } } },
    });
    var ttv = data.timeToValue;
    add('chart-ttv', {
      type: 'bar',
      data: {
        labels: ttv.bins.map(function (_, i) {
          var lo = i * ttv.binDays;
          return i === ttv.bins.length - 1 ? lo + ' ' + L.beyond : lo + '–' + (lo + ttv.binDays - 1);
        }),
        datasets: [{ label: L.series.accounts, data: ttv.bins, backgroundColor: '#2563eb' }],
      },
      options: { plugins: { legend: { display: false } }, scales: { x: { title: { display: true, text: L.axis.days } }, y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    if (hasSnapshots) {
      add('chart-usage', {
        type: 'line',
        data: {
          labels: weeks,
          datasets: [
            { label: L.series.dauMau, data: data.usage.dauMau, borderColor: '#0f766e', backgroundColor: '#0f766e', yAxisID: 'y', tension: 0.2 },
            { label: L.series.activeDays, data: data.usage.activeDays30, borderColor: '#2563eb', backgroundColor: '#2563eb', yAxisID: 'y1', tension: 0.2 },
          ],
        },
        options: { scales: { y: percentAxis(L.series.dauMau), y1: { position: 'right', min: 0, max: 30, grid: { drawOnChartArea: false }, title: { display: true, text: L.series.activeDays } } } },
      });
    }
    el('usage-empty').hidden = hasSnapshots;
    el('chart-usage').parentElement.hidden = !hasSnapshots;
    add('chart-features', {
      type: 'line',
      data: {
        labels: weeks,
        datasets: Object.keys(data.features.overTime).map(function (s) {
          return { label: L.stages[s], data: data.features.overTime[s], borderColor: STAGE_COLORS[s], backgroundColor: STAGE_COLORS[s], tension: 0.2, spanGaps: true };
        }),
      },
      options: { scales: { y: percentAxis(L.axis.share), x: { title: { display: true, text: L.axis.week } } } },
    });
    add('chart-per-feature', {
      type: 'bar',
      data: {
        labels: data.features.perFeature.map(function (f) { return f.id + ' (' + L.stages[f.stage] + ')'; }),
        datasets: [{ label: L.series.usingFeature, data: data.features.perFeature.map(function (f) { return f.rate; }), backgroundColor: data.features.perFeature.map(function (f) { return STAGE_COLORS[f.stage]; }) }],
      },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: percentAxis() } },
    });
  }

  function render(lang) {
    var L = LABELS[lang];
    current = lang;
    document.documentElement.lang = lang;
    document.title = L.title + ' — teichaku';
    document.querySelectorAll('[data-label]').forEach(function (node) { node.textContent = lookup(L, node.getAttribute('data-label')); });
    document.querySelectorAll('.lang button').forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === lang)); });
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    renderTiles(L);
    renderCharts(L, lang);
    renderMilestoneTable(L, lang);
    renderAccounts(L);
    // The effect section (effects.js) draws its own tables and curves; its charts go with the rest.
    if (window.teichakuEffects) window.teichakuEffects.render(lang, add);
  }

  document.querySelectorAll('.lang button').forEach(function (b) {
    b.addEventListener('click', function () {
      var lang = b.getAttribute('data-lang');
      history.replaceState(null, '', '#' + lang);
      render(lang);
    });
  });
  var hash = location.hash.slice(1);
  var initial = hash === 'ja' || hash === 'en' ? hash : (navigator.language || '').toLowerCase().indexOf('ja') === 0 ? 'ja' : 'en';
  render(initial);
  window.teichakuReport = { language: function () { return current; }, charts: function () { return charts.length; } };
})();
