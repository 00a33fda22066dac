// Headless Chromium for end-to-end tests: Debian's own package (apt-get install chromium), driven by
// playwright-core, because Playwright's browser downloads are unreachable from these machines.
import { chromium, type Browser } from 'playwright-core';

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: '/usr/bin/chromium',
		// Playwright adds --headless itself and a fresh temporary profile per launch.
		headless: true,
		args: [
			// Needed as root (CI runs as root).
			'--no-sandbox',
			'--disable-gpu',
			// Keep the browser off the network except for the app under test: nothing to reach here, and
			// background requests would only add timeouts and noise.
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}
