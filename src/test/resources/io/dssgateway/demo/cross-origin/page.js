// A front end on another origin: signs in to the gateway and streams through its browser client.
// ?token=fresh: token() signs in again for every connection (an app that renews its JWT);
// ?token=fixed: token() gives the first JWT every time (a credential that cannot be renewed).
// ?snapshot=true: the stream starts each connection with the devices' current state; ?snapshot=always
// also when it resumes without a loss; ?last=<cursor>: it resumes after that cursor.
// What it saw is kept in window.seen and the #events table for the test to read; the stream is
// window.stream.
import { DssStream } from '{{GATEWAY}}/client/dss-gateway.js';

const gateway = '{{GATEWAY}}';
const params = new URLSearchParams(location.search);
const seen = { connections: [], tokenCalls: 0, errors: [], expired: [], shutdowns: 0, events: [], values: [], upstream: [] };
window.seen = seen;

async function signIn() {
  const login = await fetch(`${gateway}/api/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'demo@example.com', password: 'demo1234' }),
  });
  return (await login.json()).access_token;
}

let jwt = await signIn();

const stream = new DssStream({
  gateway,
  token: async () => {
    seen.tokenCalls++;
    if (params.get('token') === 'fresh' && seen.tokenCalls > 1) jwt = await signIn();
    return jwt;
  },
  subscription_type: ['datapoint'],
  dsn: params.get('dsn'),
  property_name: params.get('property'),
  snapshot: params.get('snapshot') === 'always' ? 'always' : params.get('snapshot') === 'true',
  lastEventId: params.get('last') || undefined,
});
window.stream = stream;

stream.on('connection', (c) => {
  seen.connections.push(c);
  document.getElementById('connection').dataset.connection = c;
});
stream.on('snapshot', () => {
  seen.events.push('snapshot');
  traceValue();
});
stream.on('datapoint', (event) => {
  seen.events.push('datapoint');
  traceValue();
  row('datapoint', event.seq, event.datapoint.value);
});
stream.on('upstream', (u) => seen.upstream.push(u.state));
stream.on('gap', (gap) => row('gap', '', JSON.stringify(gap)));
stream.on('expired', (info) => seen.expired.push(info.reason));
stream.on('shutdown', () => seen.shutdowns++);
stream.on('error', (e) => seen.errors.push({ status: e.status, code: e.code, during: e.during }));

document.getElementById('logout').addEventListener('click', () =>
  fetch(`${gateway}/api/logout`, { method: 'POST', headers: { Authorization: `Bearer ${jwt}` } }));

/** The watched property's value in stream.state after each snapshot and datapoint. */
function traceValue() {
  const device = stream.state.get(params.get('dsn'));
  const property = device && device.properties.get(params.get('property'));
  seen.values.push(property ? property.value : null);
}

function row(type, seq, value) {
  const tr = document.createElement('tr');
  tr.dataset.type = type;
  tr.dataset.seq = seq;
  tr.dataset.value = String(value);
  tr.textContent = `${type} ${seq} ${value}`;
  document.querySelector('#events tbody').append(tr);
}
