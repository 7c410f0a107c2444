/**
 * The supervisor dashboard (督查看板): one static page, served by case-api at /dashboard without a token. Everything
 * it shows comes from the same API with the user's own bearer token (login box, or `?token=` once, kept in
 * sessionStorage). Chinese by default, English with the toggle (`?lang=en`). No external resources.
 */
export const DASHBOARD_HTML = String.raw`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>城乡低保督查看板</title>
<style>
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:0;background:#f4f6f9;color:#222}
header{background:#2f4f7f;color:#fff;padding:10px 18px;display:flex;align-items:center;gap:16px}
header h1{font-size:18px;margin:0;flex:1}header button,header select{font-size:13px}
main{padding:14px 18px;max-width:1200px;margin:auto}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border-radius:6px;padding:10px 16px;min-width:150px;box-shadow:0 1px 2px #0002}
.card b{display:block;font-size:24px}.card.warn b{color:#c0392b}
section{background:#fff;border-radius:6px;padding:10px 16px;margin-top:14px;box-shadow:0 1px 2px #0002}
h2{font-size:15px;margin:4px 0 8px}
table{border-collapse:collapse;width:100%;font-size:12px}th,td{border-bottom:1px solid #e3e3e3;padding:4px 6px;text-align:left}
tr.township{cursor:pointer}tr.township:hover{background:#eef3fb}td.bad{color:#c0392b;font-weight:bold}
#login{max-width:420px;margin:60px auto;background:#fff;padding:20px;border-radius:6px}#login textarea{width:100%;height:90px}
.error{color:#c0392b}.muted{color:#777;font-size:12px}.grid{display:grid;grid-template-columns:1fr 1fr;gap:14px}
@media (max-width:900px){.grid{grid-template-columns:1fr}}
</style></head>
<body>
<header><h1 data-i18n="title">城乡低保督查看板</h1>
<label><span data-i18n="quarter">季度</span> <input id="quarter" size="8"></label>
<button id="lang" type="button">English</button><button id="logout" type="button" data-i18n="logout">退出</button></header>
<div id="login" hidden>
<h2 data-i18n="loginTitle">请输入访问令牌</h2>
<p class="muted" data-i18n="loginHint">令牌：npm run token -- --role supervisor</p>
<textarea id="tokenInput" aria-label="token"></textarea><p><button id="loginButton" type="button" data-i18n="login">登录</button></p>
<p id="loginError" class="error"></p></div>
<main id="app" hidden>
<div class="cards" id="overview"></div>
<section><h2 data-i18n="townships">各乡镇在办申请</h2><p class="muted" data-i18n="drillHint">点击乡镇查看案件</p>
<table id="townships"><thead></thead><tbody></tbody></table></section>
<section id="drill" hidden><h2><span data-i18n="casesOf">案件</span> <span id="drillTownship"></span>
<select id="drillKind"><option value="open" data-i18n="kindOpen">在办</option><option value="overdue" data-i18n="kindOverdue">超期</option><option value="stalled" data-i18n="kindStalled">滞留</option></select></h2>
<table id="cases"><thead></thead><tbody></tbody></table><p><button id="moreCases" type="button" hidden data-i18n="more">更多</button></p></section>
<div class="grid">
<section><h2 data-i18n="caseloadChart">在办与超期</h2><div id="caseloadChart"></div></section>
<section><h2 data-i18n="payoutChart">本季度发放（万元）</h2><div id="payoutChart"></div><p id="payoutNote" class="muted"></p></section>
</div>
<section><h2 data-i18n="scorecard">督查记分卡</h2><div id="scorecard"></div></section>
<section><h2 data-i18n="alerts">预警</h2><table id="alerts"><tbody></tbody></table></section>
<p id="status" class="muted"></p>
</main>
<script>
(function () {
  var T = {
    zh: { title: '城乡低保督查看板', quarter: '季度', logout: '退出', loginTitle: '请输入访问令牌', loginHint: '令牌：npm run token -- --role supervisor', login: '登录',
      townships: '各乡镇在办申请', drillHint: '点击乡镇查看案件', casesOf: '案件', kindOpen: '在办', kindOverdue: '超期', kindStalled: '滞留',
      caseloadChart: '在办与超期', payoutChart: '本季度发放（万元）', scorecard: '督查记分卡', alerts: '预警',
      open: '在办', overdue: '超期', stalled: '滞留', township: '乡镇', caseId: '案件编号', stage: '环节', scheme: '类别', waiting: '等待天数', late: '超期天数', deadline: '期限', caseworker: '经办人', more: '更多',
      persons: '保障人数', payout: '季度发放（万元）', none: '无', loading: '加载中…', rural: '农村', urban: '城市', visits: '督查次数', findings: '问题', orders: '整改', noCampaign: '本季度无督查活动',
      application: '申请受理', investigation: '入户调查', appraisal: '民主评议', publicity: '公示', township_review: '乡镇审核', county_approval: '县级审批',
      badToken: '令牌无效或已过期', alertCase: '案件超期', alertReview: '复核超期', alertOrder: '整改超期', alertBatch: '发放逾期', feedOff: '预警未开启', lang: 'English' },
    en: { title: 'Dibao supervision dashboard', quarter: 'Quarter', logout: 'Log out', loginTitle: 'Enter an access token', loginHint: 'Token: npm run token -- --role supervisor', login: 'Log in',
      townships: 'Open cases per township', drillHint: 'Click a township to see its cases', casesOf: 'Cases', kindOpen: 'open', kindOverdue: 'overdue', kindStalled: 'stalled',
      caseloadChart: 'Open and overdue', payoutChart: 'Payouts this quarter (10k yuan)', scorecard: 'Inspection scorecard', alerts: 'Alerts',
      open: 'Open', overdue: 'Overdue', stalled: 'Stalled', township: 'Township', caseId: 'Case', stage: 'Stage', scheme: 'Scheme', waiting: 'Days waiting', late: 'Days late', deadline: 'Deadline', caseworker: 'Caseworker', more: 'More',
      persons: 'Beneficiaries', payout: 'Quarter payout (10k yuan)', none: 'none', loading: 'Loading…', rural: 'rural', urban: 'urban', visits: 'Visits', findings: 'Findings', orders: 'Orders', noCampaign: 'No inspection campaign this quarter',
      application: 'Application', investigation: 'Investigation', appraisal: 'Appraisal', publicity: 'Publicity', township_review: 'Township review', county_approval: 'County approval',
      badToken: 'The token is not valid or has expired', alertCase: 'case overdue', alertReview: 'review overdue', alertOrder: 'rectification overdue', alertBatch: 'payment late', feedOff: 'alert feed is off', lang: '中文' }
  };
  var STAGES = ['application', 'investigation', 'appraisal', 'publicity', 'township_review', 'county_approval'];
  var params = new URLSearchParams(location.search);
  var lang = params.get('lang') === 'en' ? 'en' : 'zh';
  var token = params.get('token') || sessionStorage.getItem('dibao-token') || '';
  if (params.get('token')) { sessionStorage.setItem('dibao-token', token); params.delete('token'); history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : '')); }
  var state = { overview: null, report: null, township: null };
  var $ = function (id) { return document.getElementById(id); };
  var t = function (k) { return (T[lang][k] !== undefined ? T[lang][k] : k); };
  var esc = function (v) { return String(v == null ? '' : v).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); };
  var num = function (n) { return Number(n || 0).toLocaleString('en-US'); };
  function quarterNow() { var d = new Date(Date.now() + 8 * 3600e3); return d.getUTCFullYear() + '-Q' + (Math.floor(d.getUTCMonth() / 3) + 1); }
  $('quarter').value = params.get('quarter') || quarterNow();

  function api(path) {
    return fetch('/api/v1' + path, { headers: { authorization: 'Bearer ' + token } }).then(function (r) {
      if (r.status === 401) { showLogin(t('badToken')); throw new Error('401'); }
      return r.json().then(function (body) { if (!r.ok) throw new Error((body && body.detail) || r.status); return body; });
    });
  }
  function applyLang() {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.title = t('title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (el) { el.textContent = t(el.getAttribute('data-i18n')); });
    $('lang').textContent = t('lang');
  }
  function showLogin(message) { $('app').hidden = true; $('login').hidden = false; $('loginError').textContent = message || ''; }
  function bars(series, groups, format) {
    var w = 540, h = 220, left = 46, bottom = 40, top = 10, plotH = h - top - bottom, plotW = w - left - 8;
    var max = 1, whole = true; groups.forEach(function (g) { g.values.forEach(function (v) { if (v > max) max = v; if (v % 1) whole = false; }); });
    if (whole) max = Math.ceil(max / 4) * 4;
    var gw = groups.length ? plotW / groups.length : plotW, bw = gw * 0.8 / series.length, colours = ['#2f6db5', '#d9534f', '#f0ad4e'];
    var s = '<svg viewBox="0 0 ' + w + ' ' + h + '" width="100%" role="img">';
    for (var i = 0; i <= 4; i++) { var y = top + plotH - plotH * i / 4; s += '<line x1="' + left + '" x2="' + w + '" y1="' + y + '" y2="' + y + '" stroke="#eee"/><text x="' + (left - 3) + '" y="' + (y + 3) + '" font-size="9" text-anchor="end">' + esc(format(max * i / 4)) + '</text>'; }
    groups.forEach(function (g, gi) {
      var x0 = left + gi * gw + gw * 0.1;
      g.values.forEach(function (v, si) { var bh = plotH * v / max; s += '<rect x="' + (x0 + si * bw).toFixed(1) + '" y="' + (top + plotH - bh).toFixed(1) + '" width="' + bw.toFixed(1) + '" height="' + bh.toFixed(1) + '" fill="' + colours[si % 3] + '"><title>' + esc(g.label + ' ' + series[si] + ': ' + format(v)) + '</title></rect>'; });
      var lx = (x0 + bw * g.values.length / 2).toFixed(1); s += '<text x="' + lx + '" y="' + (h - bottom + 12) + '" font-size="9" text-anchor="end" transform="rotate(-45 ' + lx + ' ' + (h - bottom + 12) + ')">' + esc(g.label) + '</text>';
    });
    series.forEach(function (name, si) { var x = w - 90 * (series.length - si); s += '<rect x="' + x + '" y="0" width="8" height="8" fill="' + colours[si % 3] + '"/><text x="' + (x + 11) + '" y="8" font-size="10">' + esc(name) + '</text>'; });
    return s + '</svg>';
  }
  function name(code) { var n = state.report && state.report.townshipNames && state.report.townshipNames[code]; return n ? n + ' ' + code : code; }
  function renderOverview() {
    var o = state.overview; if (!o) return;
    var persons = '';
    if (state.report && state.report.beneficiaries && state.report.beneficiaries.data) {
      var b = state.report.beneficiaries.data; persons = '<div class="card"><span>' + t('persons') + '</span><b id="persons">' + num(b.urban.persons + b.rural.persons) + '</b></div>';
    }
    $('overview').innerHTML = '<div class="card"><span>' + t('open') + '</span><b id="totalOpen">' + num(o.totals.open) + '</b></div>' +
      '<div class="card warn"><span>' + t('overdue') + '</span><b id="totalOverdue">' + num(o.totals.overdue) + '</b></div>' +
      '<div class="card warn"><span>' + t('stalled') + '</span><b id="totalStalled">' + num(o.totals.stalled) + '</b></div>' + persons;
    $('townships').querySelector('thead').innerHTML = '<tr><th>' + t('township') + '</th>' + STAGES.map(function (s) { return '<th>' + t(s) + '</th>'; }).join('') + '<th>' + t('open') + '</th><th>' + t('overdue') + '</th><th>' + t('stalled') + '</th></tr>';
    $('townships').querySelector('tbody').innerHTML = o.townships.map(function (r) {
      return '<tr class="township" data-township="' + esc(r.township) + '"><td>' + esc(name(r.township)) + '</td>' + STAGES.map(function (s) { return '<td>' + num(r.byStage[s]) + '</td>'; }).join('') +
        '<td data-col="open">' + num(r.open) + '</td><td data-col="overdue"' + (r.overdue ? ' class="bad"' : '') + '>' + num(r.overdue) + '</td><td data-col="stalled"' + (r.stalled ? ' class="bad"' : '') + '>' + num(r.stalled) + '</td></tr>';
    }).join('');
    $('caseloadChart').innerHTML = bars([t('open'), t('overdue'), t('stalled')], o.townships.map(function (r) { return { label: r.township, values: [r.open, r.overdue, r.stalled] }; }), function (v) { return Number.isInteger(v) ? String(v) : v.toFixed(1); });
  }
  function renderReport() {
    var r = state.report; if (!r) return;
    if (r.beneficiaries && r.beneficiaries.data) {
      var b = r.beneficiaries.data, codes = {};
      b.rural.byTownship.concat(b.urban.byTownship).forEach(function (x) { codes[x.township] = true; });
      var of = function (rows, c) { for (var i = 0; i < rows.length; i++) if (rows[i].township === c) return rows[i].amountFen; return 0; };
      $('payoutChart').innerHTML = bars([t('rural'), t('urban')], Object.keys(codes).sort().map(function (c) { return { label: c, values: [of(b.rural.byTownship, c) / 1e6, of(b.urban.byTownship, c) / 1e6] }; }), function (v) { return v.toFixed(1); });
      if (r.payouts.data) $('payoutNote').textContent = t('urban') + ' ' + (r.payouts.data.urban.quarterFen / 1e6).toFixed(2) + ' · ' + t('rural') + ' ' + (r.payouts.data.rural.amountFen / 1e6).toFixed(2);
    } else { $('payoutChart').textContent = (r.payouts && r.payouts.reason) || t('none'); }
    var insp = r.inspections;
    if (insp && insp.data && insp.data.length) {
      var c = insp.data[0];
      $('scorecard').innerHTML = '<p>' + esc(c.campaign.name) + '</p><table><thead><tr><th>' + t('township') + '</th><th>' + t('visits') + '</th><th>' + t('findings') + '</th><th>' + t('orders') + '</th><th>' + t('overdue') + '</th></tr></thead><tbody>' +
        c.scorecards.map(function (s) { return '<tr><td>' + esc(s.name + ' ' + s.township) + '</td><td>' + num(s.visits.done) + '/' + num(s.visits.planned) + '</td><td>' + num(s.findings.total) + '</td><td>' + num(s.rectifications.issued) + '</td><td' + (s.rectifications.overdue ? ' class="bad"' : '') + '>' + num(s.rectifications.overdue) + '</td></tr>'; }).join('') + '</tbody></table>';
    } else { $('scorecard').textContent = insp && !insp.available ? insp.reason : t('noCampaign'); }
    renderOverview();
  }
  function caseRow(c) {
    return '<tr class="case" data-case-id="' + esc(c.caseId) + '"><td>' + esc(c.caseId) + '</td><td>' + esc(t(c.stage)) + '</td><td>' + esc(t(c.scheme)) + '</td><td>' + num(c.waitingDays) + '</td><td>' + esc((c.stageDeadline || '').slice(0, 10)) + '</td><td' + (c.daysPastDeadline || c.overallOverdue ? ' class="bad"' : '') + '>' + num(c.daysPastDeadline) + '</td><td>' + esc(c.caseworker || '') + '</td></tr>';
  }
  // Most overdue first, 100 at a time; "more" continues after the last row (the API's keyset pageToken).
  function loadCases(more) {
    var township = state.township; if (!township) return;
    $('drill').hidden = false; $('drillTownship').textContent = name(township);
    var body = $('cases').querySelector('tbody');
    if (more !== true) {
      state.casesToken = null;
      $('cases').removeAttribute('data-loaded-township');
      $('cases').querySelector('thead').innerHTML = '<tr><th>' + t('caseId') + '</th><th>' + t('stage') + '</th><th>' + t('scheme') + '</th><th>' + t('waiting') + '</th><th>' + t('deadline') + '</th><th>' + t('late') + '</th><th>' + t('caseworker') + '</th></tr>';
      body.innerHTML = '<tr><td colspan="7">' + t('loading') + '</td></tr>';
    }
    $('moreCases').hidden = true;
    var path = '/supervision/townships/' + encodeURIComponent(township) + '/cases?kind=' + $('drillKind').value + '&pageSize=100' + (more === true && state.casesToken ? '&pageToken=' + encodeURIComponent(state.casesToken) : '');
    api(path).then(function (page) {
      if (state.township !== township) return;
      var rows = page.items.map(caseRow).join('');
      if (more === true) body.insertAdjacentHTML('beforeend', rows);
      else body.innerHTML = rows || '<tr><td colspan="7">' + t('none') + '</td></tr>';
      state.casesToken = page.nextPageToken || null;
      $('moreCases').hidden = !state.casesToken;
      $('cases').setAttribute('data-loaded-township', township);
    }).catch(function (e) { body.innerHTML = '<tr><td colspan="7" class="error">' + esc(e.message) + '</td></tr>'; });
  }
  function loadAlerts() {
    var since = new Date(Date.now() - 90 * 86400e3).toISOString();
    api('/supervision/alerts?pageSize=50&since=' + encodeURIComponent(since)).then(function (page) {
      $('alerts').querySelector('tbody').innerHTML = page.items.length ? page.items.slice().reverse().map(function (a) {
        return '<tr><td>' + esc(a.occurredAt.slice(0, 16).replace('T', ' ')) + '</td><td>' + esc(name(a.township)) + '</td><td>' + (a.kind === 'case.stage-overdue' ? t('alertCase') + ' ' + esc(t(a.stage || '')) : a.kind === 'beneficiary.review-overdue' ? t('alertReview') : a.kind === 'payment.batch-late' ? t('alertBatch') : t('alertOrder')) + '</td><td>' + esc(a.caseId || a.orderId || a.batchId || '') + '</td><td>' + num(a.daysLate) + '</td></tr>';
      }).join('') : '<tr><td>' + t('none') + '</td></tr>';
    }).catch(function (e) { $('alerts').querySelector('tbody').innerHTML = '<tr><td class="muted">' + t('feedOff') + ': ' + esc(e.message) + '</td></tr>'; });
  }
  function load() {
    if (!token) return showLogin();
    $('login').hidden = true; $('app').hidden = false; applyLang();
    $('status').textContent = t('loading');
    var started = Date.now();
    var overview = api('/supervision/overview').then(function (o) { state.overview = o; renderOverview(); });
    var report = api('/reports/work-report?quarter=' + encodeURIComponent($('quarter').value)).then(function (r) { state.report = r; renderReport(); }).catch(function (e) { $('payoutChart').textContent = e.message; });
    loadAlerts();
    Promise.all([overview, report]).then(function () {
      $('status').textContent = (state.overview ? state.overview.generatedAt : '') + ' · ' + (Date.now() - started) + ' ms';
      document.body.setAttribute('data-ready', 'true');
    }).catch(function (e) { $('status').textContent = e.message; document.body.setAttribute('data-ready', 'error'); });
  }
  $('townships').addEventListener('click', function (e) { var row = e.target.closest('tr.township'); if (row) { state.township = row.getAttribute('data-township'); loadCases(); } });
  $('drillKind').addEventListener('change', function () { loadCases(); });
  $('moreCases').addEventListener('click', function () { loadCases(true); });
  $('quarter').addEventListener('change', load);
  $('lang').addEventListener('click', function () { lang = lang === 'zh' ? 'en' : 'zh'; applyLang(); renderOverview(); renderReport(); if (state.township) loadCases(); });
  $('logout').addEventListener('click', function () { sessionStorage.removeItem('dibao-token'); token = ''; showLogin(); });
  $('loginButton').addEventListener('click', function () { token = $('tokenInput').value.trim(); sessionStorage.setItem('dibao-token', token); load(); });
  applyLang();
  load();
})();
</script></body></html>`;
