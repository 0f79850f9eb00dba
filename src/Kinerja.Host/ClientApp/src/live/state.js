// The live view's data: what each element's overlay shows, which elements
// and flows are on the completed path, and the task list. Pure.

const DEFAULT_REFRESH_SECONDS = 30;
const MIN_REFRESH_SECONDS = 5;

function count(value) {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** The state endpoint's answer, with defaults for everything left out. */
export function normalizeState(raw) {
  const state = raw && typeof raw === 'object' ? raw : {};
  const elements = {};
  for (const [id, value] of Object.entries(state.elements || {})) {
    const v = value || {};
    const instances = v.instances === undefined || v.instances === null ? null : count(v.instances);
    elements[id] = {
      waiting: count(v.waiting),
      overdue: count(v.overdue),
      dueSoon: count(v.dueSoon),
      completed: count(v.completed),
      instances
    };
  }
  const refresh = Number(state.refreshSeconds);
  return {
    elements,
    completedFlows: Array.isArray(state.completedFlows) ? state.completedFlows : [],
    completedElements: Array.isArray(state.completedElements) ? state.completedElements : [],
    refreshSeconds:
      Number.isFinite(refresh) && refresh > 0
        ? Math.max(MIN_REFRESH_SECONDS, refresh)
        : DEFAULT_REFRESH_SECONDS,
    tasks: state.tasks && typeof state.tasks === 'object' ? state.tasks : {}
  };
}

/**
 * What the overlay of one element shows, or null for nothing.
 * Multi-instance progress ("31/42") shows when `instances` (the total) is set:
 * completed/instances.
 */
export function overlayFor(elementState) {
  if (!elementState) {
    return null;
  }
  const { waiting, overdue, dueSoon, completed, instances } = elementState;
  const badges = [];
  if (waiting) {
    badges.push({ kind: 'waiting', value: String(waiting), count: waiting });
  }
  if (overdue) {
    badges.push({ kind: 'overdue', value: String(overdue), count: overdue });
  }
  if (dueSoon) {
    badges.push({ kind: 'due-soon', value: String(dueSoon), count: dueSoon });
  }
  if (instances !== null && instances !== undefined) {
    badges.push({ kind: 'progress', value: `${completed}/${instances}`, completed, total: instances });
  }
  return badges.length ? { badges, waiting, overdue, dueSoon, completed, instances } : null;
}

/** The tasks listed when an element is clicked: overdue first, then by due instant. */
export function tasksFor(state, elementId) {
  const list = (state.tasks && state.tasks[elementId]) || [];
  return [...list].sort(
    (a, b) =>
      Number(!!b.overdue) - Number(!!a.overdue) ||
      String(a.dueAt || '\uffff').localeCompare(String(b.dueAt || '\uffff')) ||
      String(a.name || '').localeCompare(String(b.name || ''))
  );
}

/** The element ids that get the completed marker: completed elements and flows. */
export function completedIds(state) {
  return [...new Set([...state.completedElements, ...state.completedFlows])];
}
