// Entry of designer.js: mounts the designer into <div id="kinerja-designer">
// with the configuration of <script type="application/json" id="kinerja-designer-config">.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import '@bpmn-io/element-template-chooser/dist/element-template-chooser.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import 'bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css';
import './designer.css';

import { readConfigElement } from '../shared/config.js';
import { Designer } from './Designer.js';

function mount() {
  const root = document.getElementById('kinerja-designer');
  if (!root) {
    return;
  }
  let config;
  try {
    config = readConfigElement('kinerja-designer-config', {
      required: ['draftUrl', 'publishUrl', 'validateUrl', 'versionsUrl', 'versionXmlUrl'],
      defaults: { processKey: null, culture: 'id', antiforgery: null }
    });
  } catch (error) {
    root.textContent = `Kinerja designer: ${error.message}`;
    root.dataset.error = 'config';
    throw error;
  }
  const designer = new Designer(root, config);
  designer.start().catch((error) => {
    console.error('[kinerja] designer failed to start', error);
    root.dataset.error = 'start';
  });
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', mount);
} else {
  mount();
}
