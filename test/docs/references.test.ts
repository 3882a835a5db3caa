import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/**
 * Every reference to the project's documentation, in the code, the tests, the
 * benchmark, the plugin, the Docker files and the Markdown, lands inside the
 * repository on something that exists:
 *
 *   docs/contract.md §4.2         a numbered section of the external contract
 *                                 (docs/contract.md itself cites its own as §4.2)
 *   README: "Quick start"         a heading of README.md, word for word
 *   docker/README.md: "Addresses" a heading of another Markdown file of the repository
 *   [text](../README.md#cli)      in Markdown: a file of the repository and, with
 *                                 an #anchor, one of its headings; a link whose text
 *                                 is §n lands on section n
 *   name.md                       a file of the repository
 *
 * Anything else fails: a § in another form (an RFC's sections excepted), the
 * README cited another way, or a document kept beside the repository instead of
 * in it (the shared contract among them). Section numbers are stable (docs/contract.md §14),
 * so a failure here means a citation to fix, not a section to renumber.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCANNED = ['src', 'test', 'bench', 'wp-plugin-stub', 'docker', 'docs', 'README.md', 'SECURITY.md'];
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'test-artifacts']);
const BINARY = /\.(png|jpe?g|gif|ico|mo|zip|gz|tgz)$/;
/** This file spells out the forms it refuses. */
const SELF = 'test/docs/references.test.ts';

const CONTRACT_PATH = 'docs/contract.md';
const SECTION = String.raw`(\d+(?:\.\d+)*)`;

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED_FOLDERS.has(entry.name)) return [];
    const child = `${path}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(child) : BINARY.test(entry.name) ? [] : [child];
  });
}

/** The lines of a Markdown text outside fenced code blocks, with their 1-based numbers. */
function proseLines(text: string): { line: string; number: number }[] {
  let fenced = false;
  return text.split('\n').flatMap((line, index) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return [];
    }
    return fenced ? [] : [{ line, number: index + 1 }];
  });
}

function headingsOf(text: string): string[] {
  return proseLines(text).flatMap(({ line }) => {
    const match = /^#{1,6} +(.+?)\s*$/.exec(line);
    return match ? [match[1] as string] : [];
  });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens; repeats get -1, -2, … */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const heading of headingsOf(text)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

const contractText = readFileSync(join(ROOT, CONTRACT_PATH), 'utf8');
/** Section number → its anchor, e.g. "4.2" → "42-signature". */
const sections = new Map<string, string>();
for (const heading of headingsOf(contractText)) {
  const match = new RegExp(`^${SECTION}\\.? `).exec(heading);
  if (match) sections.set(match[1] as string, [...anchorsOf(`# ${heading}`)][0] as string);
}
const readmeHeadings = new Set(headingsOf(readFileSync(join(ROOT, 'README.md'), 'utf8')));

const markdownFiles = SCANNED.flatMap(filesUnder).filter((path) => path.endsWith('.md'));
const markdownNames = new Set(markdownFiles.map((path) => basename(path)));
const anchorCache = new Map<string, Set<string>>();
function anchorsIn(path: string): Set<string> {
  let anchors = anchorCache.get(path);
  if (anchors === undefined) {
    anchors = anchorsOf(readFileSync(join(ROOT, path), 'utf8'));
    anchorCache.set(path, anchors);
  }
  return anchors;
}

/** The repository-relative path `target` names from `from`'s folder, or undefined when it leaves the repository. */
function inRepository(fromFolder: string, target: string): string | undefined {
  const path = relative(ROOT, resolve(ROOT, fromFolder, target))
    .split(sep)
    .join('/');
  return path.startsWith('..') || path === '' ? undefined : path;
}

/** Whether a named .md file exists: from the root, from the citing file's folder, from where it runs compiled, or by name. */
function markdownExists(file: string, name: string): boolean {
  const folder = dirname(file);
  const candidates = [inRepository('.', name), inRepository(folder, name)];
  if (/\.ts$/.test(file)) candidates.push(inRepository(`dist/${folder}`, name));
  if (candidates.some((path) => path !== undefined && existsSync(join(ROOT, path)))) return true;
  return !name.includes('/') && markdownNames.has(name);
}

interface Found {
  contract: number;
  readme: number;
  links: number;
  problems: string[];
}

/** The references in one file's text and what is wrong with them. */
function check(file: string, text: string): Found {
  const found: Found = { contract: 0, readme: 0, links: 0, problems: [] };
  const markdown = file.endsWith('.md');
  const lines = markdown ? proseLines(text) : text.split('\n').map((line, index) => ({ line, number: index + 1 }));
  for (const { line, number } of lines) {
    const at = `${file}:${number}`;
    const problem = (message: string) => found.problems.push(`${at}: ${message}`);

    for (const match of line.matchAll(new RegExp(`docs/contract\\.md §${SECTION}`, 'g'))) {
      found.contract += 1;
      if (!sections.has(match[1] as string)) problem(`docs/contract.md has no §${match[1]}`);
    }
    for (const match of line.matchAll(/README: "([^"]+)"/g)) {
      found.readme += 1;
      if (!readmeHeadings.has(match[1] as string)) problem(`README.md has no heading "${match[1]}"`);
    }
    for (const match of line.matchAll(/(?<![\w/.-])([\w./-]*\.md): "([^"]+)"/g)) {
      found.readme += 1;
      const path = [inRepository('.', match[1] as string), inRepository(dirname(file), match[1] as string)].find(
        (candidate) => candidate !== undefined && existsSync(join(ROOT, candidate)),
      );
      if (path !== undefined && !headingsOf(readFileSync(join(ROOT, path), 'utf8')).includes(match[2] as string)) {
        problem(`${path} has no heading "${match[2]}"`);
      }
    }
    if (/\bREADME(?:\.md)?(?:,| section| §)? ?["“]/.test(line)) {
      problem('cite a README heading as README: "heading"');
    }

    for (const match of line.matchAll(/§/g)) {
      const before = line.slice(0, match.index);
      const after = line.slice(match.index);
      const own = file === CONTRACT_PATH ? new RegExp(`^§${SECTION}`).exec(after) : null;
      if (own) {
        found.contract += 1;
        if (!sections.has(own[1] as string)) problem(`docs/contract.md has no §${own[1]}`);
      } else if (
        !before.endsWith('docs/contract.md ') &&
        !/\bRFC \S+ $/.test(before) &&
        !(markdown && before.endsWith('[') && /^§[\d.]+\]\(/.test(after))
      ) {
        problem('a § reference reads docs/contract.md §n');
      }
    }

    if (/\bCONTRACT\b/.test(line)) problem('the contract is docs/contract.md, inside the repository');
    if (/\/work\/shared\b|\.\.\/shared\/(?!vendor\/)/.test(line)) {
      problem('names the folder beside the repository (only its vendor/ archives are used)');
    }
    // URLs name other sites' documents, and a Markdown link's target is checked below.
    const withoutUrls = line.replace(/\b[a-z][a-z+.-]*:\/\/\S+/gi, '').replace(/\]\([^)]*\)/g, ']');
    for (const match of withoutUrls.matchAll(/(?<![\w/.-])([\w./-]*[\w-]\.md)\b/g)) {
      if (!markdownExists(file, match[1] as string)) problem(`${match[1]} is not a file of the repository`);
    }

    if (!markdown) continue;
    for (const match of line.matchAll(/\[([^\]]*)\]\(([^)\s]+)\)/g)) {
      const [, label, target] = match as unknown as [string, string, string];
      if (/^[a-z][a-z+.-]*:/i.test(target)) continue;
      found.links += 1;
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const landing = path === '' ? file : inRepository(dirname(file), path);
      if (landing === undefined || !existsSync(join(ROOT, landing))) {
        problem(`${target} is not a file of the repository`);
        continue;
      }
      if (anchor === undefined || !landing.endsWith('.md')) continue;
      if (!anchorsIn(landing).has(anchor)) problem(`${landing} has no heading #${anchor}`);
      const cited = new RegExp(`^§${SECTION}$`).exec(label);
      if (cited && landing === CONTRACT_PATH && sections.get(cited[1] as string) !== anchor) {
        problem(`[${label}] lands on #${anchor}, not on §${cited[1]}`);
      }
    }
  }
  return found;
}

const files = SCANNED.flatMap(filesUnder).filter((file) => file !== SELF);
const results = files.map((file) => check(file, readFileSync(join(ROOT, file), 'utf8')));

t.test('docs/contract.md has numbered sections to cite', async (t) => {
  for (const number of ['2', '4.2', '5.3', '6', '7', '9.1', '10', '12.3', '14']) {
    t.ok(sections.has(number), `§${number}`);
  }
});

t.test('every reference resolves inside the repository', async (t) => {
  t.ok(files.length > 300, `${files.length} files scanned`);
  t.ok(files.includes('wp-plugin-stub/includes/class-iglr-authorize-link.php'), 'the plugin is scanned');
  const total = (key: 'contract' | 'readme' | 'links') => results.reduce((sum, found) => sum + found[key], 0);
  t.ok(total('contract') >= 30, `${total('contract')} citations of docs/contract.md sections`);
  t.ok(total('readme') >= 2, `${total('readme')} citations of README headings`);
  t.ok(total('links') >= 20, `${total('links')} Markdown links within the repository`);
  t.same(
    results.flatMap((found) => found.problems),
    [],
    'no reference is broken or leaves the repository',
  );
});

t.test('the check catches what it is for', async (t) => {
  const bad = [
    '// see docs/contract.md §99 and README: "No such heading" and docker/README.md: "Nowhere"',
    '/* README §4, README "How a sign-in works", README.md, "Configuration" */',
    '// the ' + 'CONTRACT' + ' v1, instagram-api.md §3, TOOLING.md',
    "const doc = '../shared/" + "ARCHITECTURE.md';",
  ].join('\n');
  const problems = check('src/example.ts', bad).problems;
  for (const expected of [
    'docs/contract.md has no §99',
    'README.md has no heading "No such heading"',
    'docker/README.md has no heading "Nowhere"',
    'cite a README heading as README: "heading"',
    'a § reference reads docs/contract.md §n',
    'the contract is docs/contract.md, inside the repository',
    'instagram-api.md is not a file of the repository',
    'TOOLING.md is not a file of the repository',
    'names the folder beside the repository (only its vendor/ archives are used)',
  ]) {
    t.ok(
      problems.some((line) => line.endsWith(expected)),
      expected,
      { problems },
    );
  }
  const links = check(
    'docs/example.md',
    '[§4](contract.md#5-callback-back-at-return_to), [guide](../README.md#nowhere), [x](../../outside.md)',
  ).problems;
  t.same(links, [
    'docs/example.md:1: [§4] lands on #5-callback-back-at-return_to, not on §4',
    'docs/example.md:1: README.md has no heading #nowhere',
    'docs/example.md:1: ../../outside.md is not a file of the repository',
  ]);
  const good = check(
    'src/example.ts',
    '// docs/contract.md §4.2, README: "Quick start", RFC 9110 §10.2.3, ../shared/vendor/, bench/RESULTS.md',
  );
  t.same(good.problems, [], 'the forms it accepts');
});
