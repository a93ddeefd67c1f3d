// @ts-check
// What the pages say about a subscribe popup's outcome.

/** @typedef {import('@wxtpl/miniprogram-sdk').ReportFormSubmitDetail} SubmitDetail */

/** @type {Record<string, string>} */
const RESULT_TEXT = {
  accept: '已订阅',
  reject: '未订阅',
  ban: '已被微信封禁',
  filter: '已被过滤',
};

/**
 * One line about the popup that came with a `<report-form subscribe>` submit; '' when none was
 * asked. A failure tells the user what to do when there is something (20004: the main switch).
 * @param {SubmitDetail} detail
 * @param {string} what the templates asked for, e.g. 「预约提醒」
 */
function subscribeOutcome(detail, what) {
  const error = detail.subscribeError;
  if (error) return `${what}订阅失败：${error.hint ? error.hint.zh : error.zh}`;
  const results = detail.subscriptions;
  if (!results) return '';
  const answers = Object.values(results);
  if (answers.length === 0) return '';
  const accepted = answers.filter((result) => result === 'accept').length;
  if (accepted === answers.length) return `${what}${RESULT_TEXT.accept}`;
  if (accepted === 0) return `${what}${RESULT_TEXT[answers[0] ?? 'reject'] ?? RESULT_TEXT.reject}`;
  return `${what}部分订阅（${accepted}/${answers.length}）`;
}

/**
 * What a kept choice (`itemSettings`) means for the user.
 * @param {string | undefined} kept
 */
function keptChoiceText(kept) {
  if (kept === 'accept') return '总是接收';
  if (kept === 'reject') return '总是拒绝';
  if (kept === 'ban') return '已被微信封禁';
  return '每次询问';
}

module.exports = { subscribeOutcome, keptChoiceText };
