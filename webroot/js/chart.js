// A live chart of numeric and boolean property values, drawn on a <canvas> (no library): one lane
// per device property, each scaled to its own range, booleans as steps, over a sliding window
// that grows with the data from 20 s to 2 min (to an hour once history is shown).

const WINDOW_MS = 120_000;
const MIN_WINDOW_MS = 20_000;
const MAX_POINTS = 2000;
const MAX_SERIES = 8;
const LANE = 64;
const COLORS = ['#1f5fbf', '#d1495b', '#2a9d8f', '#e9a03b', '#6a4c93', '#0b7a75', '#c0392b', '#5d6d7e'];

export class LiveChart {
  constructor(canvas, legend) {
    this.canvas = canvas;
    this.legend = legend;
    this.series = new Map(); // "dsn/property" -> {label, boolean, color, points: [[ms, v]]}
    this.points = 0;
    this.pending = false;
    this.timer = null;
    this.windowMs = WINDOW_MS;
  }

  add(dsn, property, value, time, isBoolean) {
    const s = this.seriesFor(dsn, property, isBoolean);
    if (!s) return;
    s.points.push([time.getTime(), value]);
    if (s.points.length > MAX_POINTS) s.points.shift();
    this.points++;
    this.requestDraw();
  }

  /** A point from history: placed in time order before the live ones (a point already there is not added twice). */
  addPast(dsn, property, value, time, isBoolean) {
    const s = this.seriesFor(dsn, property, isBoolean);
    if (!s) return;
    const ms = time.getTime();
    let i = s.points.length;
    while (i > 0 && s.points[i - 1][0] > ms) i--;
    if (i > 0 && s.points[i - 1][0] === ms && s.points[i - 1][1] === value) return;
    s.points.splice(i, 0, [ms, value]);
    if (s.points.length > MAX_POINTS) s.points.shift();
    this.points++;
    this.requestDraw();
  }

  /** Widens the window to show this much of the past (history loaded). */
  showPast(ms) {
    this.windowMs = Math.max(this.windowMs, ms);
    this.requestDraw();
  }

  seriesFor(dsn, property, isBoolean) {
    const key = `${dsn}/${property}`;
    let s = this.series.get(key);
    if (!s) {
      if (this.series.size >= MAX_SERIES) return null;
      s = { key, label: `${property} · ${dsn}`, boolean: isBoolean, color: COLORS[this.series.size % COLORS.length], points: [] };
      this.series.set(key, s);
    }
    return s;
  }

  clear() {
    this.series.clear();
    this.windowMs = WINDOW_MS;
    this.points = 0;
    this.requestDraw();
  }

  /** Keeps the time axis moving while events stream in. */
  start() {
    if (this.timer === null) this.timer = setInterval(() => this.requestDraw(), 1000);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
  }

  requestDraw() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  draw() {
    const series = [...this.series.values()];
    const ratio = window.devicePixelRatio || 1;
    const cssWidth = Math.max(280, this.canvas.clientWidth || 600);
    const cssHeight = Math.max(1, series.length) * LANE + 22;
    this.canvas.width = Math.round(cssWidth * ratio);
    this.canvas.height = Math.round(cssHeight * ratio);
    this.canvas.style.height = cssHeight + 'px';
    const g = this.canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, cssWidth, cssHeight);
    g.font = '12px system-ui, sans-serif';
    const now = Date.now();
    for (const s of series) {
      while (s.points.length > 1 && s.points[1][0] < now - this.windowMs) s.points.shift();
    }
    const oldest = Math.min(now, ...series.map((s) => s.points[0][0]));
    const span = Math.min(this.windowMs, Math.max(MIN_WINDOW_MS, (now - oldest) * 1.1));
    const x = (ms) => 8 + ((ms - (now - span)) / span) * (cssWidth - 16);
    this.drawAxis(g, x, now, span, cssWidth, cssHeight);
    if (series.length === 0) {
      g.fillStyle = '#5a6272';
      g.fillText('Numeric and boolean datapoints will be charted here.', 12, LANE / 2);
    }
    series.forEach((s, i) => this.drawLane(g, s, i * LANE, x, cssWidth));
    this.describe(series);
  }

  drawAxis(g, x, now, span, width, height) {
    g.strokeStyle = '#eceff3';
    g.fillStyle = '#8a94a6';
    const step = [5, 10, 15, 30].find((t) => span / 1000 / t <= 6) || 30;
    for (let s = 0; s <= span / 1000; s += step) {
      const px = x(now - s * 1000);
      g.beginPath();
      g.moveTo(px, 0);
      g.lineTo(px, height - 18);
      g.stroke();
      g.fillText(s === 0 ? 'now' : `-${s}s`, Math.min(px - 10, width - 30), height - 5);
    }
  }

  drawLane(g, s, top, x, width) {
    const values = s.points.map((p) => p[1]);
    let lo = s.boolean ? 0 : Math.min(...values);
    let hi = s.boolean ? 1 : Math.max(...values);
    if (lo === hi) {
      lo -= 1;
      hi += 1;
    }
    const y = (v) => top + LANE - 10 - ((v - lo) / (hi - lo)) * (LANE - 26);
    g.strokeStyle = '#d9dde4';
    g.beginPath();
    g.moveTo(0, top + LANE);
    g.lineTo(width, top + LANE);
    g.stroke();
    g.strokeStyle = s.color;
    g.fillStyle = s.color;
    g.lineWidth = 2;
    g.beginPath();
    s.points.forEach(([ms, v], i) => {
      const px = Math.max(8, x(ms));
      if (i === 0) g.moveTo(px, y(v));
      else if (s.boolean) g.lineTo(px, y(s.points[i - 1][1]));
      if (i > 0) g.lineTo(px, y(v));
    });
    const last = s.points[s.points.length - 1];
    g.lineTo(x(Date.now()), y(last[1]));
    g.stroke();
    s.points.forEach(([ms, v]) => g.fillRect(Math.max(8, x(ms)) - 2, y(v) - 2, 4, 4));
    g.lineWidth = 1;
    g.fillText(`${s.label}: ${last[1]}`, 10, top + 13);
  }

  /** The text alternative: the canvas label and a legend with each series' latest value. */
  describe(series) {
    this.canvas.dataset.points = String(this.points);
    this.canvas.setAttribute('aria-label', series.length === 0 ? 'No numeric or boolean values yet'
      : 'Latest values: ' + series.map((s) => `${s.label} ${s.points[s.points.length - 1][1]}`).join('; '));
    this.legend.replaceChildren(...series.map((s) => {
      const li = document.createElement('li');
      li.dataset.series = s.key;
      li.dataset.last = String(s.points[s.points.length - 1][1]);
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = s.color;
      swatch.setAttribute('aria-hidden', 'true');
      li.append(swatch, `${s.label}: ${s.points[s.points.length - 1][1]} (${s.points.length} points)`);
      return li;
    }));
  }
}
