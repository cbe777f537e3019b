// The read-only dashboard: polls the diagnostics API and renders proxies, snapshot history and diffs.
// Every value from the server is written with textContent, never as HTML: NACK messages come from clients.
'use strict';

const TYPES = ['LDS', 'RDS', 'CDS', 'EDS', 'SDS'];
const state = { token: sessionStorage.getItem('xds-token') || '', a: null, b: null, timer: null };

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

async function api(path) {
  const headers = state.token ? { Authorization: 'Bearer ' + state.token } : {};
  const response = await fetch(path, { headers });
  if (response.status === 401) {
    document.getElementById('token-form').hidden = false;
    throw new Error('the server requires a bearer token');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${body && body.error ? body.error : response.statusText}`);
  return body;
}

function age(at) {
  if (!at) return '';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(at)) / 1000));
  if (seconds < 60) return seconds + ' s ago';
  if (seconds < 3600) return Math.floor(seconds / 60) + ' min ago';
  if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ago';
  return Math.floor(seconds / 86400) + ' d ago';
}

function short(version) {
  return version ? String(version).slice(0, 10) : '';
}

function protocolOf(proxy) {
  const p = proxy.protocol;
  if (p && typeof p === 'object') return [p.variant, p.transport].filter(Boolean).join(' / ');
  return [p, proxy.transport || (proxy.aggregated === true ? 'ads' : proxy.aggregated === false ? 'per-type' : null)].filter(Boolean).join(' / ');
}

function clientOf(proxy) {
  const c = proxy.client;
  if (c && typeof c === 'object') return [c.kind, c.name, c.version].filter(Boolean).join(' ');
  return c || '';
}

function typeCell(t) {
  const status = (t && t.status) || 'NOT_SENT';
  const cell = el('td');
  const badge = el('span', { className: 'status status-' + status, textContent: status.replace('_', ' ') });
  badge.dataset.status = status;
  const version = t && (t.acked ? t.acked.version : t.sent ? t.sent.version : null);
  if (version) badge.title = 'version ' + version;
  const nack = t && (t.lastError || t.lastNack);
  const when = t && (status === 'ERROR' && nack ? nack.at : t.acked ? t.acked.at : t.sent ? t.sent.at : null);
  cell.append(badge, el('span', { className: 'age', textContent: age(when) }));
  return cell;
}

function renderProxies(proxies) {
  const filter = document.getElementById('proxy-filter').value.trim().toLowerCase();
  const body = document.querySelector('#proxies tbody');
  const rows = [];
  for (const proxy of proxies) {
    const types = proxy.types || {};
    const statuses = TYPES.map(name => (types[name] && types[name].status) || 'NOT_SENT');
    const text = [proxy.nodeId, proxy.profile, ...statuses].join(' ').toLowerCase();
    if (filter && !text.includes(filter)) continue;
    const errors = TYPES.map(name => types[name] && (types[name].lastError || types[name].lastNack)).filter(Boolean);
    const lastError = errors.length ? errors.sort((x, y) => Date.parse(y.at) - Date.parse(x.at))[0].message : '';
    const row = el('tr', {},
      el('td', { className: 'mono', textContent: proxy.nodeId }),
      el('td', { className: 'mono', textContent: proxy.profile || '' }),
      el('td', { textContent: clientOf(proxy) }),
      el('td', { textContent: protocolOf(proxy) }),
      ...TYPES.map(name => typeCell(types[name])),
      el('td', { className: 'last-error', textContent: lastError }));
    row.dataset.node = proxy.nodeId;
    rows.push(row);
  }
  body.replaceChildren(...rows);
  document.getElementById('proxy-count').textContent = `(${rows.length} of ${proxies.length})`;
}

// /api/v1/errors entries with clients: what connected clients NACK, traced to the source objects.
function renderRejections(objects) {
  const rows = [];
  for (const obj of objects || []) {
    for (const error of obj.errors || []) {
      if (!Array.isArray(error.clients)) continue;
      const who = error.clients.map(c => `${c.kind}${c.version ? ' ' + c.version : ''} ×${c.count}`).join(', ');
      const r = error.rejected || {};
      rows.push(el('tr', {},
        el('td', { className: 'mono', textContent: `${obj.kind} ${obj.namespace ? obj.namespace + '/' : ''}${obj.name}` }),
        el('td', { className: 'mono', textContent: error.field || '' }),
        el('td', { textContent: who }),
        el('td', { className: 'mono', textContent: `${r.type || ''} ${r.resource || ''}`, title: r.version ? 'version ' + r.version : '' }),
        el('td', { className: 'last-error', textContent: r.message || error.message, title: age(r.at) })));
    }
  }
  document.querySelector('#rejections tbody').replaceChildren(...rows);
  document.getElementById('rejection-count').textContent = `(${rows.length})`;
  document.getElementById('rejections-section').hidden = rows.length === 0;
}

function renderSnapshots(page) {
  const body = document.querySelector('#snapshots tbody');
  const items = (page && page.items) || [];
  body.replaceChildren(...items.map(s => {
    const pick = side => {
      const input = el('input', { type: 'radio', name: 'pick-' + side, value: s.version, checked: state[side] === s.version });
      input.addEventListener('change', () => { state[side] = s.version; document.getElementById('compare').disabled = !(state.a && state.b); });
      return el('td', {}, input);
    };
    const markers = el('td');
    if (s.current) markers.append(el('span', { className: 'marker', textContent: 'current' }));
    if (s.pinned) markers.append(el('span', { className: 'marker', textContent: 'pinned' }));
    const counts = Object.entries(s.counts || {}).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
    const causes = (s.causes || []).map(c => `${c.change} ${c.kind} ${c.namespace ? c.namespace + '/' : ''}${c.name}`);
    const row = el('tr', {}, pick('a'), pick('b'),
      el('td', { className: 'mono', textContent: s.version, title: s.version }),
      el('td', { textContent: s.generation }),
      el('td', { textContent: age(s.createdAt), title: s.createdAt }),
      markers,
      el('td', { textContent: counts }),
      el('td', { textContent: causes.slice(0, 3).join('; ') + (causes.length > 3 ? ` (+${causes.length - 3} more)` : '') }));
    row.dataset.version = s.version;
    return row;
  }));
}

function renderDiff(diff) {
  const root = document.getElementById('diff');
  const blocks = [];
  for (const [profile, types] of Object.entries(diff.profiles || {})) {
    blocks.push(el('h3', { className: 'mono', textContent: profile }));
    for (const [type, change] of Object.entries(types)) {
      const list = el('ul');
      for (const name of change.added || []) list.append(el('li', { className: 'diff-added mono', textContent: `+ ${type} ${name}` }));
      for (const name of change.removed || []) list.append(el('li', { className: 'diff-removed mono', textContent: `- ${type} ${name}` }));
      for (const changed of change.changed || []) {
        const item = el('li', { className: 'diff-changed mono', textContent: `~ ${type} ${changed.name} (${short(changed.fromVersion)} → ${short(changed.toVersion)})` });
        const fields = el('ul', { className: 'diff-fields' });
        for (const f of changed.fields || []) {
          fields.append(el('li', { className: 'mono', textContent: `${f.op} ${f.path}: ${JSON.stringify(f.from ?? null)} → ${JSON.stringify(f.to ?? null)}` }));
        }
        item.append(fields);
        list.append(item);
      }
      blocks.push(list);
    }
  }
  if (!blocks.length) blocks.push(el('p', { className: 'muted', textContent: 'no differences' }));
  root.replaceChildren(...blocks);
  document.getElementById('diff-title').textContent = `${short(diff.from)} → ${short(diff.to)}`;
  document.getElementById('diff-section').hidden = false;
}

async function compare(a, b) {
  try {
    renderDiff(await api(`/api/v1/snapshots/${encodeURIComponent(a)}/diff/${encodeURIComponent(b)}`));
    showError(null);
  } catch (e) {
    showError(e.message);
  }
}

function showError(message) {
  const node = document.getElementById('error');
  node.hidden = !message;
  node.textContent = message || '';
}

async function refresh() {
  try {
    const ready = await fetch('/readyz');
    const readiness = await ready.json().catch(() => ({ checks: [] }));
    const problems = (readiness.checks || []).filter(c => c.state !== 'ok').map(c => `${c.name}: ${c.reason}`);
    const badge = document.getElementById('readiness');
    badge.textContent = (ready.ok ? 'ready' : 'not ready') + (problems.length ? ' (' + problems.join('; ') + ')' : '');
    badge.className = 'badge ' + (ready.ok ? 'ready' : 'not-ready');
    const [proxies, snapshots, errors] = await Promise.all([api('/api/v1/proxies'), api('/api/v1/snapshots?limit=50'), api('/api/v1/errors')]);
    state.proxies = Array.isArray(proxies) ? proxies : (proxies.items || []);
    renderProxies(state.proxies);
    renderRejections(errors);
    renderSnapshots(snapshots);
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    document.body.dataset.loaded = 'true';
    showError(null);
  } catch (e) {
    showError(e.message);
  }
}

function schedule() {
  clearInterval(state.timer);
  if (document.getElementById('auto').checked) state.timer = setInterval(refresh, 5000);
}

document.getElementById('token-form').addEventListener('submit', event => {
  event.preventDefault();
  state.token = document.getElementById('token').value;
  sessionStorage.setItem('xds-token', state.token);
  document.getElementById('token-form').hidden = true;
  refresh();
});
document.getElementById('proxy-filter').addEventListener('input', () => renderProxies(state.proxies || []));
document.getElementById('auto').addEventListener('change', schedule);
document.getElementById('compare').addEventListener('click', () => compare(state.a, state.b));

// A diff can be linked: /#diff=A..B
const linked = /^#diff=([0-9a-f]+)\.\.([0-9a-f]+)$/.exec(location.hash);
refresh().then(() => { if (linked) compare(linked[1], linked[2]); });
schedule();
