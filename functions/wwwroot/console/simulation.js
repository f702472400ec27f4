'use strict';
// The price office's what-if page (DOMAIN.md §6 Before): parameters for a run on a campaign's bid workbooks, the
// campaign's runs, and two runs side by side (a table per league/city, SVG bars of the net, the changed items).
// It adds itself to app.js's pages and labels; every call goes through the same API and role checks.
Object.assign(I18N.zh, {
  simulation: '价格测算', simTitle: '价格测算（事前评估）', simIntro: '选择批次，修改参数后测算；测算只读取报价，不发布、不启动批次、不发通知。',
  simCampaign: '报价批次', simScope: '范围来自批次（留空为同一批次）', simRunId: '测算编号（留空自动生成）', simRun: '运行测算', simRunning: '测算中…',
  simKeep: '留空沿用批次参数', simPercent: '%', simLeagueGrowth: '各盟市增长系数（%）', simLeagueGrowthLater: '运行一次测算后可逐盟市调整增长系数。',
  simDefaultGrowth: '默认增长系数（%）', simComplexShare: '复杂型项目占比（%）', simDefaultFloat: '默认浮动幅度（%）', simTier2: '二级价格系数', simTier1: '一级价格系数',
  simEconomic: '经济因素权重 E', simPolicy: '政策因素权重 P', simConsensus: '共识因素权重 C', simSurgical: 'P：手术或高风险', simWeak: 'P：薄弱学科',
  simTcm: 'P：中医蒙医项目', simSupported: 'P：基层、一级、中医蒙医机构占比', simRuns: '测算记录', simFirst: '方案A', simSecond: '方案B', simCompare: '对比',
  simRunNo: '测算编号', simBy: '操作人', simAt: '时间', simChanged: '调整的参数', simNone: '批次原参数', simSkipped: '未采纳项目', simSaving: '降价节约',
  simUsed: '涨价使用', simMs: '耗时（毫秒）', simComparison: '方案对比', simChange: '变化', simChangedItems: '结果或采纳价格变化的项目', simItem: '项目编码',
  simDecision: '结果', simTier3Price: '三级价格', simTier1Price: '一级价格', simImpact: '调价影响', simRank: '排名', simAdopted: '采纳', simNotAdopted: '未采纳',
  simNoBid: '无有效报价', simRegion: '全区', simChartNet: '各盟市净额（方案A / 方案B）', simPickTwo: '请选择两个不同的测算记录。', simFieldError: '参数有误',
  simRounds: '报价行（有效 / 无效）',
  simSet: '测算用报价集（留空用批次报价；填写时“范围来自批次”为所用范围）', simSetTitle: '上传测算用报价表', simSetIntro: '报价表只用于测算，不进入任何批次；文件名为机构编码（如 H01001.xlsx），同一机构再次上传即替换。',
  simSetId: '报价集编号', simRound: '轮次', simFiles: '报价表文件', simUpload: '上传', simUploaded: '已上传', simHospital: '机构编码', simBytes: '字节',
  workbook_set_not_found: '该报价集还没有上传报价表', bad_workbook_set: '报价集编号、机构编码只能用字母、数字、- 和 _', file_too_large: '文件超过大小上限',
});
Object.assign(I18N.en, {
  simulation: 'What-if', simTitle: 'What-if simulation (assessment before)', simIntro: 'Pick a campaign, change parameters and run; a run only reads bids: nothing is published, no campaign starts, no one is notified.',
  simCampaign: 'Campaign', simScope: 'Scope from campaign (blank: the same)', simRunId: 'Run id (blank: generated)', simRun: 'Run', simRunning: 'Running…',
  simKeep: 'blank keeps the campaign value', simPercent: '%', simLeagueGrowth: 'Growth per league/city (%)', simLeagueGrowthLater: 'Run once to change the growth of each league/city.',
  simDefaultGrowth: 'Default growth (%)', simComplexShare: 'Complex-item share (%)', simDefaultFloat: 'Default float range (%)', simTier2: 'Tier-2 factor', simTier1: 'Tier-1 factor',
  simEconomic: 'Weight E (economic)', simPolicy: 'Weight P (policy)', simConsensus: 'Weight C (consensus)', simSurgical: 'P: surgical / high risk', simWeak: 'P: weak discipline',
  simTcm: 'P: TCM/Mongolian item', simSupported: 'P: share of supported hospitals', simRuns: 'Runs', simFirst: 'Run A', simSecond: 'Run B', simCompare: 'Compare',
  simRunNo: 'Run', simBy: 'By', simAt: 'When', simChanged: 'Changed parameters', simNone: 'campaign parameters', simSkipped: 'Skipped items', simSaving: 'Saving',
  simUsed: 'Used by rises', simMs: 'Time (ms)', simComparison: 'Side by side', simChange: 'Change', simChangedItems: 'Items whose decision or adopted price changes', simItem: 'Item',
  simDecision: 'Decision', simTier3Price: 'Tier-3 price', simTier1Price: 'Tier-1 price', simImpact: 'Impact', simRank: 'Rank', simAdopted: 'Adopted', simNotAdopted: 'Skipped',
  simNoBid: 'no valid bid', simRegion: 'Region', simChartNet: 'Net per league/city (run A / run B)', simPickTwo: 'Pick two different runs.', simFieldError: 'Parameters refused',
  simRounds: 'Bid rows (valid / invalid)',
  simSet: "Workbook set for simulations (blank: the campaign's bids; when given, 'scope from campaign' names the scope)", simSetTitle: 'Upload bid workbooks for simulations', simSetIntro: 'These workbooks serve simulations only and enter no campaign; name each file by its hospital code (e.g. H01001.xlsx); the same hospital again replaces it.',
  simSetId: 'Workbook set', simRound: 'Round', simFiles: 'Bid workbooks', simUpload: 'Upload', simUploaded: 'Uploaded', simHospital: 'Hospital', simBytes: 'bytes',
  workbook_set_not_found: 'No workbook uploaded under that set yet', bad_workbook_set: 'Set and hospital codes: letters, digits, - and _ only', file_too_large: 'The file is over the size limit',
});

// The form's parameters: the API's field, its label, whether officials type a percentage (sent as a fraction), and
// where the campaign's own value is in a run's parameters.
const SIM_FIELDS = [
  ['defaultGrowth', 'simDefaultGrowth', true, p => p.defaultGrowth],
  ['complexItemShare', 'simComplexShare', true, p => p.complexItemShare],
  ['defaultFloatRange', 'simDefaultFloat', true, p => p.defaultFloatRange],
  ['tier2Factor', 'simTier2', false, p => p.tierFactors?.tier2],
  ['tier1Factor', 'simTier1', false, p => p.tierFactors?.tier1],
  ['economicWeight', 'simEconomic', false, p => p.weights?.economic],
  ['policyWeight', 'simPolicy', false, p => p.weights?.policy],
  ['consensusWeight', 'simConsensus', false, p => p.weights?.consensus],
  ['surgicalWeight', 'simSurgical', false, p => p.weights?.surgical],
  ['weakDisciplineWeight', 'simWeak', false, p => p.weights?.weakDiscipline],
  ['tcmItemWeight', 'simTcm', false, p => p.weights?.tcmItem],
  ['supportedHospitalShareWeight', 'simSupported', false, p => p.weights?.supportedHospitalShare],
];
// A percentage typed as 1.2 is the fraction 0.012; toPrecision drops the binary noise (1.1 / 100 = 0.011000000000000001).
const simFraction = text => Number((Number(text) / 100).toPrecision(12));
const simPercent = fraction => fraction == null ? '' : String(Number((fraction * 100).toPrecision(12)));
const simDecision = row => row ? (row.decision === 'Adopted' ? t('simAdopted') : t('simNotAdopted')) : t('simNoBid');
const simPrice = value => value == null ? '' : fmtMoney(value);
const simSigned = value => `${value > 0 ? '+' : ''}${fmtMoney(value)}`;
const simCount = value => `${value > 0 ? '+' : ''}${value}`;
const simLabel = field => {
  const [name, code] = field.split('.');
  const found = SIM_FIELDS.find(f => f[0] === name);
  return found ? t(found[1]) : name === 'leagueGrowth' ? `${t('simLeagueGrowth')} ${code}` : field;
};

// What a run changed, in words: "默认增长系数（%） 2 · 呼和浩特市 0.1%".
function simChangedText(overrides, names) {
  const parts = SIM_FIELDS.filter(([field]) => overrides?.[field] != null)
    .map(([field, label, percent]) => `${t(label)} ${percent ? simPercent(overrides[field]) : overrides[field]}`);
  for (const [code, growth] of Object.entries(overrides?.leagueGrowth || {})) parts.push(`${names[code] || code} ${simPercent(growth)}%`);
  for (const [code, range] of Object.entries(overrides?.itemFloatRanges || {})) parts.push(`${code} ±${simPercent(range)}%`);
  return parts.length ? parts.join(' · ') : t('simNone');
}

// Net per league/city in two runs as paired bars around a zero line (negative nets go below it).
function simChart(leagues) {
  const nets = leagues.flatMap(l => [l.first?.net ?? 0, l.second?.net ?? 0]);
  const max = Math.max(1, ...nets.map(Math.abs));
  const width = Math.max(320, leagues.length * 86 + 20);
  const bar = (value, x, cls, label) => {
    const h = 80 * Math.abs(value) / max;
    return `<rect class="${cls}" x="${x}" y="${value >= 0 ? 100 - h : 100}" width="26" height="${Math.max(h, 0.5)}"><title>${esc(label)} ${esc(fmtMoney(value))}</title></rect>`;
  };
  return `<figure class="sim-chart" tabindex="0"><figcaption>${t('simChartNet')}</figcaption><svg width="${width}" height="220" role="img" aria-label="${esc(t('simChartNet'))}">
    <line x1="0" x2="${width}" y1="100" y2="100" class="sim-zero"></line>
    ${leagues.map((l, i) => `${bar(l.first?.net ?? 0, i * 86 + 14, 'sim-a', `${l.name} ${t('simFirst')}`)}${bar(l.second?.net ?? 0, i * 86 + 42, 'sim-b', `${l.name} ${t('simSecond')}`)}
      <text x="${i * 86 + 14}" y="200">${esc(l.name)}</text>`).join('')}
  </svg><p><span class="sim-key sim-a"></span>${t('simFirst')} <span class="sim-key sim-b"></span>${t('simSecond')}</p></figure>`;
}

function simComparison(c) {
  const line = (l, figure, money) => {
    const [a, b, d] = [l.first?.[figure], l.second?.[figure], l.change[figure]];
    return money ? [esc(simPrice(a)), esc(simPrice(b)), `<span class="${d === 0 ? 'muted' : 'sim-delta'}">${esc(simSigned(d))}</span>`]
      : [esc(a ?? ''), esc(b ?? ''), `<span class="${d === 0 ? 'muted' : 'sim-delta'}">${esc(simCount(d))}</span>`];
  };
  const rows = [...c.leagues, c.total].map(l => [esc(l.league ? l.name : t('simRegion')),
    ...line(l, 'budget', true), ...line(l, 'saving', true), ...line(l, 'usedByRises', true), ...line(l, 'net', true), ...line(l, 'adopted', false), ...line(l, 'skipped', false)]);
  const groups = ['budget', 'simSaving', 'simUsed', 'net', 'adopted', 'simSkipped'];
  const head = `<tr><th rowspan="2">${t('league')}</th>${groups.map(g => `<th colspan="3">${esc(t(g))}</th>`).join('')}</tr>
    <tr>${groups.map(() => `<th>${t('simFirst')}</th><th>${t('simSecond')}</th><th>${t('simChange')}</th>`).join('')}</tr>`;
  const items = c.changedItems.map(i => [esc(i.leagueName), esc(i.item), esc(i.name), esc(simDecision(i.first)), esc(simDecision(i.second)),
    esc(simPrice(i.first?.tier3)), esc(simPrice(i.second?.tier3)), esc(simPrice(i.first?.tier1)), esc(simPrice(i.second?.tier1)),
    esc(simPrice(i.first?.impact)), esc(simPrice(i.second?.impact)), esc(i.first?.rank ?? ''), esc(i.second?.rank ?? '')]);
  return `<h2 id="sim-comparison">${t('simComparison')}: ${t('simFirst')} ${esc(c.first.runId)} · ${t('simSecond')} ${esc(c.second.runId)}</h2>
    <div class="sim-scroll" tabindex="0"><table class="sim-table"><thead>${head}</thead><tbody>${rows.map((r, i) => `<tr class="${i === rows.length - 1 ? 'sim-total' : ''}">${r.map(x => `<td>${x}</td>`).join('')}</tr>`).join('')}</tbody></table></div>
    ${simChart(c.leagues)}
    <h2>${t('simChangedItems')} (${c.changedItems.length})</h2>
    <div id="sim-items">${table(['league', 'simItem', 'name', ...['simDecision', 'simTier3Price', 'simTier1Price', 'simImpact', 'simRank'].flatMap(h => [`${t(h)} A`, `${t(h)} B`])], items)}</div>`;
}

pages.simulation = async function simulation() {
  const query = new URLSearchParams(location.hash.split('?')[1] || '');
  const campaigns = ((await api('/api/campaigns')).body || []).filter(c => c.status !== 'Failed');
  const campaign = query.get('campaign') || campaigns[0]?.campaignId || '';
  const runs = campaign ? await api(`/api/simulations?campaignId=${encodeURIComponent(campaign)}`) : { ok: true, body: [] };
  // The placeholders show the campaign's own values: those of a run that changed nothing, else of the latest run.
  const plain = (runs.body || []).find(r => simChangedText(r.overrides, {}) === t('simNone')) ?? runs.body?.[0];
  const reference = plain ? (await api(`/api/simulations/${encodeURIComponent(plain.runId)}`)).body : null;
  const names = Object.fromEntries((reference?.leagues || []).map(l => [l.league, l.name]));
  const own = reference?.parameters || {};
  const [first, second] = [query.get('a') || runs.body?.[1]?.runId || '', query.get('b') || runs.body?.[0]?.runId || ''];
  const inputs = SIM_FIELDS.map(([field, label, percent, value]) => `<label>${t(label)} <input name="${field}" inputmode="decimal" placeholder="${esc(percent ? simPercent(value(own)) : value(own) ?? '')}" title="${t('simKeep')}"></label>`).join('');
  const growth = reference ? Object.entries(reference.growth).map(([code, g]) => `<label>${esc(names[code] || code)} <input name="leagueGrowth.${esc(code)}" data-league="${esc(code)}" inputmode="decimal" placeholder="${esc(simPercent(g))}" title="${t('simKeep')}"></label>`).join('')
    : `<p class="muted">${t('simLeagueGrowthLater')}</p>`;
  const list = (runs.body || []).map(r => [
    `<input type="radio" name="sim-a" value="${esc(r.runId)}" ${r.runId === first ? 'checked' : ''}>`, `<input type="radio" name="sim-b" value="${esc(r.runId)}" ${r.runId === second ? 'checked' : ''}>`,
    esc(r.runId), esc(fmtTime(r.createdAt)), esc(r.createdBy), esc(simChangedText(r.overrides, names)), esc(r.total.adopted), esc(r.total.skipped), esc(fmtMoney(r.total.net)), esc(r.milliseconds)]);
  $('#view').innerHTML = `<h1>${t('simTitle')}</h1><p class="muted">${t('simIntro')}</p>
    <form id="sim-form" class="card sim-form">
      <label>${t('simCampaign')} <select name="campaign">${campaigns.map(c => `<option value="${esc(c.campaignId)}" ${c.campaignId === campaign ? 'selected' : ''}>${esc(c.campaignId)} · ${esc(term(c.status))}</option>`).join('')}</select></label>
      <label>${t('simScope')} <input name="scopeCampaignId"></label>
      <label>${t('simRunId')} <input name="runId"></label>
      <label>${t('simSet')} <input name="workbookSetId"></label>
      <fieldset><legend>${t('simKeep')}</legend><div class="sim-grid">${inputs}</div></fieldset>
      <fieldset><legend>${t('simLeagueGrowth')}</legend><div class="sim-grid">${growth}</div></fieldset>
      <button class="primary" type="submit">${t('simRun')}</button> <span id="sim-message"></span>
    </form>
    <form id="sim-upload" class="card sim-form"><h2>${t('simSetTitle')}</h2><p class="muted">${t('simSetIntro')}</p>
      <label>${t('simSetId')} <input name="set" required maxlength="63"></label>
      <label>${t('simRound')} <select name="round"><option value="1">1</option><option value="2">2</option></select></label>
      <label>${t('simFiles')} <input name="files" type="file" multiple required accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"></label>
      <button class="primary" type="submit">${t('simUpload')}</button><div id="sim-upload-result" role="status"></div></form>
    <h2>${t('simRuns')}</h2><div id="sim-runs">${table(['simFirst', 'simSecond', 'simRunNo', 'simAt', 'simBy', 'simChanged', 'adopted', 'simSkipped', 'net', 'simMs'], list)}</div>
    <button type="button" class="primary" id="sim-compare" ${list.length < 2 ? 'disabled' : ''}>${t('simCompare')}</button>
    <div id="sim-result"></div>`;

  const form = $('#sim-form');
  // Only another campaign reloads the page (re-choosing the shown one would wipe what was typed).
  form.campaign.addEventListener('change', () => { if (form.campaign.value !== campaign) location.hash = `#/simulation?campaign=${encodeURIComponent(form.campaign.value)}`; });
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const message = $('#sim-message');
    form.querySelectorAll('.sim-invalid').forEach(el => el.classList.remove('sim-invalid'));
    const parameters = {};
    for (const [field, , percent] of SIM_FIELDS) {
      const text = form[field].value.trim();
      if (text) parameters[field] = percent ? simFraction(text) : Number(text);
    }
    const leagueGrowth = {};
    form.querySelectorAll('input[data-league]').forEach(input => { if (input.value.trim()) leagueGrowth[input.dataset.league] = simFraction(input.value.trim()); });
    if (Object.keys(leagueGrowth).length) parameters.leagueGrowth = leagueGrowth;
    const body = { campaignId: form.campaign.value, parameters };
    if (form.scopeCampaignId.value.trim()) body.scopeCampaignId = form.scopeCampaignId.value.trim();
    if (form.runId.value.trim()) body.runId = form.runId.value.trim();
    if (form.workbookSetId.value.trim()) body.workbookSetId = form.workbookSetId.value.trim();
    message.innerHTML = `<span class="muted">${t('simRunning')}</span>`;
    const result = await api('/api/simulations', { method: 'POST', json: body });
    if (!result.ok) {
      const errors = result.body?.errors || [];
      errors.forEach(err => form.querySelector(`[name="${CSS.escape(err.field)}"]`)?.classList.add('sim-invalid'));
      message.innerHTML = errors.length
        ? `<span class="error">${t('simFieldError')}: ${errors.map(err => `${esc(simLabel(err.field))}：${esc(lang === 'zh' ? err.messageZh : err.messageEn)}`).join('；')}</span>`
        : `<span class="error">${esc(problemText(result))}</span>`;
      return;
    }
    // The new run becomes run B, the one before it run A.
    location.hash = `#/simulation?campaign=${encodeURIComponent(result.body.campaignId)}&a=${encodeURIComponent(second || result.body.runId)}&b=${encodeURIComponent(result.body.runId)}`;
  });
  // Each file goes to its hospital (the file's name without .xlsx); then the set's list as stored.
  $('#sim-upload').addEventListener('submit', async e => {
    e.preventDefault();
    const up = e.target; const out = $('#sim-upload-result'); const set = up.set.value.trim(); const failures = [];
    for (const file of up.files.files) {
      const hospital = file.name.replace(/\.xlsx$/i, '');
      const put = await api(`/api/simulations/workbooks/${encodeURIComponent(set)}/rounds/${up.round.value}/hospitals/${encodeURIComponent(hospital)}`, { method: 'PUT', body: await file.arrayBuffer() });
      if (!put.ok) failures.push(`${file.name}：${problemText(put)}`);
    }
    const listed = await api(`/api/simulations/workbooks/${encodeURIComponent(set)}`);
    out.innerHTML = failures.map(f => `<p class="error">${esc(f)}</p>`).join('') + (listed.ok
      ? `<h3>${t('simUploaded')} (${listed.body.length})</h3>${table(['simRound', 'simHospital', 'simBytes', 'simAt'], listed.body.map(w => [esc(w.round), esc(w.hospital), esc(w.bytes.toLocaleString('en-US')), esc(fmtTime(w.uploadedAt))]))}`
      : `<p class="error">${esc(problemText(listed))}</p>`);
    form.workbookSetId.value = set;
  });
  $('#sim-compare').addEventListener('click', () => {
    const a = document.querySelector('input[name=sim-a]:checked')?.value; const b = document.querySelector('input[name=sim-b]:checked')?.value;
    if (!a || !b || a === b) { $('#sim-result').innerHTML = `<p class="error">${t('simPickTwo')}</p>`; return; }
    location.hash = `#/simulation?campaign=${encodeURIComponent(campaign)}&a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;
  });
  if (first && second && first !== second && query.get('a')) {
    const comparison = await api(`/api/simulations/${encodeURIComponent(first)}/compare/${encodeURIComponent(second)}`);
    $('#sim-result').innerHTML = comparison.ok ? simComparison(comparison.body) : `<p class="error">${esc(problemText(comparison))}</p>`;
  }
};
