import TemplateBehavior from './TemplateBehavior.js';
import TemplatePalette from './TemplatePalette.js';

export default {
  __init__: ['kinerjaTemplateBehavior', 'kinerjaTemplatePalette'],
  kinerjaTemplateBehavior: ['type', TemplateBehavior],
  kinerjaTemplatePalette: ['type', TemplatePalette]
};
