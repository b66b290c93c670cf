import { defineConfig } from '@playwright/test';

// The server under test is started by backend/scripts/e2e.sh (`make test-e2e`), not by Playwright:
//   E2E_BASE_URL    where `tollgate all` serves the portal and API (default http://127.0.0.1:8080)
//   E2E_SERVER_LOG  the file the server writes its JSON log to; the tests read invitation links from it
//   E2E_CHROMIUM    the Chromium binary (default /usr/bin/chromium); browsers are never downloaded
const outputDir = 'test-results/';

export default defineConfig({
  testDir: './e2e',
  outputDir,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
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
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
