// Whether the grid's values may be out of date, and since when: while the page's stream reconnects
// ("gateway"), or while the gateway's upstream Ayla socket for an event type reconnects (that type).

export class Staleness {
  constructor(onChange) {
    this.onChange = onChange;
    this.causes = new Map(); // cause -> Date
  }

  set(cause, since = new Date()) {
    if (this.causes.has(cause)) return;
    this.causes.set(cause, Number.isNaN(since.getTime()) ? new Date() : since);
    this.report();
  }

  clear(cause) {
    if (this.causes.delete(cause)) this.report();
  }

  clearAll() {
    this.causes.clear();
    this.report();
  }

  report() {
    const times = [...this.causes.values()].map((d) => d.getTime());
    this.onChange(times.length ? new Date(Math.min(...times)) : null, [...this.causes.keys()]);
  }
}
