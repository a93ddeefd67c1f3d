// Type-checks one generated tsconfig with the compiler API. Source files are shared between
// programs, so Node's and the packages' declarations are parsed once per run.
import ts from 'typescript';

export interface Finding {
  /** Absolute path, or null for a diagnostic about the whole program. */
  file: string | null;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  code: number;
  message: string;
}

const sourceFiles = new Map<string, ts.SourceFile | undefined>();

export function typecheckConfig(configPath: string): Finding[] {
  const configErrors: ts.Diagnostic[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => configErrors.push(diagnostic),
    },
  );
  if (!parsed) return configErrors.map(toFinding);

  const host = ts.createCompilerHost(parsed.options);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const version =
      typeof languageVersion === 'object'
        ? `${languageVersion.languageVersion}:${languageVersion.impliedNodeFormat}`
        : String(languageVersion);
    const key = `${fileName}|${version}`;
    if (!sourceFiles.has(key)) {
      sourceFiles.set(key, readSourceFile(fileName, languageVersion, onError, shouldCreate));
    }
    return sourceFiles.get(key);
  };

  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    host,
    configFileParsingDiagnostics: parsed.errors,
  });
  return [...configErrors, ...ts.getPreEmitDiagnostics(program)].map(toFinding);
}

function toFinding(diagnostic: ts.Diagnostic): Finding {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) {
    return { file: null, line: 0, column: 0, code: diagnostic.code, message };
  }
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return {
    file: diagnostic.file.fileName,
    line: line + 1,
    column: character + 1,
    code: diagnostic.code,
    message,
  };
}
