/**
 * The inbox page's script: polls the control plane and renders one card per message. Every value
 * is set with textContent, never as HTML, so message data cannot inject markup.
 */
export const INBOX_PAGE_SCRIPT = `
(function () {
  var POLL_MS = 1000;
  var picker = document.getElementById('user');
  var list = document.getElementById('list');
  var params = new URLSearchParams(location.search);
  var selected = params.get('appid') && params.get('openid')
    ? params.get('appid') + ' ' + params.get('openid') : '';
  var lastRendered = '';
  var timer;
  var COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function pad(n) { return n < 10 ? '0' + n : String(n); }
  // WeChat shows every time in Beijing time (UTC+8), whatever the zone of the browser.
  function beijing(ms) { return new Date(ms + 8 * 3600 * 1000); }
  function formatTime(ms) {
    var d = beijing(ms);
    return (d.getUTCMonth() + 1) + '月' + d.getUTCDate() + '日 ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  }
  function formatDate(ms) {
    var d = beijing(ms);
    return d.getUTCFullYear() + '年' + (d.getUTCMonth() + 1) + '月' + d.getUTCDate() + '日';
  }
  function colored(node, color) {
    if (COLOR.test(color || '')) node.style.color = color;
    return node;
  }

  var OPEN_LABEL = { zh_CN: '进入小程序查看', zh_HK: '進入小程式查看', zh_TW: '進入小程式查看', en_US: 'View in Mini Program' };
  var STATE_BADGE = { developer: '开发版', trial: '体验版' };

  // Subscribe cards: "进入小程序查看" in the send's language, a badge for develop and trial versions.
  function subscribeFooter(message) {
    var link = el('footer', 'card-link');
    link.appendChild(el('span', 'open', OPEN_LABEL[message.lang] || OPEN_LABEL.zh_CN));
    var badge = STATE_BADGE[message.miniprogram_state];
    if (badge) link.appendChild(el('span', 'badge', badge));
    link.appendChild(el('span', 'page', message.page || ''));
    link.appendChild(el('span', 'chevron', '›'));
    return link;
  }

  function templateFooter(message) {
    var link = el('footer', message.page ? 'card-link' : 'card-link none');
    link.appendChild(el('span', 'open', message.page ? '进入小程序查看' : '无跳转页面'));
    if (message.page) {
      link.appendChild(el('span', 'page', message.page));
      link.appendChild(el('span', 'chevron', '›'));
    }
    return link;
  }

  function renderCard(message) {
    var subscribe = message.kind === 'subscribe';
    var card = el('article', subscribe ? 'card subscribe' : 'card');
    card.dataset.id = String(message.id);
    card.dataset.kind = subscribe ? 'subscribe' : 'template';
    var app = el('div', 'card-app');
    app.appendChild(el('span', 'app-icon'));
    app.appendChild(el('span', 'app-name', message.appid));
    card.appendChild(app);
    var body = el('div', 'card-body');
    body.appendChild(el('h2', 'card-title', message.title));
    body.appendChild(el('div', 'card-date', formatDate(message.receivedAt)));
    var emphasisIndex = -1;
    var match = /^keyword(\\d+)\\.DATA$/.exec(message.emphasis_keyword || '');
    if (match) emphasisIndex = Number(match[1]) - 1;
    var emphasised = message.keywords[emphasisIndex];
    if (emphasised) {
      var emphasis = el('div', 'emphasis');
      emphasis.appendChild(el('div', 'emphasis-name', emphasised.name));
      emphasis.appendChild(colored(el('div', 'emphasis-value', emphasised.value), emphasised.color));
      body.appendChild(emphasis);
    }
    var keywords = el('dl', 'keywords');
    message.keywords.forEach(function (keyword, index) {
      if (index === emphasisIndex) return;
      var row = el('div', 'kw');
      row.appendChild(el('dt', '', keyword.name));
      row.appendChild(colored(el('dd', '', keyword.value), keyword.color));
      keywords.appendChild(row);
    });
    body.appendChild(keywords);
    card.appendChild(body);
    card.appendChild(subscribe ? subscribeFooter(message) : templateFooter(message));
    return card;
  }

  function render(messages) {
    var key = selected + '|' + messages.map(function (m) { return m.id; }).join(',');
    if (key === lastRendered) return;
    var sameUser = lastRendered.split('|')[0] === selected;
    var nearBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 80;
    lastRendered = key;
    list.textContent = '';
    if (messages.length === 0) {
      list.appendChild(el('p', 'empty', '暂无服务通知'));
      return;
    }
    messages.forEach(function (message) {
      list.appendChild(el('div', 'time', formatTime(message.receivedAt)));
      list.appendChild(renderCard(message));
    });
    document.body.dataset.messages = String(messages.length);
    // Like a chat, the newest notification is at the bottom: follow it unless the reader scrolled up.
    if (!sameUser || nearBottom) window.scrollTo(0, document.body.scrollHeight);
  }

  function renderUsers(users) {
    if (!selected && users.length > 0) {
      var withMessages = users.filter(function (u) { return u.messages > 0; });
      var first = withMessages[0] || users[0];
      selected = first.appid + ' ' + first.openid;
    }
    var options = users.map(function (u) {
      return { value: u.appid + ' ' + u.openid, label: u.openid + ' · ' + u.appid + ' (' + u.messages + ')' };
    });
    if (selected && !options.some(function (o) { return o.value === selected; })) {
      var parts = selected.split(' ');
      options.unshift({ value: selected, label: parts[1] + ' · ' + parts[0] });
    }
    var signature = options.map(function (o) { return o.value + '=' + o.label; }).join('|');
    if (picker.dataset.signature === signature) return;
    picker.dataset.signature = signature;
    picker.textContent = '';
    if (options.length === 0) picker.appendChild(el('option', '', '（还没有用户）'));
    options.forEach(function (o) {
      var option = el('option', '', o.label);
      option.value = o.value;
      option.selected = o.value === selected;
      picker.appendChild(option);
    });
  }

  function fetchJson(url) {
    return fetch(url, { cache: 'no-store' }).then(function (r) { return r.json(); });
  }

  function poll() {
    fetchJson('/__emulator/users').then(function (data) {
      renderUsers(data.users || []);
      if (!selected) { render([]); return; }
      var parts = selected.split(' ');
      return fetchJson('/__emulator/inbox?appid=' + encodeURIComponent(parts[0]) +
        '&openid=' + encodeURIComponent(parts[1])).then(function (inbox) {
        render(inbox.messages || []);
      });
    }).catch(function () { /* emulator restarting: try again next tick */ })
      .then(schedule);
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(poll, POLL_MS);
  }

  picker.addEventListener('change', function () {
    selected = picker.value;
    var parts = selected.split(' ');
    history.replaceState(null, '', '?appid=' + encodeURIComponent(parts[0]) + '&openid=' + encodeURIComponent(parts[1]));
    lastRendered = '';
    poll();
  });
  poll();
})();
`;
