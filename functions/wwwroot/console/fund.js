'use strict';
// The reserve fund's pages (DOMAIN.md §3): the fund office picks a fund and a collection year, uploads the regions'
// statements (基金收支) and reads a refusal row by row; the year's contributions, notices and annual report; the ledger
// with its hash-chain check. A finance office confirms a region's transfer in a dialog, entering the arrival date and
// the voucher number. It adds itself to app.js's pages and labels; every call goes through the same API and role checks.
Object.assign(I18N.zh, {
  fundFund: '基金', fundYear: '归集年度', fundStatementYear: '核算 {year} 年度基金收支',
  fundNoYear: '该年度的归集尚未开始（每年 1 月 10 日 09:00 北京时间自动开始）。', fundStatus: '归集进度',
  fundUpload: '上传基金收支表', fundUploadHint: '工作表“基金收支”，每个统筹区一行；有任何错误时整表退回，不计算上解金额。',
  fundUploaded: '已上传 {rows} 个统筹区的基金收支。', fundRefused: '基金收支表未通过校验，请修改后重新上传：',
  fundSheet: '工作表', fundReason: '原因', fundUnconfirmed: '待确认到账', fundReminded: '已发催缴提醒', fundEscalated: '已督办',
  fundPending: '待确认', fundConfirmedBy: '确认人', fundConfirmedAt: '确认时间', fundArrival: '到账日期', fundVoucher: '凭证号', fundAction: '操作',
  fundFiles: '上解通知与年度报告', fundFile: '文件', fundNotice: '{region} 上解通知', fundAnnualReport: '年度报告',
  fundLedger: '账本', fundChain: '哈希链校验', fundIntact: '完整，共 {n} 笔', fundBroken: '失败', fundSeq: '序号', fundPosted: '记账时间',
  fundEntryYear: '核算年度', contribution: '上解', 'deficit-payout': '缺口调剂',
  fundDialogTitle: '确认调剂金到账', fundVoucherHint: '字母、数字或 -，最多 40 位', fundNeedBoth: '请填写到账日期和凭证号',
  fundSummary: '年度结果', fundCollected: '归集总额', fundBalanceBefore: '归集前余额', fundBalanceAfter: '年末余额', fundCap: '余额上限',
  fundChart: '各核算年度末调剂金余额（元）', fundUnknown: '没有该基金或年度',
  bad_arrival_date: '到账日期须在归集年度内或之后，且不晚于今天（北京时间）', bad_voucher: '凭证号须为 1–40 位字母、数字或 -',
  other_region: '只能确认本统筹区的到账', fundOwnRegion: '本统筹区',
  fundDeficits: '缺口调剂', fundDeficit: '缺口', fundFromSurplus: '累计结余弥补', fundReserveDue: '应由调剂金承担', fundReservePaid: '调剂金实付', fundGovernment: '地方政府承担',
  fundCritical: '划转大病保险',
});
Object.assign(I18N.en, {
  fundFund: 'Fund', fundYear: 'Collection year', fundStatementYear: 'statements of {year}',
  fundNoYear: 'This year\'s collection has not started (it starts on 10 January, 09:00 Beijing time).', fundStatus: 'Collection status',
  fundUpload: 'Upload the statements', fundUploadHint: 'Sheet "基金收支", one row per region; a workbook with any error is refused whole.',
  fundUploaded: 'Statements of {rows} regions uploaded.', fundRefused: 'The statements were refused; correct them and upload again:',
  fundSheet: 'Sheet', fundReason: 'Reason', fundUnconfirmed: 'Awaiting confirmation', fundReminded: 'Reminder sent', fundEscalated: 'Escalated',
  fundPending: 'Pending', fundConfirmedBy: 'Confirmed by', fundConfirmedAt: 'Confirmed at', fundArrival: 'Arrival date', fundVoucher: 'Voucher number', fundAction: 'Action',
  fundFiles: 'Notices and annual report', fundFile: 'File', fundNotice: 'Notice to {region}', fundAnnualReport: 'Annual report',
  fundLedger: 'Ledger', fundChain: 'Hash chain', fundIntact: 'intact, {n} entries', fundBroken: 'broken', fundSeq: 'No.', fundPosted: 'Posted',
  fundEntryYear: 'Statement year', contribution: 'Contribution', 'deficit-payout': 'Deficit payout',
  fundDialogTitle: 'Confirm the transfer', fundVoucherHint: 'letters, digits or -, at most 40', fundNeedBoth: 'Enter the arrival date and the voucher number',
  fundSummary: 'Outcome', fundCollected: 'Collected', fundBalanceBefore: 'Balance before', fundBalanceAfter: 'Balance after', fundCap: 'Cap',
  fundChart: 'Fund balance at the end of each statement year (yuan)', fundUnknown: 'No such fund or year',
  bad_arrival_date: 'The arrival date must be in the collection year or later and not after today (Beijing time)', bad_voucher: 'The voucher number must be 1–40 letters, digits or -',
  other_region: 'You confirm your own region\'s transfers only', fundOwnRegion: 'Your region',
  fundDeficits: 'Deficits', fundDeficit: 'Deficit', fundFromSurplus: 'From surplus', fundReserveDue: 'Reserve share due', fundReservePaid: 'Reserve paid', fundGovernment: 'Government',
  fundCritical: 'Transfers to critical-illness insurance',
});
Object.assign(TERMS.zh, { AwaitingStatements: '等待上传基金收支表', AwaitingTransfers: '等待确认到账', SettlingDeficits: '缺口调剂结算' });
Object.assign(TERMS.en, { AwaitingStatements: 'Awaiting statements', AwaitingTransfers: 'Awaiting transfers', SettlingDeficits: 'Settling deficits' });

const FUNDS = ['employees', 'residents'];
// Today's date in China, as yyyy-MM-dd (what an arrival date is compared with).
const fundToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const fundAmount = amount => amount?.value ?? amount;

// A table whose columns may be numbers (right-aligned); it scrolls inside its wrapper on a phone.
function fundTable(id, columns, rows) {
  if (!rows.length) return `<p class="muted" id="${id}">${t('none')}</p>`;
  const cls = c => c.num ? ' class="num"' : '';
  return `<div class="fund-scroll" tabindex="0"><table id="${id}"><thead><tr>${columns.map(c => `<th${cls(c)}>${esc(t(c.key))}</th>`).join('')}</tr></thead><tbody>${
    rows.map(r => `<tr${r.attrs ? ' ' + r.attrs : ''}>${r.cells.map((cell, i) => `<td${cls(columns[i])}>${cell}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

// A refused workbook's problems, one row each: sheet, row, column, value, reason.
function fundIssues(issues) {
  return `<p class="error">${t('fundRefused')}</p>${fundTable('fund-issues', [{ key: 'fundSheet' }, { key: 'row', num: true }, { key: 'column' }, { key: 'value' }, { key: 'fundReason' }],
    issues.map(i => ({ cells: [esc(i.sheetName), esc(i.rowNumber), esc(i.column), esc(i.value), esc(lang === 'zh' ? i.messageZh : i.messageEn)] })))}`;
}

function fundConfirmButton(fund, year, region, amount) {
  return `<button type="button" class="primary" data-fund-confirm data-fund="${esc(fund)}" data-year="${esc(year)}" data-region="${esc(region)}" data-amount="${esc(amount)}">${t('confirmTransfer')}</button>`;
}

// The confirmation dialog (one for the page): fund, year, region and amount as the API gave them, the arrival date and
// voucher number entered. Focus goes into it; Esc or 取消 closes it and focus returns to the button; `done` runs after
// a confirmation with the button (gone or not).
function fundOpenConfirm(button, done) {
  const { fund, year, region, amount } = button.dataset;
  let dialog = document.getElementById('fund-dialog');
  if (!dialog) {
    dialog = Object.assign(document.createElement('dialog'), { id: 'fund-dialog' });
    dialog.setAttribute('aria-labelledby', 'fund-dialog-title');
    document.body.appendChild(dialog);
  }

  dialog.innerHTML = `<form id="fund-confirm-form" novalidate><h2 id="fund-dialog-title">${t('fundDialogTitle')}</h2>
    <dl class="fund-facts"><dt>${t('fundFund')}</dt><dd id="fund-d-fund">${esc(t(fund.toLowerCase()))}</dd><dt>${t('fundYear')}</dt><dd id="fund-d-year">${esc(year)}</dd>
      <dt>${t('region')}</dt><dd id="fund-d-region">${esc(region)}</dd><dt>${t('amount')}</dt><dd id="fund-d-amount" class="num">${esc(fmtMoney(amount))}</dd></dl>
    <label>${t('fundArrival')}（${lang === 'zh' ? '北京时间' : 'Beijing time'}）<input type="date" name="arrival" required autofocus min="${esc(year)}-01-01" max="${fundToday()}"></label>
    <label>${t('fundVoucher')} <input name="voucher" required maxlength="40" autocomplete="off" aria-describedby="fund-voucher-hint"> <span class="muted" id="fund-voucher-hint">${t('fundVoucherHint')}</span></label>
    <p id="fund-d-message" role="alert"></p>
    <p><button type="submit" class="primary">${t('confirm')}</button> <button type="button" data-role="cancel">${t('cancel')}</button></p></form>`;
  let confirmed = false;
  dialog.onclose = () => { if (!confirmed && button.isConnected) button.focus(); };
  dialog.querySelector('[data-role=cancel]').addEventListener('click', () => dialog.close());
  dialog.querySelector('form').addEventListener('submit', async e => {
    e.preventDefault();
    const form = e.target;
    const message = dialog.querySelector('#fund-d-message');
    const arrivalDate = form.arrival.value; const voucherNumber = form.voucher.value.trim();
    if (!arrivalDate || !voucherNumber) { message.innerHTML = `<span class="error">${t('fundNeedBoth')}</span>`; return; }
    const result = await api(`/api/fund/${encodeURIComponent(fund.toLowerCase())}/${encodeURIComponent(year)}/transfers/${encodeURIComponent(region)}/confirm`,
      { method: 'POST', json: { arrivalDate, voucherNumber } });
    if (!result.ok) { message.innerHTML = `<span class="error">${esc(problemText(result))}</span>`; return; }
    confirmed = true;
    dialog.close();
    done(button);
  });
  dialog.showModal();
  dialog.querySelector('input[name=arrival]').focus();
}

// The tasks page's confirm buttons: once confirmed the button becomes 已确认, which takes the focus.
function fundWireTaskConfirms(root) {
  root.querySelectorAll('button[data-fund-confirm]').forEach(b => b.addEventListener('click', () => fundOpenConfirm(b, button => {
    const done = Object.assign(document.createElement('span'), { className: 'ok', textContent: t('confirmed'), tabIndex: -1 });
    button.replaceWith(done);
    done.focus();
  })));
}

// Balance at the end of each statement year, as bars with the amounts and the years on the axis.
function fundChart(entries) {
  const byYear = {};
  let running = 0;
  for (const e of [...entries].sort((a, b) => a.sequence - b.sequence)) { running += Number(fundAmount(e.amount)); byYear[e.year] = running; }
  const years = Object.keys(byYear);
  if (!years.length) return '';
  const max = Math.max(1, ...Object.values(byYear).map(Math.abs));
  const bars = years.map((y, i) => `<rect class="fund-bar" x="${i * 90 + 20}" y="${130 - 100 * Math.max(0, byYear[y]) / max}" width="40" height="${100 * Math.abs(byYear[y]) / max}"><title>${esc(y)} ${esc(fmtMoney(byYear[y]))}</title></rect>
    <text x="${i * 90 + 20}" y="${122 - 100 * Math.max(0, byYear[y]) / max}">${esc(Number(byYear[y]).toLocaleString('en-US', { maximumFractionDigits: 0 }))}</text><text x="${i * 90 + 26}" y="148">${esc(y)}</text>`).join('');
  return `<figure class="fund-chart" tabindex="0"><figcaption>${t('fundChart')}</figcaption><svg width="${Math.max(200, years.length * 90 + 40)}" height="160" role="img" aria-label="${esc(t('fundChart'))}">
    <line class="fund-axis" x1="10" x2="${years.length * 90 + 30}" y1="130" y2="130"></line>${bars}</svg></figure>`;
}

function fundFileLabel(path) {
  const notice = /^notices\/(.+)\.xlsx$/.exec(path);
  if (notice) return t('fundNotice').replace('{region}', notice[1]);
  return path === 'annual-report.xlsx' ? t('fundAnnualReport') : path;
}

pages.fund = async function fund(notice = '') {
  const query = new URLSearchParams(location.hash.split('?')[1] || '');
  const thisYear = Number(fundToday().slice(0, 4));
  const fundId = FUNDS.includes(query.get('fund')) ? query.get('fund') : 'employees';
  const year = Number(query.get('year')) || thisYear;
  const fundOffice = me.roles.includes('fund-office');
  const finance = me.roles.includes('finance-office');
  // A regional finance office confirms its own region's transfer only (the API refuses the others); one signed in for no region, any.
  const mayConfirm = region => finance && (!me.region || me.region === region);
  const [ledger, current] = await Promise.all([api(`/api/fund/${fundId}/ledger`), api(`/api/fund/${fundId}/${year}`)]);
  const entries = ledger.body?.entries || [];
  // The years offered: the last few and the next, every year the ledger has posted to (collected the year after), and the one shown.
  const years = new Set([year, thisYear + 1, ...Array.from({ length: 5 }, (_, i) => thisYear - i), ...entries.map(e => e.year + 1)]);
  const picker = `<form id="fund-pick" class="card fund-pick"><label>${t('fundFund')} <select name="fund">${FUNDS.map(f => `<option value="${f}" ${f === fundId ? 'selected' : ''}>${t(f)}</option>`).join('')}</select></label>
    <label>${t('fundYear')} <select name="year" id="fund-year">${[...years].sort((a, b) => b - a).map(y => `<option value="${y}" ${y === year ? 'selected' : ''}>${y}</option>`).join('')}</select></label>
    <span class="muted">${esc(t('fundStatementYear').replace('{year}', year - 1))}</span>${me.region ? ` <span id="fund-own-region">${t('fundOwnRegion')}: <b>${esc(me.region)}</b></span>` : ''}</form>`;

  const upload = fundOffice ? `<form id="fund-upload" class="card"><h2>${t('fundUpload')}</h2><p class="muted">${t('fundUploadHint')}</p>
    <label>${t('chooseFile')} <input type="file" name="file" accept=".xlsx"></label> <button class="primary" type="submit">${t('send')}</button>
    <div id="fund-upload-result" role="status">${notice}</div></form>` : '';

  let yearHtml;
  if (current.status === 404) yearHtml = `<p class="muted" id="fund-no-year">${t('fundNoYear')}</p>`;
  else if (!current.ok) yearHtml = `<p class="error">${esc(problemText(current))}</p>`;
  else {
    const v = current.body;
    const progress = v.progress || {};
    // Still to confirm, from the contributions (a confirmation shows there at once, in the workflow's status once it has taken it).
    const unconfirmed = (v.contributions || []).filter(c => !c.confirmed).map(c => c.region);
    const status = `<p id="fund-status">${t('fundStatus')}: <b id="fund-phase" data-phase="${esc(progress.phase ?? v.runtimeStatus)}">${esc(term(progress.phase ?? v.runtimeStatus))}</b>
      ${unconfirmed.length ? ` · ${t('fundUnconfirmed')}: <span id="fund-unconfirmed">${esc(unconfirmed.join('、'))}</span>` : ''}${progress.reminded ? ` · <span class="fund-warn">${t('fundReminded')}</span>` : ''}${progress.escalated ? ` · <span class="error">${t('fundEscalated')}</span>` : ''}</p>`;
    const s = v.summary;
    const summary = s ? `<h3>${t('fundSummary')}</h3><dl class="fund-facts fund-summary"><dt>${t('fundCap')}</dt><dd class="num">${esc(fmtMoney(s.cap))}</dd>
      <dt>${t('fundBalanceBefore')}</dt><dd class="num">${esc(fmtMoney(s.balanceBefore))}</dd><dt>${t('fundCollected')}</dt><dd class="num">${esc(fmtMoney(s.collected))}</dd>
      <dt>${t('fundBalanceAfter')}</dt><dd class="num">${esc(fmtMoney(s.balanceAfter))}</dd></dl>
      ${s.deficits?.length ? `<h3>${t('fundDeficits')}</h3>${fundTable('fund-deficits', [{ key: 'region' }, { key: 'fundDeficit', num: true }, { key: 'fundFromSurplus', num: true }, { key: 'fundReserveDue', num: true }, { key: 'fundReservePaid', num: true }, { key: 'fundGovernment', num: true }],
        s.deficits.map(d => ({ cells: [esc(d.region), ...[d.deficit, d.fromSurplus, d.reserveDue, d.reservePaid, d.government].map(x => esc(fmtMoney(x)))] })))}` : ''}
      ${s.criticalIllnessTransfers?.length ? `<h3>${t('fundCritical')}</h3>${fundTable('fund-critical', [{ key: 'region' }, { key: 'amount', num: true }],
        s.criticalIllnessTransfers.map(c => ({ cells: [esc(c.region), esc(fmtMoney(c.amount))] })))}` : ''}` : '';
    const columns = [{ key: 'region' }, { key: 'amount', num: true }, { key: 'status' }, { key: 'fundArrival' }, { key: 'fundVoucher' }, { key: 'fundConfirmedBy' }, { key: 'fundConfirmedAt' }];
    if (finance) columns.push({ key: 'fundAction' });
    const rows = (v.contributions || []).map(c => {
      const cells = [esc(c.region), esc(fmtMoney(c.amount)), c.confirmed ? `<span class="ok fund-state" tabindex="-1">${t('confirmed')}</span>` : `<span class="fund-warn fund-state" tabindex="-1">${t('fundPending')}</span>`,
        esc(c.arrivalDate), esc(c.voucherNumber), esc(c.confirmedBy), esc(fmtTime(c.confirmedAt))];
      if (finance) cells.push(c.confirmed || !mayConfirm(c.region) ? '' : fundConfirmButton(fundId, year, c.region, c.amount));
      return { attrs: `data-region="${esc(c.region)}"`, cells };
    });
    const files = (v.files || []).map(f => ({ cells: [esc(fundFileLabel(f)), `<a href="#" data-download="/api/fund/${fundId}/${year}/files/${esc(f)}" data-name="${esc(`${fundId}-${year}-${f.replace('/', '-')}`)}">${t('download')}</a>`] }));
    yearHtml = `${status}${summary}<h3>${t('contributions')}</h3>${fundTable('fund-contributions', columns, rows)}
      <h3>${t('fundFiles')}</h3>${fundTable('fund-files', [{ key: 'fundFile' }, { key: 'download' }], files)}`;
  }

  const ledgerHtml = ledger.ok
    ? `<p id="fund-chain" class="${ledger.body.intact ? 'ok' : 'error'}" data-intact="${ledger.body.intact}">${t('fundChain')}: ${ledger.body.intact ? esc(t('fundIntact').replace('{n}', entries.length)) : `${t('fundBroken')} — ${esc(ledger.body.problem)}`}
        · ${t('balance')} <b id="fund-balance">${esc(fmtMoney(ledger.body.balance))}</b></p>${fundChart(entries)}
      ${fundTable('fund-ledger', [{ key: 'fundSeq', num: true }, { key: 'fundEntryYear' }, { key: 'region' }, { key: 'kind' }, { key: 'amount', num: true }, { key: 'fundPosted' }],
        entries.map(e => ({ cells: [esc(e.sequence), esc(e.year), esc(e.region), esc(t(e.kind)), esc(fmtMoney(fundAmount(e.amount))), esc(fmtTime(e.postedAtUtc))] })))}`
    : `<p class="error">${esc(problemText(ledger))}</p>`;

  $('#view').innerHTML = `<h1>${t('fund')}</h1>${picker}${upload}
    <section class="card" id="fund-year-view"><h2>${esc(t(fundId))} · ${esc(year)}</h2>${yearHtml}</section>
    <section class="card" id="fund-ledger-view"><h2>${esc(t(fundId))} · ${t('fundLedger')}</h2>${ledgerHtml}</section>`;
  wireDownloads($('#view'));
  $('#fund-pick').addEventListener('change', e => {
    const form = e.currentTarget;
    location.hash = `#/fund?fund=${encodeURIComponent(form.fund.value)}&year=${encodeURIComponent(form.year.value)}`;
  });
  $('#view').querySelectorAll('button[data-fund-confirm]').forEach(b => b.addEventListener('click', () => fundOpenConfirm(b, async button => {
    await pages.fund();
    document.querySelector(`#fund-contributions tr[data-region="${CSS.escape(button.dataset.region)}"] .fund-state`)?.focus();
  })));
  $('#fund-upload')?.addEventListener('submit', async e => {
    e.preventDefault();
    const file = e.target.file.files[0];
    const out = $('#fund-upload-result');
    if (!file) { out.innerHTML = `<p class="error">${t('chooseFile')}</p>`; return; }
    out.innerHTML = `<p class="muted">${t('waiting')}</p>`;
    const put = await api(`/api/fund/${fundId}/${year}/statements`, { method: 'PUT', body: await file.arrayBuffer() });
    if (put.status === 400 && Array.isArray(put.body)) { out.innerHTML = fundIssues(put.body); return; }
    if (!put.ok) { out.innerHTML = `<p class="error">${put.status === 404 ? t('fundUnknown') : esc(problemText(put))}</p>`; return; }
    const done = `<p class="ok">${esc(t('fundUploaded').replace('{rows}', put.body))}</p>`;
    // The workflow computes the contributions once it hears of the statements: wait (at most about 30 s) until they show.
    for (let i = 0; i < 60; i++) {
      const view = await api(`/api/fund/${fundId}/${year}`);
      if (!view.ok || view.body.contributions?.length || view.body.progress?.phase !== 'AwaitingStatements') break;
      await new Promise(r => setTimeout(r, 500));
    }

    await pages.fund(done);
  });
};
