import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where Debian's orthanc-dicomweb puts the DICOMweb plugin (the first that exists is used). */
const DICOMWEB_PLUGINS = ['/usr/share/orthanc/plugins/libOrthancDicomWeb.so', '/usr/lib/orthanc/libOrthancDicomWeb.so.1.7'];

/** A port free on the loopback interface just now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface TestOrthanc {
  /** Orthanc's REST root, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The DICOMweb root (STOW-RS, QIDO-RS, WADO-RS), without a trailing slash. */
  dicomWeb: string;
  username: string;
  password: string;
  /** A GET with the test user's credentials. */
  get(pathAndQuery: string, accept?: string): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * A real Orthanc (Debian's `orthanc` with `orthanc-dicomweb`) in a temporary directory on free
 * loopback ports, with HTTP basic authentication for one user and no DICOM (DIMSE) listener.
 */
export async function startOrthanc(): Promise<TestOrthanc> {
  const plugin = DICOMWEB_PLUGINS.find((p) => existsSync(p));
  if (!plugin) throw new Error('Orthanc\'s DICOMweb plugin is missing: apt-get install orthanc orthanc-dicomweb');
  const dir = mkdtempSync(path.join(tmpdir(), 'kasus-orthanc-'));
  const [httpPort, dicomPort] = [await freePort(), await freePort()];
  const username = 'kasus';
  const password = 'orthanc-test-password';
  writeFileSync(
    path.join(dir, 'orthanc.json'),
    JSON.stringify({
      Name: 'KasusTestPacs',
      StorageDirectory: path.join(dir, 'storage'),
      IndexDirectory: path.join(dir, 'storage'),
      HttpPort: httpPort,
      DicomPort: dicomPort,
      DicomServerEnabled: false,
      RemoteAccessAllowed: false,
      AuthenticationEnabled: true,
      RegisteredUsers: { [username]: password },
      Plugins: [plugin],
      DicomWeb: { Enable: true, Root: '/dicom-web/' },
      StorageCompression: false,
      ConcurrentJobs: 1,
    }),
  );
  const binary = existsSync('/usr/sbin/Orthanc') ? '/usr/sbin/Orthanc' : 'Orthanc';
  const child: ChildProcess = spawn(binary, [path.join(dir, 'orthanc.json')], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const url = `http://127.0.0.1:${httpPort}`;
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const get = (pathAndQuery: string, accept = 'application/dicom+json') => fetch(`${url}${pathAndQuery}`, { headers: { authorization, accept } });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Orthanc exited (${child.exitCode}): ${stderr}`);
    }
    const ready = await get('/system', 'application/json').then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Orthanc did not answer in 20 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, dicomWeb: `${url}/dicom-web`, username, password, get, stop };
}
