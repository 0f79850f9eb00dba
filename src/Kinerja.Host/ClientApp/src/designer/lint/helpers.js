// Helpers shared by our bpmnlint rules. Pure: they read moddle elements only.
import { getAttr, is } from '../properties/kinerja-model.js';

function nonEmpty(value) {
  return typeof value === 'string' && value.trim() !== '';
}

/** All lanes of a process or sub-process, nested lanes included. */
export function allLanes(container) {
  const lanes = [];
  const visit = (laneSet) => {
    for (const lane of (laneSet && laneSet.get('lanes')) || []) {
      lanes.push(lane);
      visit(lane.get('childLaneSet'));
    }
  };
  for (const laneSet of (container && container.get('laneSets')) || []) {
    visit(laneSet);
  }
  return lanes;
}

/**
 * The lanes a flow node lies in (outermost first). A node inside a
 * sub-process lies in the lanes of that sub-process.
 */
export function lanesOf(node) {
  let container = node.$parent;
  while (container && !is(container, 'bpmn:Process')) {
    container = container.$parent;
  }
  const lanes = allLanes(container);
  for (let current = node; current && current !== container; current = current.$parent) {
    const found = lanes.filter((lane) => (lane.get('flowNodeRef') || []).includes(current));
    if (found.length) {
      return found;
    }
  }
  return [];
}

export function laneRole(lane) {
  const value = getAttr(lane, 'kinerja:candidateGroups');
  return nonEmpty(value) ? value.trim() : null;
}

/** Where a user task's people come from, or null when nobody is named. */
export function taskRole(node) {
  for (const name of ['camunda:candidateGroups', 'camunda:assignee', 'camunda:candidateUsers']) {
    if (nonEmpty(getAttr(node, name))) {
      return name;
    }
  }
  const lane = lanesOf(node).reverse().find(laneRole);
  return lane ? 'lane' : null;
}

export { nonEmpty };
