// pa11y (WCAG2AA, runners htmlcs + axe) on a list of URLs with ONE Debian Chromium.
// Usage: node scripts/pa11y_pages.js URL... → JSON on stdout: {url: [issue, ...]} (errors only).
// Chromium is /usr/bin/chromium (CHROMIUM_PATH overrides): puppeteer's own download is skipped
// (PUPPETEER_SKIP_DOWNLOAD=1 at `npm ci`), the network gives only the package registries.
"use strict";

const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main(urls) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
  });
  const results = {};
  try {
    for (const url of urls) {
      const result = await pa11y(url, {
        browser,
        standard: "WCAG2AA",
        runners: ["htmlcs", "axe"],
        timeout: 60000,
        // axe's "incomplete" results (it could not decide, e.g. a background behind a ::before
        // counter) are reviews, not violations: warnings, as tests/browser's axe fixture counts
        // only violations. Everything axe and HTML_CodeSniffer do decide stays an error.
        levelCapWhenNeedsReview: "warning",
      });
      results[url] = result.issues.filter((issue) => issue.type === "error");
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
