'use strict';
// The audit search (issue 20): the office head and the price office look up who did what, when and on which instance.
// The API decides who may search; another role opening #/audit reads its refusal. It adds itself to app.js's pages
// and labels; every call goes through the same API and role checks.
Object.assign(I18N.zh, {
  audit: '审计日志', audTitle: '审计日志查询', audWho: '操作人（用户名）', audAction: '操作', audAllActions: '全部操作',
  audInstance: '对象编号（以 * 结尾可按开头匹配）', audFrom: '起始日期（北京时间）', audTo: '截止日期（北京时间）', audDatesHint: '不填日期时查询最近 366 天；一次最多 366 天。', audPageSize: '每页条数',
  audSearch: '查询', audNext: '下一页', audPrev: '上一页', audWhen: '时间（北京时间）', audWhoCol: '操作人', audInstanceCol: '对象', audDetails: '详情',
  audPage: '第 {n} 页', audOrder: '记录按对象编号排列，同一对象内最新在前。', audShortPage: '本页已读完一段记录，后面可能还有，请点“下一页”。',
  audGroupCampaign: '全部批次操作', audGroupBid: '全部报价操作', audGroupNewItem: '全部新增项目操作', audGroupReview: '全部年度评估操作', audGroupFund: '全部调剂金操作',
  bad_page_size: '每页条数须为 1–200', bad_who: '操作人须为 1–128 个字符', bad_action: '操作代码无效', bad_instance: '对象编号只能含字母、数字、- 和 _（可以 * 结尾），最多 63 位',
  bad_date: '日期须为 2000–2100 年间的有效日期', bad_date_range: '起始日期不能晚于截止日期', date_range_too_long: '一次最多查询 366 天，请缩小日期范围',
  bad_continuation: '翻页标记无效，请重新查询',
});
Object.assign(I18N.en, {
  audit: 'Audit trail', audTitle: 'Search the audit trail', audWho: 'User id', audAction: 'Action', audAllActions: 'All actions',
  audInstance: 'Instance id (end with * to match its start)', audFrom: 'From (Beijing time)', audTo: 'To (Beijing time)', audDatesHint: 'Without dates, the last 366 days; at most 366 days at once.', audPageSize: 'Per page',
  audSearch: 'Search', audNext: 'Next page', audPrev: 'Previous page', audWhen: 'When (Beijing time)', audWhoCol: 'Who', audInstanceCol: 'Instance', audDetails: 'Details',
  audPage: 'Page {n}', audOrder: 'Entries are ordered by instance id, newest first within an instance.', audShortPage: 'This page read one stretch of the trail; there may be more: press "Next page".',
  audGroupCampaign: 'All campaign actions', audGroupBid: 'All bid actions', audGroupNewItem: 'All new-item actions', audGroupReview: 'All annual-review actions', audGroupFund: 'All reserve-fund actions',
  bad_page_size: 'Page size must be 1–200', bad_who: 'User id must be 1–128 characters', bad_action: 'Not an action code', bad_instance: 'Instance id: letters, digits, - and _ (may end with *), at most 63',
  bad_date: 'Dates must be real dates in 2000–2100', bad_date_range: 'From is after to', date_range_too_long: 'At most 366 days at once: narrow the dates',
  bad_continuation: 'The page token is not valid: search again',
});

// Every action code the app writes (grep RecordAsync / RecordOnceAsync), as officials read it.
const AUD_ACTIONS = {
  'campaign.scope.upload': ['上传批次范围表', 'Scope workbook uploaded'],
  'campaign.start': ['启动批次', 'Campaign started'],
  'campaign.start.refused': ['启动批次被拒（编号已占用）', 'Campaign start refused (id taken)'],
  'campaign.round.extend': ['延长报价轮次', 'Round extended'],
  'bid.upload-url': ['申领报价上传地址', 'Bid upload URL issued'],
  'bid.upload': ['上传报价表', 'Bid workbook uploaded'],
  'newitem.submit': ['提交新增项目申请', 'New-item application submitted'],
  'newitem.resubmit': ['退回后重新提交', 'Application resubmitted'],
  'newitem.decision': ['新增项目审核决定', 'New-item decision'],
  'newitem.upload-url': ['申领申请附件上传地址', 'Attachment upload URL issued'],
  'newitem.catalogue': ['上传项目目录', 'Catalogue uploaded'],
  'newitem.positions': ['保存机构市场调节价情况', 'Market-regulated positions saved'],
  'review.indicators': ['上传年度评估指标', 'Review indicators uploaded'],
  'review.campaign.confirm': ['确认启动调价批次', 'Campaign confirmed from review'],
  'review.campaign.decline': ['不启动调价批次', 'Campaign declined from review'],
  'fund.statements': ['上传基金收支表', 'Fund statements uploaded'],
  'fund.transfer.confirm': ['确认调剂金到账', 'Transfer confirmed'],
  'monitoring.next-scope': ['起草下一批次范围表', 'Next scope drafted'],
  'simulation.workbook.upload': ['上传模拟测算报价表', 'Simulation workbook uploaded'],
};
const AUD_GROUPS = [['campaign.*', 'audGroupCampaign'], ['bid.*', 'audGroupBid'], ['newitem.*', 'audGroupNewItem'], ['review.*', 'audGroupReview'], ['fund.*', 'audGroupFund']];
// The server writes an entry's details in English; on a Chinese page the known shapes read in Chinese, ids and
// names as written. A refused start's details are the server's English message: shown on the English page only.
const AUD_DETAILS = [
  [/^round window (\d+) s$/, m => `报价窗口 ${m[1]} 秒`],
  [/^round window default s$/, () => '报价窗口：默认'],
  [/^round (\d) by (\d+) s$/, m => `第 ${m[1]} 轮延长 ${m[2]} 秒`],
  [/^(\d+) bytes$/, m => `${m[1]} 字节`],
  [/^(\d+) items$/, m => `${m[1]} 个项目`],
  [/^(\d+) hospitals$/, m => `${m[1]} 家机构`],
  [/^(\d+) leagues\/cities; triggered: (.*)$/, m => `${m[1]} 个盟市；触发：${m[2] || '无'}`],
  [/^(\S+): (\d+) items, (.*)$/, m => `${m[1]}：${m[2]} 个项目，盟市 ${m[3]}`],
  [/^(\S+) until (\S+)$/, m => `${m[1]}，有效至 ${fmtTime(m[2])}`],
  [/^(\S+) ([\w-]+) as ([\w-]+): (.*)$/s, m => `${m[1]} ${t(m[2])}（${term(m[3])}）：${m[4]}`],
];
function audDetails(entry) {
  const text = entry.details ?? '';
  if (lang !== 'zh') return text;
  if (entry.action === 'campaign.start.refused') return '—';
  for (const [pattern, read] of AUD_DETAILS) {
    const m = text.match(pattern);
    if (m) return read(m);
  }
  return text;
}
const audLabel = (map, code) => map[code]?.[lang === 'zh' ? 0 : 1] ?? code;
// The API's default page size is 50 and its largest 200.
const AUD_PAGE_SIZES = [20, 50, 100, 200];
const AUD_DEFAULT_PAGE_SIZE = 50;

// Where an entry's instance has a page: a campaign's actions name the campaign, a new-item action the application.
function audInstanceLink(entry) {
  const id = entry.instance;
  if (/^(campaign|bid|monitoring)\./.test(entry.action)) return `<a href="#/campaign/${encodeURIComponent(id)}">${esc(id)}</a>`;
  if (/^newitem\.(submit|resubmit|decision)$/.test(entry.action)) return `<a href="#/new-item/${encodeURIComponent(id)}">${esc(id)}</a>`;
  return esc(id);
}

function audForm() {
  const options = [`<option value="">${t('audAllActions')}</option>`,
    ...AUD_GROUPS.map(([code, key]) => `<option value="${esc(code)}">${esc(t(key))}</option>`),
    ...Object.keys(AUD_ACTIONS).map(code => `<option value="${esc(code)}">${esc(audLabel(AUD_ACTIONS, code))}</option>`)].join('');
  return `<form id="aud-form" class="card aud-form">
    <label>${t('audWho')} <input name="who" maxlength="128" autocomplete="off"></label>
    <label>${t('audAction')} <select name="action">${options}</select></label>
    <label>${t('audInstance')} <input name="instance" maxlength="64" pattern="[A-Za-z0-9][A-Za-z0-9_\\-]*\\*?" autocomplete="off"></label>
    <label>${t('audFrom')} <input type="date" name="from" min="2000-01-01" max="2100-12-31"></label>
    <label>${t('audTo')} <input type="date" name="to" min="2000-01-01" max="2100-12-31"></label>
    <label>${t('audPageSize')} <select name="pageSize">${AUD_PAGE_SIZES.map(n => `<option value="${n}"${n === AUD_DEFAULT_PAGE_SIZE ? ' selected' : ''}>${n}</option>`).join('')}</select></label>
    <p class="muted aud-hint">${t('audDatesHint')}</p>
    <button class="primary" type="submit">${t('audSearch')}</button></form><div id="aud-results" aria-live="polite"></div>`;
}

function audRows(entries) {
  const sorted = [...entries].sort((a, b) => a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : (b.at < a.at ? -1 : 1));
  // Each cell carries its column's name, which a phone shows beside the value (audit.css).
  const columns = { when: 'audWhen', who: 'audWhoCol', action: 'audAction', instance: 'audInstanceCol', details: 'audDetails' };
  return `<div class="aud-scroll" tabindex="0"><table class="aud-table" id="aud-table"><thead><tr>${Object.values(columns).map(label => `<th>${esc(t(label))}</th>`).join('')}</tr></thead><tbody>${
    sorted.map(e => `<tr data-action="${esc(e.action)}">${[
      ['when', esc(fmtTime(e.at))],
      ['who', `${esc(e.user)}<span class="aud-roles">${esc((e.roles || []).map(term).join('、'))}</span>`],
      ['action', esc(audLabel(AUD_ACTIONS, e.action))],
      ['instance', audInstanceLink(e)],
      ['details', esc(audDetails(e))],
    ].map(([k, html]) => `<td data-k="${k}" data-label="${esc(t(columns[k]))}"><span class="aud-v">${html}</span></td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
}

pages.audit = async function audit() {
  const generation = renderGeneration;
  // The tokens of the pages shown so far: the last is the current page's, so 上一页 goes back one.
  let tokens = [null];
  let query = new URLSearchParams();
  // Only the latest search's answer is shown: an earlier one arriving late is dropped.
  let searches = 0;

  async function show() {
    const search = ++searches;
    const params = new URLSearchParams(query);
    const token = tokens[tokens.length - 1];
    if (token) params.set('continuation', token);
    const result = await api(`/api/audit?${params}`);
    if (generation !== renderGeneration || search !== searches) return;
    if (result.status === 403) { $('#view').innerHTML = `<h1>${t('audTitle')}</h1><p class="error" id="aud-forbidden">${esc(problemText(result))}</p>`; return; }
    const out = $('#aud-results');
    Object.assign(out.dataset, { query: query.toString(), page: tokens.length });
    if (!result.ok) { out.innerHTML = `<p class="error" id="aud-error">${esc(problemText(result))}</p>`; return; }
    const { entries, continuation } = result.body;
    const short = continuation && entries.length < Number(query.get('pageSize') ?? AUD_DEFAULT_PAGE_SIZE);
    out.innerHTML = `<p class="muted">${esc(fill('audPage', { n: tokens.length }))} · ${t('audOrder')}</p>
      ${entries.length ? audRows(entries) : `<p class="muted" id="aud-none">${t('none')}</p>`}
      ${short ? `<p class="muted">${t('audShortPage')}</p>` : ''}
      <p class="aud-paging">${tokens.length > 1 ? `<button type="button" id="aud-prev">${t('audPrev')}</button>` : ''}
      ${continuation ? `<button type="button" class="primary" id="aud-next">${t('audNext')}</button>` : ''}</p>`;
    out.querySelector('#aud-next')?.addEventListener('click', () => { tokens.push(continuation); show(); });
    out.querySelector('#aud-prev')?.addEventListener('click', () => { tokens.pop(); show(); });
  }

  $('#view').innerHTML = `<h1>${t('audTitle')}</h1>${audForm()}`;
  $('#aud-form').addEventListener('submit', e => {
    e.preventDefault();
    query = new URLSearchParams();
    for (const name of ['who', 'action', 'instance', 'from', 'to', 'pageSize']) {
      const value = e.target[name].value.trim();
      if (value) query.set(name, value);
    }
    tokens = [null];
    show();
  });
  await show();
};
