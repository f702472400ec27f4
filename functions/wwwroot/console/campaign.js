'use strict';
// The price office's campaign page (issue 20): each round live — deadline and countdown in Beijing time, invited /
// submitted / not yet submitted with the hospitals still missing, valid and rejected rows, rejected files — refreshed
// every few seconds while the campaign runs; once it completes, the figures per league/city and each league/city's
// ranked items (filterable, sortable) with the xlsx downloads. It replaces app.js's campaign page; every call goes
// through the same API and role checks.
Object.assign(I18N.zh, {
  cmpExtendTitle: '延长第 {n} 轮（仅可延长一次）', cmpExtendHours: '延长小时数', cmpExtendReason: '延长理由（必填，写入审计记录）', cmpExtendSubmit: '确认延长',
  cmpExtendDone: '已延长，新的截止时间见上表',
  cmpLive: '报价进度', cmpRound: '轮次', cmpRoundN: '第 {n} 轮', cmpCountdown: '剩余时间', cmpClosed: '已截止', cmpDue: '已到截止时间，等待关闭',
  cmpExtended: '已延长', cmpNotSubmitted: '未提交', cmpRejectedFiles: '被拒文件', cmpMissing: '第 {n} 轮尚未提交的机构（{k} 家）',
  cmpMissingClosed: '第 {n} 轮未提交的机构（{k} 家）', cmpAllIn: '全部受邀机构均已提交。', cmpHospitalCode: '机构编码', cmpHospitalName: '机构名称',
  cmpRefreshing: '进行中，每 {s} 秒自动刷新；更新于 {at}', cmpUpdated: '更新于 {at}', cmpCreated: '创建于', cmpFailure: '失败原因',
  cmpResults: '结果（各盟市）', cmpSaving: '降价节约', cmpUsedByRises: '涨价使用', cmpSkipped: '未采纳项目', cmpRegion: '全区合计', cmpGuide: '指导价表',
  cmpShowItems: '查看项目', cmpItems: '项目明细', cmpLeague: '盟市', cmpFilter: '筛选（项目编码、名称、结果）', cmpShown: '显示 {k} / {n} 个项目',
  cmpRank: '排名', cmpItem: '项目编码', cmpProposals: '报价数', cmpProviders: '提供机构数', cmpCurrent: '现行三级价格', cmpTier3: '三级价格',
  cmpTier2: '二级价格', cmpTier1: '一级价格', cmpImpact: '预算影响', cmpE: 'E 经济', cmpP: 'P 政策', cmpC: 'C 共识', cmpS: 'S 得分',
  cmpDecision: '结果', cmpSkipReason: '未采纳原因', cmpFiles: '结果文件', cmpFeedback: '各机构反馈表（{k} 个）', cmpFile: '文件', cmpSortBy: '按此列排序',
  cmpChart: '各盟市预算、涨价使用与降价节约（元）', cmpDecisionChart: '各盟市项目采纳结果（项）', cmpItemsUnit: '项', cmpLoading: '加载中…', cmpDays: '剩余 {d} 天 {h} 小时', cmpHours: '剩余 {h} 小时 {m} 分',
  cmpMinutes: '剩余 {m} 分 {s} 秒', round_not_opened: '该轮尚未开始', results_not_published: '结果尚未发布', unknown_league: '盟市不属于本批次',
  bad_round_window: '每轮报价时长应为 10 秒至 90 天', bad_monitoring_day: '监测日长度应为 10 毫秒至 1 天', campaign_exists: '该批次编号已被使用，批次不能重新启动',
  bad_extension: '延长时长应为 1 秒至 30 天（720 小时）', reason_too_long: '延长理由不超过 500 字', round_already_extended: '该轮已延长过一次，不能再延长', round_closed: '该轮已截止，不能延长',
});
Object.assign(I18N.en, {
  cmpExtendTitle: 'Extend round {n} (once only)', cmpExtendHours: 'Hours to add', cmpExtendReason: 'Reason (required; kept in the audit trail)', cmpExtendSubmit: 'Extend',
  cmpExtendDone: 'Extended; the new deadline is in the table above',
  cmpLive: 'Progress', cmpRound: 'Round', cmpRoundN: 'Round {n}', cmpCountdown: 'Time left', cmpClosed: 'Closed', cmpDue: 'Deadline reached, closing',
  cmpExtended: 'extended', cmpNotSubmitted: 'Not submitted', cmpRejectedFiles: 'Rejected files', cmpMissing: 'Hospitals yet to submit in round {n} ({k})',
  cmpMissingClosed: 'Hospitals that did not submit in round {n} ({k})', cmpAllIn: 'Every invited hospital has submitted.', cmpHospitalCode: 'Hospital code', cmpHospitalName: 'Hospital',
  cmpRefreshing: 'Running; refreshes every {s} s; updated {at}', cmpUpdated: 'Updated {at}', cmpCreated: 'Created', cmpFailure: 'Failure',
  cmpResults: 'Results per league/city', cmpSaving: 'Saving', cmpUsedByRises: 'Used by rises', cmpSkipped: 'Skipped items', cmpRegion: 'Region', cmpGuide: 'Guide prices',
  cmpShowItems: 'Show items', cmpItems: 'Items', cmpLeague: 'League/city', cmpFilter: 'Filter (item code, name, decision)', cmpShown: '{k} of {n} items',
  cmpRank: 'Rank', cmpItem: 'Item', cmpProposals: 'Proposals', cmpProviders: 'Providers', cmpCurrent: 'Current tier-3 price', cmpTier3: 'Tier-3 price',
  cmpTier2: 'Tier-2 price', cmpTier1: 'Tier-1 price', cmpImpact: 'Budget impact', cmpE: 'E economic', cmpP: 'P policy', cmpC: 'C consensus', cmpS: 'S score',
  cmpDecision: 'Decision', cmpSkipReason: 'Why skipped', cmpFiles: 'Result files', cmpFeedback: "Hospitals' feedback workbooks ({k})", cmpFile: 'File', cmpSortBy: 'Sort by this column',
  cmpChart: 'Budget, used by rises and saving per league/city (yuan)', cmpDecisionChart: 'Items per league/city by decision (items)', cmpItemsUnit: 'items', cmpLoading: 'Loading…', cmpDays: '{d} d {h} h left', cmpHours: '{h} h {m} min left',
  cmpMinutes: '{m} min {s} s left', round_not_opened: 'That round has not opened', results_not_published: 'Results not published yet', unknown_league: 'League/city not in this campaign',
  bad_round_window: 'A round lasts 10 seconds to 90 days', bad_monitoring_day: 'A monitoring day lasts 10 milliseconds to 1 day', campaign_exists: 'That campaign id is taken; a campaign is never restarted',
  bad_extension: 'Extend by 1 second to 30 days (720 hours)', reason_too_long: 'The reason is at most 500 characters', round_already_extended: 'This round was already extended once', round_closed: 'This round has closed; it cannot be extended',
});
Object.assign(TERMS.zh, { Round1Closed: '第一轮已截止', Round2Closed: '第二轮已截止', Adopted: '采纳', Skipped: '未采纳' });
Object.assign(TERMS.en, { Adopted: 'Adopted', Skipped: 'Skipped' });

// While a campaign runs its page asks again every few seconds; the countdowns tick every second in between.
const CMP_REFRESH_SECONDS = 5;
// The API's times are UTC; one without a zone would otherwise be read as the browser's local time.
const cmpUtc = value => value && !/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value + 'Z' : value;
const cmpScore = value => value == null ? '' : Number(value).toLocaleString('en-US', { minimumFractionDigits: 4, maximumFractionDigits: 4 });

function cmpCountdown(deadline, open) {
  if (!open) return t('cmpClosed');
  const left = Math.floor((new Date(cmpUtc(deadline)) - Date.now()) / 1000);
  if (left <= 0) return t('cmpDue');
  const [d, h, m, s] = [Math.floor(left / 86400), Math.floor(left / 3600) % 24, Math.floor(left / 60) % 60, left % 60];
  return d > 0 ? fill('cmpDays', { d, h }) : h > 0 ? fill('cmpHours', { h, m }) : fill('cmpMinutes', { m, s });
}

// A table whose cells carry a class (money right-aligned), a data-k naming the column and its label (a phone shows
// each row as a card of labelled lines, campaign.css), inside a wrapper that scrolls sideways rather than the page.
function cmpTable(id, columns, rows, rowAttrs = () => '') {
  if (!rows.length) return `<p class="muted" id="${id}-none">${t('none')}</p>`;
  return `<div class="cmp-scroll" tabindex="0">${cardTable(id, 'cmp-table cmp-cards', columns, rows, rowAttrs)}</div>`;
}

const CMP_ROUND_COLUMNS = [
  { key: 'round', label: 'cmpRound' }, { key: 'deadline', label: 'deadline' }, { key: 'countdown', label: 'cmpCountdown' },
  { key: 'invited', label: 'invited', num: true }, { key: 'submitted', label: 'submitted', num: true }, { key: 'notSubmitted', label: 'cmpNotSubmitted', num: true },
  { key: 'validRows', label: 'validRows', num: true }, { key: 'rejectedRows', label: 'rejectedRows', num: true }, { key: 'rejectedFiles', label: 'cmpRejectedFiles', num: true },
];

// Each round the campaign has opened: the one running now with its live counts, the closed ones with their totals.
function cmpRounds(progress) {
  const rounds = progress?.rounds ?? [];
  const open = r => progress.phase === `Round${r.round}`;
  return cmpTable('cmp-rounds', CMP_ROUND_COLUMNS, rounds.map(r => [
    esc(fill('cmpRoundN', { n: r.round })), `${esc(fmtTime(cmpUtc(r.deadlineUtc)))}${r.extended ? ` <span class="cmp-tag">${t('cmpExtended')}</span>` : ''}`,
    `<span class="cmp-countdown" data-deadline="${esc(r.deadlineUtc)}" data-open="${open(r)}">${esc(cmpCountdown(r.deadlineUtc, open(r)))}</span>`,
    esc(r.invited), esc(r.submitted), esc(Math.max(0, r.invited - r.submitted)), esc(r.validRows), esc(r.rejectedRows), esc(r.rejectedFiles)]),
  i => `data-round="${rounds[i].round}" class="${open(rounds[i]) ? 'cmp-open' : ''}"`);
}

function cmpMissing(missing) {
  const title = fill(missing.isOpen ? 'cmpMissing' : 'cmpMissingClosed', { n: missing.round, k: missing.hospitals.length });
  const body = missing.hospitals.length
    ? cmpTable(`cmp-missing-${missing.round}`, [{ key: 'hospital', label: 'cmpHospitalCode' }, { key: 'name', label: 'cmpHospitalName' }, { key: 'league', label: 'league' }],
      missing.hospitals.map(h => [esc(h.hospital), esc(h.name), esc(h.leagueName)]))
    : `<p class="ok" id="cmp-missing-${missing.round}-none">${t('cmpAllIn')}</p>`;
  return `<section class="cmp-missing" data-round="${missing.round}"><h3>${esc(title)}</h3>${body}</section>`;
}

// A nice step for a y axis: 1, 2 or 5 times a power of ten, at least raw (and at least least, so counts tick in whole items).
function cmpStep(raw, least) {
  const power = 10 ** Math.floor(Math.log10(raw));
  return Math.max(least, [1, 2, 5, 10].map(m => m * power).find(step => step >= raw));
}

// A bar chart in SVG: one group per league/city, its series side by side or stacked, on a y axis ticked in the chart's
// unit, with a legend and every figure in the image's text alternative. Colours are classes (campaign.css; the CSP
// allows no inline style); the figure takes focus and scrolls inside itself on a phone.
function cmpBarChart({ id, caption, unit, series, groups, stacked = false, least = 0, tick = v => v.toLocaleString('en-US'), show = tick }) {
  if (!groups.length) return '';
  const [left, top, bottom, bar, height] = [88, 22, 40, 24, 230];
  const plot = height - top - bottom;
  const group = Math.max(84, (stacked ? 1 : series.length) * bar + 28);
  const sizes = g => g.values.map(v => Math.abs(Number(v)));
  const tallest = Math.max(1, ...groups.map(g => stacked ? sizes(g).reduce((a, b) => a + b, 0) : Math.max(...sizes(g))));
  const step = cmpStep(tallest / 4, least);
  const max = step * Math.ceil(tallest / step);
  const y = v => top + plot - (plot * v) / max;
  const width = left + groups.length * group + 8;
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step).map(v =>
    `<line class="cmp-grid" x1="${left}" x2="${width - 8}" y1="${y(v)}" y2="${y(v)}"></line><text class="cmp-tick" x="${left - 6}" y="${y(v) + 4}">${esc(tick(v))}</text>`).join('');
  const bars = groups.map((g, i) => {
    const start = left + i * group + (group - (stacked ? 1 : series.length) * bar) / 2;
    let below = 0;
    const rects = sizes(g).map((size, n) => {
      const [x, from] = stacked ? [start, below] : [start + n * bar, 0];
      below += stacked ? size : 0;
      const label = stacked && size > 0 && y(from) - y(from + size) >= 14 ? `<text class="cmp-bar-value" x="${x + (bar - 2) / 2}" y="${(y(from) + y(from + size)) / 2 + 4}">${esc(g.values[n])}</text>` : '';
      return `<rect class="${series[n].cls}" data-group="${esc(g.key)}" data-series="${esc(series[n].key)}" data-value="${esc(g.values[n])}" x="${x}" y="${y(from + size)}" width="${bar - 2}" height="${y(from) - y(from + size)}"><title>${esc(`${g.name} ${series[n].label} ${show(g.values[n])}`)}</title></rect>${label}`;
    }).join('');
    return `${rects}<text class="cmp-group" x="${left + i * group + group / 2}" y="${height - bottom + 18}">${esc(g.name)}</text>`;
  }).join('');
  const alt = `${caption}：${groups.map(g => `${g.name} ${series.map((s, n) => `${s.label} ${show(g.values[n])}`).join('，')}`).join('；')}`;
  const key = series.map(s => `<span class="cmp-key ${s.cls}"></span>${esc(s.label)}`).join(' ');
  return `<figure class="cmp-chart" id="${id}" tabindex="0"><figcaption>${esc(caption)}</figcaption>
    <svg width="${width}" height="${height}" role="img" aria-label="${esc(alt)}">${ticks}<text class="cmp-unit" x="${left - 6}" y="${top - 10}">${esc(unit)}</text>
    <line class="cmp-axis" x1="${left}" x2="${left}" y1="${top}" y2="${y(0)}"></line><line class="cmp-axis" x1="${left}" x2="${width - 8}" y1="${y(0)}" y2="${y(0)}"></line>${bars}</svg>
    <p class="cmp-legend">${key}</p></figure>`;
}

// Per league/city: budget, used by rises and saving side by side, in yuan.
function cmpChart(leagues) {
  return cmpBarChart({
    id: 'cmp-money-chart', caption: t('cmpChart'), unit: '元', show: fmtMoney,
    series: [{ key: 'budget', cls: 'cmp-budget', label: t('budget') }, { key: 'usedByRises', cls: 'cmp-used', label: t('cmpUsedByRises') }, { key: 'saving', cls: 'cmp-saving', label: t('cmpSaving') }],
    groups: leagues.map(l => ({ key: l.league, name: l.name, values: [l.budget, l.usedByRises, l.saving] })),
  });
}

// The decisions an item gets (DOMAIN.md §1 Adoption), bottom of the stack first.
const CMP_DECISIONS = [{ key: 'Adopted', cls: 'cmp-dec-adopted' }, { key: 'Skipped', cls: 'cmp-dec-skipped' }];

// Per league/city: how many of its ranked items got each decision, stacked, counted from its per-item results.
function cmpDecisionChart(leagues, ranked) {
  return cmpBarChart({
    id: 'cmp-decision-chart', caption: t('cmpDecisionChart'), unit: t('cmpItemsUnit'), stacked: true, least: 1, show: v => `${v} ${t('cmpItemsUnit')}`,
    series: CMP_DECISIONS.map(d => ({ ...d, label: term(d.key) })),
    groups: leagues.map((l, i) => ({ key: l.league, name: l.name, values: CMP_DECISIONS.map(d => ranked[i].items.filter(r => r.decision === d.key).length) })),
  });
}

const CMP_SUMMARY_COLUMNS = [
  { key: 'league', label: 'cmpLeague' }, { key: 'budget', label: 'budget', num: true }, { key: 'saving', label: 'cmpSaving', num: true },
  { key: 'usedByRises', label: 'cmpUsedByRises', num: true }, { key: 'net', label: 'net', num: true }, { key: 'adopted', label: 'adopted', num: true },
  { key: 'skipped', label: 'cmpSkipped', num: true }, { key: 'files', label: 'cmpGuide' },
];

function cmpSummary(id, summary, files) {
  const guide = league => files.find(f => f.path === `guide-prices-${league}.xlsx`);
  const rows = summary.leagues.map(l => [
    `${esc(l.name)}<br><button type="button" class="cmp-link" data-league="${esc(l.league)}">${t('cmpShowItems')}</button>`,
    esc(fmtMoney(l.budget)), esc(fmtMoney(l.saving)), esc(fmtMoney(l.usedByRises)), esc(fmtMoney(l.net)), esc(l.adopted), esc(l.skipped),
    guide(l.league) ? `<a href="#" data-download="${esc(guide(l.league).url)}" data-name="${esc(`${id}-guide-prices-${l.league}.xlsx`)}">${t('download')}</a>` : '']);
  rows.push([`<b>${t('cmpRegion')}</b>`, esc(fmtMoney(summary.regionalBiddingBudget)), esc(fmtMoney(summary.regionalSaving)), esc(fmtMoney(summary.regionalUsedByRises)),
    esc(fmtMoney(summary.regionalNet)), esc(summary.adoptedItems), esc(summary.skippedItems), '']);
  return cmpTable('cmp-summary', CMP_SUMMARY_COLUMNS, rows, i => i < summary.leagues.length ? `data-league="${esc(summary.leagues[i].league)}"` : 'class="cmp-total"');
}

// The per-item columns: how each is shown, and what it sorts by (numbers as numbers; an empty price sorts last).
const CMP_ITEM_COLUMNS = [
  { key: 'rank', label: 'cmpRank', num: true, show: r => esc(r.rank), sort: r => r.rank },
  { key: 'item', label: 'cmpItem', show: r => esc(r.item), sort: r => r.item },
  { key: 'itemName', label: 'name', show: r => esc(r.itemName), sort: r => r.itemName },
  { key: 'proposals', label: 'cmpProposals', num: true, show: r => esc(r.proposals), sort: r => r.proposals },
  { key: 'providers', label: 'cmpProviders', num: true, show: r => esc(r.providers), sort: r => r.providers },
  { key: 'currentTier3Price', label: 'cmpCurrent', num: true, show: r => esc(fmtMoney(r.currentTier3Price)), sort: r => r.currentTier3Price },
  { key: 'tier3Price', label: 'cmpTier3', num: true, show: r => esc(fmtMoney(r.tier3Price)), sort: r => r.tier3Price },
  { key: 'tier2Price', label: 'cmpTier2', num: true, show: r => esc(fmtMoney(r.tier2Price)), sort: r => r.tier2Price },
  { key: 'tier1Price', label: 'cmpTier1', num: true, show: r => esc(fmtMoney(r.tier1Price)), sort: r => r.tier1Price },
  { key: 'impact', label: 'cmpImpact', num: true, show: r => esc(fmtMoney(r.impact)), sort: r => r.impact },
  { key: 'economic', label: 'cmpE', num: true, show: r => esc(cmpScore(r.economic)), sort: r => r.economic },
  { key: 'policy', label: 'cmpP', num: true, show: r => esc(cmpScore(r.policy)), sort: r => r.policy },
  { key: 'consensus', label: 'cmpC', num: true, show: r => esc(cmpScore(r.consensus)), sort: r => r.consensus },
  { key: 'score', label: 'cmpS', num: true, show: r => esc(cmpScore(r.score)), sort: r => r.score },
  { key: 'decision', label: 'cmpDecision', show: r => `<span class="cmp-${esc(String(r.decision).toLowerCase())}">${esc(term(r.decision))}</span>`, sort: r => term(r.decision) },
  { key: 'skipReason', label: 'cmpSkipReason', show: r => esc(lang === 'zh' ? r.skipReasonZh : r.skipReasonEn), sort: r => (lang === 'zh' ? r.skipReasonZh : r.skipReasonEn) ?? '' },
];

function cmpCompare(a, b) {
  if (a == null || a === '') return b == null || b === '' ? 0 : 1;
  if (b == null || b === '') return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), lang === 'zh' ? 'zh-CN' : 'en');
}

// Every page of a league/city's ranked items (the API pages at most 500 at a time).
async function cmpLeagueItems(id, league) {
  const items = [];
  for (let page = 1; ; page++) {
    const result = await api(`/api/campaigns/${encodeURIComponent(id)}/results/leagues/${encodeURIComponent(league)}?page=${page}&pageSize=500`);
    if (!result.ok) return { error: problemText(result) };
    items.push(...result.body.items.items);
    if (!result.body.items.items.length || items.length >= result.body.items.total) return { name: result.body.name, items };
  }
}

// itemsOf(league) gives a league/city's items, each asked for once per page (the decision chart counts them too).
async function cmpShowItems(itemsOf, league, leagues) {
  const out = $('#cmp-items');
  out.innerHTML = `<p class="muted">${t('cmpLoading')}</p>`;
  const loaded = await itemsOf(league);
  if (loaded.error) { out.innerHTML = `<p class="error">${esc(loaded.error)}</p>`; return; }
  const state = { key: 'rank', dir: 1, filter: '' };
  out.innerHTML = `<div class="cmp-tools"><label>${t('cmpLeague')} <select id="cmp-league">${leagues.map(l => `<option value="${esc(l.league)}" ${l.league === league ? 'selected' : ''}>${esc(l.name)}</option>`).join('')}</select></label>
    <label>${t('cmpFilter')} <input id="cmp-filter" type="search"></label> <span id="cmp-shown" class="muted" role="status"></span></div>
    <div class="cmp-scroll" tabindex="0"><table id="cmp-item-table" class="cmp-table"><thead><tr>${CMP_ITEM_COLUMNS.map(c => `<th class="${c.num ? 'num' : ''}" data-k="${c.key}" aria-sort="none"><button type="button" class="cmp-sort" data-sort="${c.key}" title="${esc(t('cmpSortBy'))}">${esc(t(c.label))}</button></th>`).join('')}</tr></thead><tbody></tbody></table></div>`;
  const render = () => {
    const column = CMP_ITEM_COLUMNS.find(c => c.key === state.key);
    const needle = state.filter.trim().toLowerCase();
    const shown = loaded.items.filter(r => !needle || [r.item, r.itemName, term(r.decision), r.decision].some(v => String(v ?? '').toLowerCase().includes(needle)))
      .sort((a, b) => state.dir * cmpCompare(column.sort(a), column.sort(b)) || a.rank - b.rank);
    out.querySelector('tbody').innerHTML = shown.map(r => `<tr data-item="${esc(r.item)}">${CMP_ITEM_COLUMNS.map(c => `<td data-k="${c.key}" class="${c.num ? 'num' : ''}">${c.show(r)}</td>`).join('')}</tr>`).join('');
    out.querySelectorAll('th[data-k]').forEach(th => th.setAttribute('aria-sort', th.dataset.k === state.key ? (state.dir > 0 ? 'ascending' : 'descending') : 'none'));
    $('#cmp-shown').textContent = fill('cmpShown', { k: shown.length, n: loaded.items.length });
  };
  out.querySelectorAll('button[data-sort]').forEach(b => b.addEventListener('click', () => {
    state.dir = state.key === b.dataset.sort ? -state.dir : 1;
    state.key = b.dataset.sort;
    render();
  }));
  $('#cmp-filter').addEventListener('input', e => { state.filter = e.target.value; render(); });
  $('#cmp-league').addEventListener('change', e => cmpShowItems(itemsOf, e.target.value, leagues));
  render();
}

function cmpFiles(id, files) {
  const link = f => `<a href="#" data-download="${esc(f.url)}" data-name="${esc(`${id}-${f.path.replaceAll('/', '-')}`)}">${t('download')}</a>`;
  const feedback = files.filter(f => f.path.includes('/feedback/'));
  const main = files.filter(f => !f.path.includes('/feedback/'));
  return `<h2>${t('cmpFiles')}</h2><div id="cmp-files">${cmpTable('cmp-file-table', [{ key: 'file', label: 'cmpFile' }, { key: 'download', label: 'download' }], main.map(f => [esc(f.path), link(f)]))}
    ${feedback.length ? `<details><summary>${esc(fill('cmpFeedback', { k: feedback.length }))}</summary>${cmpTable('cmp-feedback-table', [{ key: 'file', label: 'cmpFile' }, { key: 'download', label: 'download' }], feedback.map(f => [esc(f.path), link(f)]))}</details>` : ''}</div>`;
}

// The price office extends the open round once, with a reason. The form sits outside the live view, which is redrawn
// every few seconds, so what the official types survives the refreshes.
function cmpExtendForm(base, round, refresh) {
  const box = $('#cmp-extend');
  const wanted = me.roles.includes('price-office') && round && !round.extended ? String(round.round) : '';
  if (box.dataset.round === wanted) return;
  box.dataset.round = wanted;
  if (!wanted) { box.innerHTML = ''; return; }
  box.innerHTML = `<form id="cmp-extend-form" class="card"><h2>${esc(fill('cmpExtendTitle', { n: round.round }))}</h2>
    <label>${t('cmpExtendHours')} <input type="number" name="hours" min="1" max="720" step="1" value="24" required></label>
    <label>${t('cmpExtendReason')} <textarea name="reason" maxlength="500" required></textarea></label>
    <p><button type="submit" class="primary">${t('cmpExtendSubmit')}</button></p><p id="cmp-extend-result" role="status"></p></form>`;
  box.querySelector('form').addEventListener('submit', async event => {
    event.preventDefault();
    const form = event.target;
    const result = await api(`${base}/rounds/${round.round}/extend`, { method: 'POST', json: { seconds: Number(form.hours.value) * 3600, reason: form.reason.value.trim() } });
    const out = box.querySelector('#cmp-extend-result');
    out.className = result.ok ? 'ok' : 'error';
    out.textContent = result.ok ? t('cmpExtendDone') : problemText(result);
    if (result.ok) setTimeout(refresh, 1000);
  });
}

pages.campaign = async function campaign(id) {
  const generation = renderGeneration;
  const shown = () => generation === renderGeneration;
  const base = `/api/campaigns/${encodeURIComponent(id)}`;
  // A closed round's missing hospitals no longer change: asked once, kept for the page's later refreshes.
  const closedMissing = {};
  $('#view').innerHTML = `<h1>${t('campaign')} ${esc(id)}</h1><div id="cmp-live"><p class="muted">${t('cmpLoading')}</p></div><div id="cmp-extend"></div><div id="cmp-results"></div>`;

  const ticker = setInterval(() => {
    if (!shown()) { clearInterval(ticker); return; }
    document.querySelectorAll('.cmp-countdown').forEach(el => { el.textContent = cmpCountdown(el.dataset.deadline, el.dataset.open === 'true'); });
  }, 1000);

  async function refresh() {
    const status = await api(base);
    if (status.status === 404) { clearInterval(ticker); $('#cmp-live').innerHTML = `<p class="error">${t('none')}</p>`; return; }
    // Another failure (the service briefly away) is shown and asked again, as a running campaign would be.
    if (!status.ok) {
      $('#cmp-live').insertAdjacentHTML('afterbegin', `<p class="error">${esc(problemText(status))}</p>`);
      setTimeout(() => { if (shown()) refresh(); }, CMP_REFRESH_SECONDS * 1000);
      return;
    }
    const c = status.body;
    const progress = c.progress;
    const running = c.runtimeStatus === 'Running' || c.runtimeStatus === 'Pending';
    const official = me.roles.some(r => r !== 'hospital');
    const missing = official ? await Promise.all((progress?.rounds ?? []).map(async r => {
      if (closedMissing[r.round]) return closedMissing[r.round];
      const answer = await api(`${base}/rounds/${r.round}/missing`);
      if (answer.ok && !answer.body.isOpen) closedMissing[r.round] = answer.body;
      return answer.ok ? answer.body : null;
    })) : [];
    const at = fmtTime(new Date().toISOString());
    $('#cmp-live').innerHTML = `<div class="card" id="cmp-status">${t('status')}: <b id="cmp-runtime">${esc(term(c.runtimeStatus))}</b> · ${t('phase')}: <b id="cmp-phase" data-phase="${esc(progress?.phase ?? '')}">${esc(term(progress?.phase))}</b>
      · ${t('cmpCreated')} ${esc(fmtTime(c.createdAt))}${c.failure ? `<p class="error">${t('cmpFailure')}: ${esc(c.failure)}</p>` : ''}
      <p class="muted" id="cmp-refresh">${esc(fill(running ? 'cmpRefreshing' : 'cmpUpdated', { s: CMP_REFRESH_SECONDS, at }))}</p></div>
      <h2>${t('cmpLive')}</h2>${cmpRounds(progress)}${missing.filter(Boolean).reverse().map(cmpMissing).join('')}`;
    cmpExtendForm(base, running ? (progress?.rounds ?? []).find(r => progress.phase === `Round${r.round}`) : null, refresh);
    if (running) {
      setTimeout(() => { if (shown()) refresh(); }, CMP_REFRESH_SECONDS * 1000);
      return;
    }

    clearInterval(ticker);
    const files = (await api(`${base}/results`)).body || [];
    const summary = c.summary;
    const leagues = summary?.leagues ?? [];
    $('#cmp-results').innerHTML = `${leagues.length ? `<h2>${t('cmpResults')}</h2>${cmpSummary(id, summary, files)}${cmpChart(leagues)}
      <div id="cmp-decisions"><p class="muted">${t('cmpLoading')}</p></div><h2>${t('cmpItems')}</h2><div id="cmp-items"></div>` : ''}${cmpFiles(id, files)}`;
    wireDownloads($('#cmp-results'));
    const asked = {};
    const itemsOf = league => (asked[league] ??= cmpLeagueItems(id, league));
    $('#cmp-results').querySelectorAll('button[data-league]').forEach(b => b.addEventListener('click', () => {
      cmpShowItems(itemsOf, b.dataset.league, leagues);
      $('#cmp-items').scrollIntoView();
    }));
    if (!leagues.length) return;
    const ranked = await Promise.all(leagues.map(l => itemsOf(l.league)));
    const failed = ranked.find(r => r.error);
    $('#cmp-decisions').innerHTML = failed ? `<p class="error">${esc(failed.error)}</p>` : cmpDecisionChart(leagues, ranked);
    await cmpShowItems(itemsOf, leagues[0].league, leagues);
  }

  await refresh();
};
