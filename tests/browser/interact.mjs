// Drives the HTML report in a real browser (the system's Chromium, through puppeteer-core) as
// a reader does — typing a search, clicking a status box, a column, a row — and prints, as one
// JSON object, what the page showed and what its address said after each step.
//
//   node interact.mjs MODULES_DIR CHROMIUM REPORT.html   (MODULES_DIR holds puppeteer-core)
import { drive } from "./drive.mjs";

await drive(async (browser, report, out) => {
  const page = await browser.newPage();
  const state = async () => page.evaluate(() => ({
    hash: location.hash,
    matches: Number(document.body.dataset.matches),
    rows: [...document.querySelectorAll("#apis tbody tr.api-row")].map(r => r.dataset.id),
    open: [...document.querySelectorAll("#apis tbody tr.details")].length,
  }));
  await page.goto("file://" + report);
  out.start = await state();
  // A search over messages: "checkpoints" is in messages, not in names.
  await page.type("#q", "checkpoints");
  out.search = await state();
  // Unticking a status box narrows the view and the address says so.
  await page.click("#st-guarded");
  out.unticked = await state();
  // Sorting by name, twice: descending.
  await page.click("th[data-key=name]");
  await page.click("th[data-key=name]");
  out.sorted = await state();
  // Opening a row puts it in the address.
  await page.click("#apis tbody tr.api-row");
  out.opened = await state();
  // The address, loaded again, gives the same view.
  const again = await browser.newPage();
  await again.goto("file://" + report + out.opened.hash);
  out.reloaded = await again.evaluate(() => ({
    hash: location.hash,
    matches: Number(document.body.dataset.matches),
    rows: [...document.querySelectorAll("#apis tbody tr.api-row")].map(r => r.dataset.id),
    open: [...document.querySelectorAll("#apis tbody tr.details")].length,
    q: document.getElementById("q").value,
  }));
  // The test-support box shows the test-support packages' APIs.
  const support = await browser.newPage();
  await support.goto("file://" + report + "#status=portable&q=skip");
  out.supportOff = await support.evaluate(() => Number(document.body.dataset.matches));
  await support.click("#support");
  out.supportOn = await support.evaluate(() => ({
    matches: Number(document.body.dataset.matches), hash: location.hash,
  }));
});
