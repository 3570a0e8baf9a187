import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Module specifiers of `import … from`, `export … from`, `require(…)` and `import(…)`. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return specifiers;
}

describe('import surface of the AWS side', () => {
  const files = sourceFiles(SRC);

  test('finds the source files', () => {
    expect(files.map((f) => path.relative(SRC, f))).toContain(path.join('aws', 'aws-stack.ts'));
  });

  test('@cdktf/provider-aws is only imported deeply (the root costs ~1.4 s and ~490 MiB)', () => {
    const offenders = files.flatMap((f) => importsOf(f)
      .filter((s) => s === '@cdktf/provider-aws' || s === '@cdktf/provider-aws/lib' || s === '@cdktf/provider-aws/lib/index')
      .map((s) => `${path.relative(SRC, f)} imports '${s}'`));
    expect(offenders).toEqual([]);
  });

  test('the provider is used only under src/aws, and cdktf only through src/aws/cdktf.ts (a rename to cdktn is one file)', () => {
    const offenders = files.flatMap((f) => {
      const rel = path.relative(SRC, f).split(path.sep).join('/');
      return importsOf(f).filter((s) =>
        (s.startsWith('@cdktf/') && !rel.startsWith('aws/')) || ((s === 'cdktf' || s.startsWith('cdktf/')) && rel !== 'aws/cdktf.ts'),
      ).map((s) => `${rel} imports '${s}'`);
    });
    expect(offenders).toEqual([]);
  });

  test('the import scan sees the imports it guards', () => {
    expect(importsOf(path.join(SRC, 'aws/aws-stack.ts'))).toContain('@cdktf/provider-aws/lib/iam-role');
    expect(importsOf(path.join(SRC, 'aws/cdktf.ts'))).toEqual(['cdktf', 'constructs', 'cdktf', 'cdktf/package.json']);
  });
});
