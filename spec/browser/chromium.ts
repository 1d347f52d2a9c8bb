// Where the browser tests find Chromium, with a message that says how to get it.
import { existsSync } from 'node:fs';

/** Launch options for playwright-core with the system's Chromium; throws how to install it when absent. */
export function launchOptions(): { executablePath: string; args: string[] } {
  const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `npm run test:browser needs Chromium at ${executablePath}: install it (Debian/Ubuntu: sudo apt-get install -y chromium; ` +
        '.ci/run does this) or set CHROMIUM_PATH to a Chromium or Chrome binary',
    );
  }
  return {
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}
