// The import graph of teichaku, held: `npm run lint:deps` (dependency-cruiser) fails on any rule
// below. Paths are relative to the repository root; npm packages are matched anywhere in their
// resolved path, since node_modules may be a link to a tree elsewhere.
//
// The layers (CONTRIBUTING.md "Where things live"):
//   functions/core      pure domain and its ports        imports core, zod, @holiday-jp only
//   functions/app       use cases over the ports          imports core, report, app
//   functions/adapters  I/O, one port each                imports core, app, adapters, SDKs
//   functions/handlers  Lambda shims                      entry points: nothing in functions imports them
//   functions/cli, sim  the command and the simulator     call app; cli is imported by nothing
//   functions/build     templates compiled at build time  imports core, build; never in a Lambda
//   functions/report    figures and pages                 pure, except its I/O edge (below)
//   infra               the CDK construct                 nothing in functions imports it
//   bench               measurements                      never imports tests

/** A package, wherever node_modules lives. */
const pkg = (names) => `(^|/)node_modules/(${names})/`;

/**
 * The report's I/O edge: the only files of functions/report that touch the outside. table-report
 * reads a table through the adapters, write-report writes the files, render-html reads the page's
 * assets (CSS, Chart.js). Everything else in the folder computes figures and pages from values.
 */
const REPORT_IO_EDGE = '^functions/report/(table-report|write-report|render-html)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-core-to-outer',
      comment:
        'The core is the pure domain: no SDK, no I/O, no other layer. It may import itself, zod (its schemas) and ' +
        '@holiday-jp/holiday_jp (a table of dates), nothing else, node built-ins included.',
      severity: 'error',
      from: { path: '^functions/core/' },
      to: { pathNot: [`^functions/core/`, pkg('zod|@holiday-jp/holiday_jp')] },
    },
    {
      name: 'no-app-to-adapters-or-handlers',
      comment:
        'A use case works over the ports the core declares; the adapters implement them and are handed in. ' +
        'Importing an adapter or a handler would tie the use case to AWS or to Lambda.',
      severity: 'error',
      from: { path: '^functions/app/' },
      to: { path: '^functions/(adapters|handlers)/' },
    },
    {
      name: 'no-app-to-entry-points',
      comment: 'The cli, the simulator, the build, the construct, the bench and the tests call use cases, never the other way round.',
      severity: 'error',
      from: { path: '^functions/app/' },
      to: { path: '^(functions/(cli|sim|build)|infra|bench|test)/' },
    },
    {
      name: 'no-app-to-aws',
      comment: 'A use case knows the protocol (claim before send, save before enqueue) but no Lambda, SQS or SES types, and no SDK.',
      severity: 'error',
      from: { path: '^functions/app/' },
      to: { path: pkg('@aws-sdk/[^/]+|@aws-lambda-powertools/[^/]+|@types/aws-lambda|aws-cdk-lib|constructs') },
    },
    {
      name: 'adapters-only-core-and-app',
      comment:
        'An adapter does I/O for one port: it may import the core (ports, failures, schemas), the use cases (their ports) ' +
        'and other adapters, and any npm package; never a handler, the cli, the simulator, the build, the report, the construct or a test.',
      severity: 'error',
      from: { path: '^functions/adapters/' },
      to: { path: '^(functions|infra|bench|test|scripts|templates)/', pathNot: '^functions/(core|app|adapters)/' },
    },
    {
      name: 'handlers-not-imported-by-core-or-app',
      comment: 'A handler is the outermost shim of one Lambda; the domain and the use cases never know they run in one.',
      severity: 'error',
      from: { path: '^functions/(core|app)/' },
      to: { path: '^functions/handlers/' },
    },
    {
      name: 'cli-and-sim-call-app-not-handlers',
      comment:
        'The command and the simulator run the same use cases the Lambdas run, through functions/app; a handler is a ' +
        'Lambda shim (SQS batches, Lambda responses) that only Lambda calls.',
      severity: 'error',
      // One edge is left, and named: the replay still feeds its sample complaints to the engagement
      // handler as SES events (the record-engagement use case takes parsed events; the SES event
      // format is the handler's). It goes when the replay hands the use case parsed events.
      from: { path: '^functions/(cli|sim)/', pathNot: '^functions/sim/replay-deliverability[.]ts$' },
      to: { path: '^functions/handlers/' },
    },
    {
      name: 'cli-imported-by-nothing',
      comment: 'The cli is the outermost layer (bin/teichaku.js runs it): what another layer needs from it belongs further in (local services: functions/adapters/local).',
      severity: 'error',
      from: { path: '^(functions|infra)/', pathNot: '^functions/cli/' },
      to: { path: '^functions/cli/' },
    },
    {
      name: 'sim-imported-by-cli-only',
      comment: 'The simulator is run by `teichaku simulate` (and measured by the bench); nothing the Lambdas or the construct load may need it.',
      severity: 'error',
      from: { path: '^(functions|infra)/', pathNot: '^functions/(cli|sim)/' },
      to: { path: '^functions/sim/' },
    },
    {
      name: 'build-only-core',
      comment: 'The build compiles templates/ (MJML, YAML) into content.json, checked against the core’s schemas; it needs nothing else of ours.',
      severity: 'error',
      from: { path: '^functions/build/' },
      to: { path: '^(functions|infra|bench|test|scripts)/', pathNot: '^functions/(core|build)/' },
    },
    {
      name: 'no-build-at-run-time',
      comment:
        'MJML is compiled once, at build time (DESIGN "Sending"); bundled into a Lambda it weighs 3 MB. Only the cli, ' +
        'the simulator, the construct (synth builds the content) and the bench may load the build.',
      severity: 'error',
      from: { path: '^functions/(core|app|adapters|handlers|report)/' },
      to: { path: '^functions/build/' },
    },
    {
      name: 'report-pure-except-io-edge',
      comment:
        'Figures and pages are computed from values: outside the I/O edge (REPORT_IO_EDGE above) a report file imports ' +
        'only the core, the report and zod; no node built-in, no SDK, no adapter.',
      severity: 'error',
      from: { path: '^functions/report/', pathNot: REPORT_IO_EDGE },
      to: { pathNot: ['^functions/(core|report)/', pkg('zod')] },
    },
    {
      name: 'report-not-to-outer',
      comment: 'The report is used by the report use case, the cli and the simulator; it calls none of them.',
      severity: 'error',
      from: { path: '^functions/report/' },
      to: { path: '^(functions/(app|handlers|cli|sim|build)|infra|bench|test)/' },
    },
    {
      name: 'no-functions-to-infra',
      comment: 'The construct deploys the functions; the functions never load CDK code.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: `^infra/|${pkg('aws-cdk-lib|constructs|cdk-nag')}` },
    },
    {
      name: 'bench-never-imports-tests',
      comment: 'The bench measures the shipped code; a builder it needs lives beside it or in functions/, not in test/.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-shipped-code-to-tests',
      comment: 'Nothing that is packaged or deployed may load a test file.',
      severity: 'error',
      from: { path: '^(functions|infra)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-file-cycles',
      comment: 'A cycle makes two modules one: neither can be understood, tested or moved alone, and ES module init order becomes fragile.',
      severity: 'error',
      from: {},
      // Only imports that exist at run time: a type-only import (`import type`) is erased by the
      // compiler and creates no module edge, so a state type naming a program type is not a cycle.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to no file fails at run time (or in the bundle); a typo or a file that moved.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a port is a type, and a use case importing an adapter's type is still tied to it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
