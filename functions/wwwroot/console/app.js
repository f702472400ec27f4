'use strict';
// The officials' console: plain pages over the same HTTP API (and therefore the same role checks) that tools use.
const I18N = {
  zh: {
    title: '医疗服务价格与医保基金工作台', signOut: '退出', tasks: '我的待办', campaigns: '报价批次', newItems: '新增项目', fund: '调剂金', upload: '上传报价',
    signIn: '登录', signInAs: '以开发账号登录（仅本地）', signInAzure: '使用统一身份认证登录', application: '申请', step: '环节', due: '截止日期', left: '剩余工作日',
    overdue: '已逾期', decide: '办理', confirm: '确认', cancel: '取消', reason: '理由（驳回、退回、终止时必填）', itemCode: '对应项目编码',
    approve: '同意', reject: '驳回', return: '退回修改', 'request-expert': '请专家评审', 'general-catalogue': '转入通用目录', 'complex-catalogue': '转入复杂目录',
    extend: '延长试行一次', end: '终止', confirmTransfer: '确认到账', region: '统筹区', amount: '金额（元）', daysOpen: '已过天数',
    none: '暂无', status: '状态', round: '轮次', deadline: '截止时间', invited: '受邀', submitted: '已提交', validRows: '有效行', rejectedRows: '无效行',
    league: '盟市', budget: '预算', net: '净额', adopted: '采纳项目', files: '结果文件', download: '下载', timeline: '办理过程', who: '办理人', when: '时间',
    decision: '决定', comment: '意见', notifications: '提醒与督办', balance: '余额',
    year: '年度', confirmed: '已确认', contributions: '上解情况', kind: '类型', chooseFile: '选择工作簿', send: '上传', report: '校验结果',
    noIssues: '未发现问题', problem: '问题', waiting: '校验中…', row: '行', column: '列', value: '值', hospital: '机构', name: '项目名称', channel: '通道', submittedAt: '提交时间',
    sessionExpired: '会话已过期，请重新登录', trial: '试行期', phase: '阶段', forbidden: '无权限', done: '已提交', openWaits: '待办环节', employees: '职工', residents: '居民', campaign: '批次',
    // Refusal codes several pages meet (problemText shows these for the API's ProblemDetails).
    bad_campaign_id: '批次编号只能用字母、数字、- 和 _，最长 63 个字符', empty_upload: '文件为空', unknown_dev_user: '没有这个开发账号',
    unknown_step: '没有这个审核环节', application_not_found: '没有找到该申请', step_not_open: '该环节已办结或不在办理中', already_decided: '该环节已由他人办理',
    not_a_decision: '该环节不能作此决定', reason_required: '请填写理由（驳回、退回、终止时必填）', item_code_required: '请选择按哪个现有项目收费',
    not_waiting: '当前不在等待该决定', not_waiting_resubmission: '该申请当前不在等待重新提交',
    unknown_review: '没有这种年度评审（应为复杂项目或普通项目）', indicators_already_scored: '该年度评审已完成指标评分，不能再上传', review_not_found: '没有该年度的复杂项目评审',
    no_proposed_campaign: '该年度评审没有为这个盟市提出新一轮招标', bad_hospital_code: '机构编码只能用字母、数字、_ 和 -，最长 32 个字符',
    inconsistent_position: '机构的市场调节价数据前后不一致：数量和收入不能为负，市场调节部分不能超过总量',
    out_of_bounds: '请求中的数值超出允许范围（如页码、每页条数、年度或轮次）',
  },
  en: {
    title: 'Medical pricing and insurance fund console', signOut: 'Sign out', tasks: 'My tasks', campaigns: 'Campaigns', newItems: 'New items', fund: 'Reserve fund', upload: 'Upload bids',
    signIn: 'Sign in', signInAs: 'Sign in as a development user (local only)', signInAzure: 'Sign in with Entra ID', application: 'Application', step: 'Step', due: 'Due', left: 'Working days left',
    overdue: 'Overdue', decide: 'Decide', confirm: 'Confirm', cancel: 'Cancel', reason: 'Reason (required to reject, return or end)', itemCode: 'Existing item code',
    approve: 'Approve', reject: 'Reject', return: 'Return for changes', 'request-expert': 'Ask the expert panel', 'general-catalogue': 'General catalogue', 'complex-catalogue': 'Complex catalogue',
    extend: 'Extend the trial once', end: 'End', confirmTransfer: 'Confirm transfer', region: 'Region', amount: 'Amount (yuan)', daysOpen: 'Days open',
    none: 'Nothing here', status: 'Status', round: 'Round', deadline: 'Deadline', invited: 'Invited', submitted: 'Submitted', validRows: 'Valid rows', rejectedRows: 'Rejected rows',
    league: 'League/city', budget: 'Budget', net: 'Net', adopted: 'Adopted items', files: 'Result files', download: 'Download', timeline: 'Timeline', who: 'Who', when: 'When',
    decision: 'Decision', comment: 'Comment', notifications: 'Reminders and escalations', balance: 'Balance',
    year: 'Year', confirmed: 'Confirmed', contributions: 'Contributions', kind: 'Kind', chooseFile: 'Choose a workbook', send: 'Upload', report: 'Validation report',
    noIssues: 'No problems found', problem: 'Problem', waiting: 'Validating…', row: 'Row', column: 'Column', value: 'Value', hospital: 'Hospital', name: 'Item name', channel: 'Channel', submittedAt: 'Submitted',
    sessionExpired: 'Your session has expired; please sign in again.', trial: 'Trial', phase: 'Phase', forbidden: 'Forbidden', done: 'Submitted', openWaits: 'Open steps', employees: 'Employees', residents: 'Residents', campaign: 'Campaign',
    bad_campaign_id: 'Campaign ids: letters, digits, - and _, at most 63', empty_upload: 'The file is empty', unknown_dev_user: 'No such development user',
    unknown_step: 'No such review step', application_not_found: 'No such application', step_not_open: 'That step is closed or not open', already_decided: 'Someone else has decided that step',
    not_a_decision: 'That decision is not allowed at this step', reason_required: 'Give a reason (required to reject, return or end)', item_code_required: 'Choose the existing item to charge under',
    not_waiting: 'Nothing is waiting for that decision now', not_waiting_resubmission: 'The application is not waiting for a resubmission',
    unknown_review: 'No such annual review (complex or general)', indicators_already_scored: 'That review has scored its indicators; nothing more can be uploaded', review_not_found: 'No complex review for that year',
    no_proposed_campaign: 'That review proposes no new campaign for this league/city', bad_hospital_code: 'Hospital codes: letters, digits, _ and -, at most 32',
    inconsistent_position: 'The hospital\'s position is inconsistent: counts and revenues must be non-negative and the market-regulated part within the total',
    out_of_bounds: 'A value in the request is out of bounds (page, page size, year or round)',
  },
};
// What the API says in identifiers (statuses, phases, steps, channels), as officials read it; an unknown one stays as it is.
const TERMS = {
  zh: {
    Pending: '待启动', Running: '进行中', Completed: '已完成', Failed: '失败', Terminated: '已终止', Suspended: '已暂停',
    Round1: '第一轮报价', Round1Feedback: '第一轮反馈', Round2: '第二轮报价', Adopting: '采纳测算', Publishing: '发布结果', ScopeRefused: '范围表未通过',
    Compatibility: '兼容性确认', CompatibilityConfirmation: '兼容性确认', InnovationConfirmation: '创新性确认', TechnicalReview: '技术审核',
    ExpertEvaluation: '专家评审', PriceReview: '价格审核', MarketLimitCheck: '市场调节价比例核查', MarketLimitHold: '市场调节价比例超限暂缓',
    Trial: '试行期', TrialEvaluation: '试行期满评估', Resubmission: '退回修改', Returned: '已退回', Rejected: '未通过', Submitted: '已提交',
    ChargedUnderExisting: '按现有项目收费', Standard: '普通通道', Green: '绿色通道',
    'price-office': '价格处', 'health-commission': '卫生健康委', 'expert-panel': '专家组', 'office-head': '处长',
    'fund-office': '基金处', 'finance-office': '财政部门', hospital: '医疗机构',
  },
  en: {
    Pending: 'Pending', Running: 'Running', Completed: 'Completed', Failed: 'Failed', Terminated: 'Terminated', Suspended: 'Suspended',
    Round1: 'Round 1 bidding', Round1Feedback: 'Round 1 feedback', Round2: 'Round 2 bidding', Adopting: 'Adoption', Publishing: 'Publishing results', ScopeRefused: 'Scope refused',
    Compatibility: 'Compatibility check', CompatibilityConfirmation: 'Compatibility check', InnovationConfirmation: 'Innovation check', TechnicalReview: 'Technical review',
    ExpertEvaluation: 'Expert evaluation', PriceReview: 'Price review', MarketLimitCheck: 'Market-price share check', MarketLimitHold: 'Held: market-price share over its limit',
    Trial: 'Trial', TrialEvaluation: 'End-of-trial evaluation', Resubmission: 'Returned for changes', Returned: 'Returned', Rejected: 'Rejected', Submitted: 'Submitted',
    ChargedUnderExisting: 'Charged under an existing item', Standard: 'Standard channel', Green: 'Green channel',
    'price-office': 'Price office', 'health-commission': 'Health commission', 'expert-panel': 'Expert panel', 'office-head': 'Office head',
    'fund-office': 'Fund office', 'finance-office': 'Finance office', hospital: 'Hospital',
  },
};
const term = value => value == null ? '' : (TERMS[lang][value] ?? value);
// Money as officials write it: 1,234.56 元.
const fmtMoney = value => value == null || value === '' ? '' : `${Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
const REASON_NEEDED = ['reject', 'return', 'end'];
// After a decision: refresh every second for 10 s, then every 3 s, for about three and a half minutes in all (a busy engine may take minutes).
const DECISION_REFRESHES = 75;
const refreshDelay = attempt => attempt < 10 ? 1000 : 3000;
// A decision has settled when its step is gone from the application's open steps and the workflow waits on someone
// again, is in its trial, or has ended (between the two it may show no open step while it records the decision).
const decisionSettled = (view, decidedWait) => {
  const waits = view?.progress?.openWaits || [];
  return !waits.some(w => w.waitId === decidedWait) && (waits.length > 0 || !!view?.progress?.trial || view?.runtimeStatus !== 'Running');
};
let lang = localStorage.getItem('console.lang') || 'zh';
let me = null;
const t = key => (I18N[lang][key] ?? key);
const $ = sel => document.querySelector(sel);
const esc = value => String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const fmtTime = value => value ? `${new Date(value).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' })} ${lang === 'zh' ? '北京时间' : 'Beijing time'}` : '';

// Each navigation starts a new render; an answer that arrives for an older one is dropped (its promise never
// settles), so a slow earlier page cannot overwrite the page the user has moved to.
let renderGeneration = 0;
let sessionExpired = false;

async function api(path, options = {}) {
  const started = renderGeneration;
  const headers = Object.assign({}, options.headers || {});
  const token = sessionStorage.getItem('console.token');
  if (token) headers.Authorization = 'Bearer ' + token;
  if (options.json !== undefined) { headers['Content-Type'] = 'application/json'; options.body = JSON.stringify(options.json); }
  const response = await fetch(path, Object.assign({}, options, { headers, credentials: 'same-origin' }));
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = text; }
  if (started !== renderGeneration) return new Promise(() => {});
  if (response.status === 401 && token) {
    // The sign-in has expired (or was revoked): say so on the sign-in page rather than show empty lists.
    sessionStorage.removeItem('console.token'); me = null; sessionExpired = true;
    if (location.hash !== '#/signin') location.hash = '#/signin'; else route();
    return new Promise(() => {});
  }
  return { ok: response.ok, status: response.status, body };
}

// Links marked data-download fetch with the sign-in's token (a plain link would carry none) and save under data-name.
function wireDownloads(root) {
  root.querySelectorAll('a[data-download]').forEach(a => a.addEventListener('click', async e => {
    e.preventDefault();
    const token = sessionStorage.getItem('console.token');
    const response = await fetch(a.dataset.download, { headers: token ? { Authorization: 'Bearer ' + token } : {} });
    const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(await response.blob()), download: a.dataset.name.split('/').pop() });
    link.click();
  }));
}

function problemText(result) {
  const body = result.body;
  // A ProblemDetails whose code the pages have a label for reads as that label, not the server's English.
  if (body?.code && I18N[lang][body.code]) return t(body.code);
  if (result.status === 403) return t('forbidden') + ' (403)';
  if (Array.isArray(body)) return body.map(i => `${i.rowNumber ? t('row') + ' ' + i.rowNumber + ' ' : ''}${i.column ?? ''} ${lang === 'zh' ? i.messageZh : i.messageEn}`).join('; ');
  return `${result.status}: ${typeof body === 'string' ? body : (body?.detail || body?.title || JSON.stringify(body))}`;
}

// A label with its {placeholders} filled in: fill('cmpRoundN', { n: 2 }) reads 第 2 轮.
const fill = (key, values) => t(key).replace(/\{(\w+)\}/g, (whole, k) => (k in values ? values[k] : whole));

// A table whose cells name their column (data-k) and its label (data-label), so a page's css can show each row as a
// card of labelled lines on a phone; a column marked num is right-aligned.
function cardTable(id, className, columns, rows, rowAttrs = () => '') {
  return `<table id="${id}" class="${className}"><thead><tr>${columns.map(c => `<th class="${c.num ? 'num' : ''}">${esc(t(c.label))}</th>`).join('')}</tr></thead>
    <tbody>${rows.map((r, i) => `<tr ${rowAttrs(i)}>${r.map((cell, j) => `<td data-k="${columns[j].key}" data-label="${esc(t(columns[j].label))}" class="${columns[j].num ? 'num' : ''}"><span>${cell}</span></td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function table(headers, rows, rowClass) {
  if (!rows.length) return `<p class="muted">${t('none')}</p>`;
  // The table scrolls inside its own box on a phone, never the page; the box takes focus so a keyboard can scroll it.
  return `<div class="table-scroll" tabindex="0"><table><thead><tr>${headers.map(h => `<th>${esc(t(h))}</th>`).join('')}</tr></thead><tbody>${
    rows.map((r, i) => `<tr class="${rowClass ? rowClass(i) : ''}">${r.map(c => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

// A decision is sent only after a confirmation step with the reason.
function decisionButtons(id, step, allowed, waitId) {
  return `<span class="actions">${allowed.map(d => `<button type="button" class="${REASON_NEEDED.includes(d) ? 'danger' : ''}" data-app="${esc(id)}" data-step="${esc(step)}" data-wait="${esc(waitId)}" data-decision="${esc(d)}">${esc(t(d))}</button>`).join('')}</span>`;
}

function wireDecisions(container, after) {
  container.querySelectorAll('button[data-decision]').forEach(button => button.addEventListener('click', () => {
    const { app, step, wait, decision } = button.dataset;
    const panel = document.createElement('div');
    panel.className = 'confirm';
    panel.innerHTML = `<p><strong>${esc(t(decision))}</strong> — ${esc(step)} · ${esc(app)}</p>
      ${step === 'CompatibilityConfirmation' && decision === 'approve' ? `<label>${t('itemCode')} <input name="itemCode"></label>` : ''}
      <label>${t('reason')}<textarea name="comment"></textarea></label>
      <button type="button" class="primary" data-role="confirm">${t('confirm')}</button> <button type="button" data-role="cancel">${t('cancel')}</button>
      <p class="message"></p>`;
    button.closest('td, .card').appendChild(panel);
    panel.querySelector('[data-role=cancel]').addEventListener('click', () => panel.remove());
    panel.querySelector('[data-role=confirm]').addEventListener('click', async () => {
      const comment = panel.querySelector('[name=comment]').value.trim();
      if (REASON_NEEDED.includes(decision) && !comment) { panel.querySelector('.message').innerHTML = `<span class="error">${t('reason')}</span>`; return; }
      const itemCode = panel.querySelector('[name=itemCode]')?.value.trim() || null;
      const hash = location.hash;
      const result = await api(`/api/new-items/${encodeURIComponent(app)}/decisions`, { method: 'POST', json: { step, decision, comment, itemCode, waitId: wait } });
      panel.querySelector('.message').innerHTML = result.ok ? `<span class="ok">${t('done')}</span>` : `<span class="error">${esc(problemText(result))}</span>`;
      // The page refreshes only while it is still the one shown (not after a sign-out or a move to another page).
      if (result.ok) setTimeout(() => { if (location.hash === hash && me) after(wait); }, 600);
    });
  }));
}

const pages = {
  async signin() {
    const users = await api('/console/dev-users');
    const local = users.ok ? `<h2>${t('signInAs')}</h2><p>${users.body.map(u => `<button type="button" class="primary" data-user="${esc(u.user)}">${esc(u.label)} · ${esc(u.role)}</button>`).join(' ')}</p>` : '';
    const expired = sessionExpired ? `<p class="error" id="session-expired">${t('sessionExpired')}</p>` : '';
    $('#view').innerHTML = `<h1>${t('signIn')}</h1>${expired}${local}<p><a href="/.auth/login/aad?post_login_redirect_uri=/console/">${t('signInAzure')}</a></p>`;
    document.querySelectorAll('button[data-user]').forEach(b => b.addEventListener('click', async () => {
      const result = await api('/console/dev-signin', { method: 'POST', json: { user: b.dataset.user, role: '', hospital: null, label: '' } });
      if (result.ok) { sessionStorage.setItem('console.token', result.body); me = null; sessionExpired = false; location.hash = '#/tasks'; }
    }));
  },

  async tasks() {
    const items = await api('/api/new-items/tasks');
    const rows = (items.body || []).map(w => [
      `<a href="#/new-item/${encodeURIComponent(w.ApplicationId)}">${esc(w.ApplicationId)}</a>`, esc(term(w.Step)), esc(w.DueDate),
      w.Overdue ? `<span class="error">${t('overdue')}</span>` : esc(w.WorkingDaysLeft),
      decisionButtons(w.ApplicationId, w.Step, (w.Allowed || '').split(',').filter(Boolean), w.WaitId)]);
    let html = `<h1>${t('tasks')}</h1><h2>${t('newItems')}</h2>${table(['application', 'step', 'due', 'left', 'decide'], rows, i => items.body[i].Overdue ? 'overdue' : '')}`;
    if (me.roles.includes('finance-office')) {
      const fund = await api('/api/fund/tasks');
      html += `<h2>${t('fund')}</h2>${table(['fund', 'year', 'region', 'amount', 'daysOpen', 'decide'], (fund.body || []).map(f => [esc(t(f.fund.toLowerCase())), esc(f.year), esc(f.region), esc(fmtMoney(f.amount)), esc(f.daysOpen),
        fundConfirmButton(f.fund, f.year, f.region, f.amount)]))}`;
    }

    $('#view').innerHTML = html;
    wireDecisions($('#view'), pages.tasks);
    // The confirmation dialog lives in fund.js.
    fundWireTaskConfirms($('#view'));
  },

  async campaigns() {
    const list = await api('/api/campaigns');
    $('#view').innerHTML = `<h1>${t('campaigns')}</h1>${table(['campaign', 'status', 'phase', 'round', 'deadline', 'invited', 'submitted', 'validRows', 'rejectedRows'],
      (list.body || []).map(c => [`<a href="#/campaign/${encodeURIComponent(c.campaignId)}">${esc(c.campaignId)}</a>`, esc(term(c.status)), esc(term(c.progress?.phase)), esc(c.progress?.round),
        esc(fmtTime(c.progress?.deadlineUtc)), esc(c.progress?.invited), esc(c.progress?.submitted), esc(c.progress?.validRows), esc(c.progress?.rejectedRows)]))}`;
  },

  async newItems() {
    const list = await api('/api/new-items');
    $('#view').innerHTML = `<h1>${t('newItems')}</h1>${table(['application', 'hospital', 'name', 'channel', 'status', 'submittedAt', 'trial'],
      (list.body || []).map(a => [`<a href="#/new-item/${encodeURIComponent(a.applicationId)}">${esc(a.applicationId)}</a>`, esc(a.hospital), esc(a.proposedName), esc(term(a.channel)), esc(term(a.status)), esc(fmtTime(a.submittedAt)), esc(a.trialEnd)]))}`;
  },

  // After a decision the page refreshes until the workflow has taken it and settled (between the two it may show
  // no open step while it records the decision), at most DECISION_REFRESHES times, only while the page is shown.
  async newItem(id, decidedWait = null, attempt = 0) {
    const hash = location.hash;
    const result = await api(`/api/new-items/${encodeURIComponent(id)}`);
    if (!result.ok) { $('#view').innerHTML = `<p class="error">${esc(problemText(result))}</p>`; return; }
    const v = result.body;
    const waits = v.progress?.openWaits || [];
    const mine = w => me.roles.includes(w.role) || (w.escalated && me.roles.includes('office-head'));
    const open = waits.map(w => `<div class="card" data-step="${esc(w.step)}"><strong>${esc(term(w.step))}</strong> · ${esc(term(w.role))} · ${t('due')} ${esc(w.dueDate)}${w.escalated ? ` · <span class="error">${t('overdue')}</span>` : ''}
      ${mine(w) && w.role !== 'hospital' ? decisionButtons(id, w.step, w.allowed, w.waitId) : ''}</div>`).join('');
    const timeline = (v.timeline || []).map(r => [esc(r.Kind), esc(term(r.Step)), esc(r.Decision ? t(r.Decision) : term(r.State)), esc(r.Official ?? term(r.Role)), esc(fmtTime(r.At ?? r.OpenedAt)), esc(r.Comment ?? '')]);
    $('#view').innerHTML = `<h1>${t('application')} ${esc(id)}</h1>
      <div class="card" id="status">${t('name')}: ${esc(v.application.ProposedName)} · ${t('hospital')}: ${esc(v.application.Hospital)} · ${t('status')}: <span id="phase" data-phase="${esc(v.progress?.phase ?? v.runtimeStatus)}">${esc(term(v.progress?.phase ?? v.runtimeStatus))}</span> · ${t('channel')}: ${esc(term(v.progress?.channel ?? ''))}
      ${v.progress?.trial ? ` · ${t('trial')}: ${esc(v.progress.trial.startDate)} – ${esc(v.progress.trial.endDate)}` : ''}</div>
      <h2>${t('openWaits')}</h2>${open || `<p class="muted">${t('none')}</p>`}
      <h2>${t('timeline')}</h2>${table(['kind', 'step', 'decision', 'who', 'when', 'comment'], timeline)}
      <h2>${t('notifications')}</h2>${table(['kind', 'who', 'when'], (v.notifications || []).map(n => [esc(n.Kind), esc(n.Recipient), esc(fmtTime(n.CreatedAt))]))}`;
    wireDecisions($('#view'), wait => pages.newItem(id, wait, 0));
    if (decidedWait && attempt < DECISION_REFRESHES && !decisionSettled(v, decidedWait)) {
      setTimeout(() => { if (location.hash === hash) pages.newItem(id, decidedWait, attempt + 1); }, refreshDelay(attempt));
    }
  },
  // The hospital clerk's upload page lives in hospital.js.
};

const ROUTES = [
  ['tasks', () => pages.tasks(), r => r.some(x => x !== 'hospital')],
  // The reviewers' workbench for new-item applications lives in inbox.js.
  ['inbox', () => pages.inbox(), r => r.some(x => ['price-office', 'health-commission', 'expert-panel', 'office-head'].includes(x))],
  ['campaigns', () => pages.campaigns(), r => r.some(x => x !== 'hospital')],
  ['new-items', () => pages.newItems(), () => true],
  // The reserve fund's page lives in fund.js.
  ['fund', () => pages.fund(), r => r.some(x => x !== 'hospital')],
  ['upload', () => pages.upload(), r => r.includes('hospital')],
  // The what-if page lives in simulation.js (loaded after this file).
  ['simulation', () => pages.simulation(), r => r.includes('price-office')],
  // The monitoring dashboard lives in monitoring.js.
  ['monitoring', () => pages.monitoring(), r => r.some(x => x !== 'hospital')],
  // The audit search lives in audit.js; the API's audit-readers policy is the real check.
  ['audit', () => pages.audit(), r => r.includes('office-head') || r.includes('price-office')],
];

async function route() {
  renderGeneration++;
  const hash = location.hash.replace(/^#\//, '').split('?')[0];
  if (!me) {
    const result = await api('/api/me');
    me = result.ok ? result.body : null;
  }

  document.querySelectorAll('[data-t]').forEach(el => { el.textContent = t(el.dataset.t); });
  $('#lang').textContent = lang === 'zh' ? 'English' : '中文';
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  if (!me) { $('#nav').innerHTML = ''; $('#who').textContent = ''; return pages.signin(); }
  $('#who').textContent = `${me.user} · ${me.roles.map(term).join(lang === 'zh' ? '、' : ', ')}${me.hospital ? ' · ' + me.hospital : ''}`;
  const visible = ROUTES.filter(([, , may]) => may(me.roles));
  const current = hash.split('/')[0];
  $('#nav').innerHTML = visible.map(([name]) => `<a href="#/${name}" class="${current.startsWith(name.replace(/s$/, '')) ? 'active' : ''}">${t(name === 'new-items' ? 'newItems' : name)}</a>`).join('');
  const [page, arg] = hash.split('/');
  if (page === 'campaign' && arg) return pages.campaign(decodeURIComponent(arg));
  if (page === 'new-item' && arg) return pages.newItem(decodeURIComponent(arg));
  // Opened without the role: the page asks anyway and shows the API's refusal rather than another page.
  if (page === 'audit') return pages.audit();
  const found = visible.find(([name]) => name === page) || visible[0];
  return found[1]();
}

$('#lang').addEventListener('click', () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('console.lang', lang); route(); });
$('#signout').addEventListener('click', () => { sessionStorage.removeItem('console.token'); me = null; location.hash = '#/signin'; route(); });
window.addEventListener('hashchange', route);
route();
