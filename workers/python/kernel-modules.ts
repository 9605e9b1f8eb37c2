import { PYTHON_MODULE_FILES, type PythonModule, type PythonModuleName } from './modules';

// The bundle's copy of every .py file here, as text.
const sources = import.meta.glob<string>('./*.py', { query: '?raw', import: 'default', eager: true });

/** Ripple's Python modules with the source the app ships, in import order. */
export function kernelModules(names?: readonly PythonModuleName[]): PythonModule[] {
  return PYTHON_MODULE_FILES.filter((m) => !names || names.includes(m.name)).map((m) => {
    const source = sources[`./${m.file}`];
    if (source === undefined) throw new Error(`The bundle has no ${m.file}`);
    return { name: m.name, source };
  });
}
