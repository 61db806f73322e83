// The demo page: sign in, then one stream (the gateway's browser client, with the session cookie and
// the devices' current state first) feeds the device grid, the live table and the chart; the form
// changes what it watches.

import { api, ApiError } from './api.js';
import { LiveChart } from './chart.js';
import { DeviceControls } from './controls.js';
import { DeviceGrid } from './device-grid.js';
import { DssStream } from '../client/dss-gateway.js';
import { EVENT_TYPES, plottable, summarize } from './dss.js';
import { EventsTable } from './events-table.js';
import { Filters } from './filters.js';
import { Staleness } from './staleness.js';

const $ = (id) => document.getElementById(id);
const UPSTREAM_POLL_MS = 2000;
const HISTORY_MS = 3_600_000;
const HISTORY_PAGES = 5;
const DEMO = { email: 'demo@example.com', password: 'demo1234' };
const SIGNED_IN_MARKER = 'dss_session_present=1'; // a cookie the page can read, set and cleared with the session
const STATE_EVENTS = ['datapoint', 'connectivity', 'location'];

const table = new EventsTable({
  body: $('events').tBodies[0], details: $('details'), detailsJson: $('details-json'), detailsClose: $('details-close'),
  pauseButton: $('pause'), clearButton: $('clear'), pausedInfo: $('paused-info'),
});
const chart = new LiveChart($('chart'), $('chart-legend'));
const controls = new DeviceControls($('control-status'), api.setProperty);
const grid = new DeviceGrid({ grid: $('grid'), note: $('grid-note'), stale: $('grid-stale'), controls });
const staleness = new Staleness((since, causes) => grid.setStale(since, causes));
const filters = new Filters({ types: $('types'), models: $('models'), dsns: $('dsns'), props: $('props') });

let stream = null; // the open DssStream
let reconnects = 0; // of the open stream, after its first connection
let counts = {};
let current = null; // {query, types} of the open subscription
let resumeAfterLogin = null; // {query, types, lastEventId} when the session expired mid-stream
let upstreamTimer = null;

// ---- sign in / out ----

function showLogin(message) {
  $('app-view').hidden = true;
  $('logout').hidden = true;
  $('login-view').hidden = false;
  if (message) notice(message);
  $('email').focus();
}

async function enterApp() {
  const devices = await loadDevices();
  filters.offer(devices);
  grid.setDevices(devices);
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  $('logout').hidden = false;
  if (resumeAfterLogin) {
    const { query, types, lastEventId } = resumeAfterLogin;
    resumeAfterLogin = null;
    subscribe(query, types, lastEventId);
  } else {
    const { query, types, error } = filters.query();
    if (!error) subscribe(query, types);
  }
  $('devices-title').focus();
}

async function loadDevices() {
  const devices = await api.devices();
  return Promise.all(devices.map(async (d) => {
    try {
      return { ...d, properties: await api.properties(d.dsn) };
    } catch (e) {
      return { ...d, properties: [] };
    }
  }));
}

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const email = $('email').value.trim();
  const password = $('password').value;
  $('login-error').textContent = '';
  if (!email || !password) {
    $('login-error').textContent = 'Enter your email and password.';
    return;
  }
  $('login-submit').disabled = true;
  try {
    await api.login(email, password);
    hideNotice();
    await enterApp();
  } catch (err) {
    $('login-error').textContent = err.status === 401 ? 'Wrong email or password.' : `Sign-in failed: ${err.message}`;
  } finally {
    $('login-submit').disabled = false;
  }
});

$('logout').addEventListener('click', async () => {
  stopStream();
  try {
    await api.logout();
  } catch (e) {
    // signed out locally either way
  }
  table.clear();
  chart.clear();
  showLogin('Signed out.');
});

// ---- subscription ----

$('sub-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const { query, types, error } = filters.query();
  $('sub-error').textContent = error || '';
  if (!error) subscribe(query, types);
});

$('unsubscribe').addEventListener('click', () => {
  stopStream();
  showState('idle');
});

function subscribe(query, types, lastEventId) {
  hideNotice();
  showState('connecting');
  current = { query, types };
  if (!lastEventId) {
    counts = {};
    chart.clear(); // a new subscription charts its own last hour and live values
  }
  types.forEach((t) => (counts[t] = counts[t] || 0));
  renderCounters();
  closeStream();
  stream = openStream(query, lastEventId);
  chart.start();
  if (!lastEventId && types.includes('datapoint')) loadHistory(current);
  $('unsubscribe').disabled = false;
  pollUpstream();
}

/** Same origin: no gateway and no token, so the session cookie is the credential. */
function openStream(query, lastEventId) {
  const s = new DssStream({ ...query, lastEventId, snapshot: true });
  const mine = (fn) => (...args) => {
    if (s === stream) fn(...args);
  };
  let wasLive = false;
  reconnects = 0;
  s.on('connection', mine((connection) => {
    if (connection === 'live' && wasLive) reconnects++;
    if (connection === 'live') wasLive = true;
    if (connection === 'retrying') staleness.set('gateway');
    if (connection === 'live') staleness.clear('gateway'); // a snapshot, or the events missed, come first
    if (connection === 'connecting') EVENT_TYPES.forEach((type) => staleness.clear(type)); // a new connection tells again
    showState(connection === 'retrying' ? 'reconnecting' : connection, { reconnects });
  }));
  grid.watch(s.state);
  s.on('snapshot', mine((snapshot) => grid.showSnapshot(snapshot)));
  s.on('upstream', mine(onUpstream));
  EVENT_TYPES.forEach((type) => s.on(type, mine((json) => onEvent(type, json))));
  STATE_EVENTS.forEach((type) => s.on(type, mine((json) => grid.refresh(summarize(type, json).dsn))));
  s.on('gap', mine(onGap));
  s.on('expired', mine(expired)); // the cookie's session is over: only signing in again renews it
  s.on('shutdown', mine(onShutdown));
  s.on('error', mine(onStreamError));
  return s;
}

function closeStream() {
  if (stream) {
    const s = stream;
    stream = null; // first, so its closing reports nothing
    s.close();
  }
}

/** The chart's last hour from history, when the gateway collects a datapoint stream (else it has none). */
async function loadHistory(subscription) {
  if (!(await collectsDatapoints())) return;
  const params = { ...subscription.query, subscription_type: 'datapoint', from: new Date(Date.now() - HISTORY_MS).toISOString(), limit: 1000 };
  let shown = 0;
  try {
    let page = await api.history(params);
    for (let pages = 1; current === subscription; pages++) {
      for (const json of page.events) {
        const row = summarize('datapoint', json);
        const v = plottable(row.value, row.baseType);
        if (v !== null) {
          chart.addPast(row.dsn, row.property, v, row.time, row.baseType === 'boolean' || typeof row.value === 'boolean');
          shown++;
        }
      }
      if (!page.next || pages >= HISTORY_PAGES) break;
      page = await api.history({ ...params, cursor: page.next });
    }
  } catch (e) {
    return; // nothing collected here (404 history_disabled), or not this filter: live only
  }
  if (shown > 0 && current === subscription) chart.showPast(HISTORY_MS);
}

async function collectsDatapoints() {
  try {
    return (await api.streams()).some((s) => s.collected && s.subscription_type === 'datapoint');
  } catch (e) {
    return false;
  }
}

function stopStream() {
  closeStream();
  staleness.clearAll();
  chart.stop();
  clearTimeout(upstreamTimer);
  upstreamTimer = null;
  current = null;
  $('unsubscribe').disabled = true;
  $('upstream').replaceChildren();
}

function onEvent(type, json) {
  counts[type] = (counts[type] || 0) + 1;
  renderCounters();
  const row = summarize(type, json);
  table.add(row, json);
  if (type === 'datapoint') {
    const v = plottable(row.value, row.baseType);
    if (v !== null) chart.add(row.dsn, row.property, v, row.time, row.baseType === 'boolean' || typeof row.value === 'boolean');
  } else if (type === 'datapointack') {
    controls.acknowledged(row.dsn, row.property, row.value);
  }
}

function onGap(gap) {
  counts.gap = (counts.gap || 0) + 1;
  renderCounters();
  const range = gap.from_seq !== undefined ? `seq ${gap.from_seq}–${gap.to_seq}` : 'some events';
  table.add({ type: 'gap', seq: '', dsn: '', property: gap.subscription_type || '', value: `${range} unavailable (${gap.reason || 'gap'})`,
    time: new Date() }, gap);
  notice(`Missed events: ${gap.subscription_type || 'stream'} ${range} are no longer available.`);
}

function expired() {
  if (current && stream) resumeAfterLogin = { ...current, lastEventId: stream.lastEventId };
  stopStream();
  showState('closed');
  showLogin('Your session has expired. Sign in again: the stream resumes where it stopped.');
}

/** The gateway's upstream Ayla socket of an event type dropped, or is live again. */
function onUpstream(upstream) {
  if (upstream.state === 'live') staleness.clear(upstream.subscription_type);
  else staleness.set(upstream.subscription_type, new Date(upstream.since));
}

function onShutdown() {
  notice('The gateway is restarting; the stream reconnects and resumes by itself.');
}

/** The gateway refused the stream (the client does not retry a 4xx): a lost session means signing in again. */
function onStreamError(err) {
  if (err.status === 401) {
    expired();
    return;
  }
  notice(`The gateway refused the stream: ${err.message}`);
  stopStream();
  showState('closed');
}

// ---- status ----

function showState(state, detail = {}) {
  const conn = $('conn');
  conn.dataset.state = state;
  const reconnects = detail.reconnects ? ` · resumed after ${detail.reconnects} reconnect${detail.reconnects > 1 ? 's' : ''}` : '';
  const text = {
    idle: 'Not connected', connecting: 'Connecting…', live: 'Live' + reconnects, reconnecting: 'Reconnecting…', closed: 'Disconnected',
  }[state];
  $('conn-text').textContent = text;
  if (state === 'live') {
    counts.reconnects = detail.reconnects || 0;
    renderCounters();
  }
}

function renderCounters() {
  const items = Object.entries(counts).map(([type, n]) => {
    const li = document.createElement('li');
    li.dataset.type = type;
    li.dataset.count = String(n);
    if (type === 'gap' && n > 0) li.className = 'bad';
    li.textContent = type === 'reconnects' ? `stream reconnects: ${n}` : `${type}: ${n}`;
    return li;
  });
  $('counters').replaceChildren(...items);
}

async function pollUpstream() {
  clearTimeout(upstreamTimer);
  if (!current) return;
  try {
    const streams = await api.streams();
    $('upstream').replaceChildren(...streams.map((s) => {
      const li = document.createElement('li');
      li.dataset.type = s.subscription_type;
      const up = s.upstream || {};
      li.dataset.reconnects = String(up.reconnects || 0);
      li.dataset.upstreamState = up.state || s.state;
      li.textContent = `upstream ${s.subscription_type}: ${up.state || s.state}, last seq ${s.last_seq}, ${up.reconnects || 0} upstream reconnects,`
        + ` ${up.heartbeats || 0} heartbeats, ${s.browsers} browser${s.browsers === 1 ? '' : 's'}`;
      return li;
    }));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      expired();
      return;
    }
  }
  if (current) upstreamTimer = setTimeout(pollUpstream, UPSTREAM_POLL_MS);
}

function notice(text) {
  $('notice').textContent = text;
  $('notice').hidden = false;
}

function hideNotice() {
  $('notice').hidden = true;
}

// ---- start ----

const loopback = ['localhost', '127.0.0.1', '[::1]', '::1'].includes(location.hostname);
if (loopback) {
  $('email').value = DEMO.email;
  $('password').value = DEMO.password;
  $('demo-hint').hidden = false;
}

// Signed in already (the marker cookie says so, without a request)? Go straight to the app.
if (document.cookie.split('; ').includes(SIGNED_IN_MARKER)) {
  enterApp().catch((e) => showLogin(e.status === 401 ? undefined : `Could not load your devices: ${e.message}`));
} else {
  showLogin();
}
