// Reads a page's JSON configuration (<script type="application/json" id=…>)
// and checks it against the contract in README.md.

export function parseConfig(text, { required = [], defaults = {} } = {}) {
  let config;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new Error(`configuration is not JSON: ${error.message}`, { cause: error });
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error('configuration must be a JSON object');
  }
  const missing = required.filter((key) => typeof config[key] !== 'string' || config[key] === '');
  if (missing.length) {
    throw new Error(`configuration lacks ${missing.join(', ')}`);
  }
  const merged = { ...defaults, ...config };
  merged.culture = normalizeCulture(merged.culture);
  return merged;
}

export function normalizeCulture(culture) {
  return String(culture || 'id')
    .toLowerCase()
    .startsWith('en')
    ? 'en'
    : 'id';
}

export function readConfigElement(id, options) {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`no <script type="application/json" id="${id}"> on the page`);
  }
  return parseConfig(element.textContent, options);
}

/** Dates and times for people, in the page's culture and the browser's zone. */
export function createFormatter(culture) {
  const locale = culture === 'en' ? 'en-GB' : 'id-ID';
  const dateTime = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit'
  });
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const short = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const safe = (format) => (value) => {
    const date = value instanceof Date ? value : new Date(value);
    return Number.isNaN(date.getTime()) ? String(value ?? '') : format.format(date);
  };
  return { dateTime: safe(dateTime), time: safe(time), short: safe(short) };
}
