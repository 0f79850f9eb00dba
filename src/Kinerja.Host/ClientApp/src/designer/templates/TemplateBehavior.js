// (1) A shape created from a template palette entry gets the template applied
//     inside the same command, so one undo removes both.
// (2) A template asking for a multi-instance loop (metadata.kinerja.multiInstance:
//     Camunda 7 templates have no binding for it) gets one when applied.
import CommandInterceptor from 'diagram-js/lib/command/CommandInterceptor';

import { multiInstanceOf } from './index.js';

export default class TemplateBehavior extends CommandInterceptor {
  constructor(eventBus, commandStack, bpmnFactory) {
    super(eventBus);
    this._pending = new WeakMap();

    // After the other behaviours of shape.create (e.g. dropping onto a sequence flow splits it in
    // postExecuted): applying the template earlier, as a nested command, left the split flows without a parent.
    this.postExecuted('shape.create', 250, (event) => {
      const { shape } = event.context;
      const template = shape && this._pending.get(shape.businessObject);
      if (template) {
        this._pending.delete(shape.businessObject);
        commandStack.execute('propertiesPanel.camunda.changeTemplate', {
          element: shape,
          newTemplate: template
        });
      }
    });

    this.postExecute('propertiesPanel.camunda.changeTemplate', (event) => {
      const { element, newTemplate } = event.context;
      const loop = multiInstanceOf(newTemplate);
      const bo = element && element.businessObject;
      if (!loop || !bo || bo.get('loopCharacteristics')) {
        return;
      }
      const loopCharacteristics = bpmnFactory.create('bpmn:MultiInstanceLoopCharacteristics', {
        isSequential: !!loop.isSequential,
        'camunda:collection': loop.collection,
        'camunda:elementVariable': loop.elementVariable
      });
      loopCharacteristics.$parent = bo;
      commandStack.execute('element.updateProperties', { element, properties: { loopCharacteristics } });
    });
  }

  applyOnCreate(shape, template) {
    this._pending.set(shape.businessObject, template);
  }
}

TemplateBehavior.$inject = ['eventBus', 'commandStack', 'bpmnFactory'];
