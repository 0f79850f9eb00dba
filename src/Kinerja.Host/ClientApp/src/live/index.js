// Entry of live.js: mounts the live view into <div id="kinerja-live"> with the
// configuration of <script type="application/json" id="kinerja-live-config">.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './live.css';

import { readConfigElement } from '../shared/config.js';
import { LiveView } from './LiveView.js';

function mount() {
  const root = document.getElementById('kinerja-live');
  if (!root) {
    return;
  }
  let config;
  try {
    config = readConfigElement('kinerja-live-config', {
      required: ['xmlUrl', 'stateUrl'],
      defaults: { culture: 'id' }
    });
  } catch (error) {
    root.textContent = `Kinerja live view: ${error.message}`;
    root.dataset.error = 'config';
    throw error;
  }
  new LiveView(root, config).start().catch((error) => {
    console.error('[kinerja] live view failed to start', error);
    root.dataset.error = 'start';
  });
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', mount);
} else {
  mount();
}
