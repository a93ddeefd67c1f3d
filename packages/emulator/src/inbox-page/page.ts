import { INBOX_PAGE_SCRIPT } from './script.js';
import { INBOX_PAGE_CSS } from './style.js';

/** The inbox page: plain HTML, CSS and a little script polling `/__emulator/inbox`. */
export const INBOX_PAGE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务通知 · wxtpl emulator</title>
<style>${INBOX_PAGE_CSS}</style>
</head>
<body>
<header class="bar"><span class="back">‹</span>服务通知</header>
<div class="picker"><label for="user">用户</label><select id="user" aria-label="用户 openid"></select></div>
<main id="list" aria-live="polite"></main>
<script>${INBOX_PAGE_SCRIPT}</script>
</body>
</html>
`;
