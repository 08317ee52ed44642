// Every regex literal in the code that reads user text must match in linear time: a regex that
// backtracks super-linearly let a 300 KB agenda preview hold the server for minutes. recheck
// (https://makenowjust-labs.github.io/recheck/) proves each one safe or gives an attack string.
import fs from "node:fs";
import path from "node:path";
import { check } from "recheck";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const dirs = ["app/domain", "app/schemas"];
const files = [...dirs.flatMap((dir) => fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => path.join(dir, f))), "server/page-cache.ts"];

interface Literal {
  where: string;
  source: string;
  flags: string;
}

function regexLiterals(file: string): Literal[] {
  const sourceFile = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: Literal[] = [];
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = node.getText(sourceFile);
      const slash = text.lastIndexOf("/");
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
      found.push({ where: `${file}:${line}`, source: text.slice(1, slash), flags: text.slice(slash + 1) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

const literals = files.flatMap(regexLiterals);

describe("regular expressions that see user text", () => {
  it("are all found", () => {
    expect(literals.length).toBeGreaterThan(40);
    // A RegExp built from a string would escape this check.
    for (const file of files) expect(fs.readFileSync(file, "utf8"), file).not.toMatch(/new RegExp\(/);
  });

  it("all match in linear time (recheck)", async () => {
    const results = await Promise.all(
      literals.map(async ({ where, source, flags }) => {
        const diagnostics = await check(source, flags, { randomSeed: 1 });
        const detail = diagnostics.status === "vulnerable" ? `${diagnostics.complexity.summary}, e.g. ${diagnostics.attack.pattern}` : diagnostics.status === "unknown" ? diagnostics.error.kind : "";
        return `${where} /${source}/${flags} ${diagnostics.status} ${detail}`.trim();
      }),
    );
    expect(results.filter((r) => !/ safe$/.test(r))).toEqual([]);
  }, 120_000);
});
