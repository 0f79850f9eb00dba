import { is } from '../../properties/kinerja-model.js';
import { taskRole } from '../helpers.js';

export const MESSAGE =
  'User task has no role: set candidate groups or an assignee, or put it in a lane with a role';

/**
 * Every user task names its people: camunda:candidateGroups,
 * camunda:assignee or camunda:candidateUsers, or lies in a lane with
 * kinerja:candidateGroups.
 */
export default function userTaskRole() {
  function check(node, reporter) {
    if (is(node, 'bpmn:UserTask') && !taskRole(node)) {
      reporter.report(node.id, MESSAGE, ['candidateGroups']);
    }
  }
  return { check };
}
