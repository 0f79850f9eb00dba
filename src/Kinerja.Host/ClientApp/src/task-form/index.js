// The task form is multipart so that documents can go with it. When no document is chosen it is sent URL-encoded
// instead: the same fields, which the host reads for a fraction of the work a multipart body takes (its parser
// allocates buffers for every part; docs/benchmarks.md, session 21). Without this script the form stays multipart,
// and the host reads either.
import { encodingFor } from './encoding.js';

for (const form of document.querySelectorAll('form[data-task-form]')) {
  form.addEventListener('submit', () => {
    form.enctype = encodingFor(form.querySelectorAll('input[type=file]'));
  });
}
