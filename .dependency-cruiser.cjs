/**
 * Import rules for the server (issue 12), checked by src/server/architecture.test.ts on every
 * `npm test` and by hand with `npx depcruise src/server --validate`.
 *
 * A module is a folder under src/server/modules/. Modules depend on each other in one direction
 * only; where a lower module needs something from a higher one, it declares a narrow interface of
 * what it needs and src/server/services.ts (the one place that composes everything) injects the
 * implementation. A module's repository (its SQL) is its own: other modules reach its data through
 * its service or an interface injected in services.ts, never through the repository's file.
 *
 * Type-only imports count (tsPreCompilationDeps): a cycle made only of `import type` does no harm
 * at run time, but it still ties the two modules together, so that one cannot be read, tested or
 * changed without the other; the issue asks for no import cycle between modules at all.
 *
 * Cycles between modules are also checked one level up, module against module (a case file that
 * imports a media file while another media file imports a case file is a cycle of the two modules
 * even when no single file cycle exists). dependency-cruiser's folder scope cannot leave out the
 * composition roots (http/app.ts and services.ts import every module, and every module imports
 * http/errors.ts and the Services type), so that check is done by the test on the cruise result,
 * counting only imports from one module folder into another.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle among files under src/server (type-only imports included). Break it with a narrow interface ' +
        'in the lower module, implemented by the higher one and injected in src/server/services.ts.',
      from: { path: '^src/server/' },
      to: { circular: true },
    },
    {
      name: 'no-foreign-repository',
      severity: 'error',
      comment:
        "A module imports another module's repository. Ask the other module's service, or declare the narrow " +
        'interface this module needs and let src/server/services.ts inject the repository (or a service) behind it.',
      from: { path: '^src/server/modules/([^/]+)/' },
      to: { path: '^src/server/modules/[^/]+/[^/]*-repository\\.ts$', pathNot: '^src/server/modules/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests and their fixtures are leaves (nothing imports them) and may set up other modules' data.
    exclude: { path: '(\\.test\\.ts|/test-fixtures\\.ts)$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
