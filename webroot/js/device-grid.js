// The device grid: one card per device with its connectivity, each property's current value and when
// it changed, and the device's controls. Values come from the browser client's state (the stream's
// snapshot, kept current by live events); the device list only names the devices and their properties.

import { displayValue } from './dss.js';

export class DeviceGrid {
  constructor({ grid, note, stale, controls }) {
    this.grid = grid;
    this.note = note;
    this.staleMark = stale;
    this.controls = controls;
    this.cards = new Map(); // dsn -> {card, badge, props (<dl>), rows: Map name -> {wrap, value, time}, labels}
    this.devices = new Map(); // dsn -> device from /api/devices, with its properties
    this.state = null; // the open stream's state Map
    this.covered = false; // a snapshot told which devices the stream covers
  }

  /** devices: [{dsn, product_name, oem_model, properties: [{name, display_name, ...}]}] */
  setDevices(devices) {
    this.controls.reset();
    this.cards.clear();
    this.devices = new Map(devices.map((d) => [d.dsn, d]));
    this.state = null;
    this.grid.replaceChildren(...devices.map((d) => this.card(d)));
    this.note.textContent = devices.length === 0 ? 'Your account has no devices.' : 'Waiting for the current state…';
    this.setStale(null);
  }

  /** The state Map of a stream just opened; its snapshot (or its first events) fill it. */
  watch(state) {
    this.state = state;
    this.covered = false;
  }

  /** A snapshot arrived: every card shows the state, devices outside the subscription say so. */
  showSnapshot(snapshot) {
    this.covered = true;
    for (const dsn of this.state.keys()) this.ensureCard(dsn, this.state.get(dsn));
    this.cards.forEach((_, dsn) => this.refresh(dsn));
    this.note.textContent = snapshot.complete === false
      ? `Some devices could not be read (${snapshot.reason || 'unknown reason'}); they fill in as events arrive.`
      : '';
  }

  /** A live event changed (or tried to change) a device's state. */
  refresh(dsn) {
    const device = this.state && this.state.get(dsn);
    const entry = device ? this.ensureCard(dsn, device) : this.cards.get(dsn);
    if (!entry) return;
    entry.card.dataset.watched = String(Boolean(device) || !this.covered);
    this.paintConnectivity(entry, device ? device.connectivity : null);
    if (!device) return;
    for (const [name, held] of device.properties) {
      this.paintValue(this.propertyRow(entry, name), held);
      this.controls.observe(dsn, name, held.value);
    }
  }

  /** since: a Date while the values may be out of date, null when they are current; causes: 'gateway' or event types. */
  setStale(since, causes = []) {
    this.grid.classList.toggle('is-stale', since !== null);
    this.staleMark.hidden = since === null;
    if (since === null) return;
    this.staleMark.dataset.since = since.toISOString();
    const what = causes.some((c) => c !== 'gateway') ? 'the gateway is reconnecting to Ayla' : 'reconnecting to the gateway';
    this.staleMark.textContent = `Stale since ${when(since)}: ${what}; values may be out of date.`;
  }

  ensureCard(dsn, state) {
    if (!this.cards.has(dsn)) {
      this.grid.append(this.card(this.devices.get(dsn) || { dsn, oem_model: state.oem_model, properties: [] }));
    }
    return this.cards.get(dsn);
  }

  card(device) {
    const card = document.createElement('article');
    card.className = 'device-card';
    card.dataset.dsn = device.dsn;
    const head = document.createElement('header');
    const title = document.createElement('h3');
    title.textContent = device.product_name || device.dsn;
    const badge = document.createElement('span');
    badge.className = 'badge';
    head.append(title, badge);
    const id = document.createElement('p');
    id.className = 'device-id';
    id.textContent = [device.dsn, device.oem_model].filter(Boolean).join(' · ');
    const props = document.createElement('dl');
    props.className = 'props';
    card.append(head, id, props);
    const entry = { card, badge, props, rows: new Map(), labels: new Map() };
    for (const p of device.properties || []) {
      entry.labels.set(p.name, p.display_name || p.name);
      this.propertyRow(entry, p.name);
    }
    const controls = this.controls.controlsFor(device);
    if (controls) {
      controls.classList.add('card-controls');
      card.append(controls);
    }
    this.cards.set(device.dsn, entry);
    this.paintConnectivity(entry, null);
    return card;
  }

  propertyRow(entry, name) {
    let row = entry.rows.get(name);
    if (row) return row;
    const wrap = document.createElement('div');
    wrap.className = 'prop';
    wrap.dataset.property = name;
    const dt = document.createElement('dt');
    dt.textContent = entry.labels.get(name) || name;
    const dd = document.createElement('dd');
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = '—';
    const time = document.createElement('time');
    dd.append(value, time);
    wrap.append(dt, dd);
    entry.props.append(wrap);
    row = { wrap, value, time };
    entry.rows.set(name, row);
    return row;
  }

  paintValue(row, held) {
    const text = displayValue(held.value);
    if (row.wrap.dataset.value !== text) {
      row.wrap.classList.remove('changed');
      void row.wrap.offsetWidth; // restarts the highlight
      if (row.wrap.dataset.value !== undefined) row.wrap.classList.add('changed');
    }
    row.wrap.dataset.value = text;
    row.value.textContent = text === '' ? '—' : text;
    const t = held.updated_at ? new Date(held.updated_at) : null;
    if (t && !Number.isNaN(t.getTime())) {
      row.time.dateTime = t.toISOString();
      row.time.textContent = when(t);
      row.time.title = t.toLocaleString();
    }
  }

  paintConnectivity(entry, connectivity) {
    const status = connectivity && connectivity.status ? connectivity.status : '';
    entry.card.dataset.connectivity = status.toLowerCase() || 'unknown';
    entry.badge.textContent = status || (entry.card.dataset.watched === 'false' ? 'Not in this subscription' : 'Status unknown');
    entry.badge.title = connectivity && connectivity.event_time ? `since ${new Date(connectivity.event_time).toLocaleString()}` : '';
  }
}

/** The time of day, with the date when it is not today. */
export function when(date) {
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return date.toDateString() === new Date().toDateString() ? time : `${date.toLocaleDateString()} ${time}`;
}
