/** Fill a URL template: `{name}` → the URI-encoded value; unknown names stay. */
export function fillTemplate(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (whole, key) =>
    Object.prototype.hasOwnProperty.call(values, key) ? encodeURIComponent(values[key]) : whole
  );
}
