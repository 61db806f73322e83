// Reading Ayla DSS event JSON (dss-protocol.md §3) into the columns the page shows.

export const EVENT_TYPES = ['datapoint', 'datapointack', 'connectivity', 'location', 'registration'];
export const DEFAULT_TYPES = ['datapoint', 'datapointack', 'connectivity'];

/** The row of one event: {type, seq, dsn, property, value, baseType, time (Date)}. */
export function summarize(type, event) {
  const md = event.metadata || {};
  const row = { type, seq: event.seq ?? '', dsn: md.dsn || '', property: md.property_name || '', baseType: md.base_type || '', value: '', time: null };
  switch (type) {
    case 'datapoint': {
      const dp = event.datapoint || {};
      return { ...row, value: dp.value, time: when(dp.updated_at || dp.created_at) };
    }
    case 'datapointack': {
      // The docs put the ack under "datapoint"; Ayla's sample browser reads "datapointack". Accept both.
      const dp = event.datapoint && event.datapoint.value !== undefined ? event.datapoint : event.datapointack || {};
      return { ...row, value: dp.value, time: when(dp.acked_at || dp.updated_at) };
    }
    case 'connectivity': {
      const c = event.connection || {};
      return { ...row, value: c.status, time: when(c.event_time) };
    }
    case 'location': {
      const l = event.location_event || {};
      return { ...row, dsn: row.dsn || l.dsn || '', value: `${l.lat}, ${l.long}`, time: when(l.created_at) };
    }
    case 'registration': {
      const r = event.registration_event || {};
      return { ...row, dsn: row.dsn || r.dsn || '', value: r.registered ? 'registered' : 'unregistered',
        time: when(r.registered ? r.registered_at : r.unregistered_at) };
    }
    default:
      return row;
  }
}

/** A value the chart can plot (booleans as 0/1), or null. */
export function plottable(value, baseType) {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && ['boolean', 'integer', 'decimal', 'float'].includes(baseType) && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function displayValue(value) {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function when(text) {
  const t = text ? new Date(text) : null;
  return t && !Number.isNaN(t.getTime()) ? t : new Date();
}
