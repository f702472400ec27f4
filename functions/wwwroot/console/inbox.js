'use strict';
// The reviewers' workbench for new-item applications (issue 20): 待办 (open steps of the signed-in official's roles)
// and 已办 (the decisions they took), each row with the item, hospital and deadline; an opened item shows the whole
// application, its compatibility candidates, the step diagram, one decision panel at a time and a printable approval
// record. The office head also sees every office's overdue steps. Every call goes through the same API and role checks.
Object.assign(I18N.zh, {
  inbox: '审批工作台', ibxTodo: '待办', ibxDone: '已办', ibxOverdueAll: '各处室逾期事项', ibxOffice: '承办处室', ibxDeadline: '办理期限',
  ibxLeft: '剩余 {n} 个工作日', ibxSoon: '即将到期', ibxDecidedAt: '办理时间', ibxNow: '当前状态', ibxOpen: '打开', ibxNoneTodo: '暂无待办事项。',
  ibxNoneDone: '暂无已办事项。', ibxNoneOverdue: '各处室暂无逾期事项。', ibxPick: '请选择一项申请查看。', ibxId: '申请编号', ibxContent: '申请内容',
  ibxCategory: '项目类别', ibxDescription: '项目内涵', ibxPrice: '预期价格', ibxVolume: '预计年服务量', ibxRevenue: '预计年收入', ibxMaps: '可对应现有项目',
  ibxClaimed: '申报对应项目编码', ibxHighResource: '高资源消耗', ibxRegionalCentre: '国家区域医疗中心重点技术', ibxInnovation: '创新项目', ibxAttachments: '附件',
  ibxCandidates: '兼容性候选项目', ibxCandidateCode: '项目编码', ibxCandidateName: '项目名称', ibxScore: '匹配得分', ibxNoCandidates: '目录中无可兼容的项目。',
  ibxSteps: '审批环节', ibxMine: '待我办理', ibxNoneMine: '本申请当前没有待您办理的环节。', ibxRecord: '打印审批记录', ibxRecordTitle: '新增医疗服务价格项目审批记录',
  ibxPrinted: '打印时间', ibxRole: '角色', ibxYes: '是', ibxNo: '否', ibxReasonRequired: '请填写理由（驳回、退回、终止时必填）。', ibxDecided: '已办理，正在更新…',
  ibxConflict: '该环节已由他人办理或已关闭，以下为当前状态。', ibxSubmittedStep: '提交申请', ibxPanelOf: '{d} — {s}', ibxClose: '关闭', ibxStateDone: '已完成',
  ibxStateCurrent: '当前环节', ibxStateUpcoming: '待进行', ibxStateSkipped: '未进行', ibxChooseItem: '选择对应的现有项目', submittedAt: '提交时间',
  lapsed: '逾期未办', resubmit: '重新提交', ibxReason: '理由',
});
Object.assign(I18N.en, {
  inbox: 'Review workbench', ibxTodo: 'To do', ibxDone: 'Done', ibxOverdueAll: 'Overdue across offices', ibxOffice: 'Office', ibxDeadline: 'Deadline',
  ibxLeft: '{n} working days left', ibxSoon: 'Due soon', ibxDecidedAt: 'Decided', ibxNow: 'Status now', ibxOpen: 'Open', ibxNoneTodo: 'Nothing to do.',
  ibxNoneDone: 'Nothing decided yet.', ibxNoneOverdue: 'No office has an overdue step.', ibxPick: 'Choose an application to read it.', ibxId: 'Application no.', ibxContent: 'Application',
  ibxCategory: 'Category', ibxDescription: 'Description', ibxPrice: 'Expected price', ibxVolume: 'Expected annual volume', ibxRevenue: 'Expected annual revenue', ibxMaps: 'Maps to an existing item',
  ibxClaimed: 'Existing item claimed', ibxHighResource: 'High resource use', ibxRegionalCentre: 'Regional medical centre key service', ibxInnovation: 'Innovation', ibxAttachments: 'Attachments',
  ibxCandidates: 'Compatibility candidates', ibxCandidateCode: 'Item code', ibxCandidateName: 'Item name', ibxScore: 'Match score', ibxNoCandidates: 'No catalogue item matches.',
  ibxSteps: 'Steps', ibxMine: 'For me to decide', ibxNoneMine: 'No step of this application waits for you.', ibxRecord: 'Print the approval record', ibxRecordTitle: 'New medical-service item: approval record',
  ibxPrinted: 'Printed', ibxRole: 'Role', ibxYes: 'Yes', ibxNo: 'No', ibxReasonRequired: 'Give a reason (required to reject, return or end).', ibxDecided: 'Decided; updating…',
  ibxConflict: 'This step was decided by someone else or has closed; this is where it stands now.', ibxSubmittedStep: 'Submitted', ibxPanelOf: '{d} — {s}', ibxClose: 'Close', ibxStateDone: 'done',
  ibxStateCurrent: 'current step', ibxStateUpcoming: 'to come', ibxStateSkipped: 'not reached', ibxChooseItem: 'Choose the existing item', submittedAt: 'Submitted',
  lapsed: 'Lapsed', resubmit: 'Resubmit', ibxReason: 'Reason',
});
// Statuses only this page shows; roles, steps and channels are in app.js's TERMS.
Object.assign(TERMS.zh, {
  system: '系统', InReview: '审核中', Resubmitted: '已重新提交', Lapsed: '逾期未补正', GeneralCatalogue: '转入通用目录', ComplexCatalogue: '转入复杂目录',
  Ended: '已终止', Preparing: '准备中', Unknown: '未知',
});
Object.assign(TERMS.en, {
  system: 'System', InReview: 'In review', Resubmitted: 'Resubmitted', Lapsed: 'Lapsed', GeneralCatalogue: 'General catalogue', ComplexCatalogue: 'Complex catalogue',
  Ended: 'Ended', Preparing: 'Preparing', Unknown: 'Unknown',
});

const IBX_TABS = ['todo', 'done', 'overdue'];
const ibxDecision = d => I18N[lang][d] ? t(d) : term(d);
const ibxStep = s => s === 'Submitted' ? t('ibxSubmittedStep') : String(s ?? '').split('+').map(term).join('、');
const ibxHospital = (code, name) => name ? `${esc(name)}（${esc(code)}）` : esc(code);
const ibxNumber = n => n == null ? '' : Number(n).toLocaleString('en-US');
const ibxYesNo = b => t(b ? 'ibxYes' : 'ibxNo');

// The deadline as officials read it, in Beijing time, marked overdue (red) or due within 2 working days (amber). A wait
// expires at the midnight after its due date, so the last second of the due date is shown (not the next day's 00:00).
function ibxDue(at, dueDate, overdue, soon, left) {
  const when = esc(at ? fmtTime(new Date(new Date(at).getTime() - 1000).toISOString()) : dueDate ?? '');
  if (overdue) return `${when} <span class="ibx-badge ibx-overdue">${t('overdue')}</span>`;
  if (soon) return `${when} <span class="ibx-badge ibx-soon">${t('ibxSoon')}</span>`;
  return left == null ? when : `${when} <span class="muted">${esc(fill('ibxLeft', { n: left }))}</span>`;
}

// A table that reads as labelled cards on a phone (inbox.css).
const ibxTable = (id, columns, rows, rowAttrs) => cardTable(id, 'ibx-table', columns, rows, rowAttrs);

const ibx = { tab: 'todo', item: null, tasks: [], done: [], view: null, opener: null };
const ibxHref = (tab, item) => `#/inbox?tab=${tab}${item ? `&item=${encodeURIComponent(item)}` : ''}`;
const ibxLink = (tab, id, name) => `<a href="${ibxHref(tab, id)}" data-item="${esc(id)}">${esc(name || id)}</a>`;

pages.inbox = async function inbox() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const head = me.roles.includes('office-head');
  ibx.tab = IBX_TABS.includes(params.get('tab')) && (params.get('tab') !== 'overdue' || head) ? params.get('tab') : 'todo';
  ibx.item = params.get('item');
  $('#view').innerHTML = `<h1>${t('inbox')}</h1><div class="ibx-screen"><div class="ibx-layout">
    <section id="ibx-list" tabindex="-1" aria-label="${esc(t('inbox'))}"><div class="ibx-tabs" role="tablist">${['todo', 'done', ...(head ? ['overdue'] : [])].map(tab =>
      `<button type="button" role="tab" id="ibx-tab-${tab}" data-tab="${tab}" aria-selected="${tab === ibx.tab}"><span>${t({ todo: 'ibxTodo', done: 'ibxDone', overdue: 'ibxOverdueAll' }[tab])}</span> <span class="ibx-count" data-count="${tab}"></span></button>`).join('')}</div>
      <div id="ibx-rows" role="tabpanel"></div></section>
    <section id="ibx-detail"><p class="muted">${t('ibxPick')}</p></section></div></div><section id="ibx-record" class="ibx-record"></section>`;
  document.querySelectorAll('#ibx-list [data-tab]').forEach(b => b.addEventListener('click', () => {
    ibx.tab = b.dataset.tab;
    history.replaceState(null, '', ibxHref(ibx.tab, ibx.item));
    ibxRenderList();
    b.focus();
  }));
  await ibxLoadLists();
  if (ibx.item) await ibxOpen(ibx.item, false);
};

async function ibxLoadLists() {
  const [tasks, done] = await Promise.all([api('/api/new-items/tasks'), api('/api/new-items/done')]);
  ibx.tasks = (tasks.body || []).filter(w => w.Role !== 'hospital');
  ibx.done = done.ok ? done.body : [];
  ibxRenderList();
}

function ibxRenderList() {
  const mine = w => me.roles.includes(w.Role) || (w.Escalated && me.roles.includes('office-head'));
  const lists = { todo: ibx.tasks.filter(mine), done: ibx.done, overdue: ibx.tasks.filter(w => w.Overdue || w.Escalated) };
  Object.entries(lists).forEach(([tab, rows]) => { const c = document.querySelector(`[data-count=${tab}]`); if (c) c.textContent = `(${rows.length})`; });
  document.querySelectorAll('#ibx-list [data-tab]').forEach(b => b.setAttribute('aria-selected', String(b.dataset.tab === ibx.tab)));
  document.querySelector('.ibx-layout')?.classList.toggle('ibx-stacked', ibx.tab === 'done');
  const rows = lists[ibx.tab];
  const box = $('#ibx-rows');
  if (!rows.length) { box.innerHTML = `<p class="muted" id="ibx-none">${t({ todo: 'ibxNoneTodo', done: 'ibxNoneDone', overdue: 'ibxNoneOverdue' }[ibx.tab])}</p>`; return; }
  const rowAttrs = i => `data-app="${esc(rows[i].ApplicationId ?? rows[i].applicationId)}" class="${rows[i].ApplicationId === ibx.item || rows[i].applicationId === ibx.item ? 'ibx-selected' : ''} ${rows[i].Overdue ? 'ibx-row-overdue' : rows[i].DueSoon ? 'ibx-row-soon' : ''}"`;
  box.innerHTML = ibx.tab === 'done'
    ? ibxTable('ibx-done-table', [{ key: 'name', label: 'name' }, { key: 'hospital', label: 'hospital' }, { key: 'step', label: 'step' }, { key: 'decision', label: 'decision' },
      { key: 'comment', label: 'ibxReason' }, { key: 'at', label: 'ibxDecidedAt' }, { key: 'status', label: 'ibxNow' }],
    rows.map(d => [ibxLink('done', d.applicationId, d.proposedName), ibxHospital(d.hospital, d.hospitalName), esc(ibxStep(d.step)), esc(ibxDecision(d.decision)),
      esc(d.comment ?? ''), esc(fmtTime(d.at)), esc(term(d.status))]), rowAttrs)
    : ibxTable(`ibx-${ibx.tab}-table`, [{ key: 'name', label: 'name' }, { key: 'hospital', label: 'hospital' }, { key: 'step', label: 'step' },
      ...(ibx.tab === 'overdue' ? [{ key: 'office', label: 'ibxOffice' }] : []), { key: 'deadline', label: 'ibxDeadline' }],
    rows.map(w => [ibxLink(ibx.tab, w.ApplicationId, w.ProposedName), ibxHospital(w.Hospital, w.HospitalName), esc(ibxStep(w.Step)),
      ...(ibx.tab === 'overdue' ? [esc(term(w.Role))] : []), ibxDue(w.ExpiresAt, w.DueDate, w.Overdue, w.DueSoon, w.WorkingDaysLeft)]), rowAttrs);
  box.querySelectorAll('a[data-item]').forEach(a => a.addEventListener('click', e => {
    e.preventDefault();
    history.pushState(null, '', a.getAttribute('href'));
    ibxOpen(a.dataset.item, true);
  }));
}

// Opens one application below (or beside) the list; focus moves to its title when the user opened it.
async function ibxOpen(id, focus, notice = '') {
  ibx.item = id;
  ibxClosePanel(false);
  document.querySelectorAll('#ibx-rows tr[data-app]').forEach(r => r.classList.toggle('ibx-selected', r.dataset.app === id));
  const result = await api(`/api/new-items/${encodeURIComponent(id)}`);
  const detail = $('#ibx-detail');
  if (!detail) return;
  if (!result.ok) { detail.innerHTML = `<p class="error">${esc(problemText(result))}</p>`; return; }
  const v = ibx.view = result.body;
  const a = v.application; const f = v.form || {};
  const waits = v.progress?.openWaits || [];
  const mine = w => w.role !== 'hospital' && (me.roles.includes(w.role) || (w.escalated && me.roles.includes('office-head')));
  const steps = v.steps || [];
  const due = w => steps.find(s => s.state === 'current' && s.step === w.step) || {};
  const stages = [...new Set(steps.map(s => s.stage))].map(n => steps.filter(s => s.stage === n));
  const mark = { done: '✓', current: '●', upcoming: '○', skipped: '–' };
  const stateLabel = { done: 'ibxStateDone', current: 'ibxStateCurrent', upcoming: 'ibxStateUpcoming', skipped: 'ibxStateSkipped' };
  const field = (label, value, cls = '') => `<div class="ibx-field ${cls}"><dt>${t(label)}</dt><dd>${value}</dd></div>`;
  detail.innerHTML = `<article class="ibx-item" data-app="${esc(id)}">
    <h2 id="ibx-title" tabindex="-1">${esc(f.proposedName ?? a.ProposedName)}</h2>
    <p class="ibx-meta"><span>${t('ibxId')} <span class="ibx-id">${esc(id)}</span></span><span>${t('status')}: <span id="ibx-status">${esc(ibxStep(v.progress?.phase ?? a.Status))}</span></span>
      <button type="button" id="ibx-print" class="primary">${t('ibxRecord')}</button></p>
    ${notice ? `<p class="error" id="ibx-notice" role="alert" tabindex="-1">${esc(notice)}</p>` : ''}
    <h3>${t('ibxContent')}</h3><dl class="ibx-fields" id="ibx-fields">
      ${field('hospital', ibxHospital(f.hospitalCode ?? a.Hospital, f.hospitalName))}${field('ibxCategory', esc(f.category))}
      ${field('ibxPrice', esc(fmtMoney(f.expectedPrice)), 'num')}${field('ibxVolume', esc(ibxNumber(f.expectedAnnualVolume)), 'num')}
      ${field('ibxRevenue', esc(f.expectedPrice == null || f.expectedAnnualVolume == null ? '' : fmtMoney(f.expectedPrice * f.expectedAnnualVolume)), 'num')}
      ${field('channel', esc(term(v.progress?.channel ?? a.Channel ?? '')))}${field('submittedAt', esc(fmtTime(a.SubmittedAt)))}
      ${field('ibxMaps', ibxYesNo(f.mapsToExistingItem))}${f.existingItemCode ? field('ibxClaimed', esc(f.existingItemCode)) : ''}
      ${field('ibxHighResource', ibxYesNo(f.highResourceUse))}${field('ibxRegionalCentre', ibxYesNo(f.nationalRegionalCentreKeyService))}${field('ibxInnovation', ibxYesNo(f.innovationFlagged))}
      ${field('ibxDescription', esc(f.description), 'ibx-wide')}
      ${field('ibxAttachments', (f.attachments || []).length ? `<ul class="ibx-attachments">${f.attachments.map(x => `<li>${esc(x)}</li>`).join('')}</ul>` : esc(t('none')), 'ibx-wide')}</dl>
    <h3>${t('ibxCandidates')}</h3>${(v.candidates || []).length ? ibxTable('ibx-candidates', [{ key: 'code', label: 'ibxCandidateCode' }, { key: 'name', label: 'ibxCandidateName' },
      { key: 'score', label: 'ibxScore', num: true }], v.candidates.map(c => [esc(c.itemCode), esc(c.itemName), esc(c.score)])) : `<p class="muted">${t('ibxNoCandidates')}</p>`}
    <h3>${t('ibxSteps')}</h3><ol class="ibx-steps" id="ibx-steps">${stages.map(stage => `<li class="ibx-stage">${stage.map(s =>
      `<span class="ibx-step ibx-${esc(s.state)}" data-step="${esc(s.step)}" data-state="${esc(s.state)}" ${s.state === 'current' ? 'aria-current="step"' : ''}>
        <span class="ibx-mark" aria-hidden="true">${mark[s.state] ?? ''}</span> <strong>${esc(ibxStep(s.step))}</strong>
        <span class="ibx-step-note">${s.role ? esc(term(s.role)) + ' · ' : ''}${s.state === 'current' ? ibxDue(s.expiresAt, s.dueDate, s.overdue, s.dueSoon, null) : esc(s.decision ? ibxDecision(s.decision) : t(stateLabel[s.state] ?? ''))}${
          s.step === 'ChargedUnderExisting' && v.outcome?.detail ? ` · ${esc(v.outcome.detail)}` : ''}</span>
      </span>`).join('')}</li>`).join('')}</ol>
    <h3>${t('ibxMine')}</h3><div id="ibx-waits">${waits.filter(mine).map(w => `<div class="card ibx-wait" data-step="${esc(w.step)}">
      <strong>${esc(ibxStep(w.step))}</strong> · ${esc(term(w.role))} · ${t('ibxDeadline')} ${ibxDue(due(w).expiresAt, w.dueDate, due(w).overdue, due(w).dueSoon, due(w).workingDaysLeft)}
      <span class="actions">${w.allowed.map(d => `<button type="button" class="${REASON_NEEDED.includes(d) ? 'danger' : ''}" data-app="${esc(id)}" data-step="${esc(w.step)}" data-wait="${esc(w.waitId)}" data-decision="${esc(d)}">${esc(ibxDecision(d))}</button>`).join('')}</span>
    </div>`).join('') || `<p class="muted" id="ibx-none-mine">${t('ibxNoneMine')}</p>`}</div>
    <h3>${t('timeline')}</h3>${ibxDecisionsTable('ibx-timeline', v)}</article>`;
  $('#ibx-record').innerHTML = ibxRecord(v);
  detail.querySelectorAll('button[data-decision]').forEach(b => b.addEventListener('click', () => ibxOpenPanel(b)));
  $('#ibx-print').addEventListener('click', () => window.print());
  if (focus) $('#ibx-title').focus();
}

function ibxDecisionsTable(id, v) {
  const rows = (v.timeline || []).filter(r => String(r.Kind).startsWith('decision-'));
  if (!rows.length) return `<p class="muted">${t('none')}</p>`;
  return ibxTable(id, [{ key: 'step', label: 'step' }, { key: 'decision', label: 'decision' }, { key: 'who', label: 'who' }, { key: 'role', label: 'ibxRole' },
    { key: 'when', label: 'when' }, { key: 'comment', label: 'ibxReason' }],
  rows.map(r => [esc(ibxStep(r.Step)), esc(ibxDecision(r.Decision) + (r.ItemCode ? `（${r.ItemCode}）` : '')), esc(r.Official), esc(term(r.Role)), esc(fmtTime(r.At)), esc(r.Comment ?? '')]));
}

// The approval record: shown only when printing (inbox.css), the application's essentials and every decision.
function ibxRecord(v) {
  const f = v.form || {};
  return `<h1>${t('ibxRecordTitle')}</h1><dl class="ibx-fields">
    <div class="ibx-field"><dt>${t('ibxId')}</dt><dd>${esc(v.applicationId)}</dd></div><div class="ibx-field"><dt>${t('name')}</dt><dd>${esc(f.proposedName)}</dd></div>
    <div class="ibx-field"><dt>${t('hospital')}</dt><dd>${ibxHospital(f.hospitalCode, f.hospitalName)}</dd></div><div class="ibx-field"><dt>${t('ibxCategory')}</dt><dd>${esc(f.category)}</dd></div>
    <div class="ibx-field num"><dt>${t('ibxPrice')}</dt><dd>${esc(fmtMoney(f.expectedPrice))}</dd></div><div class="ibx-field num"><dt>${t('ibxVolume')}</dt><dd>${esc(ibxNumber(f.expectedAnnualVolume))}</dd></div>
    <div class="ibx-field"><dt>${t('status')}</dt><dd>${esc(ibxStep(v.progress?.phase ?? v.application.Status))}</dd></div></dl>
    <h2>${t('timeline')}</h2>${ibxDecisionsTable('ibx-record-decisions', v)}<p class="muted">${t('ibxPrinted')}: ${esc(fmtTime(new Date().toISOString()))}</p>`;
}

// One decision panel at a time, next to the step it decides: focus moves into it, Esc or 取消 closes it and
// returns focus to the button that opened it.
function ibxOpenPanel(button) {
  ibxClosePanel(false);
  const { app, step, wait, decision } = button.dataset;
  ibx.opener = button;
  const compat = step === 'CompatibilityConfirmation' && decision === 'approve';
  const panel = document.createElement('div');
  panel.className = 'confirm ibx-panel';
  panel.id = 'ibx-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-labelledby', 'ibx-panel-title');
  panel.innerHTML = `<h4 id="ibx-panel-title">${esc(fill('ibxPanelOf', { d: ibxDecision(decision), s: ibxStep(step) }))}</h4>
    ${compat ? `<label>${t('ibxChooseItem')} <select name="itemCode">${(ibx.view?.candidates || []).map(c => `<option value="${esc(c.itemCode)}">${esc(c.itemCode)} ${esc(c.itemName)} · ${t('ibxScore')} ${esc(c.score)}</option>`).join('')}</select></label>` : ''}
    <label>${t('reason')}<textarea name="comment"></textarea></label>
    <button type="button" class="primary" data-role="confirm">${t('confirm')}</button> <button type="button" data-role="cancel">${t('cancel')}</button>
    <p class="message" aria-live="polite"></p>`;
  button.closest('.ibx-wait').after(panel);
  panel.querySelector('[data-role=cancel]').addEventListener('click', () => ibxClosePanel(true));
  panel.querySelector('[data-role=confirm]').addEventListener('click', () => ibxSend(panel, { app, step, wait, decision }));
  (panel.querySelector('select') || panel.querySelector('textarea')).focus();
}

// Esc closes the open panel wherever the focus is on the page.
document.addEventListener('keydown', e => {
  if (e.key === 'Escape' && $('#ibx-panel')) { e.preventDefault(); ibxClosePanel(true); }
});

function ibxClosePanel(returnFocus) {
  const panel = $('#ibx-panel');
  if (!panel) return;
  panel.remove();
  if (returnFocus && ibx.opener?.isConnected) ibx.opener.focus();
}

async function ibxSend(panel, { app, step, wait, decision }) {
  const message = panel.querySelector('.message');
  const comment = panel.querySelector('[name=comment]').value.trim();
  if (REASON_NEEDED.includes(decision) && !comment) { message.innerHTML = `<span class="error">${t('ibxReasonRequired')}</span>`; panel.querySelector('textarea').focus(); return; }
  const itemCode = panel.querySelector('[name=itemCode]')?.value || null;
  panel.querySelectorAll('button').forEach(b => { b.disabled = true; });
  const result = await api(`/api/new-items/${encodeURIComponent(app)}/decisions`, { method: 'POST', json: { step, decision, comment, itemCode, waitId: wait } });
  if (result.status === 409) {
    // Someone else decided first, or the step closed: show where the application stands now.
    await ibxLoadLists();
    await ibxOpen(app, false, t('ibxConflict'));
    $('#ibx-notice')?.focus();
    return;
  }

  if (!result.ok) {
    message.innerHTML = `<span class="error">${esc(problemText(result))}</span>`;
    panel.querySelectorAll('button').forEach(b => { b.disabled = false; });
    return;
  }

  message.innerHTML = `<span class="ok">${t('ibxDecided')}</span>`;
  await ibxSettle(app, wait);
}

// After a decision the lists and the item refresh until the workflow has taken the decision and settled
// (decisionSettled), at most DECISION_REFRESHES times, only while the workbench shows that item; focus then
// returns to the list.
async function ibxSettle(app, wait) {
  const hash = location.hash;
  for (let attempt = 0; attempt < DECISION_REFRESHES; attempt++) {
    await ibxLoadLists();
    if (!$('#ibx-detail') || ibx.item !== app) return;
    await ibxOpen(app, false);
    if (decisionSettled(ibx.view, wait)) break;
    await new Promise(resolve => setTimeout(resolve, refreshDelay(attempt)));
    if (location.hash !== hash) return;
  }

  document.querySelector('#ibx-list [aria-selected=true]')?.focus();
}
