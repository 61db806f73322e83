// Device controls for the to-device ("input") properties, through the gateway's device proxy:
// booleans as toggle buttons, numbers as a field and a Set button. Each device card holds its own.

export class DeviceControls {
  constructor(status, setProperty) {
    this.status = status;
    this.setProperty = setProperty;
    this.toggles = new Map(); // "dsn/name" -> {button, value, label}
    this.fields = new Map(); // "dsn/name" -> <input>
  }

  /** Forgets the controls of the devices shown before. */
  reset() {
    this.toggles.clear();
    this.fields.clear();
  }

  /**
   * The controls of a device's settable properties, or null when it has none.
   * device: {dsn, properties: [{name, display_name, base_type, direction, read_only, value}]}
   */
  controlsFor(device) {
    const inputs = (device.properties || []).filter((p) => p.direction === 'input' && !p.read_only);
    if (inputs.length === 0) return null;
    const row = document.createElement('div');
    row.className = 'row';
    for (const p of inputs) {
      row.append(p.base_type === 'boolean' ? this.toggle(device, p) : this.field(device, p));
    }
    return row;
  }

  toggle(device, p) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.dataset.dsn = device.dsn;
    button.dataset.property = p.name;
    const entry = { button, label: p.display_name || p.name, value: truthy(p.value) };
    this.toggles.set(`${device.dsn}/${p.name}`, entry);
    paint(entry);
    button.addEventListener('click', () => {
      const next = entry.value ? 0 : 1;
      this.send(device.dsn, p, next);
    });
    return button;
  }

  field(device, p) {
    const wrap = document.createElement('div');
    const id = `set-${device.dsn}-${p.name}`.replace(/[^A-Za-z0-9_-]/g, '_');
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = p.display_name || p.name;
    const input = document.createElement('input');
    input.id = id;
    input.type = ['integer', 'decimal', 'float'].includes(p.base_type) ? 'number' : 'text';
    if (p.base_type === 'integer') input.step = '1';
    if (p.value !== null && p.value !== undefined) input.value = p.value;
    this.fields.set(`${device.dsn}/${p.name}`, input);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.textContent = 'Set';
    button.setAttribute('aria-label', `Set ${p.display_name || p.name} of ${device.dsn}`);
    const submit = () => {
      const raw = input.value.trim();
      if (input.type === 'number' && (raw === '' || !Number.isFinite(Number(raw)))) {
        this.status.textContent = `Enter a number for ${label.textContent}.`;
        input.focus();
        return;
      }
      this.send(device.dsn, p, input.type === 'number' ? Number(raw) : raw);
    };
    button.addEventListener('click', submit);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') submit();
    });
    const line = document.createElement('div');
    line.className = 'row';
    line.append(input, button);
    wrap.append(label, line);
    return wrap;
  }

  async send(dsn, p, value) {
    const name = p.display_name || p.name;
    this.status.textContent = `Setting ${name} of ${dsn} to ${value}…`;
    try {
      await this.setProperty(dsn, p.name, value);
      this.status.textContent = `${name} of ${dsn} set to ${value}; waiting for the device's ack.`;
      this.observe(dsn, p.name, value);
    } catch (e) {
      this.status.textContent = `Could not set ${name}: ${e.message}`;
    }
  }

  /** Keeps the toggles in step with the device's twin as datapoints arrive. */
  observe(dsn, name, value) {
    const entry = this.toggles.get(`${dsn}/${name}`);
    if (entry) {
      entry.value = truthy(value);
      paint(entry);
    }
    const input = this.fields.get(`${dsn}/${name}`);
    if (input && document.activeElement !== input) input.value = value;
  }

  acknowledged(dsn, name, value) {
    this.status.textContent = `${dsn} acknowledged ${name} = ${value}.`;
  }
}

function truthy(v) {
  return v === true || v === 1 || v === '1' || v === 'true';
}

function paint(entry) {
  entry.button.setAttribute('aria-pressed', String(entry.value));
  entry.button.textContent = `${entry.label}: ${entry.value ? 'on' : 'off'}`;
}
