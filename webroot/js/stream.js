// The page's one EventSource for every chosen type. The browser resumes it with Last-Event-ID by
// itself after a drop; this class reports the connection state and counts the reconnects.

import { EVENT_TYPES } from './dss.js';

export class EventStream {
  /**
   * @param {object} handlers onEvent(type, json, id), onState(state, detail), onGap(json),
   *   onExpired(), onShutdown(), onFailed()
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.source = null;
    this.reconnects = 0;
    this.lastEventId = '';
    this.wasOpen = false;
  }

  /** Opens the stream for a query; lastEventId (optional) resumes after an event seen earlier. */
  open(query, lastEventId) {
    this.close();
    const params = new URLSearchParams(query);
    if (lastEventId) params.set('last_event_id', lastEventId);
    this.reconnects = 0;
    this.wasOpen = false;
    const source = new EventSource('/events?' + params.toString());
    this.source = source;
    this.handlers.onState('connecting');
    source.onopen = () => {
      if (this.wasOpen) this.reconnects++;
      this.wasOpen = true;
      this.handlers.onState('live', { reconnects: this.reconnects });
    };
    source.onerror = () => {
      if (source !== this.source) return;
      if (source.readyState === EventSource.CLOSED) {
        this.source = null;
        this.handlers.onState('closed');
        this.handlers.onFailed();
      } else {
        this.handlers.onState('reconnecting', { reconnects: this.reconnects });
      }
    };
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (e) => this.dispatch(type, e));
    }
    source.addEventListener('gap', (e) => this.handlers.onGap(parse(e.data) || {}));
    source.addEventListener('expired', () => {
      this.close();
      this.handlers.onState('closed');
      this.handlers.onExpired();
    });
    source.addEventListener('shutdown', () => this.handlers.onShutdown());
  }

  dispatch(type, e) {
    if (e.lastEventId) this.lastEventId = e.lastEventId;
    const json = parse(e.data);
    if (json) this.handlers.onEvent(type, json, e.lastEventId);
  }

  get isOpen() {
    return this.source !== null;
  }

  close() {
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return null;
  }
}
