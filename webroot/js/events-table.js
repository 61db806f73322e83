// The live table: newest first, bounded, pausable; a row opens the full event JSON.

import { displayValue } from './dss.js';

const MAX_ROWS = 500;
const MAX_WAITING = 5000;

export class EventsTable {
  constructor({ body, details, detailsJson, detailsClose, pauseButton, clearButton, pausedInfo }) {
    this.body = body;
    this.details = details;
    this.detailsJson = detailsJson;
    this.pauseButton = pauseButton;
    this.pausedInfo = pausedInfo;
    this.paused = false;
    this.waiting = [];
    this.dropped = 0;
    pauseButton.addEventListener('click', () => this.setPaused(!this.paused));
    clearButton.addEventListener('click', () => this.clear());
    detailsClose.addEventListener('click', () => this.hideDetails());
    details.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.hideDetails();
    });
    body.addEventListener('click', (e) => {
      const tr = e.target.closest('tr');
      if (tr && tr.eventJson !== undefined) this.showDetails(tr);
    });
  }

  /** Adds a row ({type, seq, dsn, property, value, time}) with the event's full JSON. */
  add(row, json) {
    if (this.paused) {
      if (this.waiting.length >= MAX_WAITING) {
        this.waiting.shift();
        this.dropped++;
      }
      this.waiting.push([row, json]);
      this.updatePausedInfo();
      return;
    }
    this.body.prepend(this.render(row, json));
    while (this.body.rows.length > MAX_ROWS) this.body.deleteRow(-1);
  }

  setPaused(paused) {
    this.paused = paused;
    this.pauseButton.setAttribute('aria-pressed', String(paused));
    this.pauseButton.textContent = paused ? 'Resume' : 'Pause';
    if (!paused) {
      const backlog = this.waiting;
      this.waiting = [];
      backlog.forEach(([row, json]) => this.add(row, json));
      this.dropped = 0;
    }
    this.updatePausedInfo();
  }

  clear() {
    this.body.replaceChildren();
    this.waiting = [];
    this.dropped = 0;
    this.hideDetails();
    this.updatePausedInfo();
  }

  render(row, json) {
    const tr = document.createElement('tr');
    tr.className = `type-${row.type} fresh`;
    tr.dataset.type = row.type;
    tr.dataset.seq = row.seq;
    tr.eventJson = json;
    const time = row.time || new Date();
    const timeCell = document.createElement('td');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'time-button';
    button.setAttribute('aria-label', `Details of ${row.type} event${row.seq !== '' ? ' seq ' + row.seq : ''} at ${time.toLocaleTimeString()}`);
    const t = document.createElement('time');
    t.dateTime = time.toISOString();
    t.textContent = clock(time);
    button.append(t);
    timeCell.append(button);
    tr.append(timeCell);
    const tag = document.createElement('span');
    tag.className = 'type-tag';
    tag.textContent = row.type;
    tr.append(cell(tag, 'type'), cell(row.dsn, 'dsn'), cell(row.property, 'property'), cell(displayValue(row.value), 'value'),
      cell(String(row.seq), 'seq'));
    return tr;
  }

  showDetails(tr) {
    this.body.querySelectorAll('tr.selected').forEach((r) => r.classList.remove('selected'));
    tr.classList.add('selected');
    this.returnFocus = tr.querySelector('button');
    this.detailsJson.textContent = JSON.stringify(tr.eventJson, null, 2);
    this.details.hidden = false;
    this.details.focus();
  }

  hideDetails() {
    if (this.details.hidden) return;
    this.details.hidden = true;
    this.body.querySelectorAll('tr.selected').forEach((r) => r.classList.remove('selected'));
    if (this.returnFocus && this.returnFocus.isConnected) this.returnFocus.focus();
  }

  updatePausedInfo() {
    if (!this.paused) {
      this.pausedInfo.textContent = '';
      return;
    }
    const lost = this.dropped ? ` (${this.dropped} oldest dropped)` : '';
    this.pausedInfo.textContent = `Paused: ${this.waiting.length} new events waiting${lost}`;
  }
}

function cell(content, name) {
  const td = document.createElement('td');
  td.className = name;
  if (content instanceof Node) td.append(content);
  else td.textContent = content;
  return td;
}

function clock(d) {
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
