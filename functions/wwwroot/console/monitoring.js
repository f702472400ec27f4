'use strict';
// The monitoring dashboard (DOMAIN.md §6 During/After): per league/city and quarter who has uploaded, late and missing
// uploads highlighted, the fit per quarter as a line, the reminders and escalations sent, and the evaluation's
// priority candidates. It adds itself to app.js's pages and labels; every call goes through the same API and role checks.
Object.assign(I18N.zh, {
  monitoring: '价格监测', monTitle: '价格调整监测（事中监测、事后评价）', monCampaign: '批次', monNone: '还没有进入监测的批次（批次完成后自动开始）。',
  monEffective: '执行日期', monBaseline: '基期年度', monQuarter: '季度', monDue: '上报截止', monMissing: '未报', monLate: '逾期',
  monFit: '拟合度', monDeviating: '偏离项目', monConflicts: '价量背离', monRejected: '无效行', monNotices: '提醒与督办', monKind: '类型',
  monRecipient: '接收方', monText: '内容', monChart: '各盟市拟合度（实际影响 / 预测影响）', monEvaluation: '评价：建议优先纳入下一批调价的项目',
  monItem: '项目编码', monItemName: '项目名称', monFlagged: '标记季度', monNoCandidates: '无（两个季度以上被标记的项目）',
  'monitoring-reminder': '上报提醒', 'monitoring-escalation': '逾期督办', Monitoring: '监测中', Closed: '已结束',
  monNextTitle: '以候选项目起草下一批次范围', monNextId: '新批次编号', monNextLeagues: '盟市（不选为全部有候选项目的盟市）', monNextAll: '全部',
  monNextDraft: '起草范围表', monNextDone: '已起草批次 {id} 的范围表：{items} 个项目、{hospitals} 家机构（{leagues}）。现行价格为本批次采纳的指导价；基数、增长系数和服务量沿用本批次，请下载核对，修改后在“新建批次”重新上传，再启动批次。',
  monNextDownload: '下载范围表', scope_exists: '该批次编号已有范围表，请换一个编号', no_candidates: '所选盟市没有建议优先纳入的项目', bad_league: '盟市不属于本批次',
});
Object.assign(I18N.en, {
  monitoring: 'Monitoring', monTitle: 'Price-adjustment monitoring (during and after)', monCampaign: 'Campaign', monNone: 'No campaign is monitored yet (monitoring starts when a campaign completes).',
  monEffective: 'Effective', monBaseline: 'Baseline year', monQuarter: 'Quarter', monDue: 'Due', monMissing: 'missing', monLate: 'late',
  monFit: 'Fit', monDeviating: 'Deviating', monConflicts: 'Volume conflicts', monRejected: 'Rejected rows', monNotices: 'Reminders and escalations', monKind: 'Kind',
  monRecipient: 'To', monText: 'Text', monChart: 'Fit per league/city (actual / predicted impact)', monEvaluation: 'Evaluation: priority candidates for the next campaign',
  monItem: 'Item', monItemName: 'Name', monFlagged: 'Flagged in', monNoCandidates: 'none (no item flagged in two quarters or more)',
  'monitoring-reminder': 'Reminder', 'monitoring-escalation': 'Escalation', Monitoring: 'Monitoring', Closed: 'Closed',
  monNextTitle: "Draft the next campaign's scope from the candidates", monNextId: 'New campaign id', monNextLeagues: 'League/city (none: every one with candidates)', monNextAll: 'All',
  monNextDraft: 'Draft scope', monNextDone: "Scope of campaign {id} drafted: {items} items, {hospitals} hospitals ({leagues}). Current prices are this campaign's adopted guide prices; base revenue, growth and volumes are this campaign's: download and check them, upload an edited copy under 'New campaign', then start it.",
  monNextDownload: 'Download scope', scope_exists: 'That campaign id already has a scope; pick another', no_candidates: 'No priority candidate in the leagues/cities chosen', bad_league: 'League/city not in this campaign',
});

// Codes come as {"value": "…"} from the domain's records.
const monCode = code => code?.value ?? code ?? '';
const monFit = value => value == null ? '—' : Number(value).toFixed(4);

// One line per league/city through the quarters it uploaded; the axis says what the numbers are.
function monChart(view) {
  const quarters = view.quarters.map(q => q.quarter);
  const leagues = view.quarters[0]?.leagues.map(l => ({ code: l.league, name: l.name })) ?? [];
  const fits = view.quarters.flatMap(q => q.leagues.map(l => l.fit)).filter(f => f != null).map(Number);
  const [low, high] = [Math.min(0.5, ...fits), Math.max(1.5, ...fits)];
  const [w, h, left, top] = [Math.max(360, quarters.length * 110 + 80), 220, 56, 14];
  const x = i => left + i * ((w - left - 20) / Math.max(1, quarters.length - 1));
  const y = f => top + (h - top - 40) * (1 - (f - low) / (high - low));
  const colours = ['#0f4c81', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#a16207', '#1d4ed8', '#9d174d', '#15803d', '#6d28d9'];
  const lines = leagues.map((league, n) => {
    const points = view.quarters.map((q, i) => [i, q.leagues.find(l => l.league === league.code)?.fit]).filter(([, f]) => f != null);
    return `<polyline class="mon-line" data-league="${esc(league.code)}" fill="none" stroke="${colours[n % colours.length]}" stroke-width="2" points="${points.map(([i, f]) => `${x(i)},${y(Number(f))}`).join(' ')}"><title>${esc(league.name)}</title></polyline>`;
  }).join('');
  const ticks = [low, 1, high].map(f => `<text x="4" y="${y(f) + 4}">${f.toFixed(2)}</text><line x1="${left - 4}" x2="${w - 10}" y1="${y(f)}" y2="${y(f)}" class="mon-grid"></line>`).join('');
  return `<figure class="sim-chart" tabindex="0"><figcaption>${t('monChart')}</figcaption><svg width="${w}" height="${h}" role="img" aria-label="${esc(t('monChart'))}">
    ${ticks}${quarters.map((q, i) => `<text x="${x(i) - 24}" y="${h - 12}">${esc(q)}</text>`).join('')}${lines}</svg>
    <p>${leagues.map((l, n) => `<svg class="mon-key" width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="${colours[n % colours.length]}"></rect></svg> ${esc(l.name)}`).join(' ')}</p></figure>`;
}

// The price office drafts the next campaign's scope from the candidates, for some or all leagues/cities.
function monNextForm(evaluation) {
  const leagues = evaluation.filter(e => e.candidates.length)
    .map(e => `<label class="mon-check"><input type="checkbox" name="league" value="${esc(monCode(e.league))}"> ${esc(e.leagueName)}</label>`).join('');
  return `<form id="mon-next" class="card"><h3>${t('monNextTitle')}</h3>
    <label>${t('monNextId')} <input name="next" required maxlength="63" pattern="[A-Za-z0-9][A-Za-z0-9_\-]*"></label>
    <fieldset><legend>${t('monNextLeagues')}</legend>${leagues}</fieldset>
    <button class="primary" type="submit">${t('monNextDraft')}</button> <p id="mon-next-message" role="status"></p></form>`;
}

pages.monitoring = async function monitoring() {
  const query = new URLSearchParams(location.hash.split('?')[1] || '');
  const campaigns = ((await api('/api/campaigns')).body || []).filter(c => c.status === 'Completed');
  const campaign = query.get('campaign') || campaigns[0]?.campaignId || '';
  const found = campaign ? await api(`/api/campaigns/${encodeURIComponent(campaign)}/monitoring`) : null;
  const picker = `<label>${t('monCampaign')} <select id="mon-campaign">${campaigns.map(c => `<option value="${esc(c.campaignId)}" ${c.campaignId === campaign ? 'selected' : ''}>${esc(c.campaignId)}</option>`).join('')}</select></label>`;
  if (!found?.ok) {
    $('#view').innerHTML = `<h1>${t('monTitle')}</h1>${campaigns.length ? picker : ''}<p class="muted">${found && found.status !== 404 ? esc(problemText(found)) : t('monNone')}</p>`;
  } else {
    const view = found.body;
    const evaluation = (await api(`/api/campaigns/${encodeURIComponent(campaign)}/monitoring/evaluation`)).body || [];
    const head = `<tr><th>${t('league')}</th>${view.quarters.map(q => `<th>${esc(q.quarter)}<br><span class="muted">${t('monDue')} ${esc(q.dueDate)}</span></th>`).join('')}</tr>`;
    const leagues = view.quarters[0]?.leagues ?? [];
    const body = leagues.map(league => `<tr><td>${esc(league.name)}<br><span class="muted">${esc(league.league)}</span></td>${view.quarters.map(q => {
      const cell = q.leagues.find(l => l.league === league.league);
      if (!cell?.received) return `<td class="mon-missing" data-league="${esc(league.league)}" data-quarter="${esc(q.quarter)}">${t('monMissing')}</td>`;
      return `<td class="${cell.late ? 'mon-late' : ''}" data-league="${esc(league.league)}" data-quarter="${esc(q.quarter)}"><b class="mon-fit">${esc(monFit(cell.fit))}</b>${cell.late ? ` <span class="mon-tag">${t('monLate')}</span>` : ''}
        <br><span class="muted">${t('monDeviating')} ${esc(cell.deviating)} · ${t('monConflicts')} ${esc(cell.conflicts)}${cell.rejectedRows ? ` · ${t('monRejected')} ${esc(cell.rejectedRows)}` : ''}</span></td>`;
    }).join('')}</tr>`).join('');
    const notices = view.notices.map(n => [esc(fmtTime(n.createdAt)), esc(t(n.kind)), esc(n.recipient), esc(n.quarter), esc(lang === 'zh' ? n.textZh : n.textEn)]);
    const candidates = evaluation.flatMap(e => e.candidates.length
      ? e.candidates.map(c => [esc(e.leagueName), esc(monCode(c.item)), esc(c.itemName), esc(c.flaggedQuarters.join('、'))])
      : [[esc(e.leagueName), '', `<span class="muted">${t('monNoCandidates')}</span>`, '']]);
    $('#view').innerHTML = `<h1>${t('monTitle')}</h1>${picker}
      <p>${t('monEffective')} ${esc(view.effectiveDate)} · ${t('monBaseline')} ${esc(view.baselineYear)} · <b id="mon-phase">${esc(t(view.phase))}</b></p>
      <div class="sim-scroll" tabindex="0"><table id="mon-quarters" class="mon-table"><thead>${head}</thead><tbody>${body}</tbody></table></div>
      ${monChart(view)}
      <h2>${t('monEvaluation')}</h2><div id="mon-evaluation">${table(['league', 'monItem', 'monItemName', 'monFlagged'], candidates)}</div>
      ${me.roles.includes('price-office') && evaluation.some(e => e.candidates.length) ? monNextForm(evaluation) : ''}
      <h2>${t('monNotices')}</h2><div id="mon-notices">${table(['simAt', 'monKind', 'monRecipient', 'monQuarter', 'monText'], notices)}</div>`;
  }
  $('#mon-next')?.addEventListener('submit', async e => {
    e.preventDefault();
    const form = e.target; const out = $('#mon-next-message');
    const leagues = [...form.querySelectorAll('input[name=league]:checked')].map(i => i.value);
    const result = await api(`/api/campaigns/${encodeURIComponent(campaign)}/monitoring/evaluation/next-scope`, { method: 'POST', json: { nextCampaignId: form.next.value.trim(), leagues } });
    if (!result.ok) { out.innerHTML = `<span class="error">${esc(problemText(result))}</span>`; return; }
    const d = result.body;
    out.innerHTML = `<span class="ok">${esc(t('monNextDone').replace('{id}', d.nextCampaignId).replace('{items}', d.items.length).replace('{hospitals}', d.hospitals).replace('{leagues}', d.leagues.join('、')))}</span>
      <a href="#" data-download="${esc(d.scopeUrl)}" data-name="${esc(d.nextCampaignId)}-scope.xlsx">${t('monNextDownload')}</a>`;
    wireDownloads(out);
  });
  $('#mon-campaign')?.addEventListener('change', e => { if (e.target.value !== campaign) location.hash = `#/monitoring?campaign=${encodeURIComponent(e.target.value)}`; });
};
