/** The inbox page's CSS: WeChat's "service notifications" look. */
export const INBOX_PAGE_CSS = `
:root { color-scheme: light; --bg: #ededed; --card: #fff; --text: #191919; --muted: #8c8c8c;
  --line: #e5e5e5; --green: #07c160; }
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.5 -apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB",
  "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif; }
.bar { position: sticky; top: 0; z-index: 1; display: flex; align-items: center; justify-content: center;
  height: 48px; background: var(--bg); border-bottom: 1px solid #dcdcdc; font-size: 17px; font-weight: 600; }
.bar .back { position: absolute; left: 16px; font-size: 22px; font-weight: 400; color: var(--text); }
.picker { display: flex; gap: 8px; align-items: center; max-width: 560px; margin: 12px auto 0; padding: 0 16px;
  color: var(--muted); font-size: 13px; }
.picker select { flex: 1; min-width: 0; padding: 6px 8px; border: 1px solid #d6d6d6; border-radius: 6px;
  background: #fff; color: var(--text); font: inherit; }
main { max-width: 560px; margin: 0 auto; padding: 4px 16px 40px; }
.time { margin: 20px 0 10px; text-align: center; color: #b2b2b2; font-size: 12px; }
.card { background: var(--card); border-radius: 8px; overflow: hidden; }
.card-app { display: flex; align-items: center; gap: 8px; padding: 14px 18px 0; color: var(--muted); font-size: 13px; }
.app-icon { width: 20px; height: 20px; border-radius: 50%; flex: none;
  background: radial-gradient(circle at 35% 35%, #8ee0b0, var(--green)); }
.card-body { padding: 10px 18px 16px; }
.card-title { margin: 0; font-size: 17px; font-weight: 600; line-height: 1.4; }
.card-date { margin-top: 2px; color: var(--muted); font-size: 13px; }
.emphasis { margin: 18px 0 6px; text-align: center; }
.emphasis-name { color: var(--muted); font-size: 13px; }
.emphasis-value { margin-top: 2px; font-size: 30px; font-weight: 500; line-height: 1.25; word-break: break-all; }
.keywords { margin: 14px 0 0; padding: 0; }
.kw { display: flex; gap: 16px; margin-top: 6px; font-size: 14px; }
.kw dt { flex: none; width: 5.5em; color: var(--muted); }
.kw dd { flex: 1; margin: 0; min-width: 0; word-break: break-all; white-space: pre-wrap; }
.card-link { display: flex; align-items: center; justify-content: space-between; gap: 12px;
  padding: 12px 18px; border-top: 1px solid var(--line); font-size: 14px; }
.card-link .page { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  text-align: right; color: #b2b2b2; font-size: 12px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.card-link .chevron { color: #c7c7c7; font-size: 18px; line-height: 1; }
.card-link.none { color: var(--muted); }
.card-link .badge { flex: none; padding: 0 6px; border-radius: 3px; background: #fff3e0; color: #fa9d3b;
  font-size: 11px; line-height: 18px; }
.empty { margin-top: 80px; text-align: center; color: #b2b2b2; }
`;
