// fetch with JSON in and out; every non-GET carries the anti-forgery header.

export function createHttp({ antiforgery, fetchImpl } = {}) {
  const doFetch = fetchImpl || ((...args) => fetch(...args));

  async function request(method, url, body) {
    const headers = { Accept: 'application/json, application/problem+json, text/xml;q=0.9, */*;q=0.8' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (method !== 'GET' && antiforgery && antiforgery.header && antiforgery.token) {
      headers[antiforgery.header] = antiforgery.token;
    }
    const response = await doFetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const type = (response.headers && response.headers.get('Content-Type')) || '';
    let data = null;
    if (response.status !== 204) {
      const text = await response.text();
      if (type.includes('json') && text) {
        try {
          data = JSON.parse(text);
        } catch {
          data = text;
        }
      } else {
        data = text;
      }
    }
    return { status: response.status, ok: response.ok, data };
  }

  return {
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body),
    put: (url, body) => request('PUT', url, body)
  };
}

/** A message for a failed response: the problem's title/detail, else the status. */
export function describeFailure(response, translate = (s, r) => s.replace('{status}', r.status)) {
  const data = response && response.data;
  if (data && typeof data === 'object' && (data.detail || data.title)) {
    return [data.title, data.detail].filter(Boolean).join(': ');
  }
  return translate('The server answered {status}.', { status: response ? response.status : '?' });
}
