// GET /admin/campaigns/:id/view: one self-contained page (no CDN, no library) that polls the
// campaign's status and draws delivered / skipped / failed over time as stacked areas in an
// inline SVG, with the numbers, the state and the time left.

/** The page's Content-Security-Policy: its own nonce'd script and style, requests to us only. */
export function campaignPagePolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The page of campaign `id` (already checked to be a campaign id: digits and a–z). */
export function campaignPage(id: string, nonce: string): string {
  // JSON with `<` escaped: nothing in it can close the script element.
  const idLiteral = JSON.stringify(id).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Campaign ${id}</title>
<style nonce="${nonce}">
  body { font: 15px/1.4 system-ui, sans-serif; margin: 24px; color: #1f2328; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  #state { display: inline-block; padding: 2px 10px; border-radius: 10px; background: #eee; }
  #state.running { background: #ddf4ff; } #state.done { background: #dafbe1; }
  #state.parked { background: #fff8c5; } #state.cancelled { background: #ffebe9; }
  dl { display: grid; grid-template-columns: repeat(6, auto); gap: 2px 16px; width: max-content; }
  dt { color: #59636e; font-size: 13px; } dd { margin: 0; font-size: 22px; font-variant-numeric: tabular-nums; }
  .delivered { color: #1a7f37; } .skipped { color: #9a6700; } .failed { color: #cf222e; }
  svg { border: 1px solid #d1d9e0; background: #fff; max-width: 100%; }
  #message { color: #cf222e; } #errors { font-size: 13px; color: #59636e; }
</style>
</head>
<body>
<h1>Campaign <code id="campaign-id"></code> <span id="state">loading</span></h1>
<p id="eta">&nbsp;</p>
<p id="message" role="alert"></p>
<dl id="numbers">
  <dt>total</dt><dt class="delivered">delivered</dt><dt class="skipped">skipped</dt>
  <dt class="failed">failed</dt><dt>in doubt</dt><dt>rate</dt>
  <dd id="total">–</dd><dd id="delivered" class="delivered">–</dd><dd id="skipped" class="skipped">–</dd>
  <dd id="failed" class="failed">–</dd><dd id="inDoubt">–</dd><dd id="rate">–</dd>
</dl>
<svg id="chart" viewBox="0 0 640 260" width="640" height="260" role="img"
  aria-label="delivered, skipped and failed over time" data-samples="0"></svg>
<p id="errors"></p>
<script nonce="${nonce}">
(() => {
  const ID = ${idLiteral};
  const POLL_MS = 1000;
  const TIMEOUT_MS = 5000;
  const MAX_SAMPLES = 400;
  const W = 640, H = 260, LEFT = 48, RIGHT = 12, TOP = 12, BOTTOM = 28;
  const KEY = 'wxtpl-admin-token';
  const SERIES = [
    ['delivered', '#2da44e'],
    ['skipped', '#d4a72c'],
    ['failed', '#cf222e'],
  ];
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const samples = [];

  // The admin token: from #token=… (a fragment never reaches a server or a log), else this tab's
  // storage, else asked for. It is taken off the address bar at once.
  const fragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fragment) {
    sessionStorage.setItem(KEY, fragment);
    history.replaceState(null, '', location.pathname + location.search);
  }
  let token = sessionStorage.getItem(KEY) || '';
  if (!token) {
    token = (prompt('Admin token (x-admin-token)') || '').trim();
    if (token) sessionStorage.setItem(KEY, token);
  }
  $('campaign-id').textContent = ID;

  function node(name, attributes, text) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  /** Users settled per second over the last 10 s of samples. */
  function pace() {
    const last = samples[samples.length - 1];
    let first = last;
    for (const sample of samples) {
      if (last.t - sample.t <= 10000) { first = sample; break; }
    }
    const settled = (s) => s.delivered + s.skipped + s.failed;
    const seconds = (last.t - first.t) / 1000;
    return seconds > 0 ? (settled(last) - settled(first)) / seconds : 0;
  }

  function draw(status) {
    const chart = $('chart');
    chart.replaceChildren();
    const t0 = samples[0].t;
    const span = Math.max(1000, samples[samples.length - 1].t - t0);
    const top = Math.max(1, status.total, ...samples.map((s) => s.delivered + s.skipped + s.failed));
    const x = (t) => LEFT + ((t - t0) / span) * (W - LEFT - RIGHT);
    const y = (n) => H - BOTTOM - (n / top) * (H - TOP - BOTTOM);
    // Axes, the total as a dashed line, and the time scale.
    chart.append(
      node('line', { x1: LEFT, y1: H - BOTTOM, x2: W - RIGHT, y2: H - BOTTOM, stroke: '#8c959f' }),
      node('line', { x1: LEFT, y1: TOP, x2: LEFT, y2: H - BOTTOM, stroke: '#8c959f' }),
      node('line', { class: 'total', x1: LEFT, y1: y(status.total), x2: W - RIGHT,
        y2: y(status.total), stroke: '#57606a', 'stroke-dasharray': '4 3' }),
      node('text', { x: LEFT - 6, y: y(status.total) + 4, 'text-anchor': 'end', 'font-size': 11 },
        String(status.total)),
      node('text', { x: LEFT - 6, y: H - BOTTOM + 4, 'text-anchor': 'end', 'font-size': 11 }, '0'),
      node('text', { x: W - RIGHT, y: H - 8, 'text-anchor': 'end', 'font-size': 11 },
        duration(span)),
      node('text', { x: LEFT, y: H - 8, 'font-size': 11 }, '0 s'),
    );
    // Stacked areas: delivered at the bottom, then skipped, then failed. Their top edges are drawn
    // after, delivered's last, so a band of zero does not hide the one below it.
    let below = samples.map(() => 0);
    const edges = [];
    SERIES.forEach(([name, color], index) => {
      const above = samples.map((s, i) => below[i] + s[name]);
      const upper = samples.map((s, i) => x(s.t).toFixed(1) + ',' + y(above[i]).toFixed(1));
      const lower = samples
        .map((s, i) => x(s.t).toFixed(1) + ',' + y(below[i]).toFixed(1))
        .reverse();
      const last = samples[samples.length - 1][name];
      chart.append(
        node('polygon', { class: 'area ' + name, points: upper.concat(lower).join(' '),
          fill: color, 'fill-opacity': 0.35, 'data-count': last }),
        node('text', { class: 'label ' + name, x: LEFT + 8, y: TOP + 14 + index * 16,
          'font-size': 12, fill: color }, name + ' ' + last),
      );
      edges.unshift(node('polyline', { class: 'line ' + name, points: upper.join(' '),
        fill: 'none', stroke: color, 'stroke-width': 2 }));
      below = above;
    });
    chart.append(...edges);
    chart.append(node('text', { class: 'label state', x: W - RIGHT - 4, y: TOP + 14,
      'text-anchor': 'end', 'font-size': 12 }, status.state));
    for (const [name] of SERIES) chart.dataset[name] = String(status[name]);
    chart.dataset.total = String(status.total);
    chart.dataset.state = status.state;
    chart.dataset.samples = String(samples.length);
  }

  function show(status) {
    const state = $('state');
    state.textContent = status.state;
    state.className = status.state;
    for (const name of ['total', 'delivered', 'skipped', 'failed', 'inDoubt']) {
      $(name).textContent = String(status[name]);
    }
    const rate = pace();
    $('rate').textContent = rate.toFixed(1) + '/s';
    const settled = status.delivered + status.skipped + status.failed;
    let eta;
    if (status.state === 'done') {
      eta = 'done in ' + duration((status.finishedAt ?? Date.now()) - status.createdAt);
    } else if (status.state === 'cancelled') {
      eta = 'cancelled: ' + settled + ' of ' + status.total + ' settled';
    } else if (status.state === 'parked' && status.resumeAt) {
      eta = 'parked (daily quota spent) until ' + new Date(status.resumeAt).toLocaleString();
    } else if (rate > 0) {
      const left = duration(((status.total - settled) / rate) * 1000);
      eta = 'about ' + left + ' left' + (status.planned ? '' : ' (audience still being read)');
    } else {
      eta = 'time left: measuring…';
    }
    $('eta').textContent = eta;
    const errors = Object.entries(status.byError || {});
    $('errors').textContent = errors.length
      ? 'failed by error: ' + errors.map(([code, n]) => code + ' × ' + n).join(', ')
      : '';
    draw(status);
  }

  function record(status) {
    const now = Date.now();
    // The first point: the campaign's start, when nothing was settled yet.
    if (samples.length === 0 && status.createdAt < now) {
      samples.push({ t: status.createdAt, delivered: 0, skipped: 0, failed: 0 });
    }
    samples.push({ t: now, delivered: status.delivered, skipped: status.skipped, failed: status.failed });
    // A long campaign: keep every other old sample, the shape stays and memory is bounded.
    if (samples.length > MAX_SAMPLES) {
      const kept = samples.filter((_, i) => i % 2 === 0 || i === samples.length - 1);
      samples.splice(0, samples.length, ...kept);
    }
  }

  let failures = 0;
  async function poll() {
    let response;
    try {
      response = await fetch('/admin/campaigns/' + encodeURIComponent(ID), {
        headers: { 'x-admin-token': token },
        cache: 'no-store',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      failures += 1;
      $('message').textContent = 'the server did not answer; trying again';
      setTimeout(poll, Math.min(30000, POLL_MS * 2 ** failures));
      return;
    }
    failures = 0;
    if (response.status === 403) {
      sessionStorage.removeItem(KEY);
      $('message').textContent = 'wrong admin token: open the page again with #token=…';
      return;
    }
    if (response.status === 404) {
      $('message').textContent = 'no such campaign (or campaigns are off on this server)';
      return;
    }
    if (!response.ok) {
      $('message').textContent = 'the server answered ' + response.status + '; trying again';
      setTimeout(poll, POLL_MS * 5);
      return;
    }
    $('message').textContent = '';
    const status = await response.json();
    record(status);
    show(status);
    if (status.state !== 'done' && status.state !== 'cancelled') setTimeout(poll, POLL_MS);
  }
  if (token) poll();
  else $('message').textContent = 'no admin token: open the page with #token=…';
})();
</script>
</body>
</html>
`;
}
