// The translate service (diagram-js's `translate`), fed by our dictionaries.
// Keys are the English texts of bpmn-js, diagram-js, the properties panel
// and our own UI; a missing key falls back to the English text.
import id from './id.js';
import en from './en.js';

const dictionaries = { id, en };

export function dictionaryFor(culture) {
  return dictionaries[culture] || dictionaries.id;
}

// The properties panel's header names an element's type in Title Case, made from
// the type's name ("Timer Boundary Event (Non Interrupting)"); bpmn-js's menus name
// the same types in sentence case ("Timer boundary event (non-interrupting)"), so
// one translation serves both.
export function sentenceCase(text) {
  return text
    .replace(/\(Non Interrupting\)$/, '(non-interrupting)')
    .replace(/ ([A-Z][a-z]+)/g, (whole, word) => ` ${word.toLowerCase()}`);
}

export function createTranslate(dictionary) {
  const has = (key) => Object.prototype.hasOwnProperty.call(dictionary, key);
  return function translate(template, replacements) {
    const key = has(template) ? template : sentenceCase(template);
    const text = has(key) ? dictionary[key] : template;
    if (!replacements) {
      return text;
    }
    return text.replace(/\{([^}]+)\}/g, (whole, key) =>
      Object.prototype.hasOwnProperty.call(replacements, key) ? String(replacements[key]) : whole
    );
  };
}

/** A didi module overriding diagram-js's translate. */
export function translateModule(culture) {
  return { translate: ['value', createTranslate(dictionaryFor(culture))] };
}
