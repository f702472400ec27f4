'use strict';
// The hospital clerk's workbench: the open rounds of its campaigns with their deadlines (北京时间) and a countdown, the
// pre-filled bid template, the upload (answered with its report: row, column, value, reason), every upload of a
// campaign with its report, the feedback workbooks and the round-1 reference prices; its new-item applications with their current step and
// deadline, a form or a workbook to file them (the workbook answered with the applications it started and its report),
// the round-1 reference prices of its bids, and a resubmission dialog for a returned one. It adds itself to app.js's pages and
// labels; every call goes through the same API and role checks as any other client.
Object.assign(I18N.zh, {
  hosRounds: '进行中的报价轮次', hosCountdown: '剩余时间', hosTemplate: '报价模板', hosTemplateLink: '下载报价模板', hosClosed: '已截止',
  hosDays: '{d} 天 {hms}', hosUpload: '上传报价工作簿', hosUploadHint: '每次上传（含重新上传）都会在几秒内给出校验结果；同一轮以最后一次上传为准。',
  hosHistory: '提交记录', hosHistoryOf: '批次', hosUploadedAt: '上传时间', hosCounted: '是否计入', hosCountedYes: '计入', hosSuperseded: '已被后续上传替换',
  hosRefused: '整份未受理', hosReport: '校验报告', hosFeedback: '反馈与参考价格', hosFeedbackHint: '第一轮截止后发布本院的反馈工作簿（含参考价格）；第二轮后发布采纳结果。',
  hosFeedbackFile: '反馈文件', hosNoOpen: '目前没有进行中的报价轮次。',
  hosApplications: '我的新增项目申请', hosCurrentStep: '当前环节', hosStepDue: '办理时限', hosAction: '操作', hosReturnedReason: '退回理由',
  hosResubmit: '重新提交', hosFile: '提交新增项目申请', hosFiled: '已提交申请 {id}', hosResubmitted: '已重新提交', hosFormName: '项目名称',
  hosFormDescription: '项目内涵', hosFormPrice: '预期价格（元）', hosFormVolume: '预计年服务量（例次）', hosFormCategory: '项目类别',
  hosFormMaps: '是否可对应现有项目', hosFormExisting: '可对应的现有项目编码', hosFormAttachments: '附件清单（每行一项）',
  hosFormHighResource: '资源消耗大', hosFormCentre: '国家区域医疗中心重点服务', hosFormInnovation: '创新性项目',
  yes: '是', no: '否', hosWaitingStep: '办理中…', hosResubmitTitle: '重新提交申请 {id}', hosEnded: '已办结',
  hosCategoryTreatment: '治疗类', hosCategoryDiagnosis: '诊断类', hosCategoryComposite: '综合类', hosRole: '办理方', hosSubmit: '提交申请', resubmit: '重新提交',
  round_not_open: '该轮未开放或已截止，不能上传', unknown_round: '批次或轮次不存在', not_invited: '本院未受邀参加该批次', report_not_found: '没有找到该校验报告',
  hosWorkbook: '用工作簿提交申请', hosWorkbookHint: '每行一项申请（工作表“新增项目申请”）；合格的行各自立项，有问题的行列在下方。同名工作簿只能上传一次，修改后请另存为新文件名，只保留需要重新提交的行。',
  hosWorkbookSend: '上传申请工作簿', hosWorkbookTemplate: '下载申请工作簿模板', hosWorkbookWaiting: '正在读取工作簿…', hosWorkbookStarted: '已立项的申请', hosWorkbookNone: '没有行被受理。',
  hosWorkbookProblems: '未受理的行及原因', hosWorkbookClean: '所有行均已受理。', hosWorkbookSlow: '工作簿仍在处理中，请稍后刷新本页查看。',
  bad_file_name: '文件名不可用：不能含 / \\ : * ? " < > | # % 或不可见字符，不能以点开头，也不能以点或空格结尾', workbook_exists: '已上传过同名工作簿，请改用新的文件名',
  workbook_not_found: '没有找到该工作簿',
  hosReference: '第一轮参考价格', hosReferenceHint: '第一轮截止后，按本院第一轮报价各行列出本盟市的参考价格（三级）、折算到本院等级的价格和暂定排名。',
  hosRefItem: '项目', hosRefProposed: '本院申报价格', hosRefTier3: '参考价格（三级）', hosRefAtTier: '本院等级参考价', hosRefRank: '暂定排名',
  hosRefValid: '是否有效', hosRefValidYes: '有效', hosRefRefused: '本院第一轮工作簿整份未受理：{reason}', hosRefPage: '第 {n} / {m} 页，共 {total} 行',
  hosRefPrev: '上一页', hosRefNext: '下一页', no_round_one_bid: '本院第一轮未提交报价，没有参考价格反馈',
});
Object.assign(I18N.en, {
  hosRounds: 'Open bidding rounds', hosCountdown: 'Time left', hosTemplate: 'Bid template', hosTemplateLink: 'Download the bid template', hosClosed: 'Closed',
  hosDays: '{d} d {hms}', hosUpload: 'Upload a bid workbook', hosUploadHint: 'Every upload (re-uploads too) is answered with its report within seconds; a round counts the last upload.',
  hosHistory: 'Submission history', hosHistoryOf: 'Campaign', hosUploadedAt: 'Uploaded', hosCounted: 'Counted', hosCountedYes: 'Counted', hosSuperseded: 'Replaced by a later upload',
  hosRefused: 'Refused whole', hosReport: 'Report', hosFeedback: 'Feedback and reference prices', hosFeedbackHint: 'Your feedback workbook (with reference prices) is published when round 1 closes; adoption results after round 2.',
  hosFeedbackFile: 'Feedback file', hosNoOpen: 'No bidding round is open.',
  hosApplications: 'My new-item applications', hosCurrentStep: 'Current step', hosStepDue: 'Due', hosAction: 'Action', hosReturnedReason: 'Reason for return',
  hosResubmit: 'Resubmit', hosFile: 'File a new-item application', hosFiled: 'Application {id} filed', hosResubmitted: 'Resubmitted', hosFormName: 'Item name',
  hosFormDescription: 'Description', hosFormPrice: 'Expected price (yuan)', hosFormVolume: 'Expected services a year', hosFormCategory: 'Category',
  hosFormMaps: 'Maps to an existing item', hosFormExisting: 'Existing item code', hosFormAttachments: 'Attachments (one a line)',
  hosFormHighResource: 'High resource use', hosFormCentre: 'Key service of a national regional medical centre', hosFormInnovation: 'Innovation',
  yes: 'Yes', no: 'No', hosWaitingStep: 'In progress…', hosResubmitTitle: 'Resubmit application {id}', hosEnded: 'Closed',
  hosCategoryTreatment: 'Treatment', hosCategoryDiagnosis: 'Diagnosis', hosCategoryComposite: 'Composite', hosRole: 'With', hosSubmit: 'Submit the application', resubmit: 'Resubmit',
  round_not_open: 'That round is not open; nothing was uploaded', unknown_round: 'No such campaign or round', not_invited: 'Your hospital is not invited to that campaign', report_not_found: 'No such report',
  hosWorkbook: 'File applications by workbook', hosWorkbookHint: 'One application a row (sheet 新增项目申请); each good row is filed, rows with problems are listed below. A name can be uploaded once: save a corrected workbook under a new name, with only the rows to file again.',
  hosWorkbookSend: 'Upload the workbook', hosWorkbookTemplate: 'Download the application template', hosWorkbookWaiting: 'Reading the workbook…', hosWorkbookStarted: 'Applications filed', hosWorkbookNone: 'No row was filed.',
  hosWorkbookProblems: 'Rows not filed, and why', hosWorkbookClean: 'Every row was filed.', hosWorkbookSlow: 'The workbook is still being read; reload this page in a while.',
  bad_file_name: 'Unusable file name: no / \\ : * ? " < > | # % or invisible characters, no leading dot, no trailing dot or space', workbook_exists: 'A workbook of that name was already uploaded; use a new name',
  workbook_not_found: 'No such workbook',
  hosReference: 'Round-1 reference prices', hosReferenceHint: 'Once round 1 closes: for each row of your round-1 bid, the league/city reference price (tier 3), that price at your tier, and the provisional rank.',
  hosRefItem: 'Item', hosRefProposed: 'Your price', hosRefTier3: 'Reference (tier 3)', hosRefAtTier: 'Reference at your tier', hosRefRank: 'Provisional rank',
  hosRefValid: 'Valid', hosRefValidYes: 'Valid', hosRefRefused: 'Your round-1 workbook was refused whole: {reason}', hosRefPage: 'Page {n} of {m}, {total} rows',
  hosRefPrev: 'Previous', hosRefNext: 'Next', no_round_one_bid: 'Your hospital sent no round-1 bid, so it has no reference prices',
});
Object.assign(TERMS.zh, {
  InReview: '审核中', Resubmitted: '已重新提交', Lapsed: '逾期未重新提交', Ended: '已终止', GeneralCatalogue: '转入通用目录', ComplexCatalogue: '转入复杂目录',
  Round1Closed: '第一轮已截止', Round2Closed: '第二轮已截止',
  open: '办理中', decided: '已办理', lapsed: '已逾期',
});
Object.assign(TERMS.en, {
  InReview: 'In review', Resubmitted: 'Resubmitted', Lapsed: 'Lapsed (not resubmitted)', Ended: 'Ended', GeneralCatalogue: 'General catalogue', ComplexCatalogue: 'Complex catalogue',
  Round1Closed: 'Round 1 closed', Round2Closed: 'Round 2 closed',
  open: 'Open', decided: 'Decided', lapsed: 'Lapsed',
});

const hosPath = (campaign, rest) => `/api/campaigns/${encodeURIComponent(campaign)}${rest}`;
const hosMine = rest => `/hospitals/${encodeURIComponent(me.hospital)}${rest}`;
// A phase such as "PriceReview+TechnicalReview" reads as its steps' names.
const hosSteps = phase => (phase || '').split('+').filter(Boolean).map(term).join(lang === 'zh' ? '、' : ', ');

function hosCountdown(deadline) {
  const left = Math.floor((new Date(deadline) - Date.now()) / 1000);
  if (!(left > 0)) return t('hosClosed');
  const pad = n => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor(left % 86400 / 3600))}:${pad(Math.floor(left % 3600 / 60))}:${pad(left % 60)}`;
  return left >= 86400 ? fill('hosDays', { d: Math.floor(left / 86400), hms }) : hms;
}

// One timer for the page's countdowns; it stops itself once the page has moved on.
let hosTimer = null;
function hosTick() {
  clearInterval(hosTimer);
  hosTimer = setInterval(() => {
    const cells = document.querySelectorAll('[data-countdown]');
    if (!cells.length) { clearInterval(hosTimer); return; }
    cells.forEach(c => { c.textContent = hosCountdown(c.dataset.countdown); });
  }, 1000);
}

pages.upload = async function () {
  const list = await api('/api/campaigns');
  const all = list.body || [];
  const open = all.filter(c => c.progress && /^Round[12]$/.test(c.progress.phase));
  const rounds = table(['campaign', 'round', 'deadline', 'hosCountdown', 'hosTemplate'], open.map(c => [
    esc(c.campaignId), esc(c.progress.round), esc(fmtTime(c.progress.deadlineUtc)),
    `<span data-countdown="${esc(c.progress.deadlineUtc)}">${esc(hosCountdown(c.progress.deadlineUtc))}</span>`,
    `<a href="#" class="hos-template" data-download="${esc(hosPath(c.campaignId, `/rounds/${c.progress.round}/template`))}" data-name="${esc(`${c.campaignId}-round-${c.progress.round}-${me.hospital}-bid-template.xlsx`)}">${t('hosTemplateLink')}</a>`]));
  $('#view').innerHTML = `<h1>${t('upload')}</h1>
    <section aria-labelledby="hos-rounds-h"><h2 id="hos-rounds-h">${t('hosRounds')}</h2><div id="hos-rounds">${open.length ? rounds : `<p class="muted">${t('hosNoOpen')}</p>`}</div></section>
    <section aria-labelledby="hos-upload-h"><h2 id="hos-upload-h">${t('hosUpload')}</h2><p class="muted">${t('hosUploadHint')}</p>
    <form id="upload-form" class="card hos-form">
      <label>${t('campaign')} <select name="campaign">${open.map(c => `<option value="${esc(c.campaignId)}" data-round="${c.progress.round}">${esc(c.campaignId)} · ${t('round')} ${c.progress.round}</option>`).join('')}</select></label>
      <label>${t('chooseFile')} <input type="file" name="file" accept=".xlsx"></label> <button class="primary" type="submit">${t('send')}</button></form><div id="upload-result"></div></section>
    <section aria-labelledby="hos-history-h"><h2 id="hos-history-h">${t('hosHistory')}</h2>
      <label class="hos-pick">${t('hosHistoryOf')} <select id="hos-history-campaign">${all.map(c => `<option value="${esc(c.campaignId)}">${esc(c.campaignId)}</option>`).join('')}</select></label>
      <div id="hos-history"></div>
      <h2>${t('hosFeedback')}</h2><p class="muted">${t('hosFeedbackHint')}</p><div id="hos-feedback"></div>
      <h2 id="hos-reference-h">${t('hosReference')}</h2><p class="muted">${t('hosReferenceHint')}</p><div id="hos-reference"></div></section>`;
  wireDownloads($('#hos-rounds'));
  hosTick();
  const pick = $('#hos-history-campaign');
  pick.addEventListener('change', () => hosHistory(pick.value));
  // The history follows the campaign being uploaded to.
  $('#upload-form').campaign.addEventListener('change', e => { pick.value = e.target.value; hosHistory(pick.value); });
  if (open.length) pick.value = open[0].campaignId;
  if (pick.value) hosHistory(pick.value);

  $('#upload-form').addEventListener('submit', async e => {
    e.preventDefault();
    const select = e.target.campaign; const file = e.target.file.files[0];
    if (!select.value || !file) return;
    const campaign = select.value; const round = select.selectedOptions[0].dataset.round;
    const before = await api(hosPath(campaign, hosMine('/submissions')));
    // A re-upload replaces the round's submission rather than adding one: wait until the list changes at all.
    const seen = JSON.stringify(before.body || []);
    const put = await api(hosPath(campaign, `/rounds/${round}/bids`), { method: 'PUT', body: await file.arrayBuffer() });
    const out = $('#upload-result');
    if (!put.ok) { out.innerHTML = `<p class="error">${esc(problemText(put))}</p>`; return; }
    out.innerHTML = `<p class="muted">${t('waiting')}</p>`;
    for (let i = 0; i < 120; i++) {
      await new Promise(r => setTimeout(r, 500));
      const subs = await api(hosPath(campaign, hosMine('/submissions')));
      if (JSON.stringify(subs.body || []) !== seen) break;
    }
    const report = await api(hosPath(campaign, hosMine('/report')));
    const rows = (report.body || []).map(r => [esc(r.file), esc(r.row), esc(r.column), esc(r.value), esc(lang === 'zh' ? r.reasonZh : r.reasonEn)]);
    out.innerHTML = `<h2>${t('report')}</h2>${rows.length ? table(['files', 'row', 'column', 'value', 'problem'], rows) : `<p class="ok">${t('noIssues')}</p>`}`;
    pick.value = campaign;
    hosHistory(campaign);
  });
};

// Every upload of the campaign (each has its report), newest first; the counted one of each round with its row counts.
async function hosHistory(campaign) {
  const [reports, subs, results] = await Promise.all([api(hosPath(campaign, hosMine('/reports'))), api(hosPath(campaign, hosMine('/submissions'))), api(hosPath(campaign, '/results'))]);
  const submissions = subs.body || [];
  const rows = (reports.body || []).slice().reverse().map(r => {
    const sub = submissions.find(s => s.round === r.round && s.validationReport?.endsWith(`/${r.name}`));
    const counted = r.kind === 'Refused' || sub?.rejected ? `<span class="error">${t('hosRefused')}</span>` : sub ? `<span class="ok">${t('hosCountedYes')}</span>` : `<span class="muted">${t('hosSuperseded')}</span>`;
    return [esc(r.round), esc(fmtTime(r.createdAt)), counted, esc(sub ? sub.validRows : ''), esc(sub ? sub.rejectedRows : ''),
      `<a href="#" data-download="${esc(r.url)}" data-name="${esc(`${campaign}-${r.name}`)}">${t('download')}</a>`];
  });
  const box = $('#hos-history');
  if (!box || $('#hos-history-campaign')?.value !== campaign) return;
  box.innerHTML = reports.ok ? table(['round', 'hosUploadedAt', 'hosCounted', 'validRows', 'rejectedRows', 'hosReport'], rows) : `<p class="error">${esc(problemText(reports))}</p>`;
  wireDownloads(box);
  const feedback = (results.body || []).filter(f => /feedback/.test(f.path));
  $('#hos-feedback').innerHTML = table(['round', 'hosFeedbackFile', 'when'], feedback.map(f => [esc((f.path.match(/round-(\d)/) || [])[1] ?? ''),
    `<a href="#" data-download="${esc(f.url)}" data-name="${esc(`${campaign}-${f.path.replace(/\//g, '-')}`)}">${esc(f.path.split('/').pop())}</a>`, esc(fmtTime(f.lastModified))]));
  wireDownloads($('#hos-feedback'));
  hosReference(campaign, 1);
}

const HOS_REFERENCE_PAGE = 50;

// The round-1 feedback of the hospital's own bid as a table, a page at a time: the item by name, the money right-aligned.
async function hosReference(campaign, page) {
  const result = await api(hosPath(campaign, hosMine(`/reference-prices?page=${page}&pageSize=${HOS_REFERENCE_PAGE}`)));
  const box = $('#hos-reference');
  if (!box || $('#hos-history-campaign')?.value !== campaign) return;
  if (!result.ok) { box.innerHTML = `<p class="${result.status === 404 ? 'muted' : 'error'}">${esc(problemText(result))}</p>`; return; }
  const body = result.body;
  const money = v => `<span class="hos-money">${esc(fmtMoney(v))}</span>`;
  const rows = body.items.items.map(r => [esc(r.row), `${esc(r.itemName ?? '')}${r.itemName ? '<br>' : ''}<span class="muted">${esc(r.item ?? '')}</span>`,
    money(r.proposedPrice), money(r.referenceTier3Price), money(r.referencePriceAtTier), esc(r.rank ?? ''),
    r.isValid ? `<span class="ok">${t('hosRefValidYes')}</span>` : `<span class="error">${esc(lang === 'zh' ? r.problemsZh : r.problemsEn)}</span>`]);
  const pages = Math.max(1, Math.ceil(body.items.total / body.items.size));
  const refused = body.refusedZh ? `<p class="error">${esc(fill('hosRefRefused', { reason: lang === 'zh' ? body.refusedZh : body.refusedEn }))}</p>` : '';
  box.innerHTML = `${refused}${table(['row', 'hosRefItem', 'hosRefProposed', 'hosRefTier3', 'hosRefAtTier', 'hosRefRank', 'hosRefValid'], rows)}
    ${pages > 1 ? `<p class="hos-paging"><span class="muted">${esc(fill('hosRefPage', { n: page, m: pages, total: body.items.total }))}</span>
      ${page > 1 ? `<button type="button" data-page="${page - 1}">${t('hosRefPrev')}</button>` : ''}${page < pages ? `<button type="button" class="primary" data-page="${page + 1}">${t('hosRefNext')}</button>` : ''}</p>` : ''}`;
  box.querySelectorAll('button[data-page]').forEach(b => b.addEventListener('click', () => hosReference(campaign, Number(b.dataset.page))));
}

// The fields of an application, as the API's ApplicationForm names them; `values` pre-fills them.
function hosFormFields(values = {}) {
  const check = (name, key) => `<label class="hos-check"><input type="checkbox" name="${name}"${values[name] ? ' checked' : ''}> ${t(key)}</label>`;
  return `<label>${t('hosFormName')} <input name="proposedName" required maxlength="200" value="${esc(values.proposedName)}"></label>
    <label>${t('hosFormDescription')} <textarea name="description" required>${esc(values.description)}</textarea></label>
    <label>${t('hosFormPrice')} <input name="expectedPrice" type="number" min="0" step="0.01" inputmode="decimal" required value="${esc(values.expectedPrice)}"></label>
    <label>${t('hosFormVolume')} <input name="expectedAnnualVolume" type="number" min="0" step="1" inputmode="numeric" required value="${esc(values.expectedAnnualVolume)}"></label>
    <label>${t('hosFormCategory')} <select name="category">${['hosCategoryTreatment', 'hosCategoryDiagnosis', 'hosCategoryComposite'].map(k => `<option value="${esc(I18N.zh[k])}"${values.category === I18N.zh[k] ? ' selected' : ''}>${t(k)}</option>`).join('')}</select></label>
    <label>${t('hosFormMaps')} <select name="mapsToExistingItem"><option value="false">${t('no')}</option><option value="true"${values.mapsToExistingItem ? ' selected' : ''}>${t('yes')}</option></select></label>
    <label>${t('hosFormExisting')} <input name="existingItemCode" maxlength="40" value="${esc(values.existingItemCode)}"></label>
    <label>${t('hosFormAttachments')} <textarea name="attachments" required>${esc((values.attachments || []).join('\n'))}</textarea></label>
    ${check('highResourceUse', 'hosFormHighResource')} ${check('nationalRegionalCentreKeyService', 'hosFormCentre')} ${check('innovationFlagged', 'hosFormInnovation')}`;
}

function hosFormBody(form) {
  const f = form.elements;
  return {
    hospitalCode: me.hospital, proposedName: f.proposedName.value.trim(), description: f.description.value.trim(),
    expectedPrice: f.expectedPrice.value === '' ? null : Number(f.expectedPrice.value),
    expectedAnnualVolume: f.expectedAnnualVolume.value === '' ? null : Number(f.expectedAnnualVolume.value),
    category: f.category.value, mapsToExistingItem: f.mapsToExistingItem.value === 'true', existingItemCode: f.existingItemCode.value.trim() || null,
    attachments: f.attachments.value.split('\n').map(s => s.trim()).filter(Boolean),
    highResourceUse: f.highResourceUse.checked, nationalRegionalCentreKeyService: f.nationalRegionalCentreKeyService.checked, innovationFlagged: f.innovationFlagged.checked,
  };
}

// The latest reason an official returned the application with.
const hosReturnReason = view => (view?.timeline || []).filter(r => r.Decision === 'return').map(r => r.Comment).filter(Boolean).pop() ?? '';

// Each application's form as filed (the API gives it), to pre-fill a resubmission.
const hosForms = new Map();

// The clerk's applications with their current steps and deadlines, as a table.
async function hosApplications() {
  const list = await api('/api/new-items');
  const apps = list.body || [];
  const views = await Promise.all(apps.map(a => api(`/api/new-items/${encodeURIComponent(a.applicationId)}`)));
  const rows = apps.map((a, i) => {
    const v = views[i].ok ? views[i].body : null;
    if (v?.form) hosForms.set(a.applicationId, v.form);
    const waits = v?.progress?.openWaits || [];
    const returned = waits.some(w => w.step === 'Resubmission');
    const phase = v?.progress?.phase ?? a.status;
    const status = returned
      ? `<span class="error">${esc(term('Returned'))}</span>${hosReturnReason(v) ? `<br><span class="hos-reason">${t('hosReturnedReason')}：${esc(hosReturnReason(v))}</span>` : ''}`
      : esc(v && !['Running', 'Pending'].includes(v.runtimeStatus) ? `${t('hosEnded')} · ${term(phase)}` : term(a.status));
    return [`<a href="#/new-item/${encodeURIComponent(a.applicationId)}">${esc(a.applicationId)}</a>`, esc(a.proposedName), esc(term(a.channel || v?.progress?.channel)),
      `<span class="hos-step" data-phase="${esc(phase)}">${esc(hosSteps(phase)) || t('hosWaitingStep')}</span>`,
      esc(waits.map(w => w.dueDate).filter(Boolean).sort()[0] ?? ''), status,
      returned ? `<button type="button" class="primary" data-resubmit="${esc(a.applicationId)}" data-name="${esc(a.proposedName)}">${t('hosResubmit')}</button>` : ''];
  });
  return table(['application', 'name', 'channel', 'hosCurrentStep', 'hosStepDue', 'status', 'hosAction'], rows);
}

function hosWireResubmits(root) {
  root.querySelectorAll('button[data-resubmit]').forEach(b => b.addEventListener('click', () => hosResubmitDialog(b)));
}

// A clerk's new-items page: its applications with their steps and deadlines, the form to file one and the workbook upload beside it.
async function hosNewItems() {
  $('#view').innerHTML = `<h1>${t('newItems')}</h1>
    <section aria-labelledby="hos-apps-h"><h2 id="hos-apps-h">${t('hosApplications')}</h2><div id="hos-apps">${await hosApplications()}</div></section>
    <div class="hos-filing">
    <section aria-labelledby="hos-file-h"><h2 id="hos-file-h">${t('hosFile')}</h2>
    <form id="new-item-form" class="card hos-form">${hosFormFields()}<p><button class="primary" type="submit">${t('hosSubmit')}</button></p><p class="message" role="status"></p></form></section>
    <section aria-labelledby="hos-workbook-h"><h2 id="hos-workbook-h">${t('hosWorkbook')}</h2>
    <form id="hos-workbook-form" class="card hos-form"><p class="muted">${t('hosWorkbookHint')}</p>
      <p><a href="#" id="hos-workbook-template" data-download="/api/new-items/workbook/template" data-name="${esc(`${me.hospital}-新增项目申请模板.xlsx`)}">${t('hosWorkbookTemplate')}</a></p>
      <label>${t('chooseFile')} <input type="file" name="file" required accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"></label>
      <p><button class="primary" type="submit">${t('hosWorkbookSend')}</button></p><div id="hos-workbook-result" role="status"></div></form></section>
    </div>`;
  $('#new-item-form').addEventListener('submit', async e => {
    e.preventDefault();
    const message = e.target.querySelector('.message');
    const result = await api('/api/new-items', { method: 'POST', json: hosFormBody(e.target), headers: { 'Idempotency-Key': crypto.randomUUID() } });
    if (!result.ok) { message.innerHTML = `<span class="error">${esc(problemText(result))}</span>`; return; }
    message.innerHTML = `<span class="ok">${esc(fill('hosFiled', { id: result.body.applicationId }))}</span>`;
    hosRefreshUntil(result.body.applicationId, v => (v.progress?.openWaits || []).length > 0);
  });
  $('#hos-workbook-form').addEventListener('submit', hosUploadWorkbook);
  wireDownloads($('#hos-workbook-form'));
  hosWireResubmits($('#hos-apps'));
}

// The workbook goes to the same-origin route; its outcome is read until the upload trigger has finished with it.
async function hosUploadWorkbook(e) {
  e.preventDefault();
  const file = e.target.file.files[0];
  const out = $('#hos-workbook-result');
  if (!file) return;
  out.innerHTML = `<p class="muted">${t('hosWorkbookWaiting')}</p>`;
  const put = await api(`/api/new-items/workbook?fileName=${encodeURIComponent(file.name)}`, { method: 'PUT', body: await file.arrayBuffer() });
  if (!put.ok) { out.innerHTML = `<p class="error">${esc(problemText(put))}</p>`; return; }
  let outcome = null;
  for (let i = 0; i < 90 && !outcome?.finished; i++) {
    await new Promise(r => setTimeout(r, i < 20 ? 500 : 1500));
    const read = await api(put.body.outcome);
    if (!read.ok) { out.innerHTML = `<p class="error">${esc(problemText(read))}</p>`; return; }
    outcome = read.body;
  }
  if (!outcome?.finished) { out.innerHTML = `<p class="muted">${t('hosWorkbookSlow')}</p>`; return; }
  const started = outcome.applications.map(a => [`<a href="#/new-item/${encodeURIComponent(a.applicationId)}">${esc(a.applicationId)}</a>`, esc(a.proposedName)]);
  const problems = outcome.problems.map(p => [esc(p.row), esc(p.column), esc(p.value), esc(lang === 'zh' ? p.reasonZh : p.reasonEn)]);
  out.innerHTML = `<h3>${t('hosWorkbookStarted')}</h3>${started.length ? table(['application', 'name'], started) : `<p class="muted">${t('hosWorkbookNone')}</p>`}
    <h3>${t('hosWorkbookProblems')}</h3>${problems.length ? table(['row', 'column', 'value', 'problem'], problems) : `<p class="ok">${t('hosWorkbookClean')}</p>`}`;
  $('#hos-apps').innerHTML = await hosApplications();
  hosWireResubmits($('#hos-apps'));
}

// After a filing or a resubmission: re-read the application until the workflow has taken it, then redraw the list.
async function hosRefreshUntil(id, ready) {
  const hash = location.hash;
  for (let i = 0; i < 60 && location.hash === hash; i++) {
    await new Promise(r => setTimeout(r, i < 10 ? 500 : 1500));
    const view = await api(`/api/new-items/${encodeURIComponent(id)}`);
    if (view.ok && ready(view.body)) break;
  }
  if (location.hash === hash) await hosNewItems();
}

// The resubmission of a returned application, in a modal dialog: focus goes into it, Esc closes it.
function hosResubmitDialog(button) {
  const id = button.dataset.resubmit;
  const dialog = document.createElement('dialog');
  dialog.id = 'hos-resubmit';
  dialog.setAttribute('aria-labelledby', 'hos-resubmit-h');
  dialog.innerHTML = `<form method="dialog" class="hos-form"><h2 id="hos-resubmit-h">${esc(fill('hosResubmitTitle', { id }))}</h2>${hosFormFields(hosForms.get(id) || { proposedName: button.dataset.name })}
    <p><button class="primary" type="submit" value="send">${t('hosResubmit')}</button> <button type="button" data-role="cancel">${t('cancel')}</button></p><p class="message" role="status"></p></form>`;
  document.body.appendChild(dialog);
  dialog.addEventListener('close', () => { dialog.remove(); if (button.isConnected) button.focus(); });
  dialog.querySelector('[data-role=cancel]').addEventListener('click', () => dialog.close());
  dialog.querySelector('form').addEventListener('submit', async e => {
    e.preventDefault();
    const message = dialog.querySelector('.message');
    // Fields the form does not show (such as the hospital's name) are sent as they were filed.
    const result = await api(`/api/new-items/${encodeURIComponent(id)}/resubmission`, { method: 'POST', json: Object.assign({}, hosForms.get(id), hosFormBody(e.target)) });
    if (!result.ok) { message.innerHTML = `<span class="error">${esc(problemText(result))}</span>`; return; }
    message.innerHTML = `<span class="ok">${t('hosResubmitted')}</span>`;
    setTimeout(() => { if (dialog.open) dialog.close(); }, 400);
    hosRefreshUntil(id, v => !(v.progress?.openWaits || []).some(w => w.step === 'Resubmission') && (v.progress?.openWaits || []).length > 0);
  });
  dialog.showModal();
  dialog.querySelector('input[name=proposedName]').focus();
}

// A clerk's new-items page is its own; officials keep app.js's list.
const hosOfficialsNewItems = pages.newItems;
pages.newItems = function () {
  return me && me.hospital && !me.roles.some(r => r !== 'hospital') ? hosNewItems() : hosOfficialsNewItems();
};
