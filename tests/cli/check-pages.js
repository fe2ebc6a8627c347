// check-pages.js: opens exported pages in headless Chromium and checks
// them as a reader's browser sees them (TAP lines on stdout)
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: node check-pages.js NODE_MODULES CHROMIUM PAGES.json
// PAGES.json is a list of {name, file, embeds: "static"|"official",
// image: bool, markup: [CSS selectors]}. Every page must render, carry a
// JSON-LD NewsArticle that agrees with the page and pass axe-core with no
// violations; a static page must also log no console error and ask for
// nothing but its own files. In a page marked rtl, every text of the story
// whose first letter is Arabic script must be laid out right to left. The network is never used: every request
// for anything but a file is refused, as it would fail offline anyway.

'use strict';

const fs = require('fs');
const path = require('path');
const url = require('url');

const [nodeModules, chromiumPath, pagesFile] = process.argv.slice(2);
const { chromium } = require(path.join(nodeModules, 'playwright-core'));
const axePath = path.join(nodeModules, 'axe-core', 'axe.min.js');
const pages = JSON.parse(fs.readFileSync(pagesFile, 'utf8'));

let failed = 0;

function report (ok, description, details) {
  console.log(`${ok ? 'ok' : 'not ok'} - ${description}`);
  if (!ok) {
    failed++;
    for (const line of [].concat(details || [])) {
      for (const part of String(line).split('\n'))
        console.log(`# ${part}`);
    }
  }
}

// The page's own view of its head and its JSON-LD, read in the browser.
function readStory () {
  const scripts = document.querySelectorAll('script[type="application/ld+json"]');
  const meta = (property) => {
    const element = document.querySelector(`meta[property="${property}"]`);
    return element ? element.content : null;
  };
  let ld = null;
  let parseError = null;

  if (scripts.length === 1) {
    try {
      ld = JSON.parse(scripts[0].textContent);
    } catch (error) {
      parseError = String(error);
    }
  }

  return {
    count: scripts.length,
    ld,
    parseError,
    h1: document.querySelector('h1') ? document.querySelector('h1').textContent : null,
    dek: document.querySelector('.dek') ? document.querySelector('.dek').textContent : null,
    authors: Array.from(document.querySelectorAll('header .author')).map((e) => e.textContent),
    dateline: document.querySelector('.dateline') ? document.querySelector('.dateline').textContent : null,
    lang: document.documentElement.lang,
    ogImage: meta('og:image'),
    section: meta('article:section'),
    published: meta('article:published_time'),
    modified: meta('article:modified_time'),
    tags: Array.from(document.querySelectorAll('meta[property="article:tag"]')).map((e) => e.content),
    images: Array.from(document.images).map((img) => ({ src: img.src.slice(0, 80), ok: img.complete && img.naturalWidth > 0 })),
    text: document.body ? document.body.innerText.length : 0,
  };
}

function checkJsonLd (story, page) {
  const problems = [];
  const ld = story.ld;
  const expect = (condition, what) => { if (!condition) problems.push(what); };

  if (story.count !== 1)
    return [`${story.count} JSON-LD blocks, expected one`];
  if (ld === null)
    return [`the JSON-LD does not parse: ${story.parseError}`];

  expect(ld['@context'] === 'https://schema.org', '@context is not https://schema.org');
  expect(ld['@type'] === 'NewsArticle', '@type is not NewsArticle');
  expect(ld.headline === story.h1, `headline ${JSON.stringify(ld.headline)} is not the h1 ${JSON.stringify(story.h1)}`);
  expect(ld.description === story.dek, 'description is not the dek');
  expect(Array.isArray(ld.author) && ld.author.length === story.authors.length &&
         ld.author.every((a, i) => a['@type'] === 'Person' && a.name === story.authors[i]),
         `author is not the byline as a Person list: ${JSON.stringify(ld.author)}`);
  expect(ld.articleSection === story.section, 'articleSection is not article:section');
  expect(Array.isArray(ld.keywords) && JSON.stringify(ld.keywords) === JSON.stringify(story.tags),
         'keywords are not the article:tag list');
  expect(ld.inLanguage === story.lang, 'inLanguage is not the page language');
  expect(ld.datePublished === story.published, 'datePublished is not article:published_time');
  expect(ld.dateModified === story.modified, 'dateModified is not article:modified_time');
  expect(typeof ld.datePublished === 'string' && typeof ld.dateModified === 'string', 'dates are missing');
  expect(ld.contentLocation && ld.contentLocation['@type'] === 'Place' &&
         story.dateline !== null && story.dateline.startsWith(ld.contentLocation.name),
         'contentLocation is not the dateline place');
  if (page.image) {
    expect(story.ogImage !== null && /^https?:\/\//.test(story.ogImage), 'no absolute og:image');
    expect(Array.isArray(ld.image) && ld.image[0] === story.ogImage, 'image is not og:image');
  } else {
    expect(story.ogImage === null && ld.image === undefined, 'an image address for a page that has none');
  }
  return problems;
}

// The story's texts that open in Arabic script and are not laid out right
// to left, and how many such texts there are.
function readDirections () {
  const firstStrong = /[A-Za-z\u00C0-\u024F\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
  const rtlLetter = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
  const wrong = [];
  let count = 0;

  for (const element of document.querySelectorAll('article h1, article h2, article p, article li, article figcaption')) {
    const letter = (element.textContent.match(firstStrong) || [''])[0];
    if (!rtlLetter.test(letter))
      continue;
    count++;
    if (getComputedStyle(element).direction !== 'rtl')
      wrong.push(`<${element.localName}> ${element.textContent.slice(0, 40)}`);
  }
  return { count, wrong };
}

async function runAxe (page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    // Frames hold third-party documents (or nothing, offline): not ours.
    const results = await window.axe.run(document, { iframes: false, preload: false, resultTypes: ['violations'] });
    return results.violations.map((v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.slice(0, 5).map((n) => `  ${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\n/g, ' ')}`).join('\n'));
  });
}

async function checkPage (browser, spec) {
  const fileUrl = url.pathToFileURL(spec.file).href;
  const consoleErrors = [];
  const remote = [];
  const views = [{ label: 'desktop', viewport: { width: 1280, height: 900 }, colorScheme: 'light' }];
  const context = await browser.newContext();
  const page = await context.newPage();

  // A static page must also read on a phone at night.
  if (spec.embeds === 'static')
    views.push({ label: 'phone, dark', viewport: { width: 375, height: 740 }, colorScheme: 'dark' });

  await context.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested.startsWith('file:') || requested.startsWith('data:'))
      return route.continue();
    remote.push(requested);
    return route.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error')
      consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));

  for (const view of views) {
    await page.setViewportSize(view.viewport);
    await page.emulateMedia({ colorScheme: view.colorScheme });
    await page.goto(fileUrl, { waitUntil: 'load' });

    if (view.label === 'desktop') {
      // Pictures below the fold load lazily, when a reader scrolls to
      // them: so does the check, before it asks whether they loaded.
      await page.evaluate(async () => {
        for (const img of Array.from(document.images)) {
          img.scrollIntoView();
          await img.decode().catch(() => {});
        }
        window.scrollTo(0, 0);
      });
      const story = await page.evaluate(readStory);

      report(story.text > 200 && story.h1 !== null, `${spec.name}: renders the story`);
      report(story.images.length > 0 && story.images.every((img) => img.ok),
             `${spec.name}: every image loads`, JSON.stringify(story.images));
      const problems = checkJsonLd(story, spec);
      report(problems.length === 0, `${spec.name}: JSON-LD NewsArticle parses and matches the page`, problems);

      for (const selector of spec.markup || []) {
        const n = await page.locator(selector).count();
        report(n > 0, `${spec.name}: has ${selector}`);
      }

      if (spec.rtl) {
        const directions = await page.evaluate(readDirections);
        report(directions.count >= 10 && directions.wrong.length === 0,
               `${spec.name}: ${directions.count} right-to-left texts read right to left`, directions.wrong);
      }

      if (spec.embeds === 'official') {
        const sources = await page.evaluate(() =>
          Array.from(document.querySelectorAll('script[src]')).map((s) => s.getAttribute('src')));
        const duplicates = sources.filter((s, i) => sources.indexOf(s) !== i);
        report(sources.length > 0 && duplicates.length === 0,
               `${spec.name}: each provider script once (${sources.length})`, duplicates);
      }
    }

    const violations = await runAxe(page);
    report(violations.length === 0, `${spec.name}: axe-core finds no violations (${view.label})`, violations);
  }

  await context.close();

  if (spec.embeds === 'static') {
    report(consoleErrors.length === 0, `${spec.name}: no console errors`, consoleErrors);
    report(remote.length === 0, `${spec.name}: asks no other host for anything`, remote);
  }
}

(async () => {
  // Playwright starts Chromium on a fresh temporary profile of its own.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Never ask a desktop keyring for a password store: there is no one to answer.
      '--password-store=basic',
    ],
  });

  try {
    for (const spec of pages) {
      try {
        await checkPage(browser, spec);
      } catch (error) {
        report(false, `${spec.name}: opens in Chromium`, String(error && error.stack || error));
      }
    }
  } finally {
    await browser.close();
  }

  process.exit(failed === 0 ? 0 : 1);
})().catch((error) => {
  report(false, 'Chromium starts', String(error && error.stack || error));
  process.exit(1);
});
