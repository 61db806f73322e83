// One signed-in user asks for many distinct filters and leaves each before its stream opens:
// HTTP/2 (HEADERS then RST_STREAM on one prior-knowledge h2c connection) or HTTP/1.1 (open, close).
// Prints the Ayla subscriptions the simulator holds afterwards, and how the requests were answered.
//   node src/test/bench/filter-flood.mjs [h2|h1] [count] [gateway=http://127.0.0.1:8080] [sim=http://127.0.0.1:8090]
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';

const [mode = 'h2', countArg = '1000', gateway = 'http://127.0.0.1:8080', sim = 'http://127.0.0.1:8090'] = process.argv.slice(2);
const count = Number(countArg);
const DSN = 'AC000W000340649';

async function json(url, options = {}) {
  const r = await fetch(url, options);
  return { status: r.status, body: await r.json().catch(() => null) };
}

const login = await json(`${gateway}/api/login`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'demo@example.com', password: 'demo1234' }),
});
const token = login.body.access_token;
const path = i => `/events?subscription_type=datapoint&dsn=${DSN}&property_name=p${i}`;
const statuses = {};
const started = process.hrtime.bigint();

if (mode === 'h2') {
  const session = http2.connect(gateway);
  await Promise.all(Array.from({ length: count }, (_, i) => new Promise(done => {
    const stream = session.request({ ':path': path(i), authorization: `Bearer ${token}` });
    stream.on('error', () => {});
    stream.on('close', done);
    stream.close(http2.constants.NGHTTP2_CANCEL); // HEADERS, then RST_STREAM at once
  })));
  session.close();
} else {
  const { hostname, port } = new URL(gateway);
  for (let i = 0; i < count; i++) {
    await new Promise(done => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.end(`GET ${path(i)} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
        socket.destroy();
        done();
      });
      socket.on('error', done);
    });
  }
}
const sentMillis = Number(process.hrtime.bigint() - started) / 1e6;

// the subscriptions left behind by the cancelled requests
for (const after of [0, 1000, 5000]) {
  await new Promise(r => setTimeout(r, after));
  const stats = await json(`${sim}/sim/stats`);
  console.log(`${mode} ${count} cancelled requests sent in ${sentMillis.toFixed(0)} ms; `
    + `+${after} ms: Ayla subscriptions held ${stats.body.subscriptions}, DSS sockets ${stats.body.open_sockets}`);
}

// then 60 connections held at once, each asking two streams of its own filter: what one user may hold
const held = [];
for (let i = 0; i < 60; i++) {
  const status = await new Promise(resolve => {
    const req = http.get(`${gateway}${path(i).replace('datapoint', 'datapoint,datapointack')}`, { headers: { authorization: `Bearer ${token}` }, agent: false }, res => {
      held.push(res);
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve('error'));
  });
  statuses[status] = (statuses[status] ?? 0) + 1;
}
const stats = await json(`${sim}/sim/stats`);
console.log(`60 connections x 2 streams held at once: answers ${JSON.stringify(statuses)}; Ayla subscriptions ${stats.body.subscriptions}`);
held.forEach(res => res.destroy());
