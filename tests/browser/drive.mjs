// What both browser scripts share: the system's Chromium through puppeteer-core, from the
// command line `node SCRIPT.mjs MODULES_DIR CHROMIUM REPORT.html` (MODULES_DIR holds
// puppeteer-core). `drive(steps)` launches it, runs `steps(browser, report, out)`, closes it
// whatever happened, and prints `out` as one JSON object.
import { createRequire } from "node:module";

export async function drive(steps) {
  const [modules, browserPath, report] = process.argv.slice(2);
  const require = createRequire(modules + "/");
  const puppeteer = require("puppeteer-core");
  const browser = await puppeteer.launch({
    executablePath: browserPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const out = {};
  try {
    await steps(browser, report, out);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(out));
}
