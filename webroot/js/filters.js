// The subscribe form: event types, and the filters offered from the device list. Produces the
// /events query. Ayla's rule: oem_model=* needs explicit DSNs.

import { DEFAULT_TYPES, EVENT_TYPES } from './dss.js';

export class Filters {
  constructor({ types, models, dsns, props }) {
    this.boxes = { types, models, dsns, props };
    fill(types, 'type', EVENT_TYPES.map((t) => ({ value: t, label: t, checked: DEFAULT_TYPES.includes(t) })));
  }

  /** devices: [{dsn, product_name, oem_model, properties: [{name}]}] */
  offer(devices) {
    const models = [...new Set(devices.map((d) => d.oem_model).filter(Boolean))].sort();
    fill(this.boxes.models, 'model', models.map((m) => ({ value: m, label: m, checked: true })));
    fill(this.boxes.dsns, 'dsn', devices.map((d) => ({ value: d.dsn, label: `${d.product_name || d.oem_model} (${d.dsn})`, checked: false })));
    const props = [...new Set(devices.flatMap((d) => (d.properties || []).map((p) => p.name)))].sort();
    fill(this.boxes.props, 'prop', props.map((p) => ({ value: p, label: p, checked: false })));
  }

  /** {query} for /events, or {error} saying what to fix. */
  query() {
    const types = ticked(this.boxes.types);
    const models = ticked(this.boxes.models);
    const dsns = ticked(this.boxes.dsns);
    const props = ticked(this.boxes.props);
    if (types.length === 0) return { error: 'Tick at least one event type.' };
    if (models.length === 0 && dsns.length === 0) {
      return { error: 'Tick at least one model or device: Ayla requires explicit devices when every model is asked for.' };
    }
    const query = { subscription_type: types.join(','), oem_model: models.length ? models.join(',') : '*' };
    if (dsns.length) query.dsn = dsns.join(',');
    if (props.length) query.property_name = props.join(',');
    return { query, types };
  }
}

function fill(container, prefix, options) {
  container.replaceChildren(...options.map((o, i) => {
    const id = `${prefix}-${i}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = id;
    box.value = o.value;
    box.checked = o.checked;
    label.append(box, o.label);
    return label;
  }));
  if (options.length === 0) {
    const none = document.createElement('span');
    none.className = 'hint';
    none.textContent = 'none';
    container.append(none);
  }
}

function ticked(container) {
  return [...container.querySelectorAll('input[type=checkbox]:checked')].map((b) => b.value);
}
