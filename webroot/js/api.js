// Same-origin calls to the gateway. The HttpOnly session cookie set by /api/login carries the credential.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', 'The gateway is not reachable');
  }
  const text = await response.text();
  const json = text ? safeParse(text) : null;
  if (!response.ok) {
    const message = (json && (json.message || json.error)) || `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, (json && (json.code || json.error)) || 'http_' + response.status, message);
  }
  return json;
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return null;
  }
}

export const api = {
  login: (email, password) => call('POST', '/api/login', { email, password }),
  logout: () => call('POST', '/api/logout'),
  devices: async () => (await call('GET', '/api/devices')).map((d) => d.device || d),
  properties: async (dsn) => (await call('GET', `/api/devices/${encodeURIComponent(dsn)}/properties`)).map((p) => p.property || p),
  setProperty: (dsn, name, value) =>
    call('POST', `/api/devices/${encodeURIComponent(dsn)}/properties/${encodeURIComponent(name)}/datapoints`, { datapoint: { value } }),
  streams: async () => (await call('GET', '/api/streams')).streams || [],
  history: (params) => call('GET', '/api/history?' + new URLSearchParams(params)),
};
