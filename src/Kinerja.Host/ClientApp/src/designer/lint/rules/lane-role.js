import { is } from '../../properties/kinerja-model.js';
import { laneRole } from '../helpers.js';

export const MESSAGE = 'Lane has no role: set its candidate groups (jabatan)';

/** Every lane stands for a role: kinerja:candidateGroups. */
export default function laneRoleRule() {
  function check(node, reporter) {
    if (is(node, 'bpmn:Lane') && !laneRole(node)) {
      reporter.report(node.id, MESSAGE, ['candidateGroups']);
    }
  }
  return { check };
}
