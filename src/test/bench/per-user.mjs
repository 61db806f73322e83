// Per-user mode at scale: U users with D devices each, every user with three browser tabs asking
// different filters over their own devices. Counts the Ayla subscriptions the gateway holds (the
// planner's goal: one per user and event type) and the gateway's heap per user.
//   node src/test/bench/per-user.mjs setup U D DIR       writes DIR/devices.json and DIR/accounts.txt
//   node src/test/bench/per-user.mjs run U D PID [gateway] [sim]
// Start the simulator with -Ddss.sim.accounts="$(cat DIR/accounts.txt)" -Ddss.sim.devices-file=DIR/devices.json
// and the gateway with -Ddss.hub.max-streams=0 -Ddss.http.max-connections-per-address=0; PID is the gateway's.
import { openEvents, signIn } from './gateway-client.mjs';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

const [mode, uArg, dArg, third, gateway = 'http://127.0.0.1:8080', sim = 'http://127.0.0.1:8090'] = process.argv.slice(2);
const users = Number(uArg);
const perUser = Number(dArg);
const email = u => `user${String(u).padStart(5, '0')}@example.com`;
const dsn = (u, d) => `PU${String(u).padStart(5, '0')}D${d}`;

if (mode === 'setup') {
  const devices = [];
  for (let u = 0; u < users; u++) {
    for (let d = 0; d < perUser; d++) {
      devices.push({ dsn: dsn(u, d), oem_model: 'peruser', owner: email(u), properties: [{ name: 'temp', base_type: 'integer', value: 0 }] });
    }
  }
  fs.writeFileSync(`${third}/devices.json`, JSON.stringify(devices));
  const accounts = ['demo@example.com:demo1234'];
  for (let u = 0; u < users; u++) accounts.push(`${email(u)}:pw${u}`);
  fs.writeFileSync(`${third}/accounts.txt`, accounts.join(','));
  process.exit(0);
}

const pid = third;
const heapUsedAfterGc = () => {
  execFileSync('jcmd', [pid, 'GC.run']);
  const info = execFileSync('jcmd', [pid, 'GC.heap_info']).toString();
  return [...info.matchAll(/used (\d+)K/g)].map(m => Number(m[1])).slice(0, 2).reduce((a, b) => a + b, 0) * 1024;
};
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

const login = u => signIn(gateway, email(u), `pw${u}`);

function open(token, query, onData) {
  return openEvents(gateway, token, query).then(res => res.on('data', onData));
}

const heapBefore = heapUsedAfterGc();
const rssBefore = rss();
const tokens = [];
for (let u = 0; u < users; u += 50) {
  tokens.push(...await Promise.all(Array.from({ length: Math.min(50, users - u) }, (_, k) => login(u + k))));
}
const heapSignedIn = heapUsedAfterGc();
const got = { a: 0, b: 0, c: 0 };
const streams = [];
const started = Date.now();
for (let u = 0; u < users; u += 50) {
  const batch = [];
  for (let k = u; k < Math.min(users, u + 50); k++) {
    const devices = Array.from({ length: perUser }, (_, d) => dsn(k, d));
    const count = tab => chunk => { if (k === 0) got[tab] += chunk.split('\nevent: datapoint\n').length - 1; };
    batch.push(open(tokens[k], `subscription_type=datapoint&dsn=${devices.slice(0, 2).join(',')}`, count('a')));
    batch.push(open(tokens[k], `subscription_type=datapoint&dsn=${devices.slice(2).join(',')}&property_name=temp`, count('b')));
    batch.push(open(tokens[k], 'subscription_type=datapoint&oem_model=peruser&dsn=*', count('c')));
  }
  streams.push(...await Promise.all(batch));
}
const openMs = Date.now() - started;
await new Promise(r => setTimeout(r, 3000)); // moves onto planned streams, if any, settle
const stats = await (await fetch(`${sim}/sim/stats`)).json();
const heapOpen = heapUsedAfterGc();
const rssOpen = rss();

// one event of user 0's first device: tabs a and c want it, tab b does not
await fetch(`${sim}/sim/datapoints`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ dsn: dsn(0, 0), property_name: 'temp', values: [1] }),
});
const until = Date.now() + 5000;
while ((got.a < 1 || got.c < 1) && Date.now() < until) await new Promise(r => setTimeout(r, 20));
await new Promise(r => setTimeout(r, 500));

console.log(JSON.stringify({
  users, devices_per_user: perUser, tabs: streams.length, opened_ms: openMs,
  ayla_subscriptions: stats.subscriptions, dss_sockets: stats.open_sockets,
  user0_tabs_got: got,
  heap_mib: { before: +(heapBefore / 2 ** 20).toFixed(1), signed_in: +(heapSignedIn / 2 ** 20).toFixed(1), open: +(heapOpen / 2 ** 20).toFixed(1) },
  heap_per_user_signed_in_kib: +((heapSignedIn - heapBefore) / users / 1024).toFixed(1),
  heap_per_user_streams_and_tabs_kib: +((heapOpen - heapSignedIn) / users / 1024).toFixed(1),
  rss_mib: { before: Math.round(rssBefore / 2 ** 20), open: Math.round(rssOpen / 2 ** 20) },
}));
streams.forEach(s => s.destroy());
process.exit(0);
