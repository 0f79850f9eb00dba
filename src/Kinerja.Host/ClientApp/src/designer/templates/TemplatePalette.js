// Palette entries that create a shape with one of our element templates
// applied, as one undoable step (see TemplateBehavior).
import { templates } from './index.js';

const ICONS = {
  'bpmn:UserTask': 'bpmn-icon-user-task',
  'bpmn:SendTask': 'bpmn-icon-send-task'
};

export default class TemplatePalette {
  constructor(palette, create, elementFactory, kinerjaTemplateBehavior, translate) {
    this._create = create;
    this._elementFactory = elementFactory;
    this._behavior = kinerjaTemplateBehavior;
    this._translate = translate;
    palette.registerProvider(this);
  }

  createShape(template) {
    const type = template.elementType ? template.elementType.value : template.appliesTo[0];
    const shape = this._elementFactory.createShape({ type });
    this._behavior.applyOnCreate(shape, template);
    return shape;
  }

  getPaletteEntries() {
    return (entries) => {
      const result = { ...entries, 'kinerja-separator': { group: 'kinerja', separator: true } };
      for (const template of templates) {
        const type = template.elementType ? template.elementType.value : template.appliesTo[0];
        const start = (event) => this._create.start(event, this.createShape(template));
        result[`create.template.${template.id}`] = {
          group: 'kinerja',
          className: `${ICONS[type] || 'bpmn-icon-task'} kd-palette-template kd-template-${template.id.replace(/\W+/g, '-')}`,
          title: this._translate('Create {name}', { name: template.name }),
          action: { dragstart: start, click: start }
        };
      }
      return result;
    };
  }
}

TemplatePalette.$inject = ['palette', 'create', 'elementFactory', 'kinerjaTemplateBehavior', 'translate'];
