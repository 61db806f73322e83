// What the benchmark scripts share: signing in to the gateway and opening its SSE streams.
import http from 'node:http';

/** Signs in (the simulator's demo user unless told otherwise); resolves with the gateway's JWT. */
export async function signIn(gateway, email = 'demo@example.com', password = 'demo1234') {
  const r = await fetch(`${gateway}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${await r.text()}`);
  return (await r.json()).access_token;
}

/** Opens GET /events?query on a connection of its own; resolves with the response (utf8) once it answered 200. */
export function openEvents(gateway, token, query) {
  return new Promise((resolve, reject) => {
    http.get(`${gateway}/events?${query}`, { headers: { authorization: `Bearer ${token}` }, agent: false }, res => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${query}: ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      resolve(res);
    }).on('error', reject);
  });
}
