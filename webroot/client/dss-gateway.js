// DSS Gateway browser client: one stream of Ayla DSS events that survives drops, restarts and
// replica changes without losing an event. Dependency-free ES module, served by the gateway at
// /client/dss-gateway.js; types in dss-gateway.d.ts beside it.
//
//   import { DssStream } from 'https://gateway.example.com/client/dss-gateway.js';
//   const stream = new DssStream({ gateway: 'https://gateway.example.com', token: async () => jwt,
//     subscription_type: ['datapoint', 'connectivity'], oem_model: 'ledevb', dsn: '*' });
//   stream.on('datapoint', (event, meta) => console.log(event.datapoint.value, meta.id));
//
// With `snapshot: true` the stream starts with the current state of the devices it covers (again after
// a reconnect that lost events), and `stream.state` holds that state, kept current by the live events
// (newest wins by time).
//
// It reads the stream with fetch() rather than EventSource: EventSource hides the HTTP status
// (a 401 looks like a network blip, so it retries forever), hides the server's `retry:` value and
// reconnects by itself with the URL it was given (a single-use ticket already spent). Here every
// connection gets a fresh ticket, carries the last cursor as `last_event_id=`, and waits a full-jitter
// backoff whose base is the server's `retry:`.

const STREAM_PARAMS = ['subscription_type', 'oem_model', 'dsn', 'property_name'];
const STATE_EVENTS = ['datapoint', 'connectivity', 'location'];
const DEFAULT_RETRY_MS = 3000;
const MIN_RETRY_MS = 100; // a `retry: 0` must not turn failures into a tight loop
const DEFAULT_MAX_DELAY_MS = 30000;
const DEFAULT_IDLE_TIMEOUT_MS = 45000; // three of the gateway's default 15 s keep-alives

/** connecting | live | retrying | closed */
export const CONNECTIONS = Object.freeze(['connecting', 'live', 'retrying', 'closed']);

/** A refusal that retrying will not fix (401, 403, other 4xx but 408/429), or token() giving no token. */
export class DssStreamError extends Error {
  constructor(message, { status = 0, code = 'error', during = 'stream' } = {}) {
    super(message);
    this.name = 'DssStreamError';
    this.status = status;
    this.code = code;
    this.during = during;
  }
}

export class DssStream {
  /**
   * @param {object} options gateway (origin; omit on the gateway's own origin), token (async () => JWT;
   *   omit to use the session cookie), subscription_type, oem_model, dsn, property_name (strings or arrays),
   *   snapshot (true: the devices' current state first, again after events were lost; 'always': also on a
   *   resume that lost nothing), lastEventId (resume after
   *   this cursor), maxDelayMs, idleTimeoutMs (0: off)
   */
  constructor(options) {
    if (!options || !options.subscription_type) throw new TypeError('DssStream needs a subscription_type');
    this.gateway = (options.gateway || '').replace(/\/+$/, '');
    this.token = options.token || null;
    this.query = streamQuery(options);
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.lastEventId = options.lastEventId || '';
    this.retryMs = DEFAULT_RETRY_MS;
    this.failures = 0;
    this.connection = null;
    this.devices = new DeviceStates();
    this.listeners = new Map();
    this.abort = null;
    this.timer = null;
    queueMicrotask(() => this.connect()); // lets the caller add listeners first
  }

  /**
   * Calls fn for an event type (datapoint, connectivity, ..., snapshot, upstream, gap, expired, shutdown)
   * or for connection or error.
   */
  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(fn);
    return this;
  }

  off(type, fn) {
    const set = this.listeners.get(type);
    if (set) set.delete(fn);
    return this;
  }

  /** Ends the stream for good. */
  close() {
    this.stop();
    this.setConnection('closed');
  }

  get closed() {
    return this.connection === 'closed';
  }

  /** dsn -> {dsn, oem_model, connectivity, location, properties: Map name -> {value, updated_at}}. */
  get state() {
    return this.devices.map;
  }

  // ---- one connection

  async connect() {
    if (this.closed) return;
    this.setConnection('connecting');
    const abort = new AbortController();
    this.abort = abort;
    const outcome = await this.run(abort).catch(() => (abort.signal.aborted && this.abort !== abort ? null : { retry: true }));
    if (this.abort === abort) this.abort = null;
    if (!outcome || this.closed) return;
    if (outcome.fatal) {
      this.emit('error', outcome.fatal);
      this.close();
    } else {
      this.schedule(outcome);
    }
  }

  /** One connection from ticket to end; resolves with what to do next. */
  async run(abort) {
    const params = new URLSearchParams(this.query);
    if (this.token) {
      const ticket = await this.ticket(abort.signal);
      if (ticket.fatal) return ticket;
      params.set('ticket', ticket.value);
    }
    if (this.lastEventId) params.set('last_event_id', this.lastEventId);
    const response = await fetch(`${this.gateway}/events?${params}`, {
      headers: { Accept: 'text/event-stream' }, credentials: this.token ? 'omit' : 'same-origin', cache: 'no-store', signal: abort.signal,
    });
    if (!response.ok) return refusal(response, 'stream');
    if (!/^text\/event-stream/i.test(response.headers.get('Content-Type') || '')) {
      return { fatal: new DssStreamError('The gateway did not answer with an event stream', { status: response.status, code: 'not_an_event_stream' }) };
    }
    this.setConnection('live');
    const since = Date.now();
    try {
      return await this.read(response.body, abort);
    } finally {
      // the backoff starts over only after a stream that held: one that ends at once backs off further
      if (Date.now() - since >= this.retryMs) this.failures = 0;
    }
  }

  /**
   * A fresh single-use ticket for this connection, from a fresh token(). A token() that throws is
   * retried like a network error (it may need the network itself); one that gives no token stops.
   */
  async ticket(signal) {
    const jwt = await this.token();
    if (!jwt) return { fatal: new DssStreamError('token() gave no token', { code: 'no_token', during: 'token' }) };
    const response = await fetch(`${this.gateway}/api/tickets`, {
      method: 'POST', headers: { Authorization: `Bearer ${jwt}`, Accept: 'application/json' }, credentials: 'omit', signal,
    });
    if (!response.ok) return refusal(response, 'ticket');
    return { value: (await response.json()).ticket };
  }

  /** Reads events until the stream ends (after `expired` or `shutdown`, or dropped, or silent too long). */
  async read(body, abort) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new EventParser({
      retry: (ms) => (this.retryMs = ms),
      id: (id) => (this.lastEventId = id),
      event: (type, data) => this.receive(type, parse(data), { id: this.lastEventId, type }),
    });
    const idle = new IdleWatch(this.idleTimeoutMs, () => abort.abort());
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        idle.touch();
        parser.push(value);
      }
    } catch (e) {
      if (!idle.fired) throw e;
    } finally {
      idle.stop();
    }
    // the next connection asks token() again, which renews an expired credential
    return { retry: true };
  }

  // ---- between connections

  /** Full jitter: a random wait in [0, min(max, retry * 2^failures)), at least the server's Retry-After. */
  schedule({ retryAfterMs = 0 }) {
    const ceiling = Math.min(this.maxDelayMs, Math.max(MIN_RETRY_MS, this.retryMs) * 2 ** this.failures);
    this.failures++;
    const delay = Math.max(retryAfterMs, Math.random() * ceiling);
    this.setConnection('retrying');
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.abort) {
      const abort = this.abort;
      this.abort = null;
      abort.abort();
    }
  }

  setConnection(connection) {
    if (this.connection === connection || this.connection === 'closed') return;
    this.connection = connection;
    this.emit('connection', connection);
  }

  /** Keeps the state current before the listeners see the event, so they can read it. */
  receive(type, json, meta) {
    if (type === 'snapshot') this.devices.replace(json);
    else if (STATE_EVENTS.includes(type)) this.devices.apply(type, json);
    this.emit(type, json, meta);
  }

  emit(type, ...args) {
    for (const fn of this.listeners.get(type) || []) {
      try {
        fn(...args);
      } catch (e) {
        setTimeout(() => {
          throw e; // a listener's bug shows in the console and does not break the stream
        });
      }
    }
  }
}

/** The query of /events: arrays as comma-separated lists, only the parameters the gateway knows. */
function streamQuery(options) {
  const params = new URLSearchParams();
  for (const name of STREAM_PARAMS) {
    const v = options[name];
    if (v !== undefined && v !== null && v !== '') params.set(name, Array.isArray(v) ? v.join(',') : String(v));
  }
  if (options.snapshot) params.set('snapshot', options.snapshot === 'always' ? 'always' : 'true');
  return params.toString();
}

/** A non-2xx answer: retried when it is the server's trouble (5xx, 408, 429), else fatal. */
async function refusal(response, during) {
  const status = response.status;
  const retryAfter = Number(response.headers.get('Retry-After'));
  if (status >= 500 || status === 408 || status === 429) {
    return { retry: true, retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0 };
  }
  const body = await response.json().catch(() => ({}));
  const message = body.message || `${during === 'ticket' ? 'POST /api/tickets' : 'GET /events'} answered ${status}`;
  return { fatal: new DssStreamError(message, { status, code: body.error || `http_${status}`, during }) };
}

function parse(data) {
  try {
    return JSON.parse(data);
  } catch (e) {
    return data;
  }
}

/**
 * The devices' current state: replaced by each snapshot, then changed by a live datapoint, connectivity
 * or location event only when its time is newer than what is held. A value from the snapshot already
 * covers a live event of the same time; between live events, the later one wins a tie.
 */
class DeviceStates {
  constructor() {
    this.map = new Map();
    this.fromSnapshot = new WeakSet();
  }

  /** Keeps the Map itself, so a reference to stream.state stays current. */
  replace(snapshot) {
    this.map.clear();
    for (const d of (snapshot && snapshot.devices) || []) {
      const properties = new Map();
      for (const [name, p] of Object.entries(d.properties || {})) {
        properties.set(name, this.held({ value: p.value, updated_at: p.updated_at }));
      }
      this.map.set(d.dsn, {
        dsn: d.dsn, oem_model: d.oem_model, connectivity: this.held(d.connectivity), location: this.held(d.location), properties,
      });
    }
  }

  held(part) {
    if (!part) return null;
    const copy = { ...part };
    this.fromSnapshot.add(copy);
    return copy;
  }

  apply(type, event) {
    const md = event.metadata || {};
    if (type === 'datapoint') {
      const dp = event.datapoint || {};
      if (!md.dsn || !md.property_name) return;
      const device = this.device(md);
      const next = { value: dp.value, updated_at: dp.updated_at || dp.created_at };
      if (this.newer(device.properties.get(md.property_name), next.updated_at)) device.properties.set(md.property_name, next);
    } else if (type === 'connectivity') {
      const c = event.connection || {};
      const dsn = md.dsn || c.dsn;
      if (!dsn) return;
      const device = this.device({ ...md, dsn });
      if (this.newer(device.connectivity, c.event_time, 'event_time')) device.connectivity = { status: c.status, event_time: c.event_time };
    } else if (type === 'location') {
      const l = event.location_event || {};
      const dsn = md.dsn || l.dsn;
      if (!dsn) return;
      const device = this.device({ ...md, dsn });
      if (this.newer(device.location, l.created_at, 'created_at')) device.location = { lat: l.lat, long: l.long, created_at: l.created_at };
    }
  }

  device(md) {
    let device = this.map.get(md.dsn);
    if (!device) {
      device = { dsn: md.dsn, oem_model: md.oem_model, connectivity: null, location: null, properties: new Map() };
      this.map.set(md.dsn, device);
    }
    return device;
  }

  newer(held, time, field = 'updated_at') {
    if (!held) return true;
    const order = compareTimes(time, held[field]);
    return order > 0 || (order === 0 && !this.fromSnapshot.has(held));
  }
}

/** Orders two ISO 8601 times to the nanosecond (Date keeps milliseconds); an unreadable one counts as newest. */
function compareTimes(a, b) {
  const x = instant(a);
  const y = instant(b);
  if (!x || !y) return 1;
  return Math.sign(x[0] - y[0]) || Math.sign(x[1] - y[1]);
}

function instant(text) {
  const ms = typeof text === 'string' ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) return null;
  const fraction = /T[\d:]+\.(\d+)/.exec(text);
  return [ms, fraction ? Number(fraction[1].slice(3, 9).padEnd(6, '0')) : 0];
}

/** The text/event-stream format (HTML Living Standard, 9.2.6), fed decoded chunks. */
class EventParser {
  constructor(sink) {
    this.sink = sink;
    this.buffer = '';
    this.type = '';
    this.data = [];
    this.id = null;
  }

  push(text) {
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      if (c === '\r' && i + 1 === this.buffer.length) break; // a \r\n may be split across chunks
      this.line(this.buffer.slice(start, i));
      if (c === '\r' && this.buffer[i + 1] === '\n') i++;
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.sink.retry(Number(value));
  }

  dispatch() {
    if (this.id !== null) this.sink.id(this.id);
    if (this.data.length > 0) this.sink.event(this.type || 'message', this.data.join('\n'));
    this.type = '';
    this.data = [];
    this.id = null;
  }
}

/** Aborts a silent stream: the gateway sends a keep-alive comment well inside the timeout. */
class IdleWatch {
  constructor(timeoutMs, onIdle) {
    this.timeoutMs = timeoutMs;
    this.onIdle = onIdle;
    this.fired = false;
    this.timer = null;
    this.touch();
  }

  touch() {
    if (!this.timeoutMs) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.fired = true;
      this.onIdle();
    }, this.timeoutMs);
  }

  stop() {
    clearTimeout(this.timer);
  }
}
