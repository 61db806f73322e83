// Types of dss-gateway.js, the DSS Gateway browser client.

/** connecting: asking for a ticket or the stream; live: the stream is open; retrying: waiting to reconnect; closed: for good. */
export type DssConnection = 'connecting' | 'live' | 'retrying' | 'closed';

export type DssEventType = 'datapoint' | 'datapointack' | 'connectivity' | 'location' | 'registration';

export const CONNECTIONS: readonly DssConnection[];

export interface DssStreamOptions {
  /** The gateway's origin, e.g. 'https://gateway.example.com'. Omit on the gateway's own origin. */
  gateway?: string;
  /**
   * Called before every connection (the first, and each reconnect) for a JWT, which is traded for a
   * single-use ticket (POST /api/tickets). Omit on the gateway's own origin to use the session cookie.
   * Throwing (rejecting) is retried with the backoff; giving no token (null, undefined, '') stops the stream.
   */
  token?: () => Promise<string | null | undefined> | string | null | undefined;
  /** One or more event types, or '*' for all. */
  subscription_type: DssEventType | '*' | Array<DssEventType>;
  oem_model?: string | string[];
  dsn?: string | string[];
  property_name?: string | string[];
  /**
   * Ask for the devices' current state first (`snapshot=true` on every connection, default false): a
   * connection starts with an `event: snapshot` unless it resumes without having lost an event (then
   * the events it missed come instead).
   */
  snapshot?: boolean;
  /** Resume after this cursor (a meta.id seen earlier). */
  lastEventId?: string;
  /** Upper bound of the backoff, in ms (default 30000). */
  maxDelayMs?: number;
  /** Reconnect when nothing, not even a keep-alive, arrived for this long, in ms (default 45000; 0: never). */
  idleTimeoutMs?: number;
}

/** What every event listener gets besides the event: the stream cursor after it and the event type. */
export interface DssEventMeta {
  id: string;
  type: string;
}

/** A gap the gateway reports before continuing: events it can no longer deliver. */
export interface DssGap {
  subscription_type: DssEventType;
  reason: 'evicted' | 'stream_restarted' | 'upstream_resubscribed' | string;
  from_seq?: number;
  to_seq?: number;
}

/** One property's current value and when it was last updated (ISO 8601). */
export interface DssPropertyState {
  value: unknown;
  updated_at: string;
}

/** One device's current state, as the last snapshot and the live events since it tell it. */
export interface DssDeviceState {
  dsn: string;
  oem_model: string;
  connectivity: { status: 'Online' | 'Offline' | string; event_time: string } | null;
  location: { lat: string; long: string; created_at: string } | null;
  properties: Map<string, DssPropertyState>;
}

/** The data of `event: snapshot`: every device the stream's filter and scope cover. */
export interface DssSnapshot {
  devices: Array<{
    dsn: string;
    oem_model: string;
    connectivity?: { status: string; event_time: string };
    location?: { lat: string; long: string; created_at: string };
    properties: Record<string, DssPropertyState>;
  }>;
  /** false when the gateway could not read every device; then `reason` says why. */
  complete: boolean;
  reason?: string;
}

/** The data of `event: upstream`: the gateway's Ayla DSS socket behind the stream dropped, or is live again. */
export interface DssUpstream {
  subscription_type: DssEventType;
  state: 'reconnecting' | 'live';
  since: string;
}

/** Why the stream stopped for good (a 401/403 or other non-retryable refusal, or token() giving no token). */
export class DssStreamError extends Error {
  /** HTTP status of the refusal; 0 when token() gave no token. */
  readonly status: number;
  /** The gateway's stable error code (e.g. 'invalid_token'), or 'no_token', or 'not_an_event_stream'. */
  readonly code: string;
  readonly during: 'token' | 'ticket' | 'stream';
}

/** The DSS event JSON exactly as Ayla sent it (dss-protocol.md). */
export type DssEvent = { seq: string; metadata?: Record<string, unknown>; [key: string]: unknown };

export class DssStream {
  constructor(options: DssStreamOptions);
  /** The cursor of the last event received ('' before the first): carried into each new connection. */
  readonly lastEventId: string;
  /** The connection's state; null before the first connection starts. */
  readonly connection: DssConnection | null;
  /**
   * dsn -> the device's current state: replaced by each snapshot, kept current by live datapoint,
   * connectivity and location events (newest wins by time). The same Map object for the stream's life.
   */
  readonly state: ReadonlyMap<string, DssDeviceState>;
  readonly closed: boolean;
  on(type: DssEventType, fn: (event: DssEvent, meta: DssEventMeta) => void): this;
  on(type: 'snapshot', fn: (snapshot: DssSnapshot, meta: DssEventMeta) => void): this;
  on(type: 'upstream', fn: (upstream: DssUpstream, meta: DssEventMeta) => void): this;
  on(type: 'gap', fn: (gap: DssGap, meta: DssEventMeta) => void): this;
  on(type: 'expired', fn: (info: { reason: 'credential_expired' | 'session_ended' | string }, meta: DssEventMeta) => void): this;
  on(type: 'shutdown', fn: (info: { reason: string }, meta: DssEventMeta) => void): this;
  on(type: 'connection', fn: (connection: DssConnection) => void): this;
  on(type: 'error', fn: (error: DssStreamError) => void): this;
  off(type: string, fn: (...args: any[]) => void): this;
  /** Ends the stream for good (connection 'closed'). */
  close(): void;
}
