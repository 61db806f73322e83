// 100 busy upstream streams: one user reads 100 datapoint streams of distinct filters that all match
// one property, while the simulator publishes R events a second (each ~1 KiB) to it. Every second it
// prints the gateway's heap, the heap its replay buffers count, GC pauses and events delivered.
// The gateway must allow 100 SSE connections per user (DSS_SSE_MAX_CONNECTIONS_PER_USER=100).
//   node src/test/bench/busy-streams.mjs [streams=100] [rate=300] [seconds=30] [gateway] [sim]
import http from 'node:http';
import { signIn } from './gateway-client.mjs';

const [streamsArg = '100', rateArg = '300', secondsArg = '30', gateway = 'http://127.0.0.1:8080', sim = 'http://127.0.0.1:8090']
  = process.argv.slice(2);
const streams = Number(streamsArg), rate = Number(rateArg), seconds = Number(secondsArg);
const DSN = 'AC000W000340649';
const padding = 'x'.repeat(900);

const token = await signIn(gateway);

let delivered = 0;
const open = [];
for (let i = 0; i < streams; i++) {
  await new Promise((resolve, reject) => {
    const path = `/events?subscription_type=datapoint&dsn=${DSN}&property_name=Blue_button,p${i}`;
    http.get(`${gateway}${path}`, { headers: { authorization: `Bearer ${token}` }, agent: false }, res => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream ${i}: ${res.statusCode}`));
        return;
      }
      open.push(res);
      res.setEncoding('utf8');
      let tail = ''; // a marker may be split between two reads
      res.on('data', chunk => {
        const text = tail + chunk;
        delivered += text.split('\nevent: datapoint\n').length - 1;
        tail = text.slice(-17);
      });
      resolve();
    }).on('error', reject);
  });
}

async function metrics() {
  const text = await (await fetch(`${gateway}/metrics`)).text();
  const sum = re => [...text.matchAll(re)].reduce((s, m) => s + Number(m[1]), 0);
  return {
    heap: sum(/^jvm_memory_used_bytes\{area="heap".*\} (\S+)$/gm),
    replay: sum(/^dss_replay_bytes(?:\{[^}]*\})? (\S+)$/gm),
    gcCount: sum(/^jvm_gc_pause_seconds_count\{.*\} (\S+)$/gm),
    gcSeconds: sum(/^jvm_gc_pause_seconds_sum\{.*\} (\S+)$/gm),
  };
}

const mib = b => (b / 1048576).toFixed(0);
const first = await metrics();
console.log(`${streams} streams open; heap ${mib(first.heap)} MiB; publishing ${rate} events/s for ${seconds} s`);
let lastDelivered = 0;
let peakHeap = 0;
for (let s = 1; s <= seconds; s++) {
  const tick = Date.now();
  const values = Array.from({ length: rate }, (_, k) => `${s}-${k}-${padding}`);
  await fetch(`${sim}/sim/datapoints`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dsn: DSN, property_name: 'Blue_button', values }),
  });
  await new Promise(r => setTimeout(r, Math.max(0, 1000 - (Date.now() - tick))));
  const m = await metrics();
  peakHeap = Math.max(peakHeap, m.heap);
  console.log(`t=${s}s heap ${mib(m.heap)} MiB, replay ${mib(m.replay)} MiB, GC pauses ${m.gcCount - first.gcCount} `
    + `(${(m.gcSeconds - first.gcSeconds).toFixed(2)} s), delivered ${delivered - lastDelivered}/s`);
  lastDelivered = delivered;
}
const end = await metrics();
console.log(`peak heap ${mib(peakHeap)} MiB; GC ${end.gcCount - first.gcCount} pauses, ${(end.gcSeconds - first.gcSeconds).toFixed(2)} s; `
  + `delivered ${delivered} of ${streams * rate * seconds}`);
open.forEach(res => res.destroy());
