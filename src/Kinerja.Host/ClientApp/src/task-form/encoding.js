export const MULTIPART = 'multipart/form-data';
export const URL_ENCODED = 'application/x-www-form-urlencoded';

/** The encoding a task form is sent with: multipart only when one of its file inputs has a file chosen. */
export function encodingFor(fileInputs) {
  for (const input of fileInputs) {
    if (input.files && input.files.length > 0) {
      return MULTIPART;
    }
  }
  return URL_ENCODED;
}
