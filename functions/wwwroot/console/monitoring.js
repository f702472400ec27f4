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
});
Object.assign(I18N.en, {
  monitoring: 'Monitoring', monTitle: 'Price-adjustment monitoring (during and after)', monCampaign: 'Campaign', monNone: 'No campaign is monitored yet (monitoring starts when a campaign completes).',
  monEffective: 'Effective', monBaseline: 'Baseline year', monQuarter: 'Quarter', monDue: 'Due', monMissing: 'missing', monLate: 'late',
  monFit: 'Fit', monDeviating: 'Deviating', monConflicts: 'Volume conflicts', monRejected: 'Rejected rows', monNotices: 'Reminders and escalations', monKind: 'Kind',
  monRecipient: 'To', monText: 'Text', monChart: 'Fit per league/city (actual / predicted impact)', monEvaluation: 'Evaluation: priority candidates for the next campaign',
  monItem: 'Item', monItemName: 'Name', monFlagged: 'Flagged in', monNoCandidates: 'none (no item flagged in two quarters or more)',
  'monitoring-reminder': 'Reminder', 'monitoring-escalation': 'Escalation', Monitoring: 'Monitoring', Closed: 'Closed',
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
  return `<figure class="sim-chart"><figcaption>${t('monChart')}</figcaption><svg width="${w}" height="${h}" role="img" aria-label="${esc(t('monChart'))}">
    ${ticks}${quarters.map((q, i) => `<text x="${x(i) - 24}" y="${h - 12}">${esc(q)}</text>`).join('')}${lines}</svg>
    <p>${leagues.map((l, n) => `<svg class="mon-key" width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="${colours[n % colours.length]}"></rect></svg> ${esc(l.name)}`).join(' ')}</p></figure>`;
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
      <div class="sim-scroll"><table id="mon-quarters" class="mon-table"><thead>${head}</thead><tbody>${body}</tbody></table></div>
      ${monChart(view)}
      <h2>${t('monEvaluation')}</h2><div id="mon-evaluation">${table(['league', 'monItem', 'monItemName', 'monFlagged'], candidates)}</div>
      <h2>${t('monNotices')}</h2><div id="mon-notices">${table(['simAt', 'monKind', 'monRecipient', 'monQuarter', 'monText'], notices)}</div>`;
  }
  $('#mon-campaign')?.addEventListener('change', e => { if (e.target.value !== campaign) location.hash = `#/monitoring?campaign=${encodeURIComponent(e.target.value)}`; });
};
