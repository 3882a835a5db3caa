/**
 * The fake as its own process, for end-to-end suites:
 *   FAKE_IG_PORT=4010 FAKE_IG_CONFIG=fake-ig.json node dist/src/dev/fake-instagram/main.js
 * (settings: main-settings.ts). When listening, prints exactly one JSON line
 * `{"url","wwwUrl","apiUrl","graphUrl"}` to stdout, which a parent process
 * waits for; stops cleanly on SIGTERM or SIGINT.
 */
import { loadSettings } from './main-settings.js';
import { startFakeInstagram } from './server.js';

async function main(): Promise<void> {
  const fake = await startFakeInstagram(await loadSettings(process.env));
  const stop = (): void => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(
    `${JSON.stringify({ url: fake.url, wwwUrl: fake.wwwUrl, apiUrl: fake.apiUrl, graphUrl: fake.graphUrl })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
