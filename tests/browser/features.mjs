// The "Features" section of the HTML report in a real browser: opening a route's path and
// clicking one of its steps opens that API's row in the table, whatever the filters hid.
//
//   node features.mjs MODULES_DIR CHROMIUM REPORT.html   (MODULES_DIR holds puppeteer-core)
import { drive } from "./drive.mjs";

await drive(async (browser, report, out) => {
  const page = await browser.newPage();
  await page.goto("file://" + report);
  const state = async () => page.evaluate(() => ({
    hash: location.hash,
    rows: [...document.querySelectorAll("#apis tbody tr.api-row")].map(r => r.dataset.id),
    opened: [...document.querySelectorAll("#apis tbody tr.details")].map(d => d.previousElementSibling.dataset.id),
  }));
  out.routes = await page.evaluate(() =>
    [...document.querySelectorAll("table.features tbody tr")].map(r => [r.cells[0].textContent, r.dataset.status]));
  out.before = await state();
  // The stub route's path: open it, click its third step (a portable API the default view hides).
  await page.click("table.features tr[data-status=stub] summary");
  const links = await page.$$("table.features tr[data-status=stub] details a");
  out.steps = await Promise.all(links.map(a => a.evaluate(x => x.textContent)));
  await links[2].click();
  await page.waitForFunction(() => document.querySelectorAll("#apis tbody tr.details").length > 0);
  out.after = await state();
});
