// A stand-in for the host's endpoints, to look at the bundle without the
// ASP.NET Core host: `npm run build && npm run mock`, then open
// http://127.0.0.1:5199/designer.html and /live.html. Listens on loopback only.
// Not used by the host or by the tests.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../wwwroot/dist');
const seedPath = path.resolve(here, '../../../../workflows/sop-pengumpulan-data-kinerja.bpmn');
const port = Number(process.env.PORT || 5199);
const culture = process.env.CULTURE || 'id';

const seed = await readFile(seedPath, 'utf8');
let draft = null;
const versions = [
  {
    version: 1,
    deployedAt: '2026-01-05T02:00:00Z',
    deployedBy: 'admin',
    name: 'SOP Pengumpulan Data Kinerja',
    xml: seed
  }
];

const TYPES = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.map': 'application/json',
  '.txt': 'text/plain'
};

function page(kind) {
  const config =
    kind === 'designer'
      ? {
          processKey: 'sop-pengumpulan-data-kinerja',
          culture,
          draftUrl: '/api/draft',
          publishUrl: '/api/publish',
          validateUrl: '/api/validate',
          versionsUrl: '/api/versions',
          versionXmlUrl: '/api/versions/{version}/xml',
          duePreviewUrl: '/api/due?start={start}&duration={duration}&basis={basis}',
          rolesUrl: '/api/roles',
          antiforgery: { header: 'RequestVerificationToken', token: 'mock-token' }
        }
      : { xmlUrl: '/api/versions/1/xml', stateUrl: '/api/live/state', culture };
  return `<!doctype html><html lang="${culture}"><head><meta charset="utf-8"><title>${kind}</title>
<link rel="stylesheet" href="/dist/${kind}.css"></head><body style="margin:12px">
<script type="application/json" id="kinerja-${kind}-config">${JSON.stringify(config)}</script>
<div id="kinerja-${kind}"></div><script src="/dist/${kind}.js"></script></body></html>`;
}

/** The mock validator: a user task whose id starts with Task_Broken is a problem. */
function problemsOf(xml) {
  const problems = [];
  const re = /<bpmn:userTask id="(Task_Broken[^"]*)"/g;
  let match;
  while ((match = re.exec(xml))) {
    const line = xml.slice(0, match.index).split('\n').length;
    problems.push({
      elementId: match[1],
      line,
      column: 5,
      message: `User task '${match[1]}' is broken (mock validator).`
    });
  }
  return problems;
}

async function body(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
  }
  return text ? JSON.parse(text) : null;
}

function send(res, status, data, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type });
  res.end(type === 'application/json' || type === 'application/problem+json' ? JSON.stringify(data) : data);
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const p = url.pathname;
  const nonGet = req.method !== 'GET';
  if (nonGet && req.headers.requestverificationtoken !== 'mock-token') {
    return send(res, 400, { title: 'anti-forgery token missing' }, 'application/problem+json');
  }
  try {
    if (p === '/designer.html' || p === '/') return send(res, 200, page('designer'), 'text/html');
    if (p === '/live.html') return send(res, 200, page('live'), 'text/html');
    if (p.startsWith('/dist/')) {
      const file = path.join(dist, path.normalize(p.slice(6)));
      if (!file.startsWith(dist)) return send(res, 403, {});
      return send(res, 200, await readFile(file), TYPES[path.extname(file)] || 'application/octet-stream');
    }
    if (p === '/api/draft' && req.method === 'GET')
      return draft ? send(res, 200, draft) : send(res, 404, { title: 'no draft' });
    if (p === '/api/draft' && req.method === 'PUT') {
      const { xml } = await body(req);
      draft = {
        xml,
        savedAt: new Date().toISOString(),
        savedBy: 'admin',
        basedOnVersion: versions.at(-1).version
      };
      return send(res, 200, { savedAt: draft.savedAt });
    }
    if (p === '/api/validate') return send(res, 200, { problems: problemsOf((await body(req)).xml) });
    if (p === '/api/publish') {
      const { xml } = await body(req);
      const problems = problemsOf(xml);
      if (problems.length)
        return send(
          res,
          422,
          { title: 'The definition does not validate.', status: 422, problems },
          'application/problem+json'
        );
      const version = versions.at(-1).version + 1;
      versions.push({
        version,
        deployedAt: new Date().toISOString(),
        deployedBy: 'admin',
        name: 'SOP Pengumpulan Data Kinerja',
        xml
      });
      return send(res, 200, { processKey: 'sop-pengumpulan-data-kinerja', version });
    }
    if (p === '/api/versions')
      return send(
        res,
        200,
        versions.map(({ xml: _xml, ...v }) => v)
      );
    const versionMatch = /^\/api\/versions\/(\d+)\/xml$/.exec(p);
    if (versionMatch) {
      const v = versions.find((x) => x.version === Number(versionMatch[1]));
      return v ? send(res, 200, v.xml, 'application/xml') : send(res, 404, { title: 'no such version' });
    }
    if (p === '/api/due') {
      const start = new Date(url.searchParams.get('start'));
      const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(url.searchParams.get('duration') || '');
      if (!m) return send(res, 400, { title: 'bad duration' });
      const factor = url.searchParams.get('basis') === 'calendar' ? 1 : 1.4;
      const ms = ((+m[1] || 0) * 86400 + (+m[2] || 0) * 3600 + (+m[3] || 0) * 60) * 1000 * factor;
      return send(res, 200, { due: new Date(start.getTime() + ms).toISOString() });
    }
    if (p === '/api/roles')
      return send(res, 200, [
        { group: 'kabag-organisasi', name: 'Kepala Bagian Organisasi', members: 1 },
        { group: 'kasubbag-kinerja-rb', name: 'Kasubbag. Kinerja dan RB', members: 1 },
        { group: 'pengelola-data', name: 'Pengelola Data', members: 3 },
        { group: 'operator-skpd', name: 'Operator SKPD', members: 42 }
      ]);
    if (p === '/api/live/state') {
      const due = new Date(Date.now() + 86400000).toISOString();
      return send(res, 200, {
        elements: {
          Task_SajikanDataSkpd: { waiting: 11, overdue: 3, dueSoon: 2, completed: 31, instances: 42 },
          Task_Kompilasi: { waiting: 0, overdue: 0, dueSoon: 0, completed: 0 }
        },
        completedFlows: [
          'Flow_Mulai_Disposisi',
          'Flow_Disposisi_Distribusi',
          'Flow_Distribusi_SajikanDataSkpd'
        ],
        completedElements: ['StartEvent_Mulai', 'Task_Disposisi', 'Task_Distribusi'],
        refreshSeconds: 10,
        tasks: {
          Task_SajikanDataSkpd: [
            {
              taskId: 't-1',
              name: 'Menyajikan data kinerja SKPD',
              subject: 'Dinas Kesehatan',
              holder: 'Operator Dinkes',
              dueAt: due,
              dueText: 'besok 16.00',
              overdue: false,
              url: '/Tugas/t-1'
            },
            {
              taskId: 't-2',
              name: 'Menyajikan data kinerja SKPD',
              subject: 'Dinas Pendidikan',
              holder: 'Operator Disdik',
              dueAt: '2026-01-01T08:00:00Z',
              dueText: '1 Jan 2026 16.00',
              overdue: true,
              url: '/Tugas/t-2'
            }
          ]
        }
      });
    }
    return send(res, 404, { title: 'not found' });
  } catch (error) {
    return send(res, 500, { title: error.message });
  }
});

server.listen(port, '127.0.0.1', () =>
  console.log(`mock host on http://127.0.0.1:${port}/designer.html and /live.html`)
);
