// The dashboard page: plain JavaScript, no framework. Every value from the cluster reaches
// the page through textContent (el() below), never through innerHTML, so a message body
// holding markup shows as text.
'use strict';

const state = { readOnly: true, refresh: null, sampleIntervalMs: 5000 };

// el('td', {className: 'num', id: 'x'}, 'text', child, ...): strings become text nodes.
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === 'className') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return node;
}

function table(headers, rows, id) {
  const head = el('tr', {}, ...headers.map((h) => el('th', { text: h })));
  const t = el('table', id ? { id } : {}, el('thead', {}, head));
  const body = el('tbody');
  for (const row of rows) {
    body.append(el('tr', {}, ...row.map((cell) =>
      cell instanceof Node ? el('td', {}, cell)
        : el('td', typeof cell === 'number' ? { className: 'num' } : {}, cell === null || cell === undefined ? '' : String(cell)))));
  }
  t.append(body);
  return t;
}

function link(hash, text) { return el('a', { href: hash }, text); }
function fmtTps(v) { return v === undefined ? '–' : Number(v).toFixed(1); }
function fmtTime(ms) { return ms > 0 ? new Date(ms).toLocaleString() : '–'; }

function showError(message) {
  const box = document.getElementById('error');
  box.textContent = message || '';
  box.hidden = !message;
}

function errorBox(message) { return el('div', { className: 'error' }, message); }

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  };
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    throw new Error('the dashboard server does not answer: ' + e.message);
  }
  let data;
  try {
    data = await response.json();
  } catch (e) {
    throw new Error(path + ': HTTP ' + response.status + ', not JSON');
  }
  if (!response.ok) throw new Error(data.error || ('HTTP ' + response.status));
  return data;
}

function setView(...nodes) {
  const view = document.getElementById('view');
  view.replaceChildren(...nodes);
}

// A byte count from the broker (a decimal string), in MiB; '–' when the broker has none.
function fmtMiB(bytes) {
  if (!bytes) return '–';
  return (Number(bytes) / 1048576).toFixed(1) + ' MiB';
}

// --- Cluster overview

async function overview() {
  const data = await api('/api/cluster');
  const rows = data.brokers.map((b) => [
    b.cluster, b.brokerName, b.brokerId, b.addr, b.role || '', b.version || '',
    b.inTps === undefined ? '–' : fmtTps(b.inTps), b.outTps === undefined ? '–' : fmtTps(b.outTps),
    b.commitLogDiskRatio === undefined ? '–' : (b.commitLogDiskRatio * 100).toFixed(1) + ' %',
    fmtMiB(b.memoryAnonymousBytes), fmtMiB(b.memoryFileBackedBytes),
    b.msgPutTotalTodayNow || '', b.msgGetTotalTodayNow || '',
    b.error ? el('span', { className: 'error' }, b.error.error) : (b.runtime || ''),
  ]);
  setView(
    el('h2', { text: 'Brokers' }),
    table(['cluster', 'broker', 'id', 'address', 'role', 'version', 'TPS in', 'TPS out',
      'disk used', 'own memory', 'mapped files in memory', 'stored today', 'delivered today',
      'runtime'], rows, 'brokers-table'),
    el('p', { className: 'muted' }, 'TPS is measured by the dashboard between samples; it appears after the second sample.'));
}

// --- Topics

async function topics() {
  const data = await api('/api/topics');
  const showAll = sessionStorage.getItem('showSystemTopics') === '1';
  const toggle = el('input', { type: 'checkbox', id: 'show-system' });
  toggle.checked = showAll;
  toggle.addEventListener('change', () => {
    sessionStorage.setItem('showSystemTopics', toggle.checked ? '1' : '0');
    route();
  });
  const rows = data.topics.filter((t) => showAll || t.kind === 'normal')
    .map((t) => [link('#/topic/' + encodeURIComponent(t.topic), t.topic), t.kind]);
  setView(topicForm(''),
    el('label', {}, toggle, ' show retry, dead-letter and system topics'),
    table(['topic', 'kind'], rows, 'topics-table'));
}

function topicForm(topic) {
  if (state.readOnly) return el('p', { className: 'notice' }, 'Read-only: topics cannot be created or changed here.');
  const name = el('input', { id: 'topic-name', required: 'required', value: topic });
  const read = el('input', { id: 'topic-read', type: 'number', min: 1, max: 1024, value: 8 });
  const write = el('input', { id: 'topic-write', type: 'number', min: 1, max: 1024, value: 8 });
  const perm = el('select', { id: 'topic-perm' }, el('option', { value: 6 }, '6 read+write'),
    el('option', { value: 4 }, '4 read'), el('option', { value: 2 }, '2 write'));
  const cluster = el('input', { id: 'topic-cluster', placeholder: '(the only cluster)' });
  const result = el('span', { id: 'topic-result' });
  const form = el('form', { id: 'topic-form' },
    el('label', {}, 'topic', name), el('label', {}, 'cluster', cluster),
    el('label', {}, 'read queues', read), el('label', {}, 'write queues', write),
    el('label', {}, 'permission', perm), el('button', { type: 'submit', id: 'topic-submit' }, topic ? 'Update topic' : 'Create topic'),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    result.textContent = 'saving…';
    try {
      const body = { topic: name.value, readQueueNums: Number(read.value),
        writeQueueNums: Number(write.value), perm: Number(perm.value) };
      if (cluster.value) body.cluster = cluster.value;
      await api('/api/topic/update', body);
      result.textContent = 'saved ' + name.value;
      if (!topic) await topics();
    } catch (e) {
      result.textContent = '';
      result.append(errorBox(e.message));
    }
  });
  return form;
}

async function topic(name) {
  const data = await api('/api/topic?topic=' + encodeURIComponent(name));
  const nodes = [el('h2', {}, 'Topic ', el('span', { id: 'topic-title' }, name))];
  nodes.push(el('h2', { text: 'Route' }), table(['broker', 'read queues', 'write queues', 'perm'],
    data.route.queues.map((q) => [q.brokerName, q.readQueueNums, q.writeQueueNums, q.perm])));
  nodes.push(table(['cluster', 'broker', 'addresses'], data.route.brokers.map((b) =>
    [b.cluster, b.brokerName, Object.entries(b.addrs).map(([id, a]) => id + ': ' + a).join(', ')])));
  nodes.push(el('h2', { text: 'Queues' }));
  if (data.queuesError) nodes.push(errorBox(data.queuesError.error));
  else {
    nodes.push(table(['broker', 'queue', 'min offset', 'max offset', 'messages', 'last stored'],
      data.queues.map((q) => [q.brokerName, q.queueId, q.minOffset, q.maxOffset,
        q.maxOffset - q.minOffset, fmtTime(q.lastUpdateTimestamp)]), 'queues-table'));
  }
  nodes.push(el('h2', { text: 'Consumer groups' }));
  if (data.groupsError) nodes.push(errorBox(data.groupsError.error));
  else if (data.groups.length === 0) nodes.push(el('p', { className: 'muted' }, 'none'));
  else nodes.push(el('ul', {}, ...data.groups.map((g) => el('li', {}, link('#/group/' + encodeURIComponent(g), g)))));
  nodes.push(el('h2', { text: 'Update' }), topicForm(name));
  setView(...nodes);
}

// --- Consumer groups

async function groups() {
  const data = await api('/api/groups');
  const rows = data.groups.map((g) => [link('#/group/' + encodeURIComponent(g.group), g.group),
    g.members, g.messageModel || '', g.progressError ? g.progressError.error : g.totalLag,
    g.progressError ? '' : fmtTps(g.consumeTps)]);
  setView(el('h2', { text: 'Consumer groups' }),
    table(['group', 'members', 'model', 'lag', 'consume TPS (broker)'], rows, 'groups-table'));
}

async function group(name) {
  const data = await api('/api/group?group=' + encodeURIComponent(name));
  const nodes = [el('h2', {}, 'Group ', el('span', { id: 'group-title' }, name))];
  nodes.push(el('h2', { text: 'Members' }));
  if (data.connectionsError) {
    // No member online is a state, not a failure.
    nodes.push(data.connectionsError.code === 'NotFound'
      ? el('p', { className: 'muted', id: 'members-none' }, data.connectionsError.error)
      : errorBox(data.connectionsError.error));
  } else {
    const c = data.connections;
    nodes.push(el('p', {}, 'model ' + c.messageModel + ', ' + c.consumeType + ', from ' + c.consumeFromWhere));
    nodes.push(table(['client id', 'address', 'language', 'version'],
      c.members.map((m) => [m.clientId, m.clientAddr, m.language, m.version]), 'members-table'));
    nodes.push(table(['topic', 'subscription'], Object.entries(c.subscriptions)));
  }
  nodes.push(el('h2', { text: 'Progress' }));
  const topicsOfGroup = new Set();
  if (data.progressError) nodes.push(errorBox(data.progressError.error));
  else {
    const p = data.progress;
    nodes.push(el('p', {}, 'total lag ', el('strong', { id: 'group-lag' }, String(p.totalLag)),
      ', consume TPS (broker) ' + fmtTps(p.consumeTps)));
    nodes.push(table(['topic', 'broker', 'queue', 'broker offset', 'consumer offset', 'lag', 'last consumed'],
      p.queues.map((q) => {
        topicsOfGroup.add(q.topic);
        return [q.topic, q.brokerName, q.queueId, q.brokerOffset, q.consumerOffset, q.lag, fmtTime(q.lastTimestamp)];
      }), 'progress-table'));
  }
  // The group's own topics before its retry topic.
  const resetTopics = [...topicsOfGroup].sort((a, b) => a.startsWith('%') - b.startsWith('%') || a.localeCompare(b));
  if (!state.readOnly && resetTopics.length > 0) nodes.push(el('h2', { text: 'Reset offset' }), resetForm(name, resetTopics));
  setView(...nodes);
}

function resetForm(groupName, topicNames) {
  const topicSelect = el('select', { id: 'reset-topic' }, ...topicNames.map((t) => el('option', { value: t }, t)));
  const when = el('input', { id: 'reset-time', type: 'datetime-local', step: 1 });
  const result = el('span', { id: 'reset-result' });
  const form = el('form', { id: 'reset-form' }, el('label', {}, 'topic', topicSelect),
    el('label', {}, 'to the first message stored at or after (empty: now)', when),
    el('button', { type: 'submit' }, 'Reset offset'), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const timestamp = when.value ? new Date(when.value).getTime() : Date.now();
    try {
      const data = await api('/api/group/reset-offset', { group: groupName, topic: topicSelect.value, timestamp });
      result.textContent = 'reset ' + data.offsets.length + ' queues';
    } catch (e) {
      result.replaceChildren(errorBox(e.message));
    }
  });
  return form;
}

// --- Messages

function messageView(m) {
  const props = Object.entries(m.properties).map(([k, v]) => k + '=' + v).join('\n');
  const body = m.body;
  const label = body.encoding === 'hex' ? 'body (binary, ' + body.size + ' bytes, hex)'
    : 'body (' + body.size + ' bytes)';
  return el('div', { className: 'message-detail' },
    table(['field', 'value'], [['message id', m.msgId], ['offset id', m.offsetMsgId],
      ['topic', m.topic], ['tags', m.tags], ['keys', m.keys],
      ['queue', m.brokerName + ' / ' + m.queueId + ' @ ' + m.queueOffset],
      ['born', fmtTime(m.bornTimestamp) + ' at ' + m.bornHost],
      ['stored', fmtTime(m.storeTimestamp) + ' at ' + m.storeHost],
      ['reconsume times', m.reconsumeTimes], ['properties', el('pre', {}, props)]]),
    el('div', {}, label + (body.truncated ? ', cut' : '')),
    el('pre', { className: 'body', 'data-encoding': body.encoding }, body.data),
    traceView(m),
    resendForm(m));
}

// The message's trace records (send, consume, transaction end), when clients traced it.
function traceView(m) {
  if (!m.traces || m.traces.length === 0) return null;
  return el('div', { id: 'message-traces' }, el('h2', { text: 'Traces' }),
    table(['type', 'fields'], m.traces.map((t) => [t.type, t.fields.join(' | ')]), 'traces-table'));
}

// Hands the message to one consumer of a group once more (CONSUME_MESSAGE_DIRECTLY).
function resendForm(m) {
  if (state.readOnly) return null;
  const groupInput = el('input', { id: 'resend-group', required: 'required' });
  const client = el('input', { id: 'resend-client', placeholder: '(first online member)' });
  const result = el('span', { id: 'resend-result' });
  const form = el('form', { id: 'resend-form' }, el('label', {}, 'consumer group', groupInput),
    el('label', {}, 'client id', client),
    el('button', { type: 'submit', id: 'resend-submit' }, 'Consume again'), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    result.textContent = 'sending…';
    try {
      const body = { topic: m.topic, msgId: m.msgId, group: groupInput.value };
      if (client.value) body.clientId = client.value;
      const r = await api('/api/message/resend', body);
      result.textContent = r.clientId + ': ' + r.consumeResult + (r.remark ? ' (' + r.remark + ')' : '') +
        ' in ' + r.spentTimeMs + ' ms';
    } catch (e) {
      result.replaceChildren(errorBox(e.message));
    }
  });
  return el('div', {}, el('h2', { text: 'Consume again' }), form);
}

async function messages() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const topicInput = el('input', { id: 'msg-topic', value: params.get('topic') || '' });
  const key = el('input', { id: 'msg-key', value: params.get('key') || '' });
  const id = el('input', { id: 'msg-id', value: params.get('id') || '' });
  const begin = el('input', { id: 'msg-begin', type: 'datetime-local', step: 1 });
  const end = el('input', { id: 'msg-end', type: 'datetime-local', step: 1 });
  const max = el('input', { id: 'msg-max', type: 'number', min: 1, max: 256, value: 32 });
  const results = el('div', { id: 'msg-results' });
  const form = el('form', { id: 'msg-form' }, el('label', {}, 'topic', topicInput),
    el('label', {}, 'key', key), el('label', {}, 'message id', id),
    el('label', {}, 'stored from', begin), el('label', {}, 'to', end),
    el('label', {}, 'at most', max), el('button', { type: 'submit', id: 'msg-submit' }, 'Search'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    results.replaceChildren(el('p', {}, 'searching…'));
    const q = new URLSearchParams({ topic: topicInput.value });
    let path;
    if (id.value) {
      q.set('id', id.value);
      path = '/api/message?';
    } else {
      if (key.value) q.set('key', key.value);
      if (begin.value) q.set('begin', new Date(begin.value).getTime());
      if (end.value) q.set('end', new Date(end.value).getTime());
      q.set('max', max.value || 32);
      path = '/api/messages?';
    }
    try {
      const data = await api(path + q.toString());
      if (data.messages.length === 0) {
        results.replaceChildren(el('p', { id: 'msg-none' }, 'no message found'));
        return;
      }
      const detail = el('div', { id: 'msg-detail' });
      const rows = data.messages.map((m) => {
        const show = el('button', { type: 'button', className: 'show-message' }, 'show');
        show.addEventListener('click', () => detail.replaceChildren(messageView(m)));
        return [show, m.msgId, m.tags, m.keys, fmtTime(m.storeTimestamp), m.brokerName + '/' + m.queueId + '@' + m.queueOffset, m.body.size];
      });
      results.replaceChildren(table(['', 'message id', 'tags', 'keys', 'stored', 'queue', 'bytes'], rows, 'msg-table'), detail);
      if (data.messages.length === 1) detail.replaceChildren(messageView(data.messages[0]));
    } catch (e) {
      results.replaceChildren(errorBox(e.message));
    }
  });
  setView(el('h2', { text: 'Message search' }),
    el('p', { className: 'muted' }, 'By id; or by topic and key; or by topic and store time.'), form, results);
}

// --- Charts

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

function svg(tag, attrs) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

// A line chart of `series` ([{name, points: [[t, v], ...]}]) over the samples' time span.
function lineChart(title, series, id) {
  const width = 460, height = 180, left = 50, right = 10, top = 10, bottom = 24;
  const all = series.flatMap((s) => s.points);
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' });
  const box = el('div', { className: 'chart', id }, el('div', {}, el('strong', {}, title)));
  if (all.length === 0) {
    box.append(el('p', { className: 'muted' }, 'no samples yet'));
    return box;
  }
  const t0 = Math.min(...all.map((p) => p[0])), t1 = Math.max(...all.map((p) => p[0]));
  const vmax = Math.max(1, ...all.map((p) => p[1]));
  const x = (t) => left + (t1 === t0 ? 0 : (t - t0) / (t1 - t0)) * (width - left - right);
  const y = (v) => top + (1 - v / vmax) * (height - top - bottom);
  root.append(svg('line', { x1: left, y1: y(0), x2: width - right, y2: y(0), stroke: '#999' }));
  root.append(svg('line', { x1: left, y1: top, x2: left, y2: y(0), stroke: '#999' }));
  const label = (text, attrs) => { const n = svg('text', attrs); n.textContent = text; return n; };
  root.append(label(vmax.toFixed(vmax < 10 ? 1 : 0), { x: 2, y: top + 10 }));
  root.append(label('0', { x: 2, y: y(0) }));
  root.append(label(Math.round((t1 - t0) / 1000) + ' s ago', { x: left, y: height - 6 }));
  root.append(label('now', { x: width - right - 24, y: height - 6 }));
  const legend = el('div', { className: 'legend' });
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    root.append(svg('polyline', { fill: 'none', stroke: color, 'stroke-width': 1.5,
      points: s.points.map((p) => x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join(' ') }));
    const swatch = el('span', { className: 'swatch' });
    swatch.style.background = color;
    const last = s.points.length ? s.points[s.points.length - 1][1] : 0;
    legend.append(el('span', {}, swatch, s.name + ' (now ' + Number(last).toFixed(1) + ')'));
  });
  box.append(root, legend);
  return box;
}

async function charts() {
  const data = await api('/api/metrics');
  state.sampleIntervalMs = data.intervalMs;
  const brokers = new Set(), groupNames = new Set();
  for (const s of data.samples) {
    Object.keys(s.brokers).forEach((b) => brokers.add(b));
    Object.keys(s.groups).forEach((g) => groupNames.add(g));
  }
  const nodes = [el('h2', { text: 'TPS and lag, last ' + Math.round(data.samples.length * data.intervalMs / 60000 * 10) / 10 + ' minutes' })];
  if (data.error) nodes.push(errorBox('last sample: ' + data.error));
  const series = (pick) => (s) => (pick(s) === undefined ? [] : [[s.t, pick(s)]]);
  for (const b of brokers) {
    nodes.push(lineChart('broker ' + b + ': messages/s', [
      { name: 'in', points: data.samples.flatMap(series((s) => s.brokers[b] && s.brokers[b].inTps)) },
      { name: 'out', points: data.samples.flatMap(series((s) => s.brokers[b] && s.brokers[b].outTps)) },
    ], 'chart-broker-' + b));
  }
  for (const g of groupNames) {
    nodes.push(lineChart('group ' + g + ': lag', [
      { name: 'lag', points: data.samples.flatMap(series((s) => s.groups[g] && s.groups[g].lag)) },
    ], 'chart-lag-' + g));
    nodes.push(lineChart('group ' + g + ': consumed/s', [
      { name: 'consume TPS', points: data.samples.flatMap(series((s) => s.groups[g] && s.groups[g].consumeTps)) },
    ], 'chart-tps-' + g));
  }
  if (brokers.size === 0 && groupNames.size === 0) nodes.push(el('p', { className: 'muted' }, 'no samples yet'));
  setView(...nodes);
}

// --- Routing

const ROUTES = [
  [/^#\/topic\/(.+)$/, (m) => topic(decodeURIComponent(m[1])), 'topics', false],
  [/^#\/group\/(.+)$/, (m) => group(decodeURIComponent(m[1])), 'groups', true],
  [/^#\/topics$/, topics, 'topics', false],
  [/^#\/groups$/, groups, 'groups', true],
  [/^#\/messages(\?.*)?$/, messages, 'messages', false],
  [/^#\/charts$/, charts, 'charts', true],
  [/^#\/overview$/, overview, 'overview', true],
];

async function route() {
  if (state.refresh) clearTimeout(state.refresh);
  const hash = location.hash || '#/overview';
  let match = null, render = overview, nav = 'overview', live = true;
  for (const [pattern, fn, section, refresh] of ROUTES) {
    match = hash.match(pattern);
    if (match) { render = fn; nav = section; live = refresh; break; }
  }
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', a.id === 'nav-' + nav);
  const current = location.hash;
  try {
    await render(match);
    showError('');
  } catch (e) {
    showError(e.message);
    if (document.getElementById('view').textContent === 'Loading…') setView(el('p', { className: 'muted' }, 'nothing to show'));
  }
  // Views of live figures refresh themselves; forms are left alone while the user types.
  if (live && location.hash === current) state.refresh = setTimeout(refresh, Math.max(2000, state.sampleIntervalMs));
}

function refresh() {
  const active = document.activeElement;
  if (active && active.closest && active.closest('form')) {
    state.refresh = setTimeout(refresh, 2000);
    return;
  }
  route();
}

async function start() {
  try {
    const status = await api('/api/status');
    state.readOnly = status.readOnly;
    document.getElementById('server-info').textContent = 'nameserver ' + status.namesrv + (status.readOnly ? ' · read-only' : '');
  } catch (e) {
    showError(e.message);
  }
  window.addEventListener('hashchange', route);
  await route();
}

start();
