// How long a snapshot of a fleet takes, cold and warm, and what snapshot=true adds to opening streams.
//   node src/test/bench/one-device-cpu.mjs fleet N > fleet.json      a simulator fleet of N devices
//   node src/test/bench/snapshot.mjs N STREAMS [gateway]
// Start the gateway with -Ddss.sim.devices-file=fleet.json -Ddss.hub.state-fill-devices=N
// -Ddss.sse.max-connections-per-user=100000 -Ddss.http.max-connections-per-address=0
// (one user opens all the streams).
import { openEvents, signIn } from './gateway-client.mjs';

const [nArg, streamsArg, gateway = 'http://127.0.0.1:8080'] = process.argv.slice(2);
const n = Number(nArg);
const streams = Number(streamsArg);
const dsn = i => `FLEET${String(i).padStart(6, '0')}`;
const token = await signIn(gateway);

// Opens a stream; resolves with [ms until `until` is in the body, the body, the response].
function open(query, until) {
  const start = process.hrtime.bigint();
  return openEvents(gateway, token, query).then(res => new Promise(resolve => {
    let body = '';
    const onData = chunk => {
      body += chunk;
      const at = body.indexOf(until);
      if (at >= 0 && body.indexOf('\n\n', at) >= 0) {
        res.off('data', onData);
        resolve([Number(process.hrtime.bigint() - start) / 1e6, body, res]);
      }
    };
    res.on('data', onData);
  }));
}

const wide = 'subscription_type=datapoint&oem_model=fleet&dsn=*&snapshot=true';
const [coldMs, coldBody, cold] = await open(wide, 'event: snapshot');
const snapshot = JSON.parse(coldBody.split('event: snapshot\ndata: ')[1].split('\n')[0]);
console.log(`cold snapshot of ${snapshot.devices.length} devices (complete: ${snapshot.complete}): ${coldMs.toFixed(1)} ms`);
const warm = [];
for (let i = 0; i < 30; i++) {
  const [ms, , res] = await open(wide, 'event: snapshot');
  warm.push(ms);
  res.destroy();
}
warm.sort((a, b) => a - b);
console.log(`warm snapshot of ${n} devices, 30 runs: p50 ${warm[15].toFixed(1)} ms, p90 ${warm[27].toFixed(1)} ms, max ${warm[29].toFixed(1)} ms`);

async function admit(label, query, until) {
  const start = process.hrtime.bigint();
  const opened = [];
  const batch = 200;
  for (let i = 0; i < streams; i += batch) {
    const round = [];
    for (let k = i; k < Math.min(streams, i + batch); k++) {
      round.push(open(query(k % n), until));
    }
    opened.push(...await Promise.all(round));
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${label}: ${streams} streams admitted in ${ms.toFixed(0)} ms`);
  opened.forEach(([, , res]) => res.destroy());
  await new Promise(r => setTimeout(r, 3000)); // their connections close before the next round
  return ms;
}
const own = k => `subscription_type=datapoint&oem_model=fleet&dsn=${dsn(k)}`;
const plainMs = await admit('without snapshot', own, ': stream open');
const snapMs = await admit('snapshot=true', k => `${own(k)}&snapshot=true`, 'event: snapshot');
const plainAgainMs = await admit('without snapshot, again', own, ': stream open');
console.log(`snapshot=true costs ${(snapMs / ((plainMs + plainAgainMs) / 2)).toFixed(2)}x opening without it`);
cold.destroy();
process.exit(0);
