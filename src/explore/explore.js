// hasu explore: the page's script. Everything it shows comes from the
// server's JSON; a weight change re-scores in the page at once with the
// CLI's arithmetic (the same sum in the same order, the same tie-breaks),
// then the server's appraisal with its robustness study replaces it.
(function () {
  'use strict';
  const $ = id => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const BANDS = [[15, '#FDE725', 'up to 15 min'], [30, '#5EC962', '15–30 min'], [45, '#21918C', '30–45 min'],
    [60, '#3B528B', '45–60 min'], [Infinity, '#440154', 'over 60 min']];
  const CHANGE = [[-5, '#2166AC', '5+ min shorter'], [-0.05, '#92C5DE', 'up to 5 min shorter'], [0.05, '#F7F7F7', 'no change'],
    [5, '#FDDBC7', 'up to 5 min longer'], [15, '#F4A582', '5–15 min longer'], [30, '#D6604D', '15–30 min longer'],
    [Infinity, '#B2182B', 'over 30 min longer']];
  let setup = null;
  let appraisal = null;   // the server's answer for `computedWeights`
  let computedWeights = null;
  let sliders = [];
  const state = { require: new Set(), exclude: new Set(), roles: {}, groupsOff: new Set(), scenarios: new Set(), compared: [] };
  let asked = 0;          // requests made, so that a late answer never replaces a newer one
  let zoneData = null;
  let found = new Set();

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (k === 'class') e.className = v; else e.setAttribute(k, v); });
    children.forEach(c => e.append(c));
    return e;
  }
  const fixed = (x, d) => (x === null || x === undefined ? '–' : Number(x).toFixed(d));
  const pct = x => (x === null || x === undefined ? '–' : (100 * x).toFixed(1) + '%');
  // The status line, and the page's state for scripts: busy while an
  // answer is awaited, ready or refused once the latest has come.
  function status(text, state) { $('status').textContent = text; document.body.dataset.state = state; }
  function showErrors(list) { $('errors').replaceChildren(...(list || []).map(m => el('li', {}, m))); }

  async function call(url, body) {
    const r = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const j = await r.json();
    if (!r.ok) { throw (j.errors || ['HTTP ' + r.status]); }
    return j;
  }

  function weights() {
    const raw = sliders.map(s => Number(s.value));
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map(r => (sum > 0 ? r / sum : 0));
  }
  function stated() { return sliders.every((s, k) => Number(s.value) === Math.round(setup.criteria[k].weight * 10000)); }

  // The view as the server takes it (what is left at the criteria's own
  // setting is left out).
  function view() {
    const v = {};
    if (!stated()) {
      const w = weights();
      v.weights = Object.fromEntries(setup.criteria.map((c, k) => [c.id, w[k]]));
    }
    if (state.require.size) v.require = [...state.require];
    if (state.exclude.size) v.exclude = [...state.exclude];
    const min = Number($('min-hasus').value), max = Number($('max-hasus').value);
    if (min !== setup.hasus[0] || max !== setup.hasus[1]) v.hasus = [min, max];
    if (state.groupsOff.size) v.groups_off = [...state.groupsOff];
    if (state.scenarios.size) v.scenarios = setup.scenarios.map(s => s.name).filter(n => state.scenarios.has(n));
    const travel = Number($('travel-factor').value), demand = Number($('demand-factor').value);
    if (travel !== 1) v.travel_factor = travel;
    if (demand !== 1) v.demand_factor = demand;
    if (Object.keys(state.roles).length) v.roles = { ...state.roles };
    if (setup.policy && $('policy').value !== setup.policy) v.policy = $('policy').value;
    return v;
  }

  // The site-order tie-break: the option holding the lowest site that only
  // one of the two holds comes first.
  function siteOrder(a, b) {
    const ia = new Set(a.sites.map(id => setup.sites.findIndex(s => s.id === id)));
    const ib = new Set(b.sites.map(id => setup.sites.findIndex(s => s.id === id)));
    for (let i = 0; i < setup.sites.length; i++) {
      if (ia.has(i) !== ib.has(i)) return ia.has(i) ? -1 : 1;
    }
    return 0;
  }

  // Re-scores the server's passing options under the sliders' weights.
  function rescored() {
    const w = weights();
    const rows = appraisal.options.map(o => {
      let score = 0;
      o.criteria.forEach((c, k) => { score += 100 * w[k] * c.normalised; });
      return { o: o, score: score };
    });
    rows.sort((a, b) => (b.score - a.score) || (a.o.metrics.mean_travel - b.o.metrics.mean_travel) ||
      (a.o.sites.length - b.o.sites.length) || siteOrder(a.o, b.o));
    return rows;
  }

  function renderRanking() {
    if (!appraisal) return;
    const current = JSON.stringify(weights()) === computedWeights;
    const robust = Object.fromEntries(appraisal.robustness.options.map(r => [r.id, r]));
    const rows = rescored();
    $('ranking').querySelector('tbody').replaceChildren(...rows.map((r, i) => {
      const x = current ? robust[r.o.id] : null;
      const box = el('input', { type: 'checkbox', 'aria-label': 'compare ' + r.o.id });
      box.checked = state.compared.includes(r.o.id);
      box.addEventListener('change', () => toggleCompare(r.o.id, box));
      const tr = el('tr', { 'data-option': r.o.id, 'data-score': String(r.score) },
        el('td', {}, box), el('td', { class: 'n' }, String(i + 1)), el('td', {}, r.o.id),
        el('td', { class: 'n' }, r.score.toFixed(1)),
        el('td', { class: 'n' }, x ? fixed(x.p_first, 3) : '…'), el('td', { class: 'n' }, x ? fixed(x.p_top3, 3) : '…'),
        el('td', { class: 'n' }, x ? x.rank_min + '–' + x.rank_max : '…'),
        el('td', { class: 'n' }, fixed(r.o.metrics.mean_travel, 1)));
      tr.title = r.o.sites.map(id => setup.sites.find(s => s.id === id).name).join('; ');
      return tr;
    }));
    const failing = appraisal.failing.filter(f => f.options > 0).map(f => f.options + ' fail ' + f.hurdle).join(', ');
    $('summary').textContent = appraisal.considered + ' options considered; ' + appraisal.passing + ' pass every hurdle' +
      (failing ? ' (' + failing + ')' : '') + '. Scores are modelled; P(first), P(top 3) and the rank range come from ' +
      appraisal.robustness.weight_draws + ' weightings drawn around these weights (seed ' + appraisal.robustness.seed + ')' +
      (current ? '.' : ' and are being recomputed for the new weights.');
    $('tipping').replaceChildren(...(current ? appraisal.robustness.tipping_points : []).map(t => el('li', {},
      t.criterion + ': at a weight of ' + fixed(t.threshold, 3) + ' (now ' + fixed(t.weight, 3) + '), ' + t.new_first +
      ' would rank first instead of ' + t.loses)));
    if (current && !appraisal.robustness.tipping_points.length) $('tipping').append(el('li', {}, 'No single weight change within its range puts another option first.'));
    renderCompare();
    fillMapOptions();
  }

  let timer = null;
  function changed(now) {
    status('Appraising…', 'busy');
    renderRanking();
    clearTimeout(timer);
    timer = setTimeout(recompute, now ? 0 : 250);
  }

  async function recompute() {
    const mine = ++asked;
    const v = view();
    const w = JSON.stringify(weights());
    status('Appraising…', 'busy');
    try {
      const a = await call('/api/view', v);
      if (mine !== asked) return;
      appraisal = a;
      computedWeights = w;
      showErrors([]);
      renderRanking();
      await loadZones();
      if (mine === asked) status('Up to date.', 'ready');
    } catch (e) {
      if (mine !== asked) return;
      showErrors(Array.isArray(e) ? e : [String(e)]);
      status('This view could not be appraised; the ranking shown is the last one that could.', 'refused');
    }
  }

  function toggleCompare(id, box) {
    const i = state.compared.indexOf(id);
    if (i >= 0) state.compared.splice(i, 1);
    else if (state.compared.length < 3) state.compared.push(id);
    else box.checked = false;
    renderCompare();
  }

  // Today and up to three options side by side.
  function renderCompare() {
    const cols = [['Today', appraisal.today]].concat(state.compared
      .map(id => appraisal.options.find(o => o.id === id)).filter(Boolean).map(o => [o.id, o]));
    const rows = [
      ['Rank', o => (o.rank ? String(o.rank) : '–')],
      ['Score /100', o => fixed(o.score, 1)],
      ['Mean journey, min', o => fixed(o.metrics.mean_travel, 1)],
      ['95th percentile journey, min', o => fixed(o.metrics.p95_travel, 1)],
      ['Within 30 min', o => pct(o.metrics.within_30)],
      ['Admissions travelling further than today', o => fixed(o.versus_today && o.versus_today.admissions_further, 0)],
      ['Largest district increase, min', o => fixed(o.metrics.largest_district_increase, 1)],
      ['District worst off', o => { const d = (o.districts || []).slice().sort((a, b) => b.change - a.change)[0]; return d ? d.district + ' (' + fixed(d.change, 1) + ')' : '–'; }],
      ['Added good outcomes a year ᴹ', o => fixed(o.outcomes && o.outcomes.option && o.outcomes.option.added_good_outcomes, 1)],
      ['Stroke beds ᴹ', o => fixed(o.resources && o.resources.totals.stroke_beds, 0)],
      ['Deprivation gap, min ᴹ', o => fixed(o.equity && o.equity.deprivation_gap, 1)],
    ];
    $('compare').querySelector('thead').replaceChildren(el('tr', {}, el('th', {}, ''), ...cols.map(c => el('th', { class: 'n' }, c[0]))));
    $('compare').querySelector('tbody').replaceChildren(...rows.map(([name, f]) => el('tr', {}, el('th', {}, name), ...cols.map(c => el('td', { class: 'n' }, f(c[1]))))));
  }

  // The map: zones drawn once, coloured by the chosen option.
  function drawMap() {
    const svg = $('map');
    svg.setAttribute('viewBox', '0 0 ' + setup.map[0] + ' ' + setup.map[1]);
    const g = document.createElementNS(SVG, 'g');
    setup.zones.forEach((z, i) => {
      const p = document.createElementNS(SVG, 'path');
      p.setAttribute('d', z.path);
      p.setAttribute('data-zone', z.code);
      p.setAttribute('data-i', String(i));
      p.setAttribute('class', z.in_region ? 'zone region' : 'zone');
      g.append(p);
    });
    svg.append(g);
    const marks = document.createElementNS(SVG, 'g');
    marks.setAttribute('id', 'marks');
    svg.append(marks);
    svg.addEventListener('mousemove', hover);
    svg.addEventListener('mouseleave', () => { $('tooltip').hidden = true; });
  }

  function fillMapOptions() {
    const pick = $('map-option');
    const before = pick.value;
    const ids = appraisal.options.map(o => o.id);
    pick.replaceChildren(...ids.map(id => el('option', { value: id }, id)));
    if (ids.includes(before)) pick.value = before;
  }

  async function loadZones() {
    const option = $('map-option').value;
    if (!option) { zoneData = null; colourMap(); return; }
    try {
      zoneData = await call('/api/zones', { view: view(), option: option });
      colourMap();
    } catch (e) { showErrors(Array.isArray(e) ? e : [String(e)]); }
  }

  function band(list, x) { return list.find(b => x <= b[0]) || list[list.length - 1]; }

  function colourMap() {
    const mode = $('map-mode').value;
    const paths = $('map').querySelectorAll('path.zone');
    paths.forEach(p => {
      const i = Number(p.getAttribute('data-i'));
      const t = zoneData && zoneData.zones[i];
      let fill = '#FFFFFF';
      if (t && t[1]) {
        const [site, minutes] = t[1];
        if (mode === 'unit') fill = setup.sites[site].colour;
        else if (mode === 'journey') fill = band(BANDS, minutes)[1];
        else if (t[0]) fill = band(CHANGE, minutes - t[0][1])[1];
      }
      p.setAttribute('fill', fill);
      p.classList.toggle('found', found.has(setup.zones[i].index));
    });
    const hasus = zoneData ? zoneData.option.split(',') : [];
    $('marks').replaceChildren(...setup.sites.filter(s => s.role === 'candidate' || hasus.includes(s.id)).map(s => {
      const c = document.createElementNS(SVG, 'circle');
      c.setAttribute('cx', s.at[0]); c.setAttribute('cy', s.at[1]);
      c.setAttribute('r', hasus.includes(s.id) ? 6.5 : 3);
      c.setAttribute('fill', hasus.includes(s.id) ? s.colour : '#000000');
      c.setAttribute('stroke', '#000000');
      c.setAttribute('stroke-width', hasus.includes(s.id) ? 2 : 0);
      const title = document.createElementNS(SVG, 'title');
      title.textContent = s.name + (hasus.includes(s.id) ? ' (HASU)' : '');
      c.append(title);
      return c;
    }));
    const legend = mode === 'unit'
      ? setup.sites.filter(s => zoneData && zoneData.zones.some(t => t[1] && setup.sites[t[1][0]].id === s.id)).map(s => [s.colour, s.name])
      : (mode === 'journey' ? BANDS : CHANGE).map(b => [b[1], b[2]]);
    $('legend').replaceChildren(...legend.map(([c, t]) => el('span', { class: 'key' }, el('i', { style: 'background:' + c }), t)));
  }

  function hover(ev) {
    const p = ev.target.closest ? ev.target.closest('path.zone') : null;
    const tip = $('tooltip');
    if (!p || !zoneData) { tip.hidden = true; return; }
    const i = Number(p.getAttribute('data-i'));
    const z = setup.zones[i];
    const [today, option] = zoneData.zones[i];
    const unit = t => (t ? setup.sites[t[0]].name + ', ' + t[1].toFixed(1) + ' min' + (t[2] ? ' (estimated)' : '') : 'no unit');
    const lines = [
      z.name + ' (' + z.code + '), ' + z.district,
      'Today: ' + unit(today),
      zoneData.option + ': ' + unit(option),
      'Change: ' + (today && option ? ((option[1] - today[1]) >= 0 ? '+' : '') + (option[1] - today[1]).toFixed(1) + ' min' : '–'),
      fixed(z.admissions, 1) + ' admissions a year',
    ];
    tip.replaceChildren(...lines.map(l => el('div', {}, l)));
    tip.dataset.zone = z.code;
    const box = $('map').parentElement.getBoundingClientRect();
    tip.style.left = (ev.clientX - box.left + 12) + 'px';
    tip.style.top = (ev.clientY - box.top + 12) + 'px';
    tip.hidden = false;
  }

  async function search() {
    const q = $('search').value.trim();
    if (!q) return;
    try {
      const a = await call('/api/search?q=' + encodeURIComponent(q));
      found = new Set(a.zones);
      let adm = 0, today = 0, option = 0, n = 0;
      setup.zones.forEach((z, i) => {
        const t = zoneData && zoneData.zones[i];
        if (found.has(z.index) && t && t[0] && t[1]) { adm += z.admissions; today += z.admissions * t[0][1]; option += z.admissions * t[1][1]; n++; }
      });
      $('search-result').textContent = a.name + ': ' + a.zones.length + ' zones' + (adm > 0
        ? '; mean journey ' + (today / adm).toFixed(1) + ' min today, ' + (option / adm).toFixed(1) + ' min under ' + zoneData.option
        : '');
      showErrors([]);
    } catch (e) { found = new Set(); $('search-result').textContent = ''; showErrors(Array.isArray(e) ? e : [String(e)]); }
    colourMap();
  }

  async function exportView() {
    try {
      const x = await call('/api/export', { view: view(), folder: $('export-name').value });
      $('export-result').textContent = 'Wrote ' + x.folder + '. Reproduce with: ' + x.command;
      showErrors([]);
    } catch (e) { $('export-result').textContent = ''; showErrors(Array.isArray(e) ? e : [String(e)]); }
  }

  function build() {
    document.title = 'hasu explore: ' + setup.title;
    $('title').textContent = setup.title;
    $('inputs').textContent = 'Dataset ' + setup.data + '; criteria ' + setup.criteria_file + '; seed ' + setup.seed +
      '. Figures marked ᴹ are modelled.';
    sliders = setup.criteria.map((c, k) => {
      const s = el('input', { type: 'range', min: '0', max: '10000', step: '1', id: 'w-' + c.id, 'data-criterion': c.id });
      s.value = String(Math.round(c.weight * 10000));
      s.addEventListener('input', () => { show(); changed(false); });
      return s;
    });
    const shown = setup.criteria.map(() => el('span', { class: 'weight' }));
    function show() { const w = weights(); shown.forEach((s, k) => { s.textContent = w[k].toFixed(3); }); }
    const groups = [...new Set(setup.criteria.map(c => c.group))];
    $('weights').replaceChildren(...groups.map(g => el('fieldset', {}, el('legend', {}, g),
      ...setup.criteria.map((c, k) => [c, k]).filter(([c]) => c.group === g).map(([c, k]) =>
        el('label', { title: c.source || 'assumption' }, el('code', {}, c.id), ' ', sliders[k], ' ', shown[k])))));
    show();
    $('reset-weights').addEventListener('click', () => {
      sliders.forEach((s, k) => { s.value = String(Math.round(setup.criteria[k].weight * 10000)); });
      show(); changed(true);
    });
    const rows = setup.sites.map(s => {
      const as = el('select', { 'data-site': s.id, 'aria-label': 'as a HASU: ' + s.name },
        el('option', { value: 'may' }, 'may be'), el('option', { value: 'require' }, 'required'), el('option', { value: 'exclude' }, 'excluded'));
      as.addEventListener('change', () => {
        state.require.delete(s.id); state.exclude.delete(s.id);
        if (as.value !== 'may') state[as.value].add(s.id);
        changed(true);
      });
      const role = el('select', { 'data-role': s.id, 'aria-label': 'role: ' + s.name },
        ...['candidate', 'fixed_open', 'closed'].map(r => el('option', { value: r }, r.replace('_', ' '))));
      role.value = s.role;
      role.addEventListener('change', () => {
        if (role.value === s.role) delete state.roles[s.id]; else state.roles[s.id] = role.value;
        changed(true);
      });
      const name = el('td', {}, s.name + ' (' + s.id + ')');
      return s.role === 'candidate' ? el('tr', {}, name, el('td', {}, as), el('td', {}, role)) : el('tr', {}, name, el('td', {}, role));
    });
    $('sites').querySelector('tbody').replaceChildren(...rows.filter((r, k) => setup.sites[k].role === 'candidate'));
    $('units').querySelector('tbody').replaceChildren(...rows.filter((r, k) => setup.sites[k].role !== 'candidate'));
    $('min-hasus').value = setup.hasus[0];
    $('max-hasus').value = setup.hasus[1];
    ['min-hasus', 'max-hasus', 'travel-factor', 'demand-factor', 'policy'].forEach(id => $(id).addEventListener('change', () => changed(true)));
    $('groups').replaceChildren(...setup.groups.map(g => {
      const b = el('input', { type: 'checkbox' });
      b.checked = true;
      b.addEventListener('change', () => { if (b.checked) state.groupsOff.delete(g); else state.groupsOff.add(g); changed(true); });
      return el('label', {}, b, ' group rule: ' + g);
    }));
    $('scenarios').replaceChildren(...(setup.scenarios.length ? setup.scenarios.map(sc => {
      const b = el('input', { type: 'checkbox', 'data-scenario': sc.file });
      b.addEventListener('change', () => { if (b.checked) state.scenarios.add(sc.name); else state.scenarios.delete(sc.name); changed(true); });
      return el('label', {}, b, ' ' + sc.name + ' (' + sc.file + ')');
    }) : [el('p', { class: 'note' }, 'No scenario files offered (hasu explore --scenarios DIR).')]));
    if (setup.policy) $('policy').value = setup.policy; else $('policy-box').hidden = true;
    $('export-note').textContent = setup.exports
      ? 'Writes a new folder in the export folder: the criteria and scenario files that reproduce this view with hasu appraise, the appraisal, and the evidence pack of the option ranked first, stamped with every input\'s SHA-256 and the seed.'
      : 'Exporting is off: start hasu explore with --exports DIR to write views into DIR.';
    $('export').disabled = !setup.exports;
    $('export').addEventListener('click', exportView);
    $('map-option').addEventListener('change', loadZones);
    $('map-mode').addEventListener('change', colourMap);
    $('search-go').addEventListener('click', search);
    $('search').addEventListener('keydown', e => { if (e.key === 'Enter') search(); });
    drawMap();
  }

  call('/api/setup').then(s => { setup = s; build(); recompute(); })
    .catch(e => { showErrors(Array.isArray(e) ? e : [String(e)]); status('Could not load the explorer.', 'refused'); });
})();
