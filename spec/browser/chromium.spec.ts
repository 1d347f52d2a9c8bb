import { afterEach, describe, expect, it } from 'vitest';
import { launchOptions } from './chromium.js';

describe('launchOptions (npm run test:browser)', () => {
  const saved = process.env['CHROMIUM_PATH'];
  afterEach(() => {
    if (saved === undefined) delete process.env['CHROMIUM_PATH'];
    else process.env['CHROMIUM_PATH'] = saved;
  });

  it('says how to install Chromium when there is none, instead of a launch stack trace', () => {
    process.env['CHROMIUM_PATH'] = '/nonexistent/chromium';
    expect(() => launchOptions()).toThrow(
      'npm run test:browser needs Chromium at /nonexistent/chromium: install it (Debian/Ubuntu: sudo apt-get install -y chromium; .ci/run does this) or set CHROMIUM_PATH to a Chromium or Chrome binary',
    );
  });

  it('uses CHROMIUM_PATH when it exists', () => {
    process.env['CHROMIUM_PATH'] = process.execPath;
    expect(launchOptions().executablePath).toBe(process.execPath);
  });
});
