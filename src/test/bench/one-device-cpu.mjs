// The gateway's CPU for events of ONE device while N browsers each watch their own device of a fleet,
// all served from one covering upstream stream (a first browser asks for every device of the model).
//   node src/test/bench/one-device-cpu.mjs fleet N > fleet.json     writes a simulator fleet of N devices
//   node src/test/bench/one-device-cpu.mjs run N EVENTS PID [gateway] [sim]
// Start the gateway with -Ddss.sim.devices-file=fleet.json -Ddss.sse.max-connections-per-user=100000
// -Ddss.http.max-connections-per-address=0 (one user opens all the streams); PID is the gateway's.
import { openEvents, signIn } from './gateway-client.mjs';
import fs from 'node:fs';

const [mode, nArg, eventsArg, pidArg, gateway = 'http://127.0.0.1:8080', sim = 'http://127.0.0.1:8090'] = process.argv.slice(2);
const n = Number(nArg);
const dsn = i => `FLEET${String(i).padStart(6, '0')}`;

if (mode === 'fleet') {
  const devices = Array.from({ length: n }, (_, i) => ({
    dsn: dsn(i), oem_model: 'fleet', properties: [{ name: 'temp', base_type: 'integer', value: 0 }],
  }));
  process.stdout.write(JSON.stringify(devices));
  process.exit(0);
}

const events = Number(eventsArg);
const cpuSeconds = () => {
  const fields = fs.readFileSync(`/proc/${pidArg}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
};
const token = await signIn(gateway);

function open(query, onEvent) {
  return openEvents(gateway, token, query).then(res => {
    let tail = ''; // a marker may be split between two reads
    res.on('data', chunk => {
      const text = tail + chunk;
      onEvent(text.split('\nevent: datapoint\n').length - 1);
      tail = text.slice(-17);
    });
    return res;
  });
}

let wideGot = 0;
let ownGot = 0;
let othersGot = 0;
const streams = [await open('subscription_type=datapoint&oem_model=fleet&dsn=*', k => { wideGot += k; })];
for (let i = 0; i < n; i++) {
  streams.push(await open(`subscription_type=datapoint&oem_model=fleet&dsn=${dsn(i)}`, k => {
    if (i === 0) ownGot += k; else othersGot += k;
  }));
}
await new Promise(r => setTimeout(r, 2000)); // let the admissions' work settle
const before = cpuSeconds();
const started = Date.now();
for (let sent = 0; sent < events; sent += 500) {
  const values = Array.from({ length: Math.min(500, events - sent) }, (_, k) => sent + k);
  await fetch(`${sim}/sim/datapoints`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dsn: dsn(0), property_name: 'temp', values }),
  });
}
while (ownGot < events || wideGot < events) {
  await new Promise(r => setTimeout(r, 20));
}
const cpu = cpuSeconds() - before;
console.log(`${n} browsers on their own devices + 1 on all: ${events} events of one device in ${Date.now() - started} ms; `
  + `gateway CPU ${cpu.toFixed(2)} s = ${(cpu * 1e6 / events).toFixed(1)} µs per event; others received ${othersGot}`);
streams.forEach(s => s.destroy());
