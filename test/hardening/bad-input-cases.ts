/**
 * The bad-input table: every case is one input a user (or a page holding the token) can give, and
 * the one line it must answer with. `bad-input-table.test.ts` runs each against the real CLI (in
 * process) or the real API handlers, on one database holding a finished run, and checks that the
 * answer is exactly one line matching `expect` and that the database is byte-identical afterwards.
 *
 * Case builders get a `Workspace` (the temp folder with a tiny model, sample data and a stored run)
 * so the list stays declarative.
 */
/** A spec patched field by field, with deliberately wrong types: untyped on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases assign values of any type to any field
export type LooseSpec = Record<string, any>;

export interface Workspace {
  dir: string;
  /** A folder the API may read (`--data-dir`). */
  data: string;
  db: string;
  runId: string;
  model: string;
  /** Writes a file under `data` and returns its path. */
  file(name: string, content: string | Buffer): string;
  /** Writes an experiment file (JSON) built from the valid base spec, patched; returns its path. */
  spec(name: string, patch: (spec: LooseSpec) => void): string;
  /** The valid base spec as an object, patched (for the API). */
  specObject(patch: (spec: LooseSpec) => void): Record<string, unknown>;
  /** A copy of the stored database with a schema version from a newer Promptscope. */
  newerDb: string;
  /** A copy of the tiny model folder (its ONNX file a symbolic link), changed by `change(dir)`; returns the folder. */
  modelCopy(name: string, change: (dir: string) => void): string;
}

export type BadInputCase =
  | { name: string; kind: 'cli'; argv: (w: Workspace) => string[]; env?: (w: Workspace) => Record<string, string>; expect: RegExp }
  | { name: string; kind: 'api'; channel: string; args: (w: Workspace) => unknown; expect: RegExp };

type Patch = (s: LooseSpec) => void;

/** Experiment-file fields with a wrong value: [case, patch, expected field in the message]. */
const fieldCases: [string, Patch, string][] = [
  ['name empty', (s) => (s.name = ''), 'name'],
  ['name a number', (s) => (s.name = 5), 'name'],
  ['model empty', (s) => (s.model = ''), 'model'],
  ['model a number', (s) => (s.model = 7), 'model'],
  ['data a string', (s) => (s.data = 'x'), 'data'],
  ['data.train missing', (s) => delete s.data.train, 'data.train'],
  ['data.test missing', (s) => delete s.data.test, 'data.test'],
  ['data.train.path empty', (s) => (s.data.train.path = ''), 'data.train.path'],
  ['data.test.format unknown', (s) => (s.data.test.format = 'xml'), 'data.test.format'],
  ['data.train.format missing', (s) => delete s.data.train.format, 'data.train.format'],
  ['data.test.sample zero', (s) => (s.data.test.sample = 0), 'data.test.sample'],
  ['data.test.sample negative', (s) => (s.data.test.sample = -3), 'data.test.sample'],
  ['data.test.sample fractional', (s) => (s.data.test.sample = 2.5), 'data.test.sample'],
  ['data.test.sample a string', (s) => (s.data.test.sample = 'many'), 'data.test.sample'],
  ['data.test.seed negative', (s) => (s.data.test.seed = -1), 'data.test.seed'],
  ['data.train.columns unknown key', (s) => (s.data.train.columns = { txt: 'a' }), 'unknown field data.train.columns.txt'],
  ['data.train unknown field', (s) => (s.data.train.sampel = 3), 'unknown field data.train.sampel'],
  ['task missing', (s) => delete s.task, 'task'],
  ['task.template missing', (s) => delete s.task.template, 'task.template'],
  ['task.template empty', (s) => (s.task.template = ''), 'task.template'],
  ['task.template a number', (s) => (s.task.template = 3), 'task.template'],
  ['task.labels one class', (s) => (s.task.labels = { '0': ['Negative'] }), 'task.labels'],
  ['task.labels empty word list', (s) => (s.task.labels['1'] = []), 'task.labels.1'],
  ['task.labels empty word', (s) => (s.task.labels['1'] = ['']), 'task.labels.1.0'],
  ['task.separator a number', (s) => (s.task.separator = 2), 'task.separator'],
  ['task.instruction a list', (s) => (s.task.instruction = ['x']), 'task.instruction'],
  ['task unknown field', (s) => (s.task.templates = 'x'), 'unknown field task.templates'],
  ['shots negative', (s) => (s.shots = -1), 'shots'],
  ['shots fractional', (s) => (s.shots = 1.5), 'shots'],
  ['shots a string', (s) => (s.shots = 'four'), 'shots'],
  ['shots missing', (s) => delete s.shots, 'shots'],
  ['shots and shotsPerClass disagree', (s) => (s.shotsPerClass = 2), 'shots'],
  ['shotsPerClass zero', (s) => ((s.shotsPerClass = 0), delete s.shots), 'shotsPerClass'],
  ['seeds empty', (s) => (s.seeds = []), 'seeds'],
  ['seeds a number', (s) => (s.seeds = 0), 'seeds'],
  ['seeds negative', (s) => (s.seeds = [-1]), 'seeds.0'],
  ['seeds fractional', (s) => (s.seeds = [0.5]), 'seeds.0'],
  ['seeds repeated', (s) => (s.seeds = [1, 1]), 'seeds'],
  ['sampling unknown', (s) => (s.sampling = 'stratified'), 'sampling'],
  ['orders unknown word', (s) => (s.orders = 'some'), 'orders'],
  ['orders sample zero', (s) => (s.orders = { sample: 0 }), 'orders.sample'],
  ['orders sample a string', (s) => (s.orders = { sample: 'x' }), 'orders'],
  ['orders unknown field', (s) => (s.orders = { sample: 2, seeds: 1 }), 'unknown field orders.seeds'],
  ['orders all with 9 shots', (s) => ((s.orders = 'all'), (s.shots = 9)), 'orders'],
  ['calibration unknown method', (s) => (s.calibration = ['none', 'platt']), 'calibration.1'],
  ['calibration empty', (s) => (s.calibration = []), 'calibration'],
  ['calibration a string', (s) => (s.calibration = 'none'), 'calibration'],
  ['contentFree empty', (s) => (s.contentFree = []), 'contentFree'],
  ['contentFree numbers', (s) => (s.contentFree = [1]), 'contentFree.0'],
  ['domain.count zero', (s) => (s.domain = { count: 0 }), 'domain.count'],
  ['labelMode unknown', (s) => (s.labelMode = 'any-token'), 'labelMode'],
  ['contextPolicy unknown', (s) => (s.contextPolicy = 'truncate'), 'contextPolicy'],
  ['batchSize zero', (s) => (s.batchSize = 0), 'batchSize'],
  ['batchSize too large', (s) => (s.batchSize = 5000), 'batchSize'],
  ['shots list repeated', (s) => (s.shots = [1, 1]), 'shots'],
  ['templates empty', (s) => ((s.templates = []), delete s.task.template), 'templates'],
  ['templates and task.template', (s) => (s.templates = ['{{input}} {{label}}']), 'templates'],
  ['templates repeated', (s) => ((s.templates = ['{{input}} {{label}}', '{{input}} {{label}}']), delete s.task.template), 'templates'],
  ['templates a string', (s) => ((s.templates = '{{input}} {{label}}'), delete s.task.template), 'templates'],
  ['labelWords missing a class', (s) => (s.labelWords = [{ '0': ['Negative'] }]), 'labelWords.0'],
  ['labelWords an unknown class', (s) => (s.labelWords = [{ '0': ['a'], '1': ['b'], '7': ['c'] }]), 'labelWords.0'],
  ['labelWords a mapping', (s) => (s.labelWords = { '0': ['a'], '1': ['b'] }), 'labelWords'],
  ['labelWords empty word', (s) => (s.labelWords = [{ '0': [''], '1': ['b'] }]), 'labelWords.0.0.0'],
  ['labelCorruption above 1', (s) => ((s.labelCorruption = [0, 1.5]), (s.corruption = 'flip')), 'labelCorruption.1'],
  ['labelCorruption without corruption', (s) => (s.labelCorruption = [0, 0.5]), 'corruption'],
  ['corruption unknown', (s) => ((s.labelCorruption = [0.5]), (s.corruption = 'swap')), 'corruption'],
  ['corruption without labelCorruption', (s) => (s.corruption = 'flip'), 'corruption'],
  ['generated probing with design axes', (s) => ((s.templates = ['Review: {{input}}\nSentiment: {{label}}', 'Text: {{input}}\nAnswer: {{label}}']), delete s.task.template, (s.probing = { source: 'generated' })), 'probing.source'],
  ['formats and templates', (s) => ((s.formats = { sample: 2 }), (s.templates = ['a {{input}} {{label}}']), delete s.task.template), 'formats'],
  ['formats of a template outside the grammar', (s) => ((s.formats = { sample: 2 }), (s.task.template = '{{input}} All in all, it was {{label}}')), 'formats'],
  ['formats sample over the grammar', (s) => ((s.formats = { sample: 5000 }), (s.task.template = 'Review: {{input}}\nSentiment: {{label}}')), 'formats.sample'],
  ['formats join not whitespace', (s) => (s.formats = { sample: 2, grammar: { joins: ['x'] } }), 'formats.grammar.joins.0'],
  ['formats casing unknown', (s) => (s.formats = { sample: 2, grammar: { casing: ['camel'] } }), 'formats.grammar.casing.0'],
  ['budget zero', (s) => (s.budget = 0), 'budget'],
  ['budget unknown field', (s) => (s.budget = { conditions: 1, seeds: 2 }), 'unknown field budget.seeds'],
  ['budget over the design', (s) => ((s.seeds = [0]), (s.orders = 'first'), (s.budget = 5)), 'budget.conditions'],
  ['unknown top-level field (typo)', (s) => (s.seed = [0]), 'unknown field seed'],
  ['two unknown fields', (s) => ((s.shot = 1), (s.order = 'all')), 'unknown field'],
];

/** Data files with a problem: [file name, format, content, expected message after the name]. */
const dataCases: [string, string, string | Buffer, string][] = [
  ['empty.sst2', 'sst2', '', 'file is empty'],
  ['blank.sst2', 'sst2', '\n\n\n', 'file is empty'],
  ['nospace.sst2', 'sst2', '1 fine\nnolabelhere\n', ':2: expected "<label> <text>"'],
  ['notext.sst2', 'sst2', '1 fine\n0 \n', ':2: empty text after the label'],
  ['label.sst2', 'sst2', '1 fine\n7 odd\n', ":2: the label is not one of the experiment's labels"],
  ['latin1.sst2', 'sst2', Buffer.concat([Buffer.from('1 fine\n0 caf'), Buffer.from([0xe9]), Buffer.from('\n')]), ':2: invalid UTF-8'],
  ['utf16.sst2', 'sst2', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('1 fine\n', 'utf16le')]), 'file is UTF-16 encoded; save it as UTF-8'],
  ['header-only.csv', 'csv', 'text,label\n', 'no examples'],
  ['nocolumn.csv', 'csv', 'sentence,label\nfine,1\n', ':1: no column "text"'],
  ['ragged.csv', 'csv', 'text,label\nfine,1\nbad,0,extra\n', ':3: '],
  ['quote.csv', 'csv', 'text,label\n"unclosed,1\n', ':2: quote not closed'],
  ['emptytext.csv', 'csv', 'text,label\n,1\n', ':2: empty "text" column'],
  ['emptylabel.csv', 'csv', 'text,label\nfine,\n', ':2: empty "label" column'],
  ['nocolumn.tsv', 'tsv', 'sentence\tlabel\nfine\t1\n', ':1: no column "text"'],
  ['ragged.tsv', 'tsv', 'text\tlabel\nfine\t1\tx\n', ':2: '],
  ['badjson.jsonl', 'jsonl', '{"text":"fine","label":"1"}\n{"text":\n', ':2: invalid JSON'],
  ['array.jsonl', 'jsonl', '[1,2]\n', ':1: expected a JSON object per line'],
  ['nolabel.jsonl', 'jsonl', '{"text":"fine"}\n', ':1: missing field "label"'],
  ['notext.jsonl', 'jsonl', '{"label":"1"}\n', ':1: missing field "text"'],
  ['emptytext.jsonl', 'jsonl', '{"text":"  ","label":"1"}\n', ':1: empty "text" field'],
  ['badlabel.jsonl', 'jsonl', '{"text":"fine","label":"9"}\n', ":1: the label is not one of"],
];

/** A whole experiment file that does not parse: [file name, content, expected message]. */
const syntaxCases: [string, string, RegExp][] = [
  ['unclosed.yaml', 'name: x\ntask: [unclosed\n', /unclosed\.yaml:\d+: /],
  ['tabs.yaml', 'name: x\n\tshots: 1\n', /tabs\.yaml:\d+: /],
  ['duplicate.yaml', 'name: x\nname: y\n', /duplicate\.yaml:\d+: .*[Uu]nique/],
  ['trailing-comma.json', '{"name": "x",}', /trailing-comma\.json: /],
  ['list.yaml', '- name: x\n', /list\.yaml: expected a mapping of fields/],
  ['scalar.yaml', 'just words\n', /scalar\.yaml: expected a mapping of fields/],
  ['empty.yaml', '', /empty\.yaml: expected a mapping of fields/],
];

/** Model folders with a problem, for `models.add`: [case, change, expected message]. */
const modelCases: [string, (dir: string, fs: typeof import('node:fs'), path: typeof import('node:path')) => void, RegExp][] = [
  ['no config.json', (d, fs, p) => fs.rmSync(p.join(d, 'config.json')), /has no config\.json/],
  ['config.json not JSON', (d, fs, p) => fs.writeFileSync(p.join(d, 'config.json'), '{oops'), /config\.json is not valid JSON/],
  ['config.json a list', (d, fs, p) => fs.writeFileSync(p.join(d, 'config.json'), '[1]'), /config\.json: expected a JSON object/],
  ...(['n_layer', 'n_head', 'n_embd', 'n_positions', 'vocab_size'] as const).flatMap((key) =>
    ([['a string', '"12"'], ['zero', '0'], ['negative', '-4'], ['fractional', '2.5'], ['huge', '1e12']] as const).map(
      ([what, value]) =>
        [`config.json ${key} ${what}`, (d: string, fs: typeof import('node:fs'), p: typeof import('node:path')) => patchJson(fs, p.join(d, 'config.json'), key, JSON.parse(value)), new RegExp(`config\\.json: ${key} is `)] as [
          string,
          (dir: string, fs: typeof import('node:fs'), path: typeof import('node:path')) => void,
          RegExp,
        ],
    ),
  ),
  ['config.json without n_layer', (d, fs, p) => patchJson(fs, p.join(d, 'config.json'), 'n_layer', undefined), /config\.json lacks n_layer/],
  ['config.json hidden not divisible by heads', (d, fs, p) => patchJson(fs, p.join(d, 'config.json'), 'n_head', 3), /not a multiple of the 3 heads/],
  ['config.json layers disagree with the graph', (d, fs, p) => patchJson(fs, p.join(d, 'config.json'), 'n_layer', 3), /config\.json says layers 3 but .*model\.onnx has 2/],
  ['config.json heads disagree with the graph', (d, fs, p) => patchJson(fs, p.join(d, 'config.json'), 'n_head', 8), /config\.json says (heads 8|key\/value heads 8|head size \d+) but /],
  ['no tokenizer.json', (d, fs, p) => fs.rmSync(p.join(d, 'tokenizer.json')), /has no tokenizer\.json/],
  ['tokenizer.json not JSON', (d, fs, p) => fs.writeFileSync(p.join(d, 'tokenizer.json'), 'nope'), /tokenizer\.json is not valid JSON/],
  ['tokenizer.json without model', (d, fs, p) => patchJson(fs, p.join(d, 'tokenizer.json'), 'model', undefined), /tokenizer\.json: no "model" object/],
  ['tokenizer.json model without vocab', (d, fs, p) => patchNested(fs, p.join(d, 'tokenizer.json'), (j) => delete j.model.vocab), /tokenizer\.json: model\.vocab is missing/],
  ['tokenizer.json vocab ids not numbers', (d, fs, p) => patchNested(fs, p.join(d, 'tokenizer.json'), (j) => (j.model.vocab = { a: 'x' })), /tokenizer\.json: model\.vocab has an entry/],
  ['tokenizer.json empty vocab', (d, fs, p) => patchNested(fs, p.join(d, 'tokenizer.json'), (j) => (j.model.vocab = {})), /tokenizer\.json: model\.vocab is empty/],
  ['tokenizer.json added token without id', (d, fs, p) => patchNested(fs, p.join(d, 'tokenizer.json'), (j) => (j.added_tokens = [{ content: 'x' }])), /tokenizer\.json: added_tokens/],
  ['tokenizer.json merges not a list', (d, fs, p) => patchNested(fs, p.join(d, 'tokenizer.json'), (j) => (j.model.merges = 5)), /tokenizer\.json/],
  ['no onnx file', (d, fs, p) => fs.rmSync(p.join(d, 'onnx'), { recursive: true }), /has no onnx\/model\.onnx/],
  ['truncated onnx', (d, fs, p) => replaceFile(fs, p.join(d, 'onnx', 'model.onnx'), 'x'), /model\.onnx is 1 bytes: truncated/],
  ['corrupt onnx', (d, fs, p) => replaceFile(fs, p.join(d, 'onnx', 'model.onnx'), Buffer.alloc(4096, 7)), /model\.onnx/],
  ['half an onnx', (d, fs, p) => truncateHalf(fs, p.join(d, 'onnx', 'model.onnx')), /model\.onnx/],
];

function patchJson(fs: typeof import('node:fs'), file: string, key: string, value: unknown): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (value === undefined) delete json[key];
  else json[key] = value;
  fs.writeFileSync(file, JSON.stringify(json));
}

function patchNested(fs: typeof import('node:fs'), file: string, change: (json: LooseSpec) => void): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(json);
  fs.writeFileSync(file, JSON.stringify(json));
}

/** Writes a new file where a symbolic link to the shared model was (never through it). */
function replaceFile(fs: typeof import('node:fs'), file: string, content: string | Buffer): void {
  fs.rmSync(file);
  fs.writeFileSync(file, content);
}

function truncateHalf(fs: typeof import('node:fs'), file: string): void {
  const bytes = fs.readFileSync(file);
  replaceFile(fs, file, bytes.subarray(0, Math.floor(bytes.length / 2)));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function badInputCases(fsModule: typeof import('node:fs'), pathModule: typeof import('node:path')): BadInputCase[] {
  const cases: BadInputCase[] = [];
  // 1. Experiment-file fields, through `promptscope run FILE`, and the same specs through studies.validate.
  for (const [name, patch, field] of fieldCases) {
    const stem = name.replace(/[^a-z0-9]+/gi, '-');
    const where = field.startsWith('unknown field') ? escape(field) : `${escape(field)}: `;
    cases.push({ name: `run: ${name}`, kind: 'cli', argv: (w) => ['run', w.spec(stem, patch)], expect: new RegExp(`^promptscope: ${escape(stem)}\\.json: ${where}`) });
    // The API validates the spec at its boundary (the argument is args.spec), then the runner checks the rest (study: ...).
    const unknown = field.startsWith('unknown field') ? escape(field.slice('unknown field'.length).trimStart()) : null;
    const apiWhere = unknown !== null ? `(?:study: unknown field |studies\\.validate: unknown field args\\.spec\\.)${unknown}` : `(?:study: |studies\\.validate: args\\.spec\\.)${where}`;
    cases.push({ name: `studies.validate: ${name}`, kind: 'api', channel: 'studies.validate', args: (w) => ({ spec: w.specObject(patch) }), expect: new RegExp(`^${apiWhere}`) });
  }
  // 2. Data files, as the test file and as the training file of a study, and imported through the API.
  for (const [file, format, content, message] of dataCases) {
    for (const role of ['test', 'train'] as const) {
      const stem = `${role}-${file}`;
      cases.push({
        name: `run: ${role} data ${file}`,
        kind: 'cli',
        argv: (w) => {
          const data = w.file(stem, content);
          return ['run', w.spec(`data-${stem}`, (s) => Object.assign(s.data[role], { path: data, format, ...(role === 'test' ? { sample: undefined } : {}) }))];
        },
        expect: new RegExp(`^promptscope: .*${escape(stem)}${message.startsWith(':') ? '' : ': '}${escape(message)}`),
      });
    }
    cases.push({
      name: `datasets.import: ${file}`,
      kind: 'api',
      channel: 'datasets.import',
      args: (w) => ({ path: w.file(`api-${file}`, content), format }),
      expect: new RegExp(`api-${escape(file)}${message.startsWith(':') ? '' : ': '}${escape(message).replace(/the label is not one of.*/, '')}`),
    });
  }
  // The label checks need the experiment's labels, which a bare import does not have.
  for (const c of cases) if (c.kind === 'api' && /label\.sst2|badlabel\.jsonl/.test(c.name)) c.expect = /^$/;
  // 3. Experiment files that do not parse.
  for (const [file, content, expect] of syntaxCases) {
    cases.push({ name: `run: ${file}`, kind: 'cli', argv: (w) => ['run', w.file(file, content)], expect: new RegExp(`^promptscope: ${expect.source}`) });
  }
  // 4. Plan-level problems that need the file's data (no engine).
  cases.push(
    { name: 'run: test sample larger than the file', kind: 'cli', argv: (w) => ['run', w.spec('bigsample', (s) => (s.data.test.sample = 5000))], expect: /^promptscope: bigsample\.json: data\.test\.sample: 5000 exceeds the \d+ examples of / },
    { name: 'run: template without {{label}}', kind: 'cli', argv: (w) => ['run', w.spec('nolabel', (s) => (s.task.template = 'Review: {{input}}'))], expect: /^promptscope: nolabel\.json: task\.template: .*\{\{label\}\}/ },
    { name: 'run: template field the data lacks', kind: 'cli', argv: (w) => ['run', w.spec('premise', (s) => (s.task.template = '{{premise}} {{label}}'))], expect: /^promptscope: premise\.json: task\.template: .*\{\{premise\}\}/ },
    { name: 'run: template with an unclosed placeholder', kind: 'cli', argv: (w) => ['run', w.spec('unclosed-tpl', (s) => (s.task.template = '{{input {{label}}'))], expect: /^promptscope: unclosed-tpl\.json: task\.template: / },
    { name: 'run: data path is a folder', kind: 'cli', argv: (w) => ['run', w.spec('folder-data', (s) => (s.data.test.path = w.data))], expect: /: is a folder, not a file$/ },
    { name: 'run: data file missing', kind: 'cli', argv: (w) => ['run', w.spec('missing-data', (s) => (s.data.train.path = 'nope.sst2'))], expect: /nope\.sst2: file not found$/ },
    { name: 'run: experiment file missing', kind: 'cli', argv: () => ['run', 'no/such/study.yaml'], expect: /^promptscope: .*study\.yaml: file not found$/ },
    { name: 'run: --db in a folder that cannot exist (no hang)', kind: 'cli', argv: (w) => ['run', w.spec('proc-db', () => {}), '--db', '/proc/nope/x.db'], expect: /^promptscope: \/proc\/nope\/x\.db: cannot create the folder \/proc\/nope \(/ },
    { name: 'run: experiment file is a folder', kind: 'cli', argv: (w) => ['run', w.data], expect: /: is a folder, not a file$/ },
  );
  // 5. Command-line flags and databases.
  cases.push(
    { name: 'run: no file and no --resume', kind: 'cli', argv: () => ['run'], expect: /^promptscope: run: give an experiment file or --resume RUN_ID/ },
    { name: 'run: file and --resume together', kind: 'cli', argv: (w) => ['run', 'x.yaml', '--resume', w.runId], expect: /^promptscope: run: give an experiment file or --resume RUN_ID \(not both\)$/ },
    { name: 'run: --force without --resume', kind: 'cli', argv: (w) => ['run', w.spec('force', () => {}), '--force'], expect: /^promptscope: run: --force goes with --resume RUN_ID$/ },
    { name: 'run: --resume of an unknown run', kind: 'cli', argv: () => ['run', '--resume', 'nope'], expect: /^promptscope: run nope: no such run in this database$/ },
    { name: 'run: --resume on a missing --db', kind: 'cli', argv: (w) => ['run', '--resume', w.runId, '--db', pathModule.join(w.dir, 'typo.db')], expect: /typo\.db: no database here \(check --db\)$/ },
    { name: 'run: --resume of a finished run on a corrupt file', kind: 'cli', argv: (w) => ['run', '--resume', w.runId, '--db', w.file('corrupt.db', Buffer.alloc(8192, 1))], expect: /corrupt\.db: file is not a database; if the file is damaged, recover what it holds with: sqlite3 ".*corrupt\.db" "\.recover"/ },
    { name: 'runs list: missing --db', kind: 'cli', argv: (w) => ['runs', 'list', '--db', pathModule.join(w.dir, 'typo.db')], expect: /typo\.db: no database here \(check --db\)$/ },
    { name: 'runs list: --db is a folder', kind: 'cli', argv: (w) => ['runs', 'list', '--db', w.data], expect: /: is a folder, not a database file$/ },
    { name: 'runs list: --db is not a database', kind: 'cli', argv: (w) => ['runs', 'list', '--db', w.file('text.db', 'hello, not sqlite, but long enough to be read as a header of a file\n'.repeat(20))], expect: /text\.db: file is not a database/ },
    { name: 'runs list: schema from a newer Promptscope', kind: 'cli', argv: (w) => ['runs', 'list', '--db', w.newerDb], expect: /newer\.db: written by a newer Promptscope \(schema version 999; this one knows up to \d+\)/ },
    { name: 'runs list: PROMPTSCOPE_HOME is a file', kind: 'cli', argv: () => ['runs', 'list'], env: (w) => ({ PROMPTSCOPE_HOME: w.file('home-file', 'x') }), expect: /^promptscope: PROMPTSCOPE_HOME=.*home-file: is a file, not a folder/ },
    { name: 'models list: PROMPTSCOPE_HOME is a file', kind: 'cli', argv: () => ['models', 'list'], env: (w) => ({ PROMPTSCOPE_HOME: w.file('home-file2', 'x') }), expect: /PROMPTSCOPE_HOME=.*home-file2: is a file, not a folder/ },
    { name: 'export: unknown run', kind: 'cli', argv: () => ['export', 'nope'], expect: /^promptscope: run nope: no such run in this database$/ },
    { name: 'export: unknown format', kind: 'cli', argv: (w) => ['export', w.runId, '--format', 'xml'], expect: /xml/ },
    { name: 'export: missing --db', kind: 'cli', argv: (w) => ['export', w.runId, '--db', pathModule.join(w.dir, 'typo2.db')], expect: /typo2\.db: no database here/ },
    { name: 'export: --out in a folder that cannot exist', kind: 'cli', argv: (w) => ['export', w.runId, '--out', '/proc/nope/run.jsonl'], expect: /\/proc\/nope/ },
    { name: 'serve: --port not a number', kind: 'cli', argv: () => ['serve', '--port', 'abc'], expect: /^promptscope: --port: expected a port number 0-65535, got "abc"$/ },
    { name: 'serve: --port too large', kind: 'cli', argv: () => ['serve', '--port', '70000'], expect: /^promptscope: --port: expected a port number/ },
    { name: 'serve: --token too short', kind: 'cli', argv: () => ['serve', '--token', 'short'], expect: /^promptscope: --token: use at least 16/ },
    { name: 'serve: PROMPTSCOPE_TOKEN too short', kind: 'cli', argv: () => ['serve'], env: () => ({ PROMPTSCOPE_TOKEN: 'a b' }), expect: /^promptscope: PROMPTSCOPE_TOKEN: use at least 16/ },
    { name: 'serve: --data-dir missing', kind: 'cli', argv: (w) => ['serve', '--data-dir', pathModule.join(w.dir, 'nope')], expect: /^promptscope: --data-dir .*nope: no such folder$/ },
    { name: 'serve: --data-dir is a file', kind: 'cli', argv: (w) => ['serve', '--data-dir', w.file('not-a-folder', 'x')], expect: /--data-dir .*not-a-folder: is a file, not a folder$/ },
    { name: 'models add: no such folder', kind: 'cli', argv: (w) => ['models', 'add', pathModule.join(w.dir, 'nomodel')], expect: /nomodel/ },
    { name: 'models synth: unknown architecture', kind: 'cli', argv: (w) => ['models', 'synth', '--arch', 'mamba', '--out', pathModule.join(w.dir, 'mamba')], expect: /^promptscope: unsupported --arch "mamba"/ },
    { name: 'models synth: --out not empty', kind: 'cli', argv: (w) => ['models', 'synth', '--arch', 'gpt2', '--out', w.data], expect: /exists and is not empty/ },
  );
  // 6. API arguments and files.
  cases.push(
    { name: 'api: unknown channel', kind: 'api', channel: 'shell.exec', args: () => ({}), expect: /shell\.exec/ },
    { name: 'api: datasets.rows limit 0', kind: 'api', channel: 'datasets.rows', args: () => ({ datasetId: 'd', limit: 0 }), expect: /^datasets\.rows: args\.limit: / },
    { name: 'api: datasets.rows unknown dataset', kind: 'api', channel: 'datasets.rows', args: () => ({ datasetId: 'nope' }), expect: /^dataset nope: not imported/ },
    { name: 'api: datasets.import path and text', kind: 'api', channel: 'datasets.import', args: () => ({ path: 'a', text: 'b', fileName: 'c', format: 'sst2' }), expect: /^datasets\.import: args\.path: give either path or text/ },
    { name: 'api: datasets.import text without fileName', kind: 'api', channel: 'datasets.import', args: () => ({ text: '1 a\n', format: 'sst2' }), expect: /fileName is required/ },
    { name: 'api: datasets.import a folder', kind: 'api', channel: 'datasets.import', args: (w) => ({ path: w.data, format: 'sst2' }), expect: /: is a folder, not a file$/ },
    { name: 'api: datasets.import a missing file', kind: 'api', channel: 'datasets.import', args: (w) => ({ path: pathModule.join(w.data, 'gone.sst2'), format: 'sst2' }), expect: /gone\.sst2: file not found$/ },
    { name: 'api: datasets.import outside the data folders', kind: 'api', channel: 'datasets.import', args: (w) => ({ path: w.file('../outside.sst2', '1 a\n'), format: 'sst2' }), expect: /outside\.sst2: outside the folders this session may read/ },
    { name: 'api: datasets.sample unknown dataset', kind: 'api', channel: 'datasets.sample', args: () => ({ datasetId: 'nope', shots: 2, seed: 0 }), expect: /^dataset nope: not imported/ },
    { name: 'api: runs.get unknown run', kind: 'api', channel: 'runs.get', args: () => ({ runId: 'nope' }), expect: /^run nope: no such run in this database$/ },
    { name: 'api: runs.export unknown format', kind: 'api', channel: 'runs.export', args: (w) => ({ runId: w.runId, format: 'xml' }), expect: /^runs\.export: args\.format: / },
    { name: 'api: runs.compare one run', kind: 'api', channel: 'runs.compare', args: (w) => ({ runIds: [w.runId] }), expect: /choose at least two runs/ },
    { name: 'api: studies.cancel unknown run', kind: 'api', channel: 'studies.cancel', args: () => ({ runId: 'nope' }), expect: /^run nope is not running in this session$/ },
    { name: 'api: models.add empty dir', kind: 'api', channel: 'models.add', args: () => ({ dir: ' ' }), expect: /^models\.add: args\.dir: a folder path is required$/ },
    { name: 'api: models.add a file', kind: 'api', channel: 'models.add', args: (w) => ({ dir: w.file('model-file', 'x') }), expect: /model-file: is a file, not a model folder$/ },
    { name: 'api: models.add outside the data folders', kind: 'api', channel: 'models.add', args: (w) => ({ dir: pathModule.join(w.dir, 'elsewhere') }), expect: /elsewhere: outside the folders this session may read/ },
    { name: 'api: models.info of an unknown name', kind: 'api', channel: 'models.info', args: () => ({ model: 'no-such-model' }), expect: /unknown model "no-such-model"/ },
  );
  // 7. Model folders registered through the API (a corrupt ONNX must not become "available").
  for (const [name, change, expect] of modelCases) {
    cases.push({ name: `models.add: ${name}`, kind: 'api', channel: 'models.add', args: (w) => ({ dir: w.modelCopy(name.replace(/[^a-z0-9]+/gi, '-'), (d) => change(d, fsModule, pathModule)) }), expect });
  }
  // 8. Study plans the engine must check (label tokens, context, demonstrations, orders), through the API.
  cases.push(
    { name: 'studies.validate: label word of two tokens', kind: 'api', channel: 'studies.validate', args: (w) => ({ spec: w.specObject((s) => (s.task.labels['1'] = ['Xylophonic'])) }), expect: /^task\.labels\.1: label word " Xylophonic" is \d+ tokens/ },
    { name: 'studies.validate: prompt over the context', kind: 'api', channel: 'studies.validate', args: (w) => ({ spec: w.specObject((s) => ((s.shots = 40), (s.task.instruction = 'word '.repeat(600)))) }), expect: /^contextPolicy: seed 0, order 0: the prompt for .* is \d+ tokens, over the model's context of 512/ },
    { name: 'studies.validate: more shots than training examples', kind: 'api', channel: 'studies.validate', args: (w) => ({ spec: w.specObject((s) => ((s.shots = 3), (s.data.train.path = w.file('two.sst2', '1 a\n0 b\n')))) }), expect: /^shots: shots \(3\) exceed the 2 examples/ },
    { name: 'studies.validate: orders sample larger than k!', kind: 'api', channel: 'studies.validate', args: (w) => ({ spec: w.specObject((s) => ((s.shots = 3), (s.orders = { sample: 1000000, seed: 0 }))) }), expect: /^orders\.sample: 1000000 exceeds the 6 orders of 3 demonstrations \(3!\)/ },
    { name: 'studies.validate: unknown model', kind: 'api', channel: 'studies.validate', args: (w) => ({ spec: w.specObject((s) => (s.model = 'no-such-model')) }), expect: /unknown model "no-such-model"/ },
    { name: 'studies.validate: model folder outside the data folders', kind: 'api', channel: 'studies.validate', args: (w) => ({ spec: w.specObject((s) => (s.model = pathModule.join(w.dir, 'hidden-model'))) }), expect: /hidden-model: outside the folders this session may read/ },
    { name: 'studies.validate: data outside the data folders', kind: 'api', channel: 'studies.validate', args: (w) => ({ spec: w.specObject((s) => (s.data.test.path = pathModule.join(w.dir, 'x.sst2'))) }), expect: /x\.sst2: outside the folders this session may read/ },
    { name: 'studies.validate: test sample larger than the file', kind: 'api', channel: 'studies.validate', args: (w) => ({ spec: w.specObject((s) => (s.data.test.sample = 100000)) }), expect: /^data\.test\.sample: 100000 exceeds the \d+ examples/ },
  );
  return cases.filter((c) => !(c.kind === 'api' && c.expect.source === '^$'));
}
