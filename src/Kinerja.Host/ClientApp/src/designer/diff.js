// Summarises bpmn-js-differ's result for the "Bandingkan" view. Pure.

const KINDS = ['removed', 'added', 'changed', 'layoutChanged'];

function label(element) {
  if (!element) {
    return '';
  }
  return element.name || element.id || '';
}

function typeOf(element) {
  return element && element.$type ? element.$type.replace(/^bpmn:/, '') : '';
}

/**
 * @param {{ _added, _removed, _changed, _layoutChanged }} result of diff(a, b)
 * @return {Array<{ id, kind, name, type, attrs }>} sorted by kind then id;
 *   an element counts once, under the strongest kind (removed/added over
 *   changed over layoutChanged)
 */
export function summarizeDiff(result) {
  const byId = new Map();
  const add = (kind, id, element, attrs) => {
    if (!byId.has(id)) {
      byId.set(id, { id, kind, name: label(element), type: typeOf(element), attrs: attrs || [] });
    }
  };
  for (const [id, element] of Object.entries(result._removed || {})) {
    add('removed', id, element);
  }
  for (const [id, element] of Object.entries(result._added || {})) {
    add('added', id, element);
  }
  for (const [id, change] of Object.entries(result._changed || {})) {
    add('changed', id, change.model, Object.keys(change.attrs || {}));
  }
  for (const [id, element] of Object.entries(result._layoutChanged || {})) {
    add('layoutChanged', id, element);
  }
  return [...byId.values()].sort(
    (a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.id.localeCompare(b.id)
  );
}

/** Markers per side: the old diagram shows removed and changed, the new one added and changed. */
export function markersFor(summary) {
  const left = [];
  const right = [];
  for (const { id, kind } of summary) {
    const marker = `kd-diff-${kind === 'layoutChanged' ? 'layout' : kind}`;
    if (kind === 'removed') {
      left.push([id, marker]);
    } else if (kind === 'added') {
      right.push([id, marker]);
    } else {
      left.push([id, marker]);
      right.push([id, marker]);
    }
  }
  return { left, right };
}
