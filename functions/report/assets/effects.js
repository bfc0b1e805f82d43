// The report's effect section: per program, treatment against control with intervals, the
// time-to-value curves, and the table of features that go with success. Plain browser JavaScript,
// inlined into report.html; report.js calls render() on every language switch.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var LABELS = JSON.parse(document.getElementById('effect-labels').textContent);
  var effects = data.effects;
  var COLORS = { treatment: '#0f766e', control: '#9a5b00' };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k] === undefined ? '' : String(values[k]); });
  }
  function isNum(v) { return typeof v === 'number' && isFinite(v); }
  function pct(v) { return isNum(v) ? (100 * v).toFixed(1) + '%' : '—'; }
  function signed(v, digits) { return isNum(v) ? (v > 0 ? '+' : v < 0 ? '−' : '') + Math.abs(v).toFixed(digits) : '—'; }
  function pValue(p) { return isNum(p) ? (p < 0.001 ? '<0.001' : p.toFixed(3)) : '—'; }
  function milestoneTitle(programId, id, lang) {
    var program = (data.programs || [data.program]).find(function (p) { return p.id === programId; }) || data.program;
    var m = program.milestones.find(function (x) { return x.id === id; });
    return m ? m.title[lang] : id;
  }

  /** A difference with its interval, in points (shares) or days; no interval when the data give none. */
  function diffCell(d, unit, L) {
    if (!isNum(d.estimate)) return '—';
    var scale = unit === 'days' ? 1 : 100;
    var name = unit === 'days' ? L.units.days : L.units.points;
    var text = signed(scale * d.estimate, 1) + ' ' + name;
    return isNum(d.lower) ? text + ' (' + signed(scale * d.lower, 1) + ' … ' + signed(scale * d.upper, 1) + ')' : text;
  }
  /** One group's NPS in points with its interval, n and the promoter / passive / detractor split. */
  function npsCell(g) {
    if (g.n === 0) return '—';
    var points = function (v) { return signed(100 * v, 1); };
    var interval = isNum(g.lower) ? ' (' + points(g.lower) + ' … ' + points(g.upper) + ')' : '';
    return points(g.score) + interval + ' n=' + g.n + ' · ' + g.promoters + '/' + g.passives + '/' + g.detractors;
  }
  function rateCell(g) { return g.n === 0 ? '—' : pct(g.rate) + ' (' + pct(g.lower) + '–' + pct(g.upper) + ') n=' + g.n; }
  function meanCell(g) { return g.n === 0 ? '—' : pct(g.mean) + (isNum(g.lower) ? ' (' + pct(g.lower) + '–' + pct(g.upper) + ')' : '') + ' n=' + g.n; }
  function medianCell(g, L) {
    var m = g.medianDays;
    var show = function (v) { return isNum(v) ? v.toFixed(1) : '—'; };
    return show(m.estimate) + ' ' + L.units.days + ' (' + show(m.lower) + '–' + show(m.upper) + ') n=' + g.n;
  }

  function row(table, cells, cls) {
    var tr = el('tr', cls);
    cells.forEach(function (c, i) { tr.appendChild(el('td', i === 0 ? '' : 'num', c)); });
    table.appendChild(tr);
    return tr;
  }
  /** A size in the figure's unit: points for shares, days for time to value. */
  function sizeText(v, unit, L, sign) {
    if (!isNum(v)) return '—';
    if (unit === 'days') return (sign ? signed(v, 1) : v.toFixed(1)) + ' ' + L.units.days;
    return (sign ? signed(100 * v, 1) : (100 * v).toFixed(1)) + ' ' + L.units.points;
  }
  function verdictText(v, unit, practical, L) {
    if (!v) return '';
    switch (v.kind) {
      case 'helps': return L.verdicts.helps;
      case 'hurts': return L.verdicts.hurts;
      case 'no-effect-yet': return isNum(v.upTo) ? fill(L.verdicts.noEffectUpTo, { upTo: sizeText(v.upTo, unit, L, true) }) : L.verdicts.noEffect;
      default: return isNum(practical) ? fill(L.verdicts.tooFewFor, { practical: sizeText(practical, unit, L, false) }) : L.verdicts.tooFew;
    }
  }
  /** One figure: { name, groups, d, unit, practical }; the primary first, marked. */
  function figureRow(table, f, L) {
    var d = f.d;
    var tr = row(table, [f.name, f.groups[0], f.groups[1], diffCell(d, f.unit, L), pValue(d.pAdjusted), sizeText(d.mde, f.unit, L, false), verdictText(d.verdict, f.unit, f.practical, L)], d.role === 'primary' ? 'primary' : '');
    tr.lastChild.className = 'verdict verdict-' + (d.verdict ? d.verdict.kind : 'none');
    return tr;
  }

  function programBlock(p, index, L, lang, add) {
    var block = el('div', 'effect-program');
    block.appendChild(el('h3', '', fill(L.program, { id: p.programId })));
    block.appendChild(el('p', 'note', fill(L.groups, p.groups)));
    var s = p.controlShare;
    var shareText = fill(s.ok ? L.shareOk : L.shareBad, { observed: pct(s.observed), lower: pct(s.lower), upper: pct(s.upper), expected: pct(s.expected) });
    block.appendChild(el('p', s.ok ? 'share-check' : 'share-check bad', shareText));
    if (s.controlMailed > 0) block.appendChild(el('p', 'share-check bad', fill(L.mailedBad, { count: s.controlMailed })));

    var ttv = p.timeToValue;
    var rm = ttv.restrictedMeanDifference;
    var points = p.practicalPoints / 100;
    var rmGroup = function (g) { return isNum(g.restrictedMeanDays) ? g.restrictedMeanDays.toFixed(1) + ' ' + L.units.days + ' (' + g.restrictedMeanLower.toFixed(1) + '–' + g.restrictedMeanUpper.toFixed(1) + ') n=' + g.n : '—'; };
    var figures = p.milestones.map(function (m) {
      return { name: fill(L.figures.onTime, { milestone: milestoneTitle(p.programId, m.milestoneId, lang), day: m.dueDay }), groups: [rateCell(m.treatment), rateCell(m.control)], d: m.difference, unit: 'share', practical: points };
    });
    [['basic', L.figures.basic], ['advanced', L.figures.advanced]].forEach(function (f) {
      var e = p.features[f[0]];
      figures.push({ name: f[1], groups: [meanCell(e.treatment), meanCell(e.control)], d: e.difference, unit: 'share', practical: points });
    });
    figures.push({ name: L.figures.atRisk, groups: [rateCell(p.atRisk.treatment), rateCell(p.atRisk.control)], d: p.atRisk.difference, unit: 'share', practical: points });
    if (p.renewal) figures.push({ name: L.figures.renewal, groups: [rateCell(p.renewal.treatment), rateCell(p.renewal.control)], d: p.renewal.difference, unit: 'share', practical: points });
    if (p.nps) figures.push({ name: L.figures.nps, groups: [npsCell(p.nps.treatment), npsCell(p.nps.control)], d: p.nps.difference, unit: 'share', practical: points });
    figures.push({ name: fill(L.figures.restrictedMean, { tau: isNum(ttv.tauDays) ? Math.round(ttv.tauDays) : '—' }), groups: [rmGroup(ttv.treatment), rmGroup(ttv.control)], d: rm, unit: 'days', practical: isNum(ttv.tauDays) ? points * ttv.tauDays : null });
    var primary = figures.filter(function (f) { return f.d.role === 'primary'; })[0];
    var secondary = figures.filter(function (f) { return f !== primary; });

    if (primary) {
      block.appendChild(el('p', 'primary-verdict verdict-' + primary.d.verdict.kind, fill(L.primary, { figure: primary.name, verdict: verdictText(primary.d.verdict, primary.unit, primary.practical, L) })));
    }
    block.appendChild(el('p', 'note', fill(L.secondaryNote, { count: p.secondaryCompared })));

    var wrap = el('div', 'across');
    var table = el('table', 'effects-table');
    var head = el('tr');
    [L.columns.figure, L.columns.treatment, L.columns.control, L.columns.difference, L.columns.p, L.columns.mde, L.columns.verdict].forEach(function (t, i) { head.appendChild(el('th', i === 0 ? '' : 'num', t)); });
    var thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el('tbody');
    (primary ? [primary] : []).concat(secondary).forEach(function (f) { figureRow(body, f, L); });
    row(body, [L.figures.median, medianCell(ttv.treatment, L), medianCell(ttv.control, L), '', '', '', '']);
    var lr = ttv.logRank;
    var lrRow = row(body, [L.figures.logRank, '', '', '', pValue(lr ? lr.pAdjusted : null), '', lr ? verdictText(lr.verdict, 'days', isNum(ttv.tauDays) ? points * ttv.tauDays : null, L) : '']);
    lrRow.lastChild.className = 'verdict verdict-' + (lr ? lr.verdict.kind : 'none');
    table.appendChild(body);
    wrap.appendChild(table);
    block.appendChild(wrap);
    if (p.nps) block.appendChild(el('p', 'note', L.npsNote));
    var rp = p.renewalPower;
    if (rp) block.appendChild(el('p', 'note', isNum(rp.duePerGroup) ? fill(L.renewalPower, { baseline: pct(rp.baseline), points: p.practicalPoints, size: rp.duePerGroup, treatment: rp.due.treatment, control: rp.due.control }) : L.renewalPowerNone));

    var chartBox = el('div', 'chart');
    var canvas = el('canvas');
    canvas.id = 'chart-ttv-effect-' + index;
    canvas.setAttribute('role', 'img');
    chartBox.appendChild(canvas);
    block.appendChild(el('h4', '', L.curve.title));
    block.appendChild(chartBox);
    return { node: block, draw: function () { drawCurves(canvas.id, ttv, L, add); } };
  }

  // A null limit (everyone in the group at value: no interval there) leaves a gap in the band.
  function points(curve, key) { return curve.map(function (c) { return { x: c.day, y: c[key] === null ? null : c[key] }; }); }
  function drawCurves(id, ttv, L, add) {
    var sets = [];
    [['treatment', L.curve.treatment], ['control', L.curve.control]].forEach(function (g) {
      var curve = ttv[g[0]].curve;
      var color = COLORS[g[0]];
      sets.push({ label: g[1] + ' ' + L.curve.band, data: points(curve, 'lower'), stepped: 'after', spanGaps: false, borderWidth: 0, pointRadius: 0, backgroundColor: 'transparent', borderColor: 'transparent' });
      sets.push({ label: g[1] + ' ' + L.curve.band, data: points(curve, 'upper'), stepped: 'after', spanGaps: false, borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: color + '22', borderColor: 'transparent' });
      sets.push({ label: g[1] + ' (n=' + ttv[g[0]].n + ')', data: points(curve, 'share'), stepped: 'after', borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0 });
    });
    add(id, {
      type: 'line',
      data: { datasets: sets },
      options: {
        parsing: false,
        plugins: { legend: { labels: { filter: function (item) { return item.text.indexOf(L.curve.band) === -1; } } } },
        scales: {
          x: { type: 'linear', min: 0, title: { display: true, text: L.curve.axisX } },
          y: { min: 0, max: 1, title: { display: true, text: L.curve.axisY }, ticks: { callback: function (v) { return Math.round(v * 100) + '%'; } } },
        },
      },
    });
  }

  function featureBlock(t, L) {
    var block = el('div', 'effect-program');
    block.appendChild(el('h3', '', t.programId === null ? L.features.all : fill(L.program, { id: t.programId })));
    block.appendChild(el('p', 'note', fill(L.features.compared, { accounts: t.accounts })));
    if (t.rows.length === 0) {
      block.appendChild(el('p', 'empty', L.features.empty));
      return block;
    }
    var wrap = el('div', 'across');
    var table = el('table', 'features-table');
    var head = el('tr');
    [L.features.feature, L.features.used, L.features.notUsed, L.features.difference, L.features.lift].forEach(function (h, i) { head.appendChild(el('th', i === 0 ? '' : 'num', h)); });
    var thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el('tbody');
    t.rows.forEach(function (r) {
      row(body, [
        r.featureId,
        r.used.n + ' · ' + pct(r.used.rate) + ' (' + pct(r.used.lower) + '–' + pct(r.used.upper) + ')',
        r.notUsed.n + ' · ' + pct(r.notUsed.rate) + ' (' + pct(r.notUsed.lower) + '–' + pct(r.notUsed.upper) + ')',
        signed(100 * r.difference.estimate, 1) + ' ' + L.units.points + ' (' + signed(100 * r.difference.lower, 1) + ' … ' + signed(100 * r.difference.upper, 1) + ')',
        r.lift.estimate.toFixed(2) + '× (' + r.lift.lower.toFixed(2) + '–' + r.lift.upper.toFixed(2) + ')',
      ]);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    block.appendChild(wrap);
    if (t.tooFew.length > 0) block.appendChild(el('p', 'note', fill(L.features.tooFew, { features: t.tooFew.join(', ') })));
    return block;
  }

  function render(lang, add) {
    var L = LABELS[lang];
    var root = document.getElementById('effects');
    root.textContent = '';
    root.appendChild(el('h2', '', L.title));
    root.appendChild(el('p', 'note', L.intro));
    var drawers = effects.programs.map(function (p, i) {
      var b = programBlock(p, i, L, lang, add);
      root.appendChild(b.node);
      return b.draw;
    });
    var features = document.getElementById('feature-success');
    features.textContent = '';
    features.appendChild(el('h2', '', L.features.title));
    features.appendChild(el('p', 'banner', L.features.banner));
    effects.featureSuccess.forEach(function (t) { features.appendChild(featureBlock(t, L)); });
    drawers.forEach(function (draw) { draw(); });
  }

  window.teichakuEffects = { render: render };
})();
